/**
 * Calico's unique id for a selector, the name felix gives the selector's IP set.
 * @module
 */
import { sha224 } from '@noble/hashes/sha2.js'
import type { Selector } from './ast.js'
import { NOT_A_SELECTOR, print } from './print.js'

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
 * The bytes a Go string holding `s` has: UTF-8, except that a lone surrogate keeps its own
 * three-byte form (generalised UTF-8, as in WTF-8) instead of becoming U+FFFD as `TextEncoder`
 * would make it. Go strings are bytes, so distinct JavaScript strings stay distinct, and selectors
 * that match different labels never share a unique id. (Calico itself never sees a lone
 * surrogate: Go's JSON decoder replaces an escaped one with U+FFFD.) For well-formed text this is
 * exactly UTF-8.
 */
const goBytes = (s: string): Uint8Array => {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) {
      out.push(c)
      continue
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      }
    }
    if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
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
  `${prefix}:${base64UrlNoPad(sha224(goBytes(`${prefix}:${content}`)))}`

const cache = new WeakMap<Selector, string>()

/**
 * The selector's unique id: `"s:"` followed by the unpadded base64url SHA-224 of
 * `"s:" + print(selector)` in UTF-8, exactly as felix names the selector's IP set (38 hash
 * characters). A lone surrogate in a value is hashed as the three bytes a Go string would hold
 * for it (not as U+FFFD), so different selectors get different ids. Never throws: a value that is
 * not a selector (see {@link print}) gets the empty string, which is no IP set's id.
 * @example
 * ```ts
 * pipe(Selector.parse('role == "admin"'), E.map(Selector.uniqueId))
 * // right('s:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ')
 * ```
 * @since 0.1.0
 */
export const uniqueId = (selector: Selector): string => {
  if (typeof selector !== 'object' || selector === null) return ''
  let id = cache.get(selector)
  if (id === undefined) {
    const text = print(selector)
    if (text === NOT_A_SELECTOR) return ''
    id = makeUniqueId('s', text)
    cache.set(selector, id)
  }
  return id
}
