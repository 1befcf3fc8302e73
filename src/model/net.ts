/**
 * IP addresses and CIDRs: the only module that uses ipaddr.js.
 *
 * Every address or CIDR that enters the library is decoded here into a canonical string
 * (IPv4 dotted quad, IPv6 compressed lowercase as RFC 5952, always with a prefix for CIDRs), so
 * code past the boundary can compare them as text. The parsing follows Go's `net.ParseIP` /
 * `net.ParseCIDR`, which Calico uses:
 *
 * - IPv4 must be four decimal parts without leading zeros: `010.0.0.1` (octal in some C
 *   parsers and in ipaddr.js) and short forms such as `10` or `10.1` are rejected.
 * - IPv6 zones (`fe80::1%eth0`) are rejected.
 * - A bare IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) **is the IPv4 address** `10.0.0.1`, as
 *   for Go (`To4()` succeeds, so Calico calls it IPv4). A CIDR written in IPv4-mapped form
 *   (`::ffff:10.0.0.0/104`) is rejected: Go keeps it as a 16-byte network whose family Calico
 *   reports inconsistently, so we ask for the IPv4 CIDR instead.
 * - A prefix length is decimal (leading zeros allowed, as Go's parser does) and at most 32 / 128.
 *
 * Codecs differ in what they do with a bare IP and with host bits:
 *
 * | codec | bare IP | host bits (`10.0.0.1/8`) | used for |
 * | --- | --- | --- | --- |
 * | {@link Cidr} | accepted as /32 or /128 | rejected | rule `nets` / `notNets` |
 * | {@link CidrOrIP} | accepted as /32 or /128 | masked off | network sets, failsafe nets |
 * | {@link IPBlockCidr} | rejected | masked off | Kubernetes `ipBlock` |
 * | {@link IPNetwork} | accepted as /32 or /128 | must be /32 or /128 | WorkloadEndpoint `ipNetworks` |
 *
 * Accepting a bare IP in rule nets is deliberate (docs/reference.md §14.1): Calico's field
 * validator and Felix accept it as a single-address network; only a later rule-level check of the
 * Go validator would report `invalid CIDR`.
 * @module
 */
import ipaddr from 'ipaddr.js'
import * as t from 'io-ts'
import { E, type Either } from '../internal/fp.js'
import { failCidr } from './codec.js'

/**
 * An IP address family.
 * @example
 * ```ts
 * const f: Family = 4
 * ```
 * @since 0.1.0
 */
export type Family = 4 | 6

/**
 * A parsed IP address: its family and its bytes (4 octets for IPv4, 16 for IPv6).
 * @example
 * ```ts
 * const a: Address = { family: 4, bytes: [10, 0, 0, 1] }
 * ```
 * @since 0.1.0
 */
export interface Address {
  readonly family: Family
  readonly bytes: ReadonlyArray<number>
}

/**
 * A parsed CIDR: family, the network's bytes (host bits zero) and the prefix length.
 * @example
 * ```ts
 * const c: CidrParts = { family: 4, bytes: [10, 0, 0, 0], prefix: 8 }
 * ```
 * @since 0.1.0
 */
export interface CidrParts extends Address {
  readonly prefix: number
}

const DOTTED_DECIMAL = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/

const parseV4 = (text: string): ReadonlyArray<number> | undefined => {
  if (!DOTTED_DECIMAL.test(text) || !ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined
  const bytes = text.split('.').map(Number)
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined
}

const parseV6 = (text: string): ReadonlyArray<number> | undefined => {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined
  let native = text
  if (text.includes('.')) {
    // An embedded dotted quad must be the last 32 bits; we convert it ourselves so that
    // ipaddr.js's own handling of `::a.b.c.d` (which it reads as IPv4-mapped) never applies.
    const colon = text.lastIndexOf(':')
    const v4 = parseV4(text.slice(colon + 1))
    if (colon < 0 || v4 === undefined) return undefined
    const [a = 0, b = 0, c = 0, d = 0] = v4
    native = `${text.slice(0, colon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  if (!ipaddr.IPv6.isValid(native)) return undefined
  return E.getOrElse((): ReadonlyArray<number> | undefined => undefined)(
    E.tryCatch(
      () => ipaddr.IPv6.parse(native).toByteArray(),
      () => undefined,
    ),
  )
}

const isMapped = (bytes: ReadonlyArray<number>): boolean =>
  bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff

type RawAddress = { readonly ok: Address; readonly mapped: boolean } | { readonly reason: string }

const parseRaw = (text: string, noun: string): RawAddress => {
  if (text.includes('%')) return { reason: `has an IPv6 zone, which is not allowed in ${noun === 'address' ? 'an IP address' : 'a CIDR'}` }
  if (text.includes(':')) {
    const bytes = parseV6(text)
    if (bytes === undefined) return { reason: `is not a valid IPv6 ${noun}` }
    return isMapped(bytes) ? { ok: { family: 4, bytes: bytes.slice(12) }, mapped: true } : { ok: { family: 6, bytes }, mapped: false }
  }
  if (/^[0-9.]+$/.test(text)) {
    const bytes = parseV4(text)
    return bytes === undefined ? { reason: `is not a dotted-quad IPv4 ${noun}` } : { ok: { family: 4, bytes }, mapped: false }
  }
  return { reason: noun === 'address' ? 'is not an IP address' : 'is not a CIDR' }
}

/**
 * Parses an IP address the way Go's `net.ParseIP` does (see the module notes): an IPv4-mapped
 * IPv6 address is returned as IPv4. The `Left` is a reason phrase.
 * @example
 * ```ts
 * parseAddress('10.0.0.1') // right({ family: 4, bytes: [10, 0, 0, 1] })
 * parseAddress('010.0.0.1') // left('is not a dotted-quad IPv4 address')
 * ```
 * @since 0.1.0
 */
export const parseAddress = (text: string): Either<string, Address> => {
  if (text.includes('/')) return E.left('is a CIDR, not an IP address')
  const r = parseRaw(text, 'address')
  return 'ok' in r ? E.right(r.ok) : E.left(r.reason)
}

/**
 * Prints an address canonically: dotted quad, or RFC 5952 compressed lowercase IPv6.
 * @example
 * ```ts
 * formatAddress({ family: 6, bytes: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] }) // '2001:db8::1'
 * ```
 * @since 0.1.0
 */
export const formatAddress = (a: Address): string =>
  a.family === 4 ? a.bytes.join('.') : ipaddr.fromByteArray([...a.bytes]).toString()

/**
 * Prints CIDR parts canonically: `10.0.0.0/8`, `2001:db8::/32`.
 * @example
 * ```ts
 * formatCidr({ family: 4, bytes: [10, 0, 0, 0], prefix: 8 }) // '10.0.0.0/8'
 * ```
 * @since 0.1.0
 */
export const formatCidr = (c: CidrParts): string => `${formatAddress(c)}/${c.prefix}`

const maxPrefix = (f: Family): number => (f === 4 ? 32 : 128)

const maskBytes = (bytes: ReadonlyArray<number>, prefix: number): ReadonlyArray<number> =>
  bytes.map((b, i) => {
    const bits = Math.min(8, Math.max(0, prefix - i * 8))
    return b & ((0xff << (8 - bits)) & 0xff)
  })

/** How a CIDR position treats a bare IP and host bits. */
interface CidrMode {
  readonly bareIP: 'accept' | 'reject'
  readonly hostBits: 'reject' | 'mask' | 'single'
}

const parseCidrWith =
  (mode: CidrMode) =>
  (text: string): Either<string, CidrParts> => {
    const slash = text.indexOf('/')
    if (slash < 0) {
      const r = parseRaw(text, 'address')
      if (!('ok' in r)) return E.left(r.reason === 'is not an IP address' ? 'is not a CIDR' : r.reason)
      if (mode.bareIP === 'reject') return E.left(`is an IP address, not a CIDR (did you mean ${formatCidr({ ...r.ok, prefix: maxPrefix(r.ok.family) })}?)`)
      return E.right({ ...r.ok, prefix: maxPrefix(r.ok.family) })
    }
    const addrText = text.slice(0, slash)
    const prefixText = text.slice(slash + 1)
    const r = parseRaw(addrText, 'CIDR')
    if (!('ok' in r)) return E.left(r.reason)
    if (r.mapped) return E.left('is an IPv4-mapped IPv6 CIDR (write it as an IPv4 CIDR)')
    const max = maxPrefix(r.ok.family)
    if (!/^[0-9]{1,5}$/.test(prefixText) || Number(prefixText) > max) return E.left(`has an invalid prefix length (must be 0 to ${max})`)
    const prefix = Number(prefixText)
    const masked = maskBytes(r.ok.bytes, prefix)
    const parts: CidrParts = { family: r.ok.family, bytes: masked, prefix }
    switch (mode.hostBits) {
      case 'mask':
        return E.right(parts)
      case 'reject':
        return masked.every((b, i) => b === r.ok.bytes[i]) ? E.right(parts) : E.left(`has host bits set (did you mean ${formatCidr(parts)}?)`)
      case 'single':
        return prefix === max ? E.right(parts) : E.left('is not a single address (IP network contains multiple addresses)')
    }
  }

/**
 * Parses a CIDR strictly (as rule nets are): a bare IP is the single-address network, host bits
 * are an error. The `Left` is a reason phrase.
 * @example
 * ```ts
 * parseCidr('10.0.0.0/8') // right({ family: 4, bytes: [10, 0, 0, 0], prefix: 8 })
 * parseCidr('10.0.0.1/8') // left('has host bits set (did you mean 10.0.0.0/8?)')
 * ```
 * @since 0.1.0
 */
export const parseCidr: (text: string) => Either<string, CidrParts> = parseCidrWith({ bareIP: 'accept', hostBits: 'reject' })

const parseLenient = parseCidrWith({ bareIP: 'accept', hostBits: 'mask' })

const codec = <A extends string>(name: string, expected: string, parse: (text: string) => Either<string, string>): t.Type<A, string, unknown> =>
  new t.Type<A, string, unknown>(
    name,
    (u): u is A => {
      if (typeof u !== 'string') return false
      const r = parse(u)
      return E.isRight(r) && r.right === u
    },
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, expected)
      const r = parse(u)
      return E.isRight(r) ? t.success(r.right as A) : failCidr(u, c, u, r.left)
    },
    (a) => a,
  )

/**
 * The brand that marks a string as a canonical IP address; only the `IPAddress` codec can make one.
 * @example
 * ```ts
 * const ok = (s: t.Branded<string, IPAddressBrand>): string => s
 * ```
 * @since 0.1.0
 */
export interface IPAddressBrand {
  readonly IPAddress: unique symbol
}
/**
 * The brand that marks a string as a canonical, strictly masked CIDR; only the `Cidr` codec can make one.
 * @example
 * ```ts
 * const ok = (s: t.Branded<string, CidrBrand>): string => s
 * ```
 * @since 0.1.0
 */
export interface CidrBrand {
  readonly Cidr: unique symbol
}
/**
 * The brand that marks a string as a canonical CIDR made from a CIDR or a bare IP (host bits masked off); only the `CidrOrIP` codec can make one.
 * @example
 * ```ts
 * const ok = (s: t.Branded<string, CidrOrIPBrand>): string => s
 * ```
 * @since 0.1.0
 */
export interface CidrOrIPBrand {
  readonly CidrOrIP: unique symbol
}
/**
 * The brand that marks a string as a canonical Kubernetes ipBlock CIDR; only the `IPBlockCidr` codec can make one.
 * @example
 * ```ts
 * const ok = (s: t.Branded<string, IPBlockCidrBrand>): string => s
 * ```
 * @since 0.1.0
 */
export interface IPBlockCidrBrand {
  readonly IPBlockCidr: unique symbol
}
/**
 * The brand that marks a string as a workload IP network (/32 or /128); only the `IPNetwork` codec can make one.
 * @example
 * ```ts
 * const ok = (s: t.Branded<string, IPNetworkBrand>): string => s
 * ```
 * @since 0.1.0
 */
export interface IPNetworkBrand {
  readonly IPNetwork: unique symbol
}

/**
 * A single IP address in canonical text (`10.0.0.1`, `2001:db8::1`); an IPv4-mapped IPv6
 * address decodes to its IPv4 form.
 * @example
 * ```ts
 * IPAddress.decode('2001:DB8:0::1') // right('2001:db8::1')
 * ```
 * @since 0.1.0
 */
export const IPAddress = codec<t.Branded<string, IPAddressBrand>>('IPAddress', 'an IP address', (s) =>
  E.map(formatAddress)(parseAddress(s)),
)
/**
 * A single IP address in canonical text.
 * @example
 * ```ts
 * const ip: IPAddress = IPAddress.is('10.0.0.1') ? '10.0.0.1' : (undefined as never)
 * ```
 * @since 0.1.0
 */
export type IPAddress = t.TypeOf<typeof IPAddress>

/**
 * A strictly masked CIDR in canonical text (`10.0.0.0/8`); a bare IP is accepted as /32 or /128,
 * a CIDR with host bits is an `InvalidCidr` error. Used for rule `nets` / `notNets`.
 * @example
 * ```ts
 * Cidr.decode('10.0.0.1') // right('10.0.0.1/32')
 * ```
 * @since 0.1.0
 */
export const Cidr = codec<t.Branded<string, CidrBrand>>('Cidr', 'a CIDR', (s) => E.map(formatCidr)(parseCidr(s)))
/**
 * A strictly masked CIDR in canonical text.
 * @example
 * ```ts
 * const c: Cidr = Cidr.is('10.0.0.0/8') ? '10.0.0.0/8' : (undefined as never)
 * ```
 * @since 0.1.0
 */
export type Cidr = t.TypeOf<typeof Cidr>

/**
 * A CIDR or a bare IP in canonical CIDR text, host bits masked off (`10.0.0.1/8` becomes
 * `10.0.0.0/8`, `10.0.0.1` becomes `10.0.0.1/32`). Used for network sets and failsafe nets.
 * @example
 * ```ts
 * CidrOrIP.decode('10.0.0.1/8') // right('10.0.0.0/8')
 * ```
 * @since 0.1.0
 */
export const CidrOrIP = codec<t.Branded<string, CidrOrIPBrand>>('CidrOrIP', 'a CIDR or an IP address', (s) =>
  E.map(formatCidr)(parseLenient(s)),
)
/**
 * A CIDR or bare IP in canonical CIDR text, host bits masked off.
 * @example
 * ```ts
 * const c: CidrOrIP = CidrOrIP.is('10.0.0.0/8') ? '10.0.0.0/8' : (undefined as never)
 * ```
 * @since 0.1.0
 */
export type CidrOrIP = t.TypeOf<typeof CidrOrIP>

/**
 * A CIDR as Kubernetes `ipBlock.cidr` / `except` take it: the prefix is required, host bits are
 * masked off (as Calico's conversion does).
 * @example
 * ```ts
 * IPBlockCidr.decode('10.0.0.1') // left: "10.0.0.1" is an IP address, not a CIDR (did you mean 10.0.0.1/32?)
 * ```
 * @since 0.1.0
 */
export const IPBlockCidr = codec<t.Branded<string, IPBlockCidrBrand>>('IPBlockCidr', 'a CIDR', (s) =>
  E.map(formatCidr)(parseCidrWith({ bareIP: 'reject', hostBits: 'mask' })(s)),
)
/**
 * A Kubernetes `ipBlock` CIDR in canonical text.
 * @example
 * ```ts
 * const c: IPBlockCidr = IPBlockCidr.is('10.0.0.0/8') ? '10.0.0.0/8' : (undefined as never)
 * ```
 * @since 0.1.0
 */
export type IPBlockCidr = t.TypeOf<typeof IPBlockCidr>

/**
 * A WorkloadEndpoint IP network: a single address as `/32` or `/128` (a bare IP is accepted);
 * anything wider fails with `IP network contains multiple addresses`.
 * @example
 * ```ts
 * IPNetwork.decode('10.0.0.1') // right('10.0.0.1/32')
 * ```
 * @since 0.1.0
 */
export const IPNetwork = codec<t.Branded<string, IPNetworkBrand>>('IPNetwork', 'an IP network', (s) =>
  E.map(formatCidr)(parseCidrWith({ bareIP: 'accept', hostBits: 'single' })(s)),
)
/**
 * A WorkloadEndpoint IP network (`/32` or `/128`) in canonical text.
 * @example
 * ```ts
 * const n: IPNetwork = IPNetwork.is('10.0.0.1/32') ? '10.0.0.1/32' : (undefined as never)
 * ```
 * @since 0.1.0
 */
export type IPNetwork = t.TypeOf<typeof IPNetwork>

/**
 * The family of an address or CIDR (meant for decoded values; for text that does not parse it
 * guesses from the presence of `:`).
 * @example
 * ```ts
 * familyOf('2001:db8::/32') // 6
 * familyOf('10.0.0.1') // 4
 * ```
 * @since 0.1.0
 */
export const familyOf = (ipOrCidr: string): Family => {
  const slash = ipOrCidr.indexOf('/')
  const text = slash < 0 ? ipOrCidr : ipOrCidr.slice(0, slash)
  const r = parseAddress(text)
  return E.isRight(r) ? r.right.family : text.includes(':') ? 6 : 4
}

/**
 * The parts of a decoded CIDR (or bare IP, as a single-address network); host bits are masked
 * off. Throws on text that is not a CIDR (a programming error: decode first).
 * @example
 * ```ts
 * cidrParts('10.0.0.0/8') // { family: 4, bytes: [10, 0, 0, 0], prefix: 8 }
 * ```
 * @since 0.1.0
 */
export const cidrParts = (cidr: string): CidrParts => {
  const r = parseLenient(cidr)
  if (E.isLeft(r)) throw new Error(`cidrParts: ${JSON.stringify(cidr)} ${r.left}`)
  return r.right
}

/**
 * Whether the CIDR contains the address; `false` across families and for text that does not
 * parse (never throws).
 * @example
 * ```ts
 * contains('10.0.0.0/8')('10.1.2.3') // true
 * contains('10.0.0.0/8')('2001:db8::1') // false
 * ```
 * @since 0.1.0
 */
export const contains =
  (cidr: string) =>
  (ip: string): boolean => {
    const c = parseLenient(cidr)
    const a = parseAddress(ip)
    if (E.isLeft(c) || E.isLeft(a) || c.right.family !== a.right.family) return false
    const masked = maskBytes(a.right.bytes, c.right.prefix)
    return masked.every((b, i) => b === c.right.bytes[i])
  }
