/**
 * Packets: the JSON form (an io-ts codec), the one-line text form, and the numeric view the
 * evaluator works on.
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import { decodeWith, failInvalid, strict } from '../model/codec.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import { parseAddress, type Address, type Family } from '../policy/address.js'

/**
 * Connection-tracking state of the packet's flow as the kernel would classify it.
 * @since 0.1.0
 */
export type Conntrack = 'new' | 'established' | 'related' | 'invalid'

/**
 * A decoded packet. `protocol` is a number (names are decoded: TCP 6, UDP 17, ICMP 1, ICMPv6 58,
 * SCTP 132, UDPLite 136). `in: null` means the host itself sent the packet; `out: null` means the
 * host itself receives it. `preDnatDst`/`preDnatDstPort` give the destination before DNAT (for
 * example a service IP); by default the packet was not DNATed.
 * @since 0.1.0
 */
export interface Packet {
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
export const protocolName = (n: number): string => PROTOCOL_NAMES[n] ?? String(n)

const ProtocolCodec = new t.Type<number, string | number, unknown>(
  'Protocol',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    if (typeof u !== 'string' && typeof u !== 'number') return t.failure(u, c, 'a protocol name or number')
    const n = protocolNumber(u)
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

const PortCodec = intIn('Port', 0, 65535, 'a port number 0-65535')
const IcmpCodec = intIn('IcmpValue', 0, 255, 'an ICMP type or code 0-255')

const AddressText = new t.Type<string, string, unknown>(
  'IPAddress',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && parseAddress(u) !== undefined ? t.success(u) : t.failure(u, c, 'an IPv4 or IPv6 address')),
  t.identity,
)

const ConntrackCodec = t.keyof({ new: null, established: null, related: null, invalid: null })

const Interface = t.union([t.string, t.null])

const PacketFields = strict(
  'Packet',
  { protocol: ProtocolCodec, src: AddressText, dst: AddressText },
  {
    srcPort: PortCodec,
    dstPort: PortCodec,
    in: Interface,
    out: Interface,
    icmpType: IcmpCodec,
    icmpCode: IcmpCodec,
    conntrack: ConntrackCodec,
    preDnatDst: AddressText,
    preDnatDstPort: PortCodec,
  },
)

/**
 * The JSON form of a packet, as accepted by {@link Packet}'s codec.
 * @since 0.1.0
 */
export interface PacketJson {
  readonly protocol: string | number
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

const familyOf = (s: string): Family | undefined => parseAddress(s)?.family

/**
 * The io-ts codec for the JSON packet form:
 * `{"protocol": "TCP", "src": "10.0.0.5", "dst": "10.0.0.1", "srcPort": 40000, "dstPort": 22,
 * "in": "eth0", "out": null}` plus optional `icmpType`, `icmpCode`, `conntrack` (default `new`),
 * `preDnatDst` and `preDnatDstPort`. Unknown fields are errors; `in`/`out` may be omitted (null).
 * @example
 * ```ts
 * Packet.decode({ protocol: 'TCP', src: '10.0.0.5', dst: '10.0.0.1', dstPort: 22, in: 'eth0', out: null })
 * ```
 * @since 0.1.0
 */
export const Packet = new t.Type<Packet, PacketJson, unknown>(
  'Packet',
  (u): u is Packet => PacketFields.is(u),
  (u, c) => {
    const r = PacketFields.validate(u, c)
    if (E.isLeft(r)) return r
    const p = r.right
    const fam = familyOf(p.src)
    if (fam !== familyOf(p.dst)) return failInvalid(u, c, 'src and dst must be addresses of the same IP family')
    if (p.preDnatDst !== undefined && familyOf(p.preDnatDst) !== fam)
      return failInvalid(u, c, 'preDnatDst must be an address of the same IP family as dst')
    const inIf = p.in ?? null
    const outIf = p.out ?? null
    if (inIf === null && outIf === null) return failInvalid(u, c, 'in and out cannot both be null (one side must be an interface)')
    if (p.icmpCode !== undefined && p.icmpType === undefined) return failInvalid(u, c, 'icmpCode requires icmpType')
    const out: Packet = {
      protocol: p.protocol,
      src: p.src,
      dst: p.dst,
      in: inIf,
      out: outIf,
      conntrack: p.conntrack ?? 'new',
      ...(p.srcPort === undefined ? {} : { srcPort: p.srcPort }),
      ...(p.dstPort === undefined ? {} : { dstPort: p.dstPort }),
      ...(p.icmpType === undefined ? {} : { icmpType: p.icmpType }),
      ...(p.icmpCode === undefined ? {} : { icmpCode: p.icmpCode }),
      ...(p.preDnatDst === undefined ? {} : { preDnatDst: p.preDnatDst }),
      ...(p.preDnatDstPort === undefined ? {} : { preDnatDstPort: p.preDnatDstPort }),
    }
    return t.success(out)
  },
  (p) => ({ ...p, protocol: PROTOCOL_NAMES[p.protocol] ?? p.protocol }),
)

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

const parseError = (message: string, column: number): ReadonlyNonEmptyArray<CalicoError> => [
  { _tag: 'Parse', path: [], message, line: 1, column },
]

const splitHostPort = (s: string): { readonly host: string; readonly port?: string } | undefined => {
  if (s.startsWith('[')) {
    const close = s.indexOf(']')
    if (close < 0) return undefined
    const host = s.slice(1, close)
    const rest = s.slice(close + 1)
    if (rest === '') return { host }
    if (!rest.startsWith(':')) return undefined
    return { host, port: rest.slice(1) }
  }
  const colons = s.split(':').length - 1
  if (colons === 1) {
    const i = s.indexOf(':')
    return { host: s.slice(0, i), port: s.slice(i + 1) }
  }
  return { host: s }
}

/**
 * Parses the one-line text form of a packet:
 * `tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0`, with optional `out <iface>`, `type <n>`,
 * `code <n>`, a conntrack state (`new`, `established`, `related`, `invalid`) and
 * `dnat <address>[:<port>]` (the destination before DNAT). IPv6 addresses with a port are
 * bracketed: `[fd00::1]:80`.
 * @example
 * ```ts
 * parsePacket('icmp 10.0.0.5 -> 10.0.0.1 type 8 code 0 in eth0')
 * parsePacket('tcp [fd00::5]:40000 -> [fd00::1]:80 out eth1 established')
 * ```
 * @since 0.1.0
 */
export const parsePacket = (text: string): Either<ReadonlyNonEmptyArray<CalicoError>, Packet> => {
  const tokens: Array<{ readonly text: string; readonly column: number }> = []
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
  const json: Record<string, unknown> = { protocol: proto.text }
  const endpoint = (tok: { readonly text: string; readonly column: number }, addrKey: string, portKey: string) => {
    const hp = splitHostPort(tok.text)
    if (hp === undefined) return parseError(`cannot read ${JSON.stringify(tok.text)} as an address`, tok.column)
    json[addrKey] = hp.host
    if (hp.port !== undefined) {
      if (!/^[0-9]{1,5}$/.test(hp.port)) return parseError(`invalid port ${JSON.stringify(hp.port)}`, tok.column)
      json[portKey] = Number(hp.port)
    }
    return undefined
  }
  const e1 = endpoint(src, 'src', 'srcPort') ?? endpoint(dst, 'dst', 'dstPort')
  if (e1 !== undefined) return E.left(e1)
  json['in'] = null
  json['out'] = null
  for (let i = 4; i < tokens.length; i++) {
    const tok = tokens[i] as { readonly text: string; readonly column: number }
    const word = tok.text.toLowerCase()
    if (word === 'new' || word === 'established' || word === 'related' || word === 'invalid') {
      json['conntrack'] = word
      continue
    }
    const arg = at(i + 1)
    if (word === 'in' || word === 'out' || word === 'type' || word === 'code' || word === 'dnat') {
      if (arg === undefined) return E.left(parseError(`expected a value after ${JSON.stringify(tok.text)}`, end))
      i++
      if (word === 'in' || word === 'out') json[word] = arg.text
      else if (word === 'dnat') {
        const e = endpoint(arg, 'preDnatDst', 'preDnatDstPort')
        if (e !== undefined) return E.left(e)
      } else {
        if (!/^[0-9]{1,3}$/.test(arg.text)) return E.left(parseError(`invalid ICMP ${word} ${JSON.stringify(arg.text)}`, arg.column))
        json[word === 'type' ? 'icmpType' : 'icmpCode'] = Number(arg.text)
      }
      continue
    }
    return E.left(parseError(`unexpected ${JSON.stringify(tok.text)}`, tok.column))
  }
  return decodePacket(json)
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
 * Builds the numeric view of a decoded packet, and the view seen before DNAT.
 * @internal
 */
export const viewOf = (p: Packet): { readonly post: PacketView; readonly pre: PacketView } => {
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
    conntrack: p.conntrack,
  }
  if (p.preDnatDst === undefined && p.preDnatDstPort === undefined) return { post, pre: post }
  const pre: PacketView = {
    ...post,
    dst: p.preDnatDst === undefined ? dst : (parseAddress(p.preDnatDst) as Address),
    dstPort: p.preDnatDstPort ?? post.dstPort,
  }
  return { post, pre }
}
