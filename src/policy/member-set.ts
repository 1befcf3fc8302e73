/**
 * Member sets: the addresses of an IP set, kept as sorted prefix lists that can be patched in
 * place of a rebuild. Each family holds its prefixes sorted by start address, possibly nested
 * (network sets may overlap), with a running maximum of end addresses, so membership is one
 * binary search and adding or removing one prefix costs one array copy — no sorting — which keeps
 * updates of very large sets (say every pod of a cluster) cheap.
 * @module
 */
import type { Address, Prefix } from './address.js'

/**
 * Prefixes of one family sorted by `lo` (ties by `hi`), with `maxHi[i]` the largest `hi` among
 * prefixes `0…i`.
 * @since 0.1.0
 */
export interface PrefixList<A extends number | bigint> {
  readonly lo: ReadonlyArray<A>
  readonly hi: ReadonlyArray<A>
  readonly maxHi: ReadonlyArray<A>
}

/**
 * The addresses of an IP set, per family.
 * @since 0.1.0
 */
export interface MemberSet {
  readonly v4: PrefixList<number>
  readonly v6: PrefixList<bigint>
}

const EMPTY4: PrefixList<number> = { lo: [], hi: [], maxHi: [] }
const EMPTY6: PrefixList<bigint> = { lo: [], hi: [], maxHi: [] }

/**
 * The empty member set.
 * @example
 * ```ts
 * hasMember(noMembers, { family: 4, value: 1 }) // false
 * ```
 * @since 0.1.0
 */
export const noMembers: MemberSet = { v4: EMPTY4, v6: EMPTY6 }

const cmp = <A extends number | bigint>(aLo: A, aHi: A, bLo: A, bHi: A): number => (aLo < bLo ? -1 : aLo > bLo ? 1 : aHi < bHi ? -1 : aHi > bHi ? 1 : 0)

const withMax = <A extends number | bigint>(lo: Array<A>, hi: Array<A>, from: number, prev: PrefixList<A> | undefined): PrefixList<A> => {
  const maxHi: Array<A> = prev === undefined ? [] : (prev.maxHi.slice(0, from) as Array<A>)
  let m = from > 0 ? (maxHi[from - 1] as A) : undefined
  for (let i = from; i < lo.length; i++) {
    const h = hi[i] as A
    m = m === undefined || h > m ? h : m
    maxHi.push(m)
  }
  return { lo, hi, maxHi }
}

const listOf = <A extends number | bigint>(pairs: Array<[A, A]>): PrefixList<A> => {
  pairs.sort((a, b) => cmp(a[0], a[1], b[0], b[1]))
  const lo: Array<A> = []
  const hi: Array<A> = []
  for (const [l, h] of pairs) {
    const n = lo.length
    if (n > 0 && lo[n - 1] === l && hi[n - 1] === h) continue
    lo.push(l)
    hi.push(h)
  }
  return withMax(lo, hi, 0, undefined)
}

/**
 * Builds a member set from prefixes (duplicates collapse).
 * @example
 * ```ts
 * membersOf([parsePrefix('10.0.0.0/8')!, parsePrefix('10.1.0.0/16')!])
 * ```
 * @since 0.1.0
 */
export const membersOf = (prefixes: Iterable<Prefix>): MemberSet => {
  const v4: Array<[number, number]> = []
  const v6: Array<[bigint, bigint]> = []
  for (const p of prefixes) {
    if (p.family === 4) v4.push([p.lo, p.hi])
    else v6.push([p.lo, p.hi])
  }
  if (v4.length === 0 && v6.length === 0) return noMembers
  return { v4: v4.length === 0 ? EMPTY4 : listOf(v4), v6: v6.length === 0 ? EMPTY6 : listOf(v6) }
}

const search = <A extends number | bigint>(l: PrefixList<A>, v: A): boolean => {
  // last index with lo <= v
  let a = 0
  let b = l.lo.length - 1
  let idx = -1
  while (a <= b) {
    const mid = (a + b) >> 1
    if ((l.lo[mid] as A) <= v) {
      idx = mid
      a = mid + 1
    } else b = mid - 1
  }
  return idx >= 0 && (l.maxHi[idx] as A) >= v
}

/**
 * Whether an address is in the set.
 * @example
 * ```ts
 * hasMember(membersOf([parsePrefix('10.0.0.0/8')!]), parseAddress('10.1.2.3')!) // true
 * ```
 * @since 0.1.0
 */
export const hasMember = (s: MemberSet, a: Address): boolean => (a.family === 4 ? search(s.v4, a.value) : search(s.v6, a.value))

const position = <A extends number | bigint>(l: PrefixList<A>, lo: A, hi: A): number => {
  let a = 0
  let b = l.lo.length
  while (a < b) {
    const mid = (a + b) >> 1
    if (cmp(l.lo[mid] as A, l.hi[mid] as A, lo, hi) < 0) a = mid + 1
    else b = mid
  }
  return a
}

const patchList = <A extends number | bigint>(l: PrefixList<A>, adds: ReadonlyArray<[A, A]>, removes: ReadonlyArray<[A, A]>): PrefixList<A> => {
  if (adds.length === 0 && removes.length === 0) return l
  if (adds.length + removes.length > 64 && adds.length + removes.length > l.lo.length / 8) {
    // many changes: rebuild
    const keep = new Set(removes.map(([a, b]) => `${a}-${b}`))
    const pairs: Array<[A, A]> = []
    for (let i = 0; i < l.lo.length; i++) if (!keep.has(`${l.lo[i]}-${l.hi[i]}`)) pairs.push([l.lo[i] as A, l.hi[i] as A])
    return listOf([...pairs, ...adds])
  }
  let lo = l.lo.slice() as Array<A>
  let hi = l.hi.slice() as Array<A>
  let from = lo.length
  const cur = (): PrefixList<A> => ({ lo, hi, maxHi: [] })
  for (const [a, b] of removes) {
    const i = position(cur(), a, b)
    if (i < lo.length && lo[i] === a && hi[i] === b) {
      lo.splice(i, 1)
      hi.splice(i, 1)
      from = Math.min(from, i)
    }
  }
  for (const [a, b] of adds) {
    const i = position(cur(), a, b)
    if (i < lo.length && lo[i] === a && hi[i] === b) continue
    lo.splice(i, 0, a)
    hi.splice(i, 0, b)
    from = Math.min(from, i)
  }
  if (lo.length === 0) {
    lo = []
    hi = []
  }
  return withMax(lo, hi, from, l)
}

/**
 * A member set with some prefixes added and some removed (each given once; the caller keeps the
 * reference counts).
 * @example
 * ```ts
 * patch(noMembers, [parsePrefix('10.0.0.1')!], []) // contains 10.0.0.1
 * ```
 * @since 0.1.0
 */
export const patch = (s: MemberSet, adds: ReadonlyArray<Prefix>, removes: ReadonlyArray<Prefix>): MemberSet => {
  const a4: Array<[number, number]> = []
  const a6: Array<[bigint, bigint]> = []
  const r4: Array<[number, number]> = []
  const r6: Array<[bigint, bigint]> = []
  for (const p of adds) {
    if (p.family === 4) a4.push([p.lo, p.hi])
    else a6.push([p.lo, p.hi])
  }
  for (const p of removes) {
    if (p.family === 4) r4.push([p.lo, p.hi])
    else r6.push([p.lo, p.hi])
  }
  const v4 = patchList(s.v4, a4, r4)
  const v6 = patchList(s.v6, a6, r6)
  return v4 === s.v4 && v6 === s.v6 ? s : { v4, v6 }
}

/**
 * Every prefix in the set (sorted per family), for rendering.
 * @example
 * ```ts
 * prefixesOf(membersOf([parsePrefix('10.0.0.1')!])) // [{ family: 4, lo: 167772161, hi: 167772161 }]
 * ```
 * @since 0.1.0
 */
export const prefixesOf = (s: MemberSet): ReadonlyArray<Prefix> => [
  ...s.v4.lo.map((lo, i) => ({ family: 4 as const, lo, hi: s.v4.hi[i] as number })),
  ...s.v6.lo.map((lo, i) => ({ family: 6 as const, lo, hi: s.v6.hi[i] as bigint })),
]
