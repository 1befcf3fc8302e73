/**
 * Packet bytes for the kernel suite: an IPv4 or IPv6 packet (or an Ethernet frame around one)
 * for a probe (a packet as plain data), with valid checksums (conntrack drops bad TCP/UDP/ICMP/SCTP checksums as
 * invalid) and a marker in the payload that the agent finds again on arrival.
 *
 * Layer 4 by protocol: TCP is a SYN, SCTP an INIT chunk (so conntrack sees a new flow), UDP and
 * UDP-Lite a datagram, ICMP/ICMPv6 an 8-byte header with the given type and code, anything else
 * an 8-byte zero header. The marker (MAGIC, tag, sequence number) follows the layer-4 header.
 */
import type { Probe } from './lab.js'
import { parseAddress, type Address, type Family } from '../../../src/policy/address.js'

export const MAGIC = Buffer.from('c91ca11c', 'hex')

const TCP = 6
const UDP = 17
const ICMP = 1
const ICMPV6 = 58
const SCTP = 132
const UDPLITE = 136
const UDP_PSEUDO = 17

/** IPv6 next-header values the kernel (and ip6tables `-p`) parse as extension headers, not as the upper protocol. */
export const IPV6_EXTENSION_HEADERS: ReadonlySet<number> = new Set([0, 43, 44, 51, 59, 60, 135, 139, 140, 253, 254])

export const addressBytes = (a: Address): Buffer => {
  if (a.family === 4) {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(a.value >>> 0)
    return b
  }
  const b = Buffer.alloc(16)
  let v = a.value
  for (let i = 15; i >= 0; i--) {
    b[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return b
}

const sum16 = (buffers: ReadonlyArray<Buffer>): number => {
  let s = 0
  for (const b of buffers) {
    for (let i = 0; i + 1 < b.length; i += 2) s += b.readUInt16BE(i)
    if (b.length % 2 === 1) s += (b[b.length - 1] as number) << 8
  }
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16)
  return s
}

/** The Internet checksum (RFC 1071) over the concatenation of `buffers` (each even-length except the last). */
export const inetChecksum = (buffers: ReadonlyArray<Buffer>): number => ~sum16(buffers) & 0xffff

const pseudoHeader = (family: Family, src: Buffer, dst: Buffer, protocol: number, length: number): Buffer => {
  if (family === 4) {
    const b = Buffer.alloc(12)
    src.copy(b, 0)
    dst.copy(b, 4)
    b[9] = protocol
    b.writeUInt16BE(length, 10)
    return b
  }
  const b = Buffer.alloc(40)
  src.copy(b, 0)
  dst.copy(b, 16)
  b.writeUInt32BE(length, 32)
  b[39] = protocol
  return b
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** CRC32c (Castagnoli), SCTP's checksum. */
export const crc32c = (b: Buffer): number => {
  let c = 0xffffffff
  for (const x of b) c = (CRC32C_TABLE[(c ^ x) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** The marker for packet `seq` of a batch tagged `tag` (4 bytes). */
export const marker = (tag: Buffer, seq: number): Buffer => {
  const b = Buffer.alloc(12)
  MAGIC.copy(b, 0)
  tag.copy(b, 4)
  b.writeUInt32BE(seq >>> 0, 8)
  return b
}

/** The layer-4 header length the wire form uses for a protocol (the marker follows it). */
export const l4HeaderLength = (protocol: number): number =>
  protocol === TCP ? 20 : protocol === SCTP ? 12 + 20 + 4 : 8

const l4 = (p: Probe, family: Family, src: Buffer, dst: Buffer, mark: Buffer, seq: number): Buffer => {
  const sport = p.srcPort ?? 0
  const dport = p.dstPort ?? 0
  switch (p.protocol) {
    case TCP: {
      const h = Buffer.alloc(20)
      h.writeUInt16BE(sport, 0)
      h.writeUInt16BE(dport, 2)
      h.writeUInt32BE((seq * 7919 + 1) >>> 0, 4) // sequence number
      h[12] = 5 << 4 // data offset: 5 words
      h[13] = 0x02 // SYN
      h.writeUInt16BE(64240, 14) // window
      const seg = Buffer.concat([h, mark])
      seg.writeUInt16BE(inetChecksum([pseudoHeader(family, src, dst, TCP, seg.length), seg]), 16)
      return seg
    }
    case UDP:
    case UDPLITE: {
      const h = Buffer.alloc(8)
      h.writeUInt16BE(sport, 0)
      h.writeUInt16BE(dport, 2)
      const seg = Buffer.concat([h, mark])
      // UDP: length; UDP-Lite: checksum coverage 0 = the whole datagram. Linux conntrack checks a
      // UDP-Lite checksum over a pseudo-header with UDP's protocol number (17), not 136 as RFC 3828
      // has it, and calls any other packet invalid (harness.test.ts shows it): the lab sends what
      // conntrack accepts, so that the packet reaches the policy.
      seg.writeUInt16BE(p.protocol === UDP ? seg.length : 0, 4)
      const c = inetChecksum([pseudoHeader(family, src, dst, UDP_PSEUDO, seg.length), seg])
      seg.writeUInt16BE(c === 0 ? 0xffff : c, 6)
      return seg
    }
    case SCTP: {
      // Common header (verification tag 0, as INIT requires), then one INIT chunk whose optional
      // parameter (an unrecognised type, skipped by receivers) carries the marker.
      const h = Buffer.alloc(12)
      h.writeUInt16BE(sport, 0)
      h.writeUInt16BE(dport, 2)
      const chunk = Buffer.alloc(20 + 4)
      chunk[0] = 1 // INIT
      chunk.writeUInt16BE(20 + 4 + mark.length, 2)
      chunk.writeUInt32BE((seq * 2654435761 + 1) >>> 0 || 1, 4) // initiate tag, non-zero
      chunk.writeUInt32BE(65535, 8) // a_rwnd
      chunk.writeUInt16BE(1, 12) // outbound streams
      chunk.writeUInt16BE(1, 14) // inbound streams
      chunk.writeUInt32BE(seq >>> 0, 16) // initial TSN
      chunk.writeUInt16BE(0xbf00, 20) // parameter type (high bits 10: skip, do not report)
      chunk.writeUInt16BE(4 + mark.length, 22)
      const seg = Buffer.concat([h, chunk, mark])
      seg.writeUInt32LE(crc32c(seg), 8)
      return seg
    }
    default: {
      const h = Buffer.alloc(8)
      const isIcmp = (family === 4 && p.protocol === ICMP) || (family === 6 && p.protocol === ICMPV6)
      if (isIcmp) {
        h[0] = p.icmpType ?? 0
        h[1] = p.icmpCode ?? 0
        h.writeUInt16BE(seq & 0xffff, 4) // identifier: unique per packet, so conntrack never joins two
        h.writeUInt16BE((seq >>> 16) & 0xffff, 6)
      }
      const seg = Buffer.concat([h, mark])
      if (isIcmp) {
        const c = family === 4 ? inetChecksum([seg]) : inetChecksum([pseudoHeader(6, src, dst, ICMPV6, seg.length), seg])
        seg.writeUInt16BE(c, 2)
      }
      return seg
    }
  }
}

/**
 * The IP packet (header included) for a decoded packet, carrying the marker for `seq`. A packet
 * with `preDnatDst`/`preDnatDstPort` is built as it is before DNAT (the lab's nat rule rewrites it).
 */
export const ipPacket = (packet: Probe, tag: Buffer, seq: number): Buffer => {
  const p: Probe = { ...packet, dst: packet.preDnatDst ?? packet.dst, ...(packet.preDnatDstPort === undefined ? {} : { dstPort: packet.preDnatDstPort }) }
  const s = parseAddress(p.src) as Address
  const d = parseAddress(p.dst) as Address
  const src = addressBytes(s)
  const dstB = addressBytes(d)
  const seg = l4(p, s.family, src, dstB, marker(tag, seq), seq)
  if (s.family === 4) {
    const h = Buffer.alloc(20)
    h[0] = 0x45
    h.writeUInt16BE(20 + seg.length, 2)
    h.writeUInt16BE(seq & 0xffff, 4)
    h.writeUInt16BE(0x4000, 6) // DF
    h[8] = 64
    h[9] = p.protocol
    src.copy(h, 12)
    dstB.copy(h, 16)
    h.writeUInt16BE(inetChecksum([h]), 10)
    return Buffer.concat([h, seg])
  }
  const h = Buffer.alloc(40)
  h.writeUInt32BE((0x6 << 28) | (seq & 0xfffff), 0)
  h.writeUInt16BE(seg.length, 4)
  h[6] = p.protocol
  h[7] = 64
  src.copy(h, 8)
  dstB.copy(h, 24)
  return Buffer.concat([h, seg])
}

/** The marker's offset from the start of the IP header in {@link ipPacket}'s output. */
export const markerOffset = (family: Family, protocol: number): number => (family === 4 ? 20 : 40) + l4HeaderLength(protocol)

/** An Ethernet frame around an IP packet. MACs are `aa:bb:…` strings. */
export const ethernet = (dstMac: string, srcMac: string, family: Family, ip: Buffer): Buffer => {
  const h = Buffer.alloc(14)
  Buffer.from(dstMac.replace(/:/g, ''), 'hex').copy(h, 0)
  Buffer.from(srcMac.replace(/:/g, ''), 'hex').copy(h, 6)
  h.writeUInt16BE(family === 4 ? 0x0800 : 0x86dd, 12)
  return Buffer.concat([h, ip])
}
