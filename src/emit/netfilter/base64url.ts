/**
 * RFC 4648 §5 base64url without padding (Go's `base64.RawURLEncoding`), used by felix's chain
 * name shortening and rule hashes.
 * @module
 * @internal
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Encodes bytes as unpadded base64url.
 * @example
 * ```ts
 * base64Url(new Uint8Array([0xfb, 0xff])) // '-_8'
 * ```
 * @since 0.2.0
 * @internal
 */
export const base64Url = (bytes: Uint8Array): string => {
  let out = ''
  let bits = 0
  let acc = 0
  for (const b of bytes) {
    acc = (acc << 8) | b
    bits += 8
    while (bits >= 6) {
      bits -= 6
      out += ALPHABET[(acc >>> bits) & 63]
    }
    acc &= (1 << bits) - 1
  }
  if (bits > 0) out += ALPHABET[(acc << (6 - bits)) & 63]
  return out
}
