import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/model/codec.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import {
  Cidr,
  CidrOrIP,
  IPAddress,
  IPBlockCidr,
  IPNetwork,
  cidrParts,
  contains,
  familyOf,
  formatAddress,
  formatCidr,
  parseAddress,
  parseCidr,
} from '../../src/model/net.js'

const bad = (input: string, reason: string) => E.left([{ _tag: 'InvalidCidr', path: [], input, reason }])

describe('parseAddress', () => {
  it('parses IPv4 dotted quads', () => {
    expect(parseAddress('10.0.0.1')).toEqual(E.right({ family: 4, bytes: [10, 0, 0, 1] }))
    expect(parseAddress('0.0.0.0')).toEqual(E.right({ family: 4, bytes: [0, 0, 0, 0] }))
    expect(parseAddress('255.255.255.255')).toEqual(E.right({ family: 4, bytes: [255, 255, 255, 255] }))
  })
  it('rejects octal-looking, short, hex and out-of-range IPv4 forms', () => {
    for (const s of ['010.0.0.1', '10.0.0.01', '10', '10.1', '10.0.1', '256.0.0.1', '1.2.3.4.5', '1000.0.0.1', '10.0.0.']) {
      expect(parseAddress(s)).toEqual(E.left('is not a dotted-quad IPv4 address'))
    }
    expect(parseAddress('0x0a.0.0.1')).toEqual(E.left('is not an IP address'))
    expect(parseAddress('')).toEqual(E.left('is not an IP address'))
    expect(parseAddress(' 10.0.0.1')).toEqual(E.left('is not an IP address'))
  })
  it('parses IPv6, including embedded dotted quads', () => {
    expect(parseAddress('2001:db8::1')).toEqual(E.right({ family: 6, bytes: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] }))
    // `::1.2.3.4` is IPv4-compatible IPv6 (not mapped): it stays IPv6, as in Go.
    expect(parseAddress('::1.2.3.4')).toEqual(E.right({ family: 6, bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4] }))
  })
  it('reads a bare IPv4-mapped IPv6 address as IPv4 (Go semantics)', () => {
    expect(parseAddress('::ffff:10.0.0.1')).toEqual(E.right({ family: 4, bytes: [10, 0, 0, 1] }))
    expect(parseAddress('::FFFF:a00:1')).toEqual(E.right({ family: 4, bytes: [10, 0, 0, 1] }))
  })
  it('rejects malformed IPv6, zones, embedded octal quads and CIDRs', () => {
    for (const s of ['1::2::3', '12345::1', '1:2:3:4:5:6:7:8:9', 'g::1', '::ffff:010.0.0.1', '1:2']) {
      expect(parseAddress(s)).toEqual(E.left('is not a valid IPv6 address'))
    }
    expect(parseAddress('fe80::1%eth0')).toEqual(E.left('has an IPv6 zone, which is not allowed in an IP address'))
    expect(parseAddress('10.0.0.0/8')).toEqual(E.left('is a CIDR, not an IP address'))
  })
})

describe('formatAddress / formatCidr', () => {
  it('prints canonical text', () => {
    expect(formatAddress({ family: 4, bytes: [192, 168, 0, 1] })).toBe('192.168.0.1')
    expect(formatAddress({ family: 6, bytes: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] })).toBe('2001:db8::1')
    expect(formatCidr({ family: 6, bytes: new Array<number>(16).fill(0), prefix: 0 })).toBe('::/0')
  })
})

describe('parseCidr (strict)', () => {
  it('accepts masked CIDRs and bare IPs', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual(E.right({ family: 4, bytes: [10, 0, 0, 0], prefix: 8 }))
    expect(parseCidr('10.0.0.1')).toEqual(E.right({ family: 4, bytes: [10, 0, 0, 1], prefix: 32 }))
    expect(parseCidr('10.0.0.0/08')).toEqual(E.right({ family: 4, bytes: [10, 0, 0, 0], prefix: 8 }))
  })
  it('rejects host bits with a suggestion', () => {
    expect(parseCidr('10.0.0.1/8')).toEqual(E.left('has host bits set (did you mean 10.0.0.0/8?)'))
    expect(parseCidr('2001:db8::1/32')).toEqual(E.left('has host bits set (did you mean 2001:db8::/32?)'))
  })
  it('rejects bad prefixes, octal quads and mapped CIDRs', () => {
    expect(parseCidr('10.0.0.0/33')).toEqual(E.left('has an invalid prefix length (must be 0 to 32)'))
    expect(parseCidr('::/129')).toEqual(E.left('has an invalid prefix length (must be 0 to 128)'))
    expect(parseCidr('10.0.0.0/')).toEqual(E.left('has an invalid prefix length (must be 0 to 32)'))
    expect(parseCidr('10.0.0.0/8/8')).toEqual(E.left('has an invalid prefix length (must be 0 to 32)'))
    expect(parseCidr('010.0.0.0/8')).toEqual(E.left('is not a dotted-quad IPv4 CIDR'))
    expect(parseCidr('10/8')).toEqual(E.left('is not a dotted-quad IPv4 CIDR'))
    expect(parseCidr('zz/8')).toEqual(E.left('is not a CIDR'))
    expect(parseCidr('::ffff:10.0.0.0/104')).toEqual(E.left('is an IPv4-mapped IPv6 CIDR (write it as an IPv4 CIDR)'))
  })
})

describe('Cidr', () => {
  const d = decodeWith(Cidr)
  it('decodes to canonical text', () => {
    expect(d('10.0.0.0/8')).toEqual(E.right('10.0.0.0/8'))
    expect(d('10.0.0.1')).toEqual(E.right('10.0.0.1/32'))
    expect(d('2001:DB8:0:0::/32')).toEqual(E.right('2001:db8::/32'))
    expect(d('2001:db8::1')).toEqual(E.right('2001:db8::1/128'))
    expect(d('::ffff:10.0.0.1')).toEqual(E.right('10.0.0.1/32'))
    expect(d('0.0.0.0/0')).toEqual(E.right('0.0.0.0/0'))
  })
  it('fails with InvalidCidr and a readable message', () => {
    const r = d('10.0.0.1/8')
    expect(r).toEqual(bad('10.0.0.1/8', 'has host bits set (did you mean 10.0.0.0/8?)'))
    if (E.isLeft(r)) expect(r.left.map(formatError)).toEqual(['"10.0.0.1/8" has host bits set (did you mean 10.0.0.0/8?)'])
    expect(d('010.0.0.1/8')).toEqual(bad('010.0.0.1/8', 'is not a dotted-quad IPv4 CIDR'))
  })
  it('fails with Decode for a non-string', () => {
    expect(d(10)).toEqual(E.left([{ _tag: 'Decode', path: [], expected: 'a CIDR', actual: 10 }]))
  })
  it('is() accepts only canonical text', () => {
    expect(Cidr.is('10.0.0.0/8')).toBe(true)
    expect(Cidr.is('10.0.0.1')).toBe(false)
    expect(Cidr.is(5)).toBe(false)
  })
})

describe('CidrOrIP', () => {
  const d = decodeWith(CidrOrIP)
  it('masks host bits and accepts bare IPs', () => {
    expect(d('10.0.0.1/8')).toEqual(E.right('10.0.0.0/8'))
    expect(d('10.1.2.3')).toEqual(E.right('10.1.2.3/32'))
    expect(d('2001:db8::1/32')).toEqual(E.right('2001:db8::/32'))
  })
  it('still rejects octal quads and short forms', () => {
    expect(d('010.0.0.1')).toEqual(bad('010.0.0.1', 'is not a dotted-quad IPv4 address'))
    expect(d('10')).toEqual(bad('10', 'is not a dotted-quad IPv4 address'))
  })
})

describe('IPBlockCidr', () => {
  const d = decodeWith(IPBlockCidr)
  it('requires a prefix and masks host bits', () => {
    expect(d('10.0.0.1/8')).toEqual(E.right('10.0.0.0/8'))
    expect(d('10.0.0.1')).toEqual(bad('10.0.0.1', 'is an IP address, not a CIDR (did you mean 10.0.0.1/32?)'))
  })
})

describe('IPNetwork', () => {
  const d = decodeWith(IPNetwork)
  it('accepts single addresses only', () => {
    expect(d('10.0.0.1/32')).toEqual(E.right('10.0.0.1/32'))
    expect(d('10.0.0.1')).toEqual(E.right('10.0.0.1/32'))
    expect(d('fd00::1/128')).toEqual(E.right('fd00::1/128'))
    expect(d('10.0.0.0/24')).toEqual(bad('10.0.0.0/24', 'is not a single address (IP network contains multiple addresses)'))
  })
})

describe('IPAddress', () => {
  const d = decodeWith(IPAddress)
  it('decodes canonical addresses', () => {
    expect(d('2001:DB8:0::1')).toEqual(E.right('2001:db8::1'))
    expect(d('::ffff:10.0.0.1')).toEqual(E.right('10.0.0.1'))
  })
  it('rejects CIDRs, octal quads and non-strings', () => {
    expect(d('10.0.0.0/8')).toEqual(bad('10.0.0.0/8', 'is a CIDR, not an IP address'))
    expect(d('010.0.0.1')).toEqual(bad('010.0.0.1', 'is not a dotted-quad IPv4 address'))
    expect(d(null)).toEqual(E.left([{ _tag: 'Decode', path: [], expected: 'an IP address', actual: null }]))
  })
})

describe('familyOf', () => {
  it('reports the family of addresses and CIDRs', () => {
    expect(familyOf('10.0.0.1')).toBe(4)
    expect(familyOf('10.0.0.0/8')).toBe(4)
    expect(familyOf('2001:db8::/32')).toBe(6)
    expect(familyOf('::ffff:10.0.0.1')).toBe(4)
  })
})

describe('cidrParts', () => {
  it('splits decoded CIDRs', () => {
    expect(cidrParts('10.0.0.0/8')).toEqual({ family: 4, bytes: [10, 0, 0, 0], prefix: 8 })
    expect(cidrParts('::/0')).toEqual({ family: 6, bytes: new Array<number>(16).fill(0), prefix: 0 })
    expect(cidrParts('10.0.0.1')).toEqual({ family: 4, bytes: [10, 0, 0, 1], prefix: 32 })
  })
  it('throws on text that was never decoded', () => {
    expect(() => cidrParts('bogus')).toThrow('cidrParts: "bogus" is not a CIDR')
  })
})

describe('contains', () => {
  it('matches addresses inside the network', () => {
    expect(contains('10.0.0.0/8')('10.255.0.1')).toBe(true)
    expect(contains('10.0.0.0/8')('11.0.0.1')).toBe(false)
    expect(contains('0.0.0.0/0')('1.2.3.4')).toBe(true)
    expect(contains('2001:db8::/32')('2001:db8:1::1')).toBe(true)
    expect(contains('2001:db8::/32')('2001:db9::1')).toBe(false)
    expect(contains('10.0.0.1/32')('10.0.0.1')).toBe(true)
    expect(contains('10.0.0.5/30')('10.0.0.6')).toBe(true)
  })
  it('is false across families and for unparsable input, and never throws', () => {
    expect(contains('0.0.0.0/0')('::1')).toBe(false)
    expect(contains('::/0')('10.0.0.1')).toBe(false)
    expect(contains('::/0')('::ffff:10.0.0.1')).toBe(false)
    expect(contains('0.0.0.0/0')('::ffff:10.0.0.1')).toBe(true)
    expect(contains('bogus')('10.0.0.1')).toBe(false)
    expect(contains('10.0.0.0/8')('010.0.0.1')).toBe(false)
  })
})
