import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { and, canonicalSet, compareCodePoints, inSet, has, not, notInSet, or } from '../../src/selector/ast.js'

describe('compareCodePoints', () => {
  it('orders by code point, unlike the default UTF-16 sort', () => {
    const xs = ['😀', '\uffff', 'Ａ', '\ue000', 'é', 'z', 'e', '']
    expect([...xs].sort(compareCodePoints)).toEqual(['', 'e', 'z', 'é', '\ue000', 'Ａ', '\uffff', '😀'])
    expect([...xs].sort()).toEqual(['', 'e', 'z', 'é', '😀', '\ue000', 'Ａ', '\uffff'])
  })
  it('orders lone surrogates as their own code points (the order of the bytes a Go string holds)', () => {
    const xs = ['\ue000', '😀', '\ud800', '\ud7ff', '\udfff', '\ud800\ue000', '\ud83d\ude00a']
    expect([...xs].sort(compareCodePoints)).toEqual(['\ud7ff', '\ud800', '\ud800\ue000', '\udfff', '\ue000', '😀', '\ud83d\ude00a'])
  })
  it('agrees with comparing WTF-8 bytes on any strings', () => {
    const bytes = (s: string) => {
      const out: number[] = []
      for (let i = 0; i < s.length; i++) {
        const c = s.codePointAt(i) as number
        if (c > 0xffff) i++
        if (c < 0x80) out.push(c)
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
      }
      return Buffer.from(out)
    }
    const unit = fc.oneof(fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff', 'a', '😀'), fc.string({ unit: 'binary', maxLength: 2 }))
    const str = fc.array(unit, { maxLength: 4 }).map((xs) => xs.join(''))
    fc.assert(
      fc.property(str, str, (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(Buffer.compare(bytes(a), bytes(b))))
      }),
      { numRuns: 300 },
    )
  }, 60_000) // a few ms alone; generous for a loaded machine
  it('orders a prefix first and astral characters among themselves by code point', () => {
    expect(['ab', 'a', '😁', '😀', '𝄞'].sort(compareCodePoints)).toEqual(['a', 'ab', '𝄞', '😀', '😁'])
  })
})

describe('canonicalSet', () => {
  it('sorts and removes duplicates', () => {
    expect(canonicalSet(['b', 'a', 'b', 'a'])).toEqual(['a', 'b'])
  })
  it('returns an already canonical array as it is', () => {
    const xs = ['a', 'b']
    expect(canonicalSet(xs)).toBe(xs)
  })
})

describe('constructors', () => {
  it('build plain tagged values', () => {
    expect(and(has('a'), not(inSet('b', ['y', 'x'])))).toEqual({
      _tag: 'And',
      operands: [
        { _tag: 'Has', key: 'a' },
        { _tag: 'Not', operand: { _tag: 'In', key: 'b', values: ['x', 'y'] } },
      ],
    })
    expect(or(has('a'), has('b'), notInSet('c', []))).toEqual({
      _tag: 'Or',
      operands: [
        { _tag: 'Has', key: 'a' },
        { _tag: 'Has', key: 'b' },
        { _tag: 'NotIn', key: 'c', values: [] },
      ],
    })
  })
})
