/**
 * Mark bits (`felix/dataplane/driver.go`, `felix/markbits/mark_bits.go`): accept, pass, drop,
 * scratch0 and scratch1 are the five lowest set bits of `iptablesMarkMask` (default
 * `0xffff0000`), allocated in that order.
 * @module
 */
import type { CalicoError } from '../../errors.js'
import { E, type Either } from '../../internal/fp.js'

/**
 * The allocated mark bits.
 * @since 0.2.0
 */
export interface Marks {
  readonly accept: number
  readonly pass: number
  readonly drop: number
  readonly scratch0: number
  readonly scratch1: number
}

/**
 * Felix's default `iptablesMarkMask` / `nftablesMarkMask`.
 * @since 0.2.0
 */
export const DEFAULT_MARK_MASK = 0xffff0000

/**
 * Allocates the five policy mark bits from a 32-bit mask, lowest bit first.
 * @example
 * ```ts
 * allocateMarks(0xffff0000) // right({ accept: 0x10000, pass: 0x20000, drop: 0x40000, scratch0: 0x80000, scratch1: 0x100000 })
 * ```
 * @since 0.2.0
 */
export const allocateMarks = (mask: number): Either<CalicoError, Marks> => {
  const bits: Array<number> = []
  if (Number.isInteger(mask) && mask >= 0 && mask <= 0xffffffff) {
    for (let i = 0; i < 32 && bits.length < 5; i++) {
      const bit = 2 ** i
      if (Math.floor(mask / bit) % 2 === 1) bits.push(bit)
    }
  }
  const [accept, pass, drop, scratch0, scratch1] = bits
  if (accept === undefined || pass === undefined || drop === undefined || scratch0 === undefined || scratch1 === undefined)
    return E.left({ _tag: 'Invalid', path: ['markMask'], message: `the mark mask ${mask} must be a 32-bit mask with at least 5 bits set` })
  return E.right({ accept, pass, drop, scratch0, scratch1 })
}
