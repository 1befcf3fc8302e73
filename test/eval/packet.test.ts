import { describe, expect, it } from 'vitest'
import { decodePacket, Packet, parsePacket, protocolName, protocolNumber, viewOf } from '../../src/eval/packet.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

describe('decodePacket', () => {
  it('decodes the JSON form, naming protocols by number and defaulting conntrack', () => {
    expect(decodePacket({ protocol: 'TCP', src: '10.0.0.5', dst: '10.0.0.1', srcPort: 40000, dstPort: 22, in: 'eth0', out: null })).toEqual(
      E.right({ protocol: 6, src: '10.0.0.5', dst: '10.0.0.1', srcPort: 40000, dstPort: 22, in: 'eth0', out: null, conntrack: 'new' }),
    )
    expect(
      decodePacket({ protocol: 58, src: 'fd00::5', dst: 'fd00::1', icmpType: 128, icmpCode: 0, out: 'eth1', conntrack: 'related', preDnatDst: 'fd00::9' }),
    ).toEqual(
      E.right({ protocol: 58, src: 'fd00::5', dst: 'fd00::1', icmpType: 128, icmpCode: 0, in: null, out: 'eth1', conntrack: 'related', preDnatDst: 'fd00::9' }),
    )
    expect(decodePacket({ protocol: 'udplite', src: '1.1.1.1', dst: '2.2.2.2', in: 'a', out: 'b' })).toEqual(
      E.right({ protocol: 136, src: '1.1.1.1', dst: '2.2.2.2', in: 'a', out: 'b', conntrack: 'new' }),
    )
  })

  it('reports every problem with its path', () => {
    const r = decodePacket({ protocol: 'GRE', src: '10.0.0.300', dst: '10.0.0.1', dstPort: 70000, in: 'eth0', extra: 1 })
    expect(E.isLeft(r) ? r.left.map(formatError) : []).toEqual([
      'extra: unknown field "extra"',
      'protocol: "GRE" is not a protocol name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite) or a number 0-255',
      'src: "10.0.0.300" is not an IPv4 or IPv6 address',
      'dstPort: 70000 is not a port number 0-65535',
    ])
  })

  it('checks the packet as a whole', () => {
    const msg = (u: unknown) => {
      const r = decodePacket(u)
      return E.isLeft(r) ? r.left.map(formatError) : []
    }
    expect(msg({ protocol: 6, src: '10.0.0.1', dst: 'fd00::1', in: 'eth0' })).toEqual(['src and dst must be addresses of the same IP family'])
    expect(msg({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', in: null, out: null })).toEqual([
      'in and out cannot both be null (one side must be an interface)',
    ])
    expect(msg({ protocol: 1, src: '10.0.0.1', dst: '10.0.0.2', in: 'eth0', icmpCode: 1 })).toEqual(['icmpCode requires icmpType'])
    expect(msg({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', in: 'eth0', preDnatDst: 'fd00::1' })).toEqual([
      'preDnatDst must be an address of the same IP family as dst',
    ])
  })

  it('encodes back to the JSON form with protocol names', () => {
    const p = parsePacket('tcp 10.0.0.5:1 -> 10.0.0.1:2 in eth0')
    expect(E.isRight(p) ? Packet.encode(p.right) : undefined).toEqual({
      protocol: 'TCP',
      src: '10.0.0.5',
      dst: '10.0.0.1',
      srcPort: 1,
      dstPort: 2,
      in: 'eth0',
      out: null,
      conntrack: 'new',
    })
  })
})

describe('parsePacket', () => {
  it('reads the text form', () => {
    expect(parsePacket('tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0')).toEqual(
      E.right({ protocol: 6, src: '10.0.0.5', dst: '10.0.0.1', srcPort: 40000, dstPort: 22, in: 'eth0', out: null, conntrack: 'new' }),
    )
    expect(parsePacket('icmp 10.0.0.5 -> 10.0.0.1 type 8 code 0 out eth1')).toEqual(
      E.right({ protocol: 1, src: '10.0.0.5', dst: '10.0.0.1', icmpType: 8, icmpCode: 0, in: null, out: 'eth1', conntrack: 'new' }),
    )
    expect(parsePacket('TCP [fd00::5]:40000 -> [fd00::1]:80 in eth0 out cali1 established dnat [fd00::99]:8080')).toEqual(
      E.right({
        protocol: 6,
        src: 'fd00::5',
        dst: 'fd00::1',
        srcPort: 40000,
        dstPort: 80,
        in: 'eth0',
        out: 'cali1',
        conntrack: 'established',
        preDnatDst: 'fd00::99',
        preDnatDstPort: 8080,
      }),
    )
    expect(parsePacket('udp 10.0.0.5:5000 -> 10.0.0.1:53 in eth0 dnat 10.96.0.10:53')).toEqual(
      E.right({ protocol: 17, src: '10.0.0.5', dst: '10.0.0.1', srcPort: 5000, dstPort: 53, in: 'eth0', out: null, conntrack: 'new', preDnatDst: '10.96.0.10', preDnatDstPort: 53 }),
    )
    expect(parsePacket('47 fd00::5 -> fd00::1 in eth0')).toEqual(E.right({ protocol: 47, src: 'fd00::5', dst: 'fd00::1', in: 'eth0', out: null, conntrack: 'new' }))
  })

  it('reports the column of a syntax error', () => {
    expect(parsePacket('tcp 10.0.0.5:1 => 10.0.0.1:2')).toEqual(E.left([{ _tag: 'Parse', path: [], message: "expected '->'", line: 1, column: 16 }]))
    expect(parsePacket('tcp 10.0.0.5:1 -> 10.0.0.1:2 in')).toEqual(E.left([{ _tag: 'Parse', path: [], message: 'expected a value after "in"', line: 1, column: 32 }]))
    expect(parsePacket('tcp 10.0.0.5:1 -> 10.0.0.1:2 sideways')).toEqual(E.left([{ _tag: 'Parse', path: [], message: 'unexpected "sideways"', line: 1, column: 30 }]))
    expect(parsePacket('')).toEqual(E.left([{ _tag: 'Parse', path: [], message: 'expected a protocol', line: 1, column: 1 }]))
  })

  it('hands the decoded fields to the codec checks', () => {
    const r = parsePacket('tcp 10.0.0.5:1 -> 10.0.0.1:2')
    expect(E.isLeft(r) ? r.left.map(formatError) : []).toEqual(['in and out cannot both be null (one side must be an interface)'])
  })
})

describe('protocol names', () => {
  it('maps names and numbers both ways', () => {
    expect([protocolNumber('TCP'), protocolNumber('icmpv6'), protocolNumber('17'), protocolNumber(300), protocolNumber('gre')]).toEqual([6, 58, 17, undefined, undefined])
    expect([protocolName(132), protocolName(47)]).toEqual(['SCTP', '47'])
  })
})

describe('viewOf', () => {
  it('builds the numeric views after and before DNAT', () => {
    const p = parsePacket('tcp 10.0.0.5:1 -> 10.0.0.1:8080 in eth0 dnat 10.96.0.10:80')
    if (E.isLeft(p)) throw new Error('parse')
    expect(viewOf(p.right)).toEqual({
      post: { family: 4, protocol: 6, src: { family: 4, value: 167772165 }, dst: { family: 4, value: 167772161 }, srcPort: 1, dstPort: 8080, icmpType: -1, icmpCode: -1, conntrack: 'new' },
      pre: { family: 4, protocol: 6, src: { family: 4, value: 167772165 }, dst: { family: 4, value: 174063626 }, srcPort: 1, dstPort: 80, icmpType: -1, icmpCode: -1, conntrack: 'new' },
    })
  })
})
