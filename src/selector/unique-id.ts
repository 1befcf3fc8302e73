/**
 * Calico's unique id for a selector, the name felix gives the selector's IP set.
 * @module
 */
import { sha224 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { Selector } from './ast.js'
import { print } from './print.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** RFC 4648 §5 base64url without padding (Go's `base64.RawURLEncoding`). */
const base64UrlNoPad = (bytes: Uint8Array): string => {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = (bytes[i] as number) << 16
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8)
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!
  }
  return out
}

/**
 * Calico's `MakeUniqueID(prefix, content)`: `prefix + ":" + base64url_nopad(SHA-224(prefix + ":" + content))`.
 * @example
 * ```ts
 * makeUniqueId('s', 'all()') // 's:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug'
 * ```
 * @since 0.1.0
 * @internal
 */
export const makeUniqueId = (prefix: string, content: string): string =>
  `${prefix}:${base64UrlNoPad(sha224(utf8ToBytes(`${prefix}:${content}`)))}`

const cache = new WeakMap<Selector, string>()

/**
 * The selector's unique id: `"s:"` followed by the unpadded base64url SHA-224 of
 * `"s:" + print(selector)` in UTF-8, exactly as felix names the selector's IP set (38 hash
 * characters). Different selectors get different ids: UTF-8 encoding is one-to-one on text, and
 * the only strings it is not one-to-one on (lone surrogates, which it would turn into U+FFFD as
 * Go's JSON decoder does before Calico sees a selector) are refused by `parse` and the builders.
 * @example
 * ```ts
 * pipe(Selector.parse('role == "admin"'), E.map(Selector.uniqueId))
 * // right('s:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ')
 * ```
 * @since 0.1.0
 */
export const uniqueId = (selector: Selector): string => {
  let id = cache.get(selector)
  if (id === undefined) {
    id = makeUniqueId('s', print(selector))
    cache.set(selector, id)
  }
  return id
}
