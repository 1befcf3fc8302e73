import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/eval/evaluate.js'
import { decodePacket, formatPacket, packet, Packet, parsePacket, protocolName, protocolNumber, viewOf } from '../../src/eval/packet.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import { allowAll, hep, world } from './hand-world.js'

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

  it('checks the packet as a whole, at the field concerned', () => {
    expect(decodePacket({ protocol: 6, src: '10.0.0.1', dst: 'fd00::1', in: 'eth0' })).toEqual(
      E.left([{ _tag: 'Invalid', path: [], message: 'src "10.0.0.1" (IPv4) and dst "fd00::1" (IPv6) must be addresses of the same IP family' }]),
    )
    expect(decodePacket({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', in: null, out: null })).toEqual(
      E.left([{ _tag: 'Invalid', path: [], message: 'in and out cannot both be null (one side must be an interface)' }]),
    )
    expect(decodePacket({ protocol: 1, src: '10.0.0.1', dst: '10.0.0.2', in: 'eth0', icmpCode: 1 })).toEqual(
      E.left([{ _tag: 'Invalid', path: ['icmpCode'], message: 'icmpCode requires icmpType' }]),
    )
    expect(decodePacket({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', in: 'eth0', preDnatDst: 'fd00::1' })).toEqual(
      E.left([{ _tag: 'Invalid', path: ['preDnatDst'], message: 'preDnatDst "fd00::1" must be an address of the same IP family as dst "10.0.0.2"' }]),
    )
  })

  it('refuses protocol fields that do not fit the protocol or the IP family', () => {
    expect(decodePacket({ protocol: 'ICMPv6', src: '10.0.0.1', dst: '10.0.0.2', icmpType: 128, in: 'eth0' })).toEqual(
      E.left([{ _tag: 'Invalid', path: ['icmpType'], message: 'icmpType 128: ICMPv6 is for IPv6 packets; src "10.0.0.1" is IPv4 (use ICMP)' }]),
    )
    expect(decodePacket({ protocol: 'icmp', src: 'fd00::1', dst: 'fd00::2', icmpType: 8, icmpCode: 0, in: 'eth0' })).toEqual(
      E.left([
        { _tag: 'Invalid', path: ['icmpType'], message: 'icmpType 8: ICMP is for IPv4 packets; src "fd00::1" is IPv6 (use ICMPv6)' },
        { _tag: 'Invalid', path: ['icmpCode'], message: 'icmpCode 0: ICMP is for IPv4 packets; src "fd00::1" is IPv6 (use ICMPv6)' },
      ]),
    )
    expect(decodePacket({ protocol: 'UDP', src: '10.0.0.1', dst: '10.0.0.2', icmpType: 8, icmpCode: 0, in: 'eth0' })).toEqual(
      E.left([
        { _tag: 'Invalid', path: ['icmpType'], message: 'icmpType 8: only ICMP and ICMPv6 packets have one, not UDP' },
        { _tag: 'Invalid', path: ['icmpCode'], message: 'icmpCode 0: only ICMP and ICMPv6 packets have one, not UDP' },
      ]),
    )
    expect(decodePacket({ protocol: 'TCP', src: '10.0.0.1', dst: '10.0.0.2', icmpCode: 3, in: 'eth0' })).toEqual(
      E.left([{ _tag: 'Invalid', path: ['icmpCode'], message: 'icmpCode 3: only ICMP and ICMPv6 packets have one, not TCP' }]),
    )
    // The other family's ICMP number without ICMP fields is just another protocol on the wire.
    expect(decodePacket({ protocol: 1, src: 'fd00::1', dst: 'fd00::2', in: 'eth0' })).toEqual(
      E.right({ protocol: 1, src: 'fd00::1', dst: 'fd00::2', in: 'eth0', out: null, conntrack: 'new' }),
    )
    expect(decodePacket({ protocol: 58, src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, in: 'eth0' })).toEqual(
      E.right({ protocol: 58, src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, in: 'eth0', out: null, conntrack: 'new' }),
    )
    expect(decodePacket({ protocol: 'ICMP', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 22, preDnatDstPort: 80, in: 'eth0' })).toEqual(
      E.left([
        { _tag: 'Invalid', path: ['srcPort'], message: 'srcPort 1: ICMP packets have no ports' },
        { _tag: 'Invalid', path: ['dstPort'], message: 'dstPort 22: ICMP packets have no ports' },
        { _tag: 'Invalid', path: ['preDnatDstPort'], message: 'preDnatDstPort 80: ICMP packets have no ports' },
      ]),
    )
  })

  it('refuses interface names Linux would refuse, quoting them', () => {
    const expected = 'an interface name (1-15 bytes; no white space, control characters, "/" or ":"; not "." or "..") or null'
    const bad = ['', 'a-very-long-name', 'eth\u0000', 'eth\u001b[2J', 'eth 0', 'eth0:1', 'a/b', '.', '..', 'ééééééééé', 42]
    for (const name of bad) {
      expect(decodePacket({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', in: name, out: 'eth1' })).toEqual(
        E.left([{ _tag: 'Decode', path: ['in'], expected, actual: name }]),
      )
      expect(decodePacket({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', in: 'eth1', out: name })).toEqual(
        E.left([{ _tag: 'Decode', path: ['out'], expected, actual: name }]),
      )
    }
    expect(formatError({ _tag: 'Decode', path: ['in'], expected, actual: '' })).toBe(`in: "" is not ${expected}`)
    // 15 bytes is the most Linux allows (IFNAMSIZ less the NUL); a 2-byte UTF-8 letter counts twice.
    expect(E.isRight(decodePacket({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', in: 'cali0123456789a', out: 'éééééééx' }))).toBe(true)
  })

  it('quotes a bad protocol, port or conntrack state', () => {
    const r = decodePacket({ protocol: 'TPC', src: '10.0.0.1', dst: '10.0.0.2', dstPort: 443.5, conntrack: 'bogus', in: 'eth0' })
    expect(E.isLeft(r) ? r.left.map(formatError) : []).toEqual([
      'protocol: "TPC" is not a protocol name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite) or a number 0-255',
      'dstPort: 443.5 is not a port number 0-65535',
      'conntrack: "bogus" is not a conntrack state (new, established, related or invalid)',
    ])
  })

  it('returns a Left for anything that is not an object, never throws', () => {
    for (const u of [undefined, null, 42, 'tcp 10.0.0.1 -> 10.0.0.2 in eth0', [], () => 1])
      expect(decodePacket(u)).toEqual(E.left([{ _tag: 'Decode', path: [], expected: 'an object (Packet)', actual: u }]))
  })

  it('makes frozen packets that carry their views; a copy is not a packet', () => {
    const p = decodePacket({ protocol: 'TCP', src: '10.0.0.5', dst: '10.0.0.1', dstPort: 22, in: 'eth0' })
    if (E.isLeft(p)) throw new Error('decode')
    expect(Object.isFrozen(p.right)).toBe(true)
    expect(Packet.is(p.right)).toBe(true)
    expect(Packet.is({ ...p.right })).toBe(false)
    expect(Packet.is(Object.create(p.right))).toBe(false)
    expect(viewOf(p.right).post.dstPort).toBe(22)
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
    const r2 = parsePacket('udp 10.0.0.1 -> 10.0.0.2 type 8 in eth0')
    expect(E.isLeft(r2) ? r2.left.map(formatError) : []).toEqual(['icmpType: icmpType 8: only ICMP and ICMPv6 packets have one, not UDP'])
    const r3 = parsePacket('icmpv6 10.0.0.1 -> 10.0.0.2 type 128 in eth0')
    expect(E.isLeft(r3) ? r3.left.map(formatError) : []).toEqual(['icmpType: icmpType 128: ICMPv6 is for IPv6 packets; src "10.0.0.1" is IPv4 (use ICMP)'])
    const r4 = parsePacket('TPC 10.0.0.1 -> 10.0.0.2 in eth0')
    expect(E.isLeft(r4) ? r4.left.map(formatError) : []).toEqual([
      'protocol: "TPC" is not a protocol name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite) or a number 0-255',
    ])
  })

  it('refuses an unbracketed IPv6 address whose last group could be a port', () => {
    expect(parsePacket('tcp [fd00::5]:40000 -> fd00::1:22 in eth0')).toEqual(
      E.left([
        {
          _tag: 'Parse',
          path: [],
          message: '"fd00::1:22" is ambiguous: write [fd00::1]:22 for the address fd00::1 with port 22, or [fd00::1:22] for an address without a port',
          line: 1,
          column: 24,
        },
      ]),
    )
    expect(parsePacket('udp fd00::5:53 -> fd00::1 in eth0')).toEqual(
      E.left([
        {
          _tag: 'Parse',
          path: [],
          message: '"fd00::5:53" is ambiguous: write [fd00::5]:53 for the address fd00::5 with port 53, or [fd00::5:53] for an address without a port',
          line: 1,
          column: 5,
        },
      ]),
    )
    // Not ambiguous: the last group is not a port, or what precedes it is not an address.
    expect(E.isRight(parsePacket('47 fd00::1:ab -> ::1 in eth0'))).toBe(true)
    expect(E.isRight(parsePacket('47 1:2:3:4:5:6:7:8 -> ::ffff:1.2.3.4 in eth0'))).toBe(true)
    expect(E.isRight(parsePacket('tcp [fd00::1:22] -> [fd00::1]:22 in eth0'))).toBe(true)
  })

  it('refuses an unbracketed IPv6 address when another address is bracketed', () => {
    expect(parsePacket('tcp [fd00::5]:40000 -> fd00::1 in eth0')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: 'write the IPv6 address "fd00::1" in brackets ([fd00::1]), as the packet\'s other addresses are', line: 1, column: 24 }]),
    )
    expect(parsePacket('tcp [fd00::5]:1 -> [fd00::1]:80 in eth0 dnat fd00::9')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: 'write the IPv6 address "fd00::9" in brackets ([fd00::9]), as the packet\'s other addresses are', line: 1, column: 46 }]),
    )
  })

  it("refuses IPv6 text that Go's net.ParseIP refuses", () => {
    for (const a of ['1.2.3.4::', '1.2.3.4::5']) {
      const r = parsePacket(`tcp [${a}]:1 -> [::1]:22 in eth0`)
      expect(E.isLeft(r) ? r.left.map(formatError) : []).toEqual([`src: ${JSON.stringify(a)} is not an IPv4 or IPv6 address`])
    }
  })

  it('refuses a keyword or a conntrack state given twice', () => {
    expect(parsePacket('tcp 10.0.0.1:1 -> 10.0.0.2:22 in eth0 in eth1')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: '"in" is given twice', line: 1, column: 39 }]),
    )
    expect(parsePacket('tcp 10.0.0.1:1 -> 10.0.0.2:22 in eth0 established invalid')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: 'a conntrack state is given twice ("established", then "invalid")', line: 1, column: 51 }]),
    )
    expect(parsePacket('tcp 10.0.0.1:1 -> 10.0.0.2:22 in eth0 new NEW')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: 'a conntrack state is given twice ("new", then "NEW")', line: 1, column: 43 }]),
    )
    expect(parsePacket('icmp 10.0.0.1 -> 10.0.0.2 type 8 TYPE 0 in eth0')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: '"TYPE" is given twice', line: 1, column: 34 }]),
    )
    expect(parsePacket('tcp 10.0.0.1:1 -> 10.0.0.2:22 in eth0 dnat 10.0.0.3 dnat 10.0.0.4')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: '"dnat" is given twice', line: 1, column: 53 }]),
    )
  })

  it('quotes a port or ICMP value that is not a number', () => {
    expect(parsePacket('tcp 10.0.0.1:http -> 10.0.0.2:22 in eth0')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: '"http" is not a port number 0-65535', line: 1, column: 5 }]),
    )
    expect(parsePacket('icmp 10.0.0.1 -> 10.0.0.2 type echo in eth0')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: '"echo" is not an ICMP type 0-255', line: 1, column: 32 }]),
    )
    const r = parsePacket('tcp 10.0.0.1:1 -> 10.0.0.2:99999 in eth0')
    expect(E.isLeft(r) ? r.left.map(formatError) : []).toEqual(['dstPort: 99999 is not a port number 0-65535'])
  })

  it('returns a Left for anything that is not text, never throws', () => {
    const parse = parsePacket as (u: unknown) => unknown
    for (const u of [undefined, null, 42, {}, ['tcp']]) expect(parse(u)).toEqual(E.left([{ _tag: 'Decode', path: [], expected: 'the text form of a packet', actual: u }]))
  })
})

describe('packet', () => {
  it('makes a packet from its fields, with in, out and conntrack defaulted', () => {
    expect(packet({ protocol: 6, src: '10.0.0.5', dst: '10.0.0.1', srcPort: 40000, dstPort: 22, in: 'eth0' })).toEqual(
      E.right({ protocol: 6, src: '10.0.0.5', dst: '10.0.0.1', srcPort: 40000, dstPort: 22, in: 'eth0', out: null, conntrack: 'new' }),
    )
  })

  it('refuses what decodePacket refuses, and protocol names', () => {
    const make = packet as (u: unknown) => ReturnType<typeof packet>
    const base = { protocol: 6, src: '198.51.100.1', dst: '10.0.0.1', srcPort: 1000, dstPort: 443, in: 'eth0', out: null, conntrack: 'new' }
    const errors = (u: unknown) => {
      const r = make(u)
      return E.isLeft(r) ? r.left.map(formatError) : []
    }
    expect(errors({ ...base, src: 'evil' })).toEqual(['src: "evil" is not an IPv4 or IPv6 address'])
    expect(errors({ ...base, src: 'fd00::9' })).toEqual(['src "fd00::9" (IPv6) and dst "10.0.0.1" (IPv4) must be addresses of the same IP family'])
    expect(errors({ ...base, dstPort: 70000 })).toEqual(['dstPort: 70000 is not a port number 0-65535'])
    expect(errors({ ...base, dstPort: 443.5 })).toEqual(['dstPort: 443.5 is not a port number 0-65535'])
    expect(errors({ ...base, dstPort: '443' })).toEqual(['dstPort: "443" is not a port number 0-65535'])
    expect(errors({ ...base, protocol: 'TCP' })).toEqual(['protocol: "TCP" is not a protocol number 0-255 (names such as "TCP" are for decodePacket)'])
    expect(errors({ ...base, protocol: 999 })).toEqual(['protocol: 999 is not a protocol number 0-255 (names such as "TCP" are for decodePacket)'])
    expect(errors({ ...base, conntrack: 'bogus' })).toEqual(['conntrack: "bogus" is not a conntrack state (new, established, related or invalid)'])
    expect(errors({ ...base, in: null })).toEqual(['in and out cannot both be null (one side must be an interface)'])
    expect(errors({ ...base, in: '' })).toEqual(['in: "" is not an interface name (1-15 bytes; no white space, control characters, "/" or ":"; not "." or "..") or null'])
    expect(errors(null)).toEqual(['null is not an object (Packet)'])
  })
})

describe('formatPacket', () => {
  it('writes the text form that parsePacket reads back', () => {
    const texts = [
      'tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0',
      'icmp 10.0.0.5 -> 10.0.0.1 out eth1 type 8 code 0',
      'tcp [fd00::5]:40000 -> [fd00::1]:80 in eth0 out cali1 established dnat [fd00::99]:8080',
      'icmpv6 [fd00::5] -> [fd00::1] in eth0 type 128 related',
      '47 10.0.0.5 -> 10.0.0.1 in eth0 invalid',
      'udp 10.0.0.5:5000 -> 10.0.0.1:53 in eth0 dnat 10.0.0.1:5353',
    ]
    for (const text of texts) {
      const p = parsePacket(text)
      expect(E.map(formatPacket)(p)).toEqual(E.right(text))
    }
    expect(E.map(formatPacket)(parsePacket('TCP fd00::5 -> fd00::1  IN eth0 NEW'))).toEqual(E.right('tcp [fd00::5] -> [fd00::1] in eth0'))
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

describe('packet properties', () => {
  const w = world({ heps: [hep({ name: 'h', interfaceName: 'eth0', profiles: [allowAll] })] })
  /** Mostly valid values, sometimes one of `bad`. */
  const mostly = <A>(good: ReadonlyArray<A>, bad: ReadonlyArray<unknown>) =>
    fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 6 }, { arbitrary: fc.constantFrom(...bad), weight: 1 })
  const opt = <A>(a: fc.Arbitrary<A>) => fc.option(a, { nil: undefined, freq: 2 })
  const fields = fc
    .record({
      v6: fc.boolean(),
      icmp: fc.boolean(),
      protocol: mostly(['tcp', 'UDP', 'sctp', '47'], ['TPC', '256', '']),
      src4: mostly(['10.0.0.1', '192.0.2.7'], ['010.0.0.1', 'evil', '1.2.3.4::']),
      dst4: fc.constantFrom('10.0.0.2', '10.0.0.1'),
      src6: mostly(['fd00::1', '::ffff:1.2.3.4', '2001:db8::7'], ['fd00::g', '1.2.3.4::5']),
      dst6: fc.constantFrom('fd00::2', '::1'),
      srcPort: opt(mostly([1, 40000, 65535], [65536, 'http'])),
      dstPort: opt(mostly([22, 443, 0], [70000])),
      in: opt(mostly(['eth0', 'cali1'], ['', 'a-very-long-name', 'eth0:1'])),
      out: opt(mostly(['eth0', 'cali1'], ['..', 'x/y'])),
      type: opt(mostly([8, 0, 128], [300])),
      code: opt(fc.constantFrom(0, 1)),
      conntrack: opt(fc.constantFrom('established', 'related', 'invalid', 'NEW')),
      dnat: opt(fc.constantFrom('10.96.0.10', 'fd00::99')),
      dnatPort: opt(fc.constantFrom(80, 8080)),
      shuffle: fc.boolean(),
    })
    .map((f) => {
      const protocol = f.icmp ? (f.v6 ? 'icmpv6' : 'icmp') : f.protocol
      const ports = !f.icmp
      return { ...f, protocol, ports, src: f.v6 ? f.src6 : f.src4, dst: f.v6 ? f.dst6 : f.dst4 }
    })
  const hostPort = (a: unknown, port: unknown) => {
    const host = typeof a === 'string' && a.includes(':') ? `[${a}]` : String(a)
    return port === undefined ? host : `${host}:${String(port)}`
  }
  const structuredText = fields.map((f) => {
    const words: Array<string> = []
    if (f.in !== undefined) words.push('in', String(f.in))
    if (f.out !== undefined) words.push('out', String(f.out))
    if (f.conntrack !== undefined) words.push(f.conntrack)
    if (f.type !== undefined && f.icmp) words.push('type', String(f.type))
    if (f.code !== undefined && f.type !== undefined && f.icmp) words.push('code', String(f.code))
    if (f.dnat !== undefined && f.dnat.includes(':') === f.v6) words.push('dnat', hostPort(f.dnat, f.ports ? f.dnatPort : undefined))
    return [String(f.protocol), hostPort(f.src, f.ports ? f.srcPort : undefined), '->', hostPort(f.dst, f.ports ? f.dstPort : undefined), ...words].join(' ')
  })
  const PROTOCOLS = ['tcp', 'UDP', 'icmp', 'icmpv6', '47', '256', 'TPC']
  const ENDPOINTS = ['10.0.0.1', '10.0.0.2:80', '10.0.0.3:65536', '[fd00::1]:443', '[fd00::2]', 'fd00::3', 'fd00::1:22', '1.2.3.4::', '[fd00::1', '10.0.0.1:', 'evil']
  const WORDS = ['in', 'out', 'eth0', 'cali1', 'type', 'code', '8', '300', 'dnat', '10.96.0.10:80', '[fd00::9]', 'new', 'established', 'NEW', 'x', '->']
  const soup = fc
    .tuple(fc.constantFrom(...PROTOCOLS), fc.constantFrom(...ENDPOINTS), fc.constantFrom('->', '=>'), fc.constantFrom(...ENDPOINTS), fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }))
    .map(([p, src, a, d, rest]) => [p, src, a, d, ...rest].join(' '))
  const text = fc.oneof({ arbitrary: structuredText, weight: 4 }, { arbitrary: soup, weight: 1 }, { arbitrary: fc.string({ maxLength: 60 }), weight: 1 })
  const structuredJson = fields.map((f) => {
    const o: Record<string, unknown> = { protocol: f.protocol, src: f.src, dst: f.dst }
    if (f.in !== undefined) o['in'] = f.in
    if (f.out !== undefined) o['out'] = f.out
    if (f.conntrack !== undefined) o['conntrack'] = f.conntrack
    if (f.ports && f.srcPort !== undefined) o['srcPort'] = f.srcPort
    if (f.ports && f.dstPort !== undefined) o['dstPort'] = f.dstPort
    if (f.icmp && f.type !== undefined) o['icmpType'] = f.type
    if (f.icmp && f.type !== undefined && f.code !== undefined) o['icmpCode'] = f.code
    if (f.dnat !== undefined) o['preDnatDst'] = f.dnat
    if (f.ports && f.dnatPort !== undefined) o['preDnatDstPort'] = f.dnatPort
    return o
  })
  const json = fc.oneof({ arbitrary: structuredJson, weight: 4 }, { arbitrary: fc.anything(), weight: 1 })
  const sameDecision = (p: Packet) => {
    const d = evaluate(w)(p)
    expect(E.isRight(d)).toBe(true)
    // A plain copy of the fields is checked again and decided alike.
    expect(evaluate(w)({ ...p })).toEqual(d)
  }

  it('parsePacket never throws; what it accepts formats back to the same packet and evaluates', () => {
    let accepted = 0
    let refused = 0
    fc.assert(
      fc.property(text, (t) => {
        const r = parsePacket(t)
        if (E.isLeft(r)) {
          refused++
          return
        }
        accepted++
        const again = parsePacket(formatPacket(r.right))
        expect(E.map(formatPacket)(again)).toEqual(E.right(formatPacket(r.right)))
        expect(E.isRight(again) ? { view: viewOf(again.right), in: again.right.in, out: again.right.out } : undefined).toEqual({
          view: viewOf(r.right),
          in: r.right.in,
          out: r.right.out,
        })
        sameDecision(r.right)
      }),
      { numRuns: 3000 },
    )
    expect(accepted).toBeGreaterThan(300)
    expect(refused).toBeGreaterThan(300)
  })

  it('decodePacket and evaluate never throw; what decodePacket accepts encodes and decodes back to itself', () => {
    let accepted = 0
    let refused = 0
    fc.assert(
      fc.property(json, (u) => {
        expect(() => evaluate(w)(u as Packet)).not.toThrow()
        const r = decodePacket(u)
        if (E.isLeft(r)) {
          refused++
          return
        }
        accepted++
        expect(decodePacket(Packet.encode(r.right))).toEqual(r)
        sameDecision(r.right)
      }),
      { numRuns: 3000 },
    )
    expect(accepted).toBeGreaterThan(300)
    expect(refused).toBeGreaterThan(300)
  })
})
