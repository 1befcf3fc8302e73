/**
 * CIDR text from the World's numeric address forms: interval lists (rule `nets`) are split into
 * the fewest covering prefixes, member prefixes are printed as they are.
 * @module
 */
import { pushAll } from '../../internal/array.js'
import { formatAddress, type Prefix } from '../../policy/address.js'
import type { AddressSet } from '../../policy/address.js'
import type { IpFamily } from './ir.js'

const bitsOf = (family: IpFamily): number => (family === 4 ? 32 : 128)

const prefixLength = (family: IpFamily, size: bigint): number => {
  let len = bitsOf(family)
  let s = size
  while (s > 1n) {
    s >>= 1n
    len--
  }
  return len
}

/**
 * Prints a prefix as `address/length`.
 * @example
 * ```ts
 * formatPrefix({ family: 4, lo: 167772160, hi: 184549375 }) // '10.0.0.0/8'
 * ```
 * @since 0.2.0
 */
export const formatPrefix = (p: Prefix): string => {
  const size = p.family === 4 ? BigInt(p.hi - p.lo + 1) : p.hi - p.lo + 1n
  const addr = p.family === 4 ? formatAddress({ family: 4, value: p.lo }) : formatAddress({ family: 6, value: p.lo })
  return `${addr}/${prefixLength(p.family, size)}`
}

/** Whether a prefix covers exactly one address. */
export const isHostPrefix = (p: Prefix): boolean => (p.family === 4 ? p.lo === p.hi : p.lo === p.hi)

const splitInterval = (family: IpFamily, lo: bigint, hi: bigint): Array<string> => {
  const out: Array<string> = []
  let cur = lo
  const bits = BigInt(bitsOf(family))
  while (cur <= hi) {
    let size = 1n
    // grow the block while it stays aligned and inside the interval
    while (size < 1n << bits && cur % (size * 2n) === 0n && cur + size * 2n - 1n <= hi) size *= 2n
    const p: Prefix = family === 4 ? { family: 4, lo: Number(cur), hi: Number(cur + size - 1n) } : { family: 6, lo: cur, hi: cur + size - 1n }
    out.push(formatPrefix(p))
    cur += size
  }
  return out
}

/**
 * The CIDRs of one family covering an address set exactly, in address order.
 * @example
 * ```ts
 * cidrsOf(setOf(['10.0.0.0/8', '192.168.0.0/16']), 4) // ['10.0.0.0/8', '192.168.0.0/16']
 * ```
 * @since 0.2.0
 */
export const cidrsOf = (set: AddressSet, family: IpFamily): ReadonlyArray<string> => {
  const out: Array<string> = []
  if (family === 4) for (let i = 0; i + 1 < set.v4.length; i += 2) pushAll(out, splitInterval(4, BigInt(set.v4[i] as number), BigInt(set.v4[i + 1] as number)))
  else for (let i = 0; i + 1 < set.v6.length; i += 2) pushAll(out, splitInterval(6, set.v6[i] as bigint, set.v6[i + 1] as bigint))
  return out
}
