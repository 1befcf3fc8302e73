import { escapeUnsafe } from '../errors.js'

/**
 * One line of JSON for standard output. `JSON.stringify` already escapes C0 controls; this also
 * escapes DEL, C1 controls, line separators and bidirectional overrides (still valid JSON), so a
 * terminal showing the line cannot be driven by the input.
 */
export const jsonLine = (value: unknown): string => `${escapeUnsafe(JSON.stringify(value))}\n`
