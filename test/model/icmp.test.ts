// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/model/codec.js'
import { E } from '../../src/internal/fp.js'
import { ICMPFields } from '../../src/model/icmp.js'

const d = decodeWith(ICMPFields)

describe('ICMPFields (V15)', () => {
  it('accepts a type, a type and code, or nothing', () => {
    expect(d({ type: 8 })).toEqual(E.right({ type: 8 }))
    expect(d({ type: 254, code: 255 })).toEqual(E.right({ type: 254, code: 255 }))
    expect(d({})).toEqual(E.right({}))
  })
  it('rejects a code without a type', () => {
    expect(d({ code: 0 })).toEqual(E.left([{ _tag: 'Invalid', path: [], message: 'ICMP code specified without an ICMP type' }]))
  })
  it('rejects type 255, out-of-range codes and non-integers', () => {
    expect(d({ type: 255, code: 256 })).toEqual(
      E.left([
        { _tag: 'Invalid', path: ['type'], message: 'should be less than or equal to 254' },
        { _tag: 'Invalid', path: ['code'], message: 'should be less than or equal to 255' },
      ]),
    )
    expect(d({ type: -1 })).toEqual(E.left([{ _tag: 'Invalid', path: ['type'], message: 'should be greater than or equal to 0' }]))
    expect(d({ type: '8' })).toEqual(E.left([{ _tag: 'Decode', path: ['type'], expected: 'an integer', actual: '8' }]))
  })
  it('rejects unknown fields', () => {
    expect(d({ typ: 8 })).toEqual(E.left([{ _tag: 'UnknownField', path: ['typ'] }]))
  })
})
