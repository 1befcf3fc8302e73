import { describe, expect, it } from 'vitest'
import { and, canonicalSet, compareCodePoints, inSet, has, not, notInSet, or } from '../../src/selector/ast.js'

describe('compareCodePoints', () => {
  it('orders by code point, unlike the default UTF-16 sort', () => {
    const xs = ['😀', '\uffff', 'Ａ', '\ue000', 'é', 'z', 'e', '']
    expect([...xs].sort(compareCodePoints)).toEqual(['', 'e', 'z', 'é', '\ue000', 'Ａ', '\uffff', '😀'])
    expect([...xs].sort()).toEqual(['', 'e', 'z', 'é', '😀', '\ue000', 'Ａ', '\uffff'])
  })
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
