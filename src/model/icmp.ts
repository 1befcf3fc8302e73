/**
 * ICMP type and code matches (`ICMPFields`, docs/reference.md §1.12, V15).
 *
 * `type` is 0–254 (255 cannot be matched by the kernel) and `code` 0–255; a `code` needs a
 * `type` (`ICMP code specified without an ICMP type`). Range errors use the Kubernetes schema
 * wording (`should be less than or equal to 254`).
 * @module
 */
import * as t from 'io-ts'
import { scalar, strict, withChecks } from './codec.js'

const intIn = (name: string, max: number) =>
  scalar<number>(
    name,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= max,
    (u) => {
      if (typeof u !== 'number' || !Number.isInteger(u)) return { expected: 'an integer' }
      if (u < 0) return { invalid: 'should be greater than or equal to 0' }
      if (u > max) return { invalid: `should be less than or equal to ${max}` }
      return { ok: u }
    },
  )

/**
 * An ICMP type and optional code to match; both absent matches any ICMP message.
 * @example
 * ```ts
 * ICMPFields.decode({ type: 8 }) // right({ type: 8 }) (echo request)
 * ICMPFields.decode({ code: 0 }) // left: ICMP code specified without an ICMP type
 * ```
 * @since 0.1.0
 */
export const ICMPFields = withChecks(
  strict('ICMPFields', {}, { type: intIn('ICMPType', 254), code: intIn('ICMPCode', 255) }),
  (f) => (f.code !== undefined && f.type === undefined ? [{ path: [], message: 'ICMP code specified without an ICMP type' }] : []),
)
/**
 * An ICMP type (0–254) and code (0–255) match.
 * @example
 * ```ts
 * const f: ICMPFields = { type: 3, code: 4 }
 * ```
 * @since 0.1.0
 */
export type ICMPFields = t.TypeOf<typeof ICMPFields>
