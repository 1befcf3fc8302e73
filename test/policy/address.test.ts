import { describe, expect, it } from 'vitest'
import { contains, formatAddress, fromPrefixes, isEmptyFor, onlyFamily, parseAddress, parsePrefix, setOf } from '../../src/policy/address.js'

describe('parseAddress', () => {
  it('reads IPv4 and IPv6 into numbers', () => {
    expect(parseAddress('10.0.0.1')).toEqual({ family: 4, value: 167772161 })
    expect(parseAddress('255.255.255.255')).toEqual({ family: 4, value: 4294967295 })
    expect(parseAddress('fd00::1')).toEqual({ family: 6, value: 0xfd000000000000000000000000000001n })
    expect(parseAddress('::')).toEqual({ family: 6, value: 0n })
    expect(parseAddress('::ffff:1.2.3.4')).toEqual({ family: 6, value: 0xffff01020304n })
    expect(parseAddress('1:2:3:4:5:6:7:8')).toEqual({ family: 6, value: 0x00010002000300040005000600070008n })
  })
  it('rejects malformed text', () => {
    expect(['010.0.0.1', '10.0.0', '10.0.0.256', '1:2:3:4:5:6:7:8:9', '1::2::3', 'fd00::g', '', '1.2.3.4.5', '1:2:3:4:5:6:7::8:9'].map(parseAddress)).toEqual(
      new Array(9).fill(undefined),
    )
  })
  it("accepts a dotted quad only at the end of an IPv6 address, as Go's net.ParseIP", () => {
    expect(['1.2.3.4::', '1.2.3.4::5', '1:1.2.3.4::', '::1.2.3.4:1', '1.2.3.4:1:2:3:4:5:6', '1:2:3:4:5:6:7:1.2.3.4'].map(parseAddress)).toEqual(
      new Array(6).fill(undefined),
    )
    expect(['1::1.2.3.4', '1:2:3:4:5:6:1.2.3.4', '::1.2.3.4'].map(parseAddress)).toEqual([
      { family: 6, value: 0x0001000000000000000000000102_0304n },
      { family: 6, value: 0x00010002000300040005000601020304n },
      { family: 6, value: 0x01020304n },
    ])
  })
})

describe('parsePrefix', () => {
  it('masks host bits and treats bare addresses as /32 or /128', () => {
    expect(parsePrefix('10.1.2.3/8')).toEqual({ family: 4, lo: 167772160, hi: 184549375 })
    expect(parsePrefix('10.1.2.3')).toEqual({ family: 4, lo: 167838211, hi: 167838211 })
    expect(parsePrefix('0.0.0.0/0')).toEqual({ family: 4, lo: 0, hi: 4294967295 })
    expect(parsePrefix('fd00::1/64')).toEqual({ family: 6, lo: 0xfd000000000000000000000000000000n, hi: 0xfd00000000000000ffffffffffffffffn })
    expect([parsePrefix('10.0.0.0/33'), parsePrefix('10.0.0.0/x'), parsePrefix('fd00::/129')]).toEqual([undefined, undefined, undefined])
  })
})

describe('address sets', () => {
  it('merges overlapping and adjacent prefixes per family', () => {
    expect(setOf(['10.0.0.0/25', '10.0.0.128/25', '10.0.0.5', '192.168.0.0/16', 'fd00::/127', 'fd00::2'])).toEqual({
      v4: [167772160, 167772415, 3232235520, 3232301055],
      v6: [0xfd000000000000000000000000000000n, 0xfd000000000000000000000000000002n],
    })
    expect(fromPrefixes([])).toEqual({ v4: [], v6: [] })
  })
  it('answers membership by family', () => {
    const s = setOf(['10.0.0.0/8', '192.168.1.0/24', 'fd00::/8'])
    const at = (a: string) => contains(s, parseAddress(a) as NonNullable<ReturnType<typeof parseAddress>>)
    expect(['10.255.255.255', '11.0.0.0', '192.168.1.77', '192.168.2.1', 'fdff::1', 'fe00::1', '9.255.255.255'].map(at)).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
      false,
    ])
    expect([isEmptyFor(s, 4), isEmptyFor(onlyFamily(s, 4), 6)]).toEqual([false, true])
  })
})

describe('formatAddress', () => {
  it('prints canonical text', () => {
    expect(['10.0.0.1', 'fd00::1', '::', '1:0:0:2:0:0:0:3', '1:2:3:4:5:6:7:8', 'fd00:0:1::'].map((a) => formatAddress(parseAddress(a) as NonNullable<ReturnType<typeof parseAddress>>))).toEqual([
      '10.0.0.1',
      'fd00::1',
      '::',
      '1:0:0:2::3',
      '1:2:3:4:5:6:7:8',
      'fd00:0:1::',
    ])
  })
})
