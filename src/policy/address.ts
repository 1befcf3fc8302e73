/**
 * Numeric IP addresses and compiled address sets.
 *
 * The evaluator compares addresses as numbers: an IPv4 address is a `number` in 0 … 2³²−1 and an
 * IPv6 address a `bigint` in 0 … 2¹²⁸−1. A set of addresses (the members of a selector's IP set,
 * a rule's `nets`, a failsafe entry's `net`) is compiled once into sorted, disjoint, inclusive
 * intervals per family, so a membership test is a binary search.
 * @module
 */

/**
 * An IP address family.
 * @since 0.1.0
 */
export type Family = 4 | 6

/**
 * A parsed IP address: IPv4 as a number, IPv6 as a bigint.
 * @since 0.1.0
 */
export type Address =
  | { readonly family: 4; readonly value: number }
  | { readonly family: 6; readonly value: bigint }

/**
 * A set of addresses of both families as sorted, disjoint, inclusive intervals
 * (`[lo0, hi0, lo1, hi1, …]`), one list per family.
 * @since 0.1.0
 */
export interface AddressSet {
  readonly v4: ReadonlyArray<number>
  readonly v6: ReadonlyArray<bigint>
}

/**
 * A CIDR prefix in numeric form.
 * @since 0.1.0
 */
export type Prefix =
  | { readonly family: 4; readonly lo: number; readonly hi: number }
  | { readonly family: 6; readonly lo: bigint; readonly hi: bigint }

const parseV4 = (s: string): number | undefined => {
  let value = 0
  let octets = 0
  let cur = -1
  let digits = 0
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46
    if (c === 46) {
      if (cur < 0 || octets === 4) return undefined
      value = value * 256 + cur
      octets++
      cur = -1
      digits = 0
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && cur === 0) return undefined // no leading zeros (Go rejects them)
      cur = (cur < 0 ? 0 : cur) * 10 + (c - 48)
      digits++
      if (cur > 255) return undefined
    } else return undefined
  }
  return octets === 4 ? value : undefined
}

const parseHextet = (s: string): number | undefined => {
  if (s.length === 0 || s.length > 4) return undefined
  let v = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
    if (d < 0) return undefined
    v = v * 16 + d
  }
  return v
}

/**
 * The 16-bit groups of colon-separated hextets. A dotted quad may only end the whole address
 * (`endsAddress`), as in Go's `net.ParseIP`: `::ffff:1.2.3.4` is an address, `1.2.3.4::` is not.
 */
const parseGroups = (s: string, endsAddress: boolean): Array<number> | undefined => {
  if (s === '') return []
  const parts = s.split(':')
  const out: Array<number> = []
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string
    if (endsAddress && i === parts.length - 1 && p.includes('.')) {
      const v4 = parseV4(p)
      if (v4 === undefined) return undefined
      out.push(Math.floor(v4 / 65536), v4 % 65536)
    } else {
      const h = parseHextet(p)
      if (h === undefined) return undefined
      out.push(h)
    }
  }
  return out
}

const parseV6 = (s: string): bigint | undefined => {
  const dbl = s.indexOf('::')
  let groups: Array<number>
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined
    const head = parseGroups(s.slice(0, dbl), false)
    const tail = parseGroups(s.slice(dbl + 2), true)
    if (head === undefined || tail === undefined) return undefined
    const missing = 8 - head.length - tail.length
    if (missing < 1) return undefined
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail]
  } else {
    const all = parseGroups(s, true)
    if (all === undefined || all.length !== 8) return undefined
    groups = all
  }
  let v = 0n
  for (const g of groups) v = (v << 16n) | BigInt(g)
  return v
}

/**
 * Parses an IPv4 (dotted quad) or IPv6 address; returns `undefined` if the text is not one.
 * @example
 * ```ts
 * parseAddress('10.0.0.1') // { family: 4, value: 167772161 }
 * parseAddress('fd00::1')  // { family: 6, value: 0xfd000000000000000000000000000001n }
 * ```
 * @since 0.1.0
 */
export const parseAddress = (text: string): Address | undefined => {
  if (text.includes(':')) {
    const v = parseV6(text)
    return v === undefined ? undefined : { family: 6, value: v }
  }
  const v = parseV4(text)
  return v === undefined ? undefined : { family: 4, value: v }
}

/**
 * Parses a CIDR (`10.0.0.0/8`, `fd00::/64`) or a bare address (a /32 or /128); host bits are
 * masked off, as Calico does for rule nets and network sets.
 * @example
 * ```ts
 * parsePrefix('10.1.2.3/8') // { family: 4, lo: 167772160, hi: 184549375 }
 * ```
 * @since 0.1.0
 */
export const parsePrefix = (text: string): Prefix | undefined => {
  const slash = text.indexOf('/')
  const addr = parseAddress(slash < 0 ? text : text.slice(0, slash))
  if (addr === undefined) return undefined
  const bits = addr.family === 4 ? 32 : 128
  let len = bits
  if (slash >= 0) {
    const p = text.slice(slash + 1)
    if (!/^[0-9]{1,3}$/.test(p)) return undefined
    len = Number(p)
    if (len > bits) return undefined
  }
  if (addr.family === 4) {
    const size = 2 ** (32 - len)
    const lo = addr.value - (addr.value % size)
    return { family: 4, lo, hi: lo + size - 1 }
  }
  const size = 1n << BigInt(128 - len)
  const lo = addr.value - (addr.value % size)
  return { family: 6, lo, hi: lo + size - 1n }
}

const merge = <A extends number | bigint>(pairs: Array<[A, A]>, succ: (a: A) => A): Array<A> => {
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const out: Array<A> = []
  for (const [lo, hi] of pairs) {
    const n = out.length
    if (n > 0) {
      const lastHi = out[n - 1] as A
      if (lo <= lastHi || lo === succ(lastHi)) {
        if (hi > lastHi) out[n - 1] = hi
        continue
      }
    }
    out.push(lo, hi)
  }
  return out
}

/**
 * The empty address set.
 * @example
 * ```ts
 * contains(emptySet, parseAddress('10.0.0.1')!) // false
 * ```
 * @since 0.1.0
 */
export const emptySet: AddressSet = { v4: [], v6: [] }

/**
 * Builds an address set from prefixes (overlapping and adjacent prefixes are merged).
 * @example
 * ```ts
 * fromPrefixes([parsePrefix('10.0.0.0/8')!, parsePrefix('fd00::/8')!])
 * ```
 * @since 0.1.0
 */
export const fromPrefixes = (prefixes: Iterable<Prefix>): AddressSet => {
  const v4: Array<[number, number]> = []
  const v6: Array<[bigint, bigint]> = []
  for (const p of prefixes) {
    if (p.family === 4) v4.push([p.lo, p.hi])
    else v6.push([p.lo, p.hi])
  }
  if (v4.length === 0 && v6.length === 0) return emptySet
  return { v4: merge(v4, (a) => a + 1), v6: merge(v6, (a) => a + 1n) }
}

/**
 * Builds an address set from CIDR or address strings, ignoring any that do not parse.
 * @example
 * ```ts
 * setOf(['10.0.0.0/8', '192.168.1.1'])
 * ```
 * @since 0.1.0
 */
export const setOf = (texts: Iterable<string>): AddressSet => {
  const ps: Array<Prefix> = []
  for (const t of texts) {
    const p = parsePrefix(t)
    if (p !== undefined) ps.push(p)
  }
  return fromPrefixes(ps)
}

const search4 = (xs: ReadonlyArray<number>, v: number): boolean => {
  let lo = 0
  let hi = (xs.length >> 1) - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const a = xs[2 * mid] as number
    if (v < a) hi = mid - 1
    else if (v > (xs[2 * mid + 1] as number)) lo = mid + 1
    else return true
  }
  return false
}

const search6 = (xs: ReadonlyArray<bigint>, v: bigint): boolean => {
  let lo = 0
  let hi = (xs.length >> 1) - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const a = xs[2 * mid] as bigint
    if (v < a) hi = mid - 1
    else if (v > (xs[2 * mid + 1] as bigint)) lo = mid + 1
    else return true
  }
  return false
}

/**
 * Whether the set contains the address.
 * @example
 * ```ts
 * contains(setOf(['10.0.0.0/8']), parseAddress('10.1.2.3')!) // true
 * ```
 * @since 0.1.0
 */
export const contains = (set: AddressSet, a: Address): boolean =>
  a.family === 4 ? search4(set.v4, a.value) : search6(set.v6, a.value)

/**
 * Whether the set has no address of the given family.
 * @example
 * ```ts
 * isEmptyFor(setOf(['10.0.0.0/8']), 6) // true
 * ```
 * @since 0.1.0
 */
export const isEmptyFor = (set: AddressSet, family: Family): boolean => (family === 4 ? set.v4.length === 0 : set.v6.length === 0)

/**
 * Keeps only the addresses of one family.
 * @example
 * ```ts
 * onlyFamily(setOf(['10.0.0.0/8', 'fd00::/8']), 4) // { v4: [167772160, 184549375], v6: [] }
 * ```
 * @since 0.1.0
 */
export const onlyFamily = (set: AddressSet, family: Family): AddressSet =>
  family === 4 ? (set.v6.length === 0 ? set : { v4: set.v4, v6: [] }) : set.v4.length === 0 ? set : { v4: [], v6: set.v6 }

/**
 * Formats a numeric address in canonical text form (IPv6 compressed as in RFC 5952).
 * @example
 * ```ts
 * formatAddress({ family: 4, value: 167772161 }) // '10.0.0.1'
 * ```
 * @since 0.1.0
 */
export const formatAddress = (a: Address): string => {
  if (a.family === 4) {
    const v = a.value
    return `${Math.floor(v / 16777216) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`
  }
  const groups: Array<number> = []
  for (let i = 7; i >= 0; i--) groups.push(Number((a.value >> BigInt(16 * i)) & 0xffffn))
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`
}
