/**
 * Text that users control and that reaches a rule: comments (felix's `escapeComment`,
 * `felix/iptables/renderer.go`: anything outside `[\w @%+=:,./-]` becomes `_`, then the text is
 * cut to the backend's limit) and log prefixes.
 * @module
 */

const UNSAFE = /[^\w @%+=:,./-]/gu

/**
 * Replaces every character outside felix's safe set with `_` (one per code point) and cuts the
 * result to `max` characters.
 * @example
 * ```ts
 * sanitizeComment('a"b\n-j ACCEPT', 256) // 'a_b_-j ACCEPT'
 * ```
 * @since 0.2.0
 */
export const sanitizeComment = (text: string, max: number): string => text.replace(UNSAFE, '_').slice(0, max)

/**
 * iptables' LOG prefix limit (29 characters, including the `: ` felix appends).
 * @since 0.2.0
 */
export const IPTABLES_LOG_PREFIX_LIMIT = 29

/**
 * A log prefix as it appears in a rule: sanitised like a comment, and cut so that the prefix
 * plus felix's `": "` fits `limit`.
 * @example
 * ```ts
 * logPrefix('calico-packet', 29) // 'calico-packet'
 * ```
 * @since 0.2.0
 */
export const logPrefix = (text: string, limit: number): string => sanitizeComment(text, limit - 2)
