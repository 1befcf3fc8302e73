/**
 * IP protocols as rules name them (`numorstring.Protocol`, docs/reference.md §1.12).
 *
 * A protocol is a JSON string or integer. A string that reads as a decimal number 0–255 is that
 * number (as Calico's decoder does), so `"6"` decodes to `6`. Names are exactly `TCP`, `UDP`,
 * `ICMP`, `ICMPv6`, `SCTP`, `UDPLite` (case-sensitive, as Calico's validator: `tcp` fails with
 * `protocol name invalid`); numbers are 1–255 (`0` fails with `protocol number invalid`).
 * @module
 */
import * as t from 'io-ts'
import { scalar } from './codec.js'

/**
 * The protocol names Calico accepts.
 * @example
 * ```ts
 * ProtocolName.is('TCP') // true
 * ```
 * @since 0.1.0
 */
export const ProtocolName = t.keyof({ TCP: null, UDP: null, ICMP: null, ICMPv6: null, SCTP: null, UDPLite: null })
/**
 * A protocol name: `TCP`, `UDP`, `ICMP`, `ICMPv6`, `SCTP` or `UDPLite`.
 * @example
 * ```ts
 * const p: ProtocolName = 'ICMPv6'
 * ```
 * @since 0.1.0
 */
export type ProtocolName = t.TypeOf<typeof ProtocolName>

const NUMBERS: Readonly<Record<ProtocolName, number>> = { TCP: 6, UDP: 17, ICMP: 1, ICMPv6: 58, SCTP: 132, UDPLite: 136 }

const EXPECTED = 'a protocol name or number'

/**
 * A rule protocol: one of the {@link ProtocolName}s or a protocol number 1–255 (numeric strings
 * decode to numbers).
 * @example
 * ```ts
 * Protocol.decode('6') // right(6)
 * Protocol.decode('tcp') // left: protocol name invalid
 * ```
 * @since 0.1.0
 */
export const Protocol = scalar<ProtocolName | number>(
  'Protocol',
  (u): u is ProtocolName | number => ProtocolName.is(u) || (typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= 255),
  (u) => {
    if (typeof u === 'number') {
      if (!Number.isInteger(u) || u < 0 || u > 255) return { expected: EXPECTED }
      return u === 0 ? { invalid: 'protocol number invalid' } : { ok: u }
    }
    if (typeof u !== 'string') return { expected: EXPECTED }
    if (/^[0-9]+$/.test(u) && Number(u) <= 255) return Number(u) === 0 ? { invalid: 'protocol number invalid' } : { ok: Number(u) }
    return ProtocolName.is(u) ? { ok: u } : { invalid: 'protocol name invalid' }
  },
)
/**
 * A rule protocol: a {@link ProtocolName} or a number 1–255.
 * @example
 * ```ts
 * const p: Protocol = 17
 * ```
 * @since 0.1.0
 */
export type Protocol = t.TypeOf<typeof Protocol>

/**
 * The IANA protocol number of a protocol (`TCP` 6, `UDP` 17, `ICMP` 1, `ICMPv6` 58, `SCTP` 132,
 * `UDPLite` 136).
 * @example
 * ```ts
 * protocolNumber('TCP') // 6
 * protocolNumber(47) // 47
 * ```
 * @since 0.1.0
 */
export const protocolNumber = (p: Protocol): number => (typeof p === 'number' ? p : NUMBERS[p])

/**
 * Whether the protocol has ports (TCP, UDP or SCTP, by name or number).
 * @example
 * ```ts
 * supportsPorts('UDP') // true
 * supportsPorts('ICMP') // false
 * ```
 * @since 0.1.0
 */
export const supportsPorts = (p: Protocol): boolean => {
  const n = protocolNumber(p)
  return n === 6 || n === 17 || n === 132
}
