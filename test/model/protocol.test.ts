// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/model/codec.js'
import { E } from '../../src/internal/fp.js'
import { Protocol, protocolNumber, supportsPorts } from '../../src/model/protocol.js'

const d = decodeWith(Protocol)

describe('Protocol (V20)', () => {
  it('accepts the exact names', () => {
    for (const p of ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite']) expect(d(p)).toEqual(E.right(p))
  })
  it('rejects other names, case-sensitively', () => {
    expect(d('tcp')).toEqual(E.left([{ _tag: 'Invalid', path: [], message: 'protocol name invalid' }]))
    expect(d('any')).toEqual(E.left([{ _tag: 'Invalid', path: [], message: 'protocol name invalid' }]))
    expect(d('256')).toEqual(E.left([{ _tag: 'Invalid', path: [], message: 'protocol name invalid' }]))
  })
  it('accepts numbers 1-255 and numeric strings as numbers', () => {
    expect(d(1)).toEqual(E.right(1))
    expect(d(255)).toEqual(E.right(255))
    expect(d('6')).toEqual(E.right(6))
    expect(d('017')).toEqual(E.right(17))
  })
  it('rejects protocol number 0', () => {
    expect(d(0)).toEqual(E.left([{ _tag: 'Invalid', path: [], message: 'protocol number invalid' }]))
    expect(d('0')).toEqual(E.left([{ _tag: 'Invalid', path: [], message: 'protocol number invalid' }]))
  })
  it('rejects numbers outside a byte and other types', () => {
    expect(d(256)).toEqual(E.left([{ _tag: 'Decode', path: [], expected: 'a protocol name or number', actual: 256 }]))
    expect(d(6.5)).toEqual(E.left([{ _tag: 'Decode', path: [], expected: 'a protocol name or number', actual: 6.5 }]))
    expect(d(true)).toEqual(E.left([{ _tag: 'Decode', path: [], expected: 'a protocol name or number', actual: true }]))
  })
})

describe('protocolNumber / supportsPorts', () => {
  it('maps names to numbers', () => {
    expect(['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite'].map((p) => protocolNumber(p as Protocol))).toEqual([6, 17, 1, 58, 132, 136])
    expect(protocolNumber(47)).toBe(47)
  })
  it('knows which protocols have ports', () => {
    expect([6, 17, 132, 'TCP', 'UDP', 'SCTP'].every((p) => supportsPorts(p as Protocol))).toBe(true)
    expect(['ICMP', 'ICMPv6', 'UDPLite', 1, 47].some((p) => supportsPorts(p as Protocol))).toBe(false)
  })
})
