/**
 * Felix's rule-hash comments (`felix/generictables/rules.go` `RuleHashes`): SHA-224 chained
 * over the rules of a chain, seeded with the chain name, each hash the first 16 characters of
 * the unpadded base64url digest. Each backend supplies the text it hashes per rule.
 * @module
 */
import { sha224 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64Url } from './base64url.js'

/**
 * The length of a rule hash.
 * @since 0.2.0
 */
export const HASH_LENGTH = 16

/**
 * The rule hashes of a chain given the name it is seeded with and each rule's hash text.
 * @example
 * ```ts
 * ruleHashes('FORWARD', ['-A FORWARD HASH --jump DROP']) // ['hecdSCslEjdBPBPo']
 * ```
 * @since 0.2.0
 */
export const ruleHashes = (seed: string, texts: ReadonlyArray<string>): ReadonlyArray<string> => {
  let h = sha224(utf8ToBytes(seed))
  const out: Array<string> = []
  for (const t of texts) {
    const text = utf8ToBytes(t)
    const buf = new Uint8Array(h.length + text.length)
    buf.set(h, 0)
    buf.set(text, h.length)
    h = sha224(buf)
    out.push(base64Url(h).slice(0, HASH_LENGTH))
  }
  return out
}
