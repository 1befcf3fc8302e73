/**
 * Packets: the JSON form (an io-ts codec), the one-line text form, and the numeric view the
 * evaluator works on.
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import { decodeWith, strict, withChecks } from '../model/codec.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import { parseAddress, type Address, type Family } from '../policy/address.js'
import { nameProblem } from '../policy/interfaces.js'

/**
 * Connection-tracking state of the packet's flow as the kernel would classify it.
 * @since 0.1.0
 */
export type Conntrack = 'new' | 'established' | 'related' | 'invalid'

/**
 * The brand that makes a {@link Packet}: only `decodePacket`, `parsePacket` and `packet` give it.
 * @example
 * ```ts
 * const f = (p: Eval.Packet): number => p.protocol // a plain object literal is not an Eval.Packet
 * ```
 * @since 0.2.0
 */
export interface PacketBrand {
  readonly Packet: unique symbol
}

/**
 * A checked packet, made only by {@link decodePacket}, {@link parsePacket} or {@link packet}
 * (a packet cannot be written as an object literal). `protocol` is a number (names are decoded:
 * TCP 6, UDP 17, ICMP 1, ICMPv6 58, SCTP 132, UDPLite 136). `in: null` means the host itself sent
 * the packet; `out: null` means the host itself receives it. `preDnatDst`/`preDnatDstPort` give
 * the destination before DNAT (for example a service IP); by default the packet was not DNATed.
 * A packet is frozen; a copy (`{ ...p, dstPort: 80 }`) is not a packet, and `evaluate` checks it
 * again like {@link packet} does.
 * @since 0.1.0
 */
export interface Packet extends t.Brand<PacketBrand> {
  readonly protocol: number
  readonly src: string
  readonly dst: string
  readonly srcPort?: number
  readonly dstPort?: number
  readonly in: string | null
  readonly out: string | null
  readonly icmpType?: number
  readonly icmpCode?: number
  readonly conntrack: Conntrack
  readonly preDnatDst?: string
  readonly preDnatDstPort?: number
}

const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  tcp: 6,
  udp: 17,
  icmp: 1,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
}

const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  6: 'TCP',
  17: 'UDP',
  1: 'ICMP',
  58: 'ICMPv6',
  132: 'SCTP',
  136: 'UDPLite',
}

/**
 * The protocol number for a name (case-insensitive) or numeric string/number 0–255.
 * @example
 * ```ts
 * protocolNumber('TCP')    // 6
 * protocolNumber('icmpv6') // 58
 * protocolNumber(47)       // 47
 * ```
 * @since 0.1.0
 */
export const protocolNumber = (p: string | number): number | undefined => {
  if (typeof p !== 'number' && typeof p !== 'string') return undefined
  if (typeof p === 'number') return Number.isInteger(p) && p >= 0 && p <= 255 ? p : undefined
  if (/^[0-9]{1,3}$/.test(p)) return protocolNumber(Number(p))
  return PROTOCOL_NUMBERS[p.toLowerCase()]
}

/**
 * The protocol's Calico name (`TCP`, `UDP`, `ICMP`, `ICMPv6`, `SCTP`, `UDPLite`) or its number
 * as text.
 * @example
 * ```ts
 * protocolName(6)  // 'TCP'
 * protocolName(47) // '47'
 * ```
 * @since 0.1.0
 */
export const protocolName = (n: number): string => (typeof n === 'number' ? (PROTOCOL_NAMES[n] ?? String(n)) : String(n))

const ProtocolCodec = new t.Type<number, string | number, unknown>(
  'Protocol',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    const n = typeof u === 'string' || typeof u === 'number' ? protocolNumber(u) : undefined
    return n === undefined ? t.failure(u, c, 'a protocol name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite) or a number 0-255') : t.success(n)
  },
  (n) => PROTOCOL_NAMES[n] ?? n,
)

const intIn = (name: string, lo: number, hi: number, expected: string): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number',
    (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= lo && u <= hi ? t.success(u) : t.failure(u, c, expected)),
    t.identity,
  )

/** A packet's protocol as {@link packet} takes it: a number only (names are for the JSON form). */
const ProtocolNumberCodec = intIn('ProtocolNumber', 0, 255, 'a protocol number 0-255 (names such as "TCP" are for decodePacket)')
const PortCodec = intIn('Port', 0, 65535, 'a port number 0-65535')
const IcmpCodec = intIn('IcmpValue', 0, 255, 'an ICMP type or code 0-255')

const AddressText = new t.Type<string, string, unknown>(
  'IPAddress',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && parseAddress(u) !== undefined ? t.success(u) : t.failure(u, c, 'an IPv4 or IPv6 address')),
  t.identity,
)

const CONNTRACK: ReadonlySet<unknown> = new Set(['new', 'established', 'related', 'invalid'])

const ConntrackCodec = new t.Type<Conntrack, Conntrack, unknown>(
  'Conntrack',
  (u): u is Conntrack => CONNTRACK.has(u),
  (u, c) => (CONNTRACK.has(u) ? t.success(u as Conntrack) : t.failure(u, c, 'a conntrack state (new, established, related or invalid)')),
  t.identity,
)

/** An interface name as Linux allows it (`dev_valid_name`); `null` is the host's side. */
const InterfaceCodec = new t.Type<string | null, string | null, unknown>(
  'Interface',
  (u): u is string | null => u === null || (typeof u === 'string' && nameProblem(u) === undefined),
  (u, c) =>
    u === null || (typeof u === 'string' && nameProblem(u) === undefined)
      ? t.success(u)
      : t.failure(u, c, 'an interface name (1-15 bytes; no white space, control characters, "/" or ":"; not "." or "..") or null'),
  t.identity,
)

const fieldsWith = <P extends t.Mixed>(protocol: P) =>
  strict(
    'Packet',
    { protocol, src: AddressText, dst: AddressText },
    {
      srcPort: PortCodec,
      dstPort: PortCodec,
      in: InterfaceCodec,
      out: InterfaceCodec,
      icmpType: IcmpCodec,
      icmpCode: IcmpCodec,
      conntrack: ConntrackCodec,
      preDnatDst: AddressText,
      preDnatDstPort: PortCodec,
    },
  )

/** The decoded fields, before the checks across fields. */
type Fields = Omit<PacketInit, 'protocol'> & { readonly protocol: number }

const ICMP = 1
const ICMPV6 = 58

/** The checks across fields; each problem names the field it is reported at. */
const problems = (p: Fields): ReadonlyArray<{ readonly path: ReadonlyArray<string>; readonly message: string }> => {
  const out: Array<{ readonly path: ReadonlyArray<string>; readonly message: string }> = []
  const family = parseAddress(p.src)?.family
  const dstFamily = parseAddress(p.dst)?.family
  const v = (f: Family | undefined) => (f === 4 ? 'IPv4' : 'IPv6')
  if (family !== dstFamily)
    out.push({ path: [], message: `src ${JSON.stringify(p.src)} (${v(family)}) and dst ${JSON.stringify(p.dst)} (${v(dstFamily)}) must be addresses of the same IP family` })
  else if (p.preDnatDst !== undefined && parseAddress(p.preDnatDst)?.family !== family)
    out.push({ path: ['preDnatDst'], message: `preDnatDst ${JSON.stringify(p.preDnatDst)} must be an address of the same IP family as dst ${JSON.stringify(p.dst)}` })
  if ((p.in ?? null) === null && (p.out ?? null) === null) out.push({ path: [], message: 'in and out cannot both be null (one side must be an interface)' })
  // ICMP is protocol 1 over IPv4 and 58 over IPv6. The other family's number is just another
  // protocol on the wire (the kernel carries it, and felix's ICMP rules do not match it), but it
  // has no ICMP type or code.
  const icmp = (p.protocol === ICMP && family === 4) || (p.protocol === ICMPV6 && family === 6)
  for (const k of ['icmpType', 'icmpCode'] as const) {
    const n = p[k]
    if (n === undefined || icmp || family !== dstFamily) continue
    const which =
      p.protocol === ICMPV6 ? `ICMPv6 is for IPv6 packets; src ${JSON.stringify(p.src)} is IPv4 (use ICMP)`
      : p.protocol === ICMP ? `ICMP is for IPv4 packets; src ${JSON.stringify(p.src)} is IPv6 (use ICMPv6)`
      : `only ICMP and ICMPv6 packets have one, not ${protocolName(p.protocol)}`
    out.push({ path: [k], message: `${k} ${n}: ${which}` })
  }
  if (icmp && p.icmpCode !== undefined && p.icmpType === undefined) out.push({ path: ['icmpCode'], message: 'icmpCode requires icmpType' })
  for (const k of ['srcPort', 'dstPort', 'preDnatDstPort'] as const) {
    const n = p[k]
    if (n !== undefined && icmp) out.push({ path: [k], message: `${k} ${n}: ${protocolName(p.protocol)} packets have no ports` })
  }
  return out
}

/** Hidden on every checked packet: its numeric views, computed once when it is made. */
const VIEWS: unique symbol = Symbol('calico-policy.packet-views')

/** The numeric views of a packet after and before DNAT. @internal */
export interface Views {
  readonly post: PacketView
  readonly pre: PacketView
}

const viewsOf = (p: Fields): Views => {
  const src = parseAddress(p.src) as Address
  const dst = parseAddress(p.dst) as Address
  const post: PacketView = {
    family: src.family,
    protocol: p.protocol,
    src,
    dst,
    srcPort: p.srcPort ?? -1,
    dstPort: p.dstPort ?? -1,
    icmpType: p.icmpType ?? -1,
    icmpCode: p.icmpCode ?? -1,
    conntrack: p.conntrack ?? 'new',
  }
  if (p.preDnatDst === undefined && p.preDnatDstPort === undefined) return { post, pre: post }
  const pre: PacketView = {
    ...post,
    dst: p.preDnatDst === undefined ? dst : (parseAddress(p.preDnatDst) as Address),
    dstPort: p.preDnatDstPort ?? post.dstPort,
  }
  return { post, pre }
}

/** The frozen, branded packet of checked fields, carrying its views. */
const make = (p: Fields): Packet => {
  const out = {
    protocol: p.protocol,
    src: p.src,
    dst: p.dst,
    in: p.in ?? null,
    out: p.out ?? null,
    conntrack: p.conntrack ?? 'new',
    ...(p.srcPort === undefined ? {} : { srcPort: p.srcPort }),
    ...(p.dstPort === undefined ? {} : { dstPort: p.dstPort }),
    ...(p.icmpType === undefined ? {} : { icmpType: p.icmpType }),
    ...(p.icmpCode === undefined ? {} : { icmpCode: p.icmpCode }),
    ...(p.preDnatDst === undefined ? {} : { preDnatDst: p.preDnatDst }),
    ...(p.preDnatDstPort === undefined ? {} : { preDnatDstPort: p.preDnatDstPort }),
  }
  Object.defineProperty(out, VIEWS, { value: viewsOf(p) })
  return Object.freeze(out) as unknown as Packet
}

/** True for a packet made by this module: it carries its views as its own (not inherited) property. */
const isPacket = (u: unknown): u is Packet => typeof u === 'object' && u !== null && Object.hasOwn(u, VIEWS)

const packetCodec = <P extends t.Mixed>(name: string, protocol: P, encode: (p: Packet) => t.OutputOf<P>) => {
  const checked = withChecks(fieldsWith(protocol) as unknown as t.Type<Fields, unknown, unknown>, problems, name)
  return new t.Type<Packet, Omit<PacketJson, 'protocol'> & { readonly protocol: t.OutputOf<P> }, unknown>(
    name,
    isPacket,
    (u, c) => {
      const r = checked.validate(u, c)
      return E.isLeft(r) ? r : t.success(make(r.right))
    },
    (p) => ({ ...p, protocol: encode(p) }),
  )
}

/**
 * The fields of a packet as {@link packet} takes them: the decoded form, with `in`/`out`
 * (default `null`) and `conntrack` (default `new`) optional.
 * @since 0.2.0
 */
export interface PacketInit {
  readonly protocol: number
  readonly src: string
  readonly dst: string
  readonly srcPort?: number
  readonly dstPort?: number
  readonly in?: string | null
  readonly out?: string | null
  readonly icmpType?: number
  readonly icmpCode?: number
  readonly conntrack?: Conntrack
  readonly preDnatDst?: string
  readonly preDnatDstPort?: number
}

/**
 * The JSON form of a packet, as accepted by {@link Packet}'s codec: {@link PacketInit} with the
 * protocol also given by name.
 * @since 0.1.0
 */
export interface PacketJson extends Omit<PacketInit, 'protocol'> {
  readonly protocol: string | number
}

/**
 * The io-ts codec for the JSON packet form:
 * `{"protocol": "TCP", "src": "10.0.0.5", "dst": "10.0.0.1", "srcPort": 40000, "dstPort": 22,
 * "in": "eth0", "out": null}` plus optional `icmpType`, `icmpCode`, `conntrack` (default `new`),
 * `preDnatDst` and `preDnatDstPort`. Unknown fields are errors; `in`/`out` may be omitted (null).
 * Besides each field's own range it refuses what no real packet has: src, dst and preDnatDst of
 * different IP families, an ICMP type or code on anything but ICMP over IPv4 and ICMPv6 over
 * IPv6 (the other family's number alone is just another protocol), ports on ICMP, and interface
 * names Linux would refuse (empty, over 15 bytes, white space, control characters, `/` or `:`).
 * @example
 * ```ts
 * Packet.decode({ protocol: 'TCP', src: '10.0.0.5', dst: '10.0.0.1', dstPort: 22, in: 'eth0', out: null })
 * ```
 * @since 0.1.0
 */
export const Packet = packetCodec('Packet', ProtocolCodec, (p) => PROTOCOL_NAMES[p.protocol] ?? p.protocol)

const PacketInitCodec = packetCodec('Packet', ProtocolNumberCodec, (p) => p.protocol)

/**
 * Decodes a JSON packet, reporting every problem with its field path.
 * @example
 * ```ts
 * decodePacket({ protocol: 'UDP', src: '10.0.0.5', dst: '10.0.0.1', dstPort: 53, in: null, out: 'eth0' })
 * // right({ protocol: 17, ..., conntrack: 'new' })
 * ```
 * @since 0.1.0
 */
export const decodePacket = (u: unknown): Either<ReadonlyNonEmptyArray<CalicoError>, Packet> => decodeWith(Packet)(u)

/**
 * Makes a packet from its fields, for programs that build packets themselves; the protocol is a
 * number and every check of {@link Packet}'s codec applies, each problem reported with its field.
 * @example
 * ```ts
 * packet({ protocol: 6, src: '10.0.0.5', dst: '10.0.0.1', srcPort: 40000, dstPort: 22, in: 'eth0' })
 * // right({ protocol: 6, src: '10.0.0.5', ..., in: 'eth0', out: null, conntrack: 'new' })
 * packet({ protocol: 6, src: '10.0.0.5', dst: '10.0.0.1', dstPort: 70000, in: 'eth0' })
 * // left([{ _tag: 'Decode', path: ['dstPort'], expected: 'a port number 0-65535', actual: 70000 }])
 * ```
 * @since 0.2.0
 */
export const packet = (init: PacketInit): Either<ReadonlyNonEmptyArray<CalicoError>, Packet> => decodeWith(PacketInitCodec)(init)

/**
 * `p` itself if it is a packet made by this module, else `p` checked as {@link packet} checks it
 * (a copy, or an object from JavaScript).
 * @internal
 */
export const trusted = (p: unknown): Either<ReadonlyNonEmptyArray<CalicoError>, Packet> => (isPacket(p) ? E.right(p) : decodeWith(PacketInitCodec)(p))

const parseError = (message: string, column: number): ReadonlyNonEmptyArray<CalicoError> => [
  { _tag: 'Parse', path: [], message, line: 1, column },
]

interface Token {
  readonly text: string
  readonly column: number
}

/** An address with an optional port as written: `10.0.0.1:80`, `[fd00::1]:80`, `fd00::1`. */
interface HostPort {
  readonly host: string
  readonly port?: string
  readonly bracketed: boolean
}

const PORT_TEXT = /^[0-9]{1,5}$/

const splitHostPort = (tok: Token): HostPort | ReadonlyNonEmptyArray<CalicoError> => {
  const s = tok.text
  if (s.startsWith('[')) {
    const close = s.indexOf(']')
    const rest = close < 0 ? '' : s.slice(close + 1)
    if (close < 0 || (rest !== '' && !rest.startsWith(':')))
      return parseError(`cannot read ${JSON.stringify(s)} as an address: write [<IPv6 address>] or [<IPv6 address>]:<port>`, tok.column)
    const host = s.slice(1, close)
    return rest === '' ? { host, bracketed: true } : { host, port: rest.slice(1), bracketed: true }
  }
  const last = s.lastIndexOf(':')
  if (last < 0) return { host: s, bracketed: false }
  if (s.indexOf(':') === last) return { host: s.slice(0, last), port: s.slice(last + 1), bracketed: false }
  // Two or more colons: an IPv6 address without a port, unless its last group could be a port.
  const head = s.slice(0, last)
  const tail = s.slice(last + 1)
  if (PORT_TEXT.test(tail) && Number(tail) <= 65535 && parseAddress(head)?.family === 6)
    return parseError(
      `${JSON.stringify(s)} is ambiguous: write [${head}]:${tail} for the address ${head} with port ${tail}, or [${s}] for an address without a port`,
      tok.column,
    )
  return { host: s, bracketed: false }
}

const CONNTRACK_WORDS: ReadonlySet<string> = new Set(['new', 'established', 'related', 'invalid'])
const VALUE_WORDS: ReadonlySet<string> = new Set(['in', 'out', 'type', 'code', 'dnat'])

/**
 * Parses the one-line text form of a packet:
 * `tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0`, with optional `out <iface>`, `type <n>`,
 * `code <n>`, a conntrack state (`new`, `established`, `related`, `invalid`) and
 * `dnat <address>[:<port>]` (the destination before DNAT), each at most once. IPv6 addresses with
 * a port are bracketed: `[fd00::1]:80`. An unbracketed IPv6 address is refused where it could be
 * misread (`fd00::1:22`: the address `fd00::1:22`, or `fd00::1` with port 22?) and when another
 * address of the packet is bracketed. The fields are then checked as {@link decodePacket} checks
 * the JSON form.
 * @example
 * ```ts
 * parsePacket('icmp 10.0.0.5 -> 10.0.0.1 type 8 code 0 in eth0')
 * parsePacket('tcp [fd00::5]:40000 -> [fd00::1]:80 out eth1 established')
 * ```
 * @since 0.1.0
 */
export const parsePacket = (text: string): Either<ReadonlyNonEmptyArray<CalicoError>, Packet> => {
  if (typeof text !== 'string') return E.left([{ _tag: 'Decode', path: [], expected: 'the text form of a packet', actual: text }])
  const tokens: Array<Token> = []
  const re = /\S+/g
  for (let m = re.exec(text); m !== null; m = re.exec(text)) tokens.push({ text: m[0], column: m.index + 1 })
  const end = text.length + 1
  const at = (i: number) => tokens[i]
  const proto = at(0)
  if (proto === undefined) return E.left(parseError('expected a protocol', 1))
  const src = at(1)
  const arrow = at(2)
  const dst = at(3)
  if (src === undefined) return E.left(parseError('expected a source address', end))
  if (arrow === undefined || arrow.text !== '->') return E.left(parseError("expected '->'", arrow?.column ?? end))
  if (dst === undefined) return E.left(parseError('expected a destination address', end))
  const json: Record<string, unknown> = { protocol: proto.text, in: null, out: null }
  const addresses: Array<{ readonly tok: Token; readonly hp: HostPort }> = []
  const endpoint = (tok: Token, addrKey: string, portKey: string): ReadonlyNonEmptyArray<CalicoError> | undefined => {
    const hp = splitHostPort(tok)
    if (!('host' in hp)) return hp
    json[addrKey] = hp.host
    addresses.push({ tok, hp })
    if (hp.port !== undefined) {
      if (!PORT_TEXT.test(hp.port)) return parseError(`${JSON.stringify(hp.port)} is not a port number 0-65535`, tok.column)
      json[portKey] = Number(hp.port)
    }
    return undefined
  }
  const e1 = endpoint(src, 'src', 'srcPort') ?? endpoint(dst, 'dst', 'dstPort')
  if (e1 !== undefined) return E.left(e1)
  const seen = new Map<string, Token>()
  for (let i = 4; i < tokens.length; i++) {
    const tok = tokens[i] as Token
    const word = tok.text.toLowerCase()
    const key = CONNTRACK_WORDS.has(word) ? 'conntrack' : word
    const before = seen.get(key)
    if (before !== undefined && (key === 'conntrack' || VALUE_WORDS.has(key)))
      return E.left(
        parseError(
          key === 'conntrack'
            ? `a conntrack state is given twice (${JSON.stringify(before.text)}, then ${JSON.stringify(tok.text)})`
            : `${JSON.stringify(tok.text)} is given twice`,
          tok.column,
        ),
      )
    if (key === 'conntrack') {
      seen.set(key, tok)
      json['conntrack'] = word
      continue
    }
    if (!VALUE_WORDS.has(word)) return E.left(parseError(`unexpected ${JSON.stringify(tok.text)}`, tok.column))
    const arg = at(i + 1)
    if (arg === undefined) return E.left(parseError(`expected a value after ${JSON.stringify(tok.text)}`, end))
    seen.set(key, tok)
    i++
    if (word === 'in' || word === 'out') json[word] = arg.text
    else if (word === 'dnat') {
      const e = endpoint(arg, 'preDnatDst', 'preDnatDstPort')
      if (e !== undefined) return E.left(e)
    } else {
      if (!/^[0-9]{1,3}$/.test(arg.text)) return E.left(parseError(`${JSON.stringify(arg.text)} is not an ICMP ${word} 0-255`, arg.column))
      json[word === 'type' ? 'icmpType' : 'icmpCode'] = Number(arg.text)
    }
  }
  if (addresses.some((a) => a.hp.bracketed)) {
    const bare = addresses.find((a) => !a.hp.bracketed && a.hp.host.includes(':'))
    if (bare !== undefined)
      return E.left(parseError(`write the IPv6 address ${JSON.stringify(bare.tok.text)} in brackets ([${bare.hp.host}]), as the packet's other addresses are`, bare.tok.column))
  }
  return decodePacket(json)
}

const endpointText = (address: string, port: number | undefined): string => {
  const host = address.includes(':') ? `[${address}]` : address
  return port === undefined ? host : `${host}:${port}`
}

/**
 * The one-line text form of a packet, as {@link parsePacket} reads it (IPv6 addresses always in
 * brackets; a destination port changed by DNAT without a changed address is written with the
 * destination address: `dnat 10.0.0.1:80`).
 * @example
 * ```ts
 * pipe(parsePacket('TCP 10.0.0.5:40000 -> 10.0.0.1:22  in eth0'), E.map(formatPacket))
 * // right('tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0')
 * ```
 * Anything that is not a packet (from JavaScript) gives the text `not a packet`.
 * @since 0.2.0
 */
export const formatPacket = (packet: Packet): string => {
  const checked = trusted(packet)
  if (E.isLeft(checked)) return 'not a packet'
  const p = checked.right
  const words = [
    (PROTOCOL_NAMES[p.protocol] ?? String(p.protocol)).toLowerCase(),
    endpointText(p.src, p.srcPort),
    '->',
    endpointText(p.dst, p.dstPort),
  ]
  if (p.in !== null) words.push('in', p.in)
  if (p.out !== null) words.push('out', p.out)
  if (p.icmpType !== undefined) words.push('type', String(p.icmpType))
  if (p.icmpCode !== undefined) words.push('code', String(p.icmpCode))
  if (p.conntrack !== 'new') words.push(p.conntrack)
  if (p.preDnatDst !== undefined || p.preDnatDstPort !== undefined) words.push('dnat', endpointText(p.preDnatDst ?? p.dst, p.preDnatDstPort))
  return words.join(' ')
}

/**
 * The numeric view of a packet used while evaluating. Ports and ICMP fields are −1 when absent.
 * @internal
 */
export interface PacketView {
  readonly family: Family
  readonly protocol: number
  readonly src: Address
  readonly dst: Address
  readonly srcPort: number
  readonly dstPort: number
  readonly icmpType: number
  readonly icmpCode: number
  readonly conntrack: Conntrack
}

/**
 * The numeric views of a packet after and before DNAT, computed when the packet was made.
 * @internal
 */
export const viewOf = (p: Packet): Views => (p as unknown as { readonly [VIEWS]: Views })[VIEWS]
