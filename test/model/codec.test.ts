import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { boundedList, boundedString, decodeWith, failCidr, scalar, strict, withChecks } from '../../src/model/codec.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const Port = scalar('Port', (u): u is number => typeof u === 'number', (u) =>
  typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= 65535 ? { ok: u } : { expected: 'a port' },
)
const Inner = strict('Inner', { port: Port }, { name: t.string })
const Outer = strict('Outer', { spec: Inner }, { list: t.readonlyArray(Inner), flag: t.boolean })

describe('strict', () => {
  it('decodes known fields and treats null optionals as absent', () => {
    expect(decodeWith(Outer)({ spec: { port: 1, name: null }, flag: true })).toEqual(E.right({ spec: { port: 1 }, flag: true }))
  })
  it('reports unknown fields, wrong types and missing fields with paths', () => {
    const r = decodeWith(Outer)({ spec: { port: 0, extra: 1 }, list: [{ port: 2 }, { nam: 'x' }], flag: 'yes' })
    expect(r).toEqual(
      E.left([
        { _tag: 'UnknownField', path: ['spec', 'extra'] },
        { _tag: 'Decode', path: ['spec', 'port'], expected: 'a port', actual: 0 },
        { _tag: 'UnknownField', path: ['list', 1, 'nam'] },
        { _tag: 'Decode', path: ['list', 1, 'port'], expected: 'a port', actual: undefined },
        { _tag: 'Decode', path: ['flag'], expected: 'a boolean', actual: 'yes' },
      ]),
    )
    if (E.isLeft(r)) {
      expect(r.left.map(formatError)).toEqual([
        'spec.extra: unknown field "extra"',
        'spec.port: 0 is not a port',
        'list[1].nam: unknown field "nam"',
        'list[1].port: missing required field (a port)',
        'flag: "yes" is not a boolean',
      ])
    }
  })
  it('rejects non-objects', () => {
    expect(decodeWith(Outer)([])).toEqual(E.left([{ _tag: 'Decode', path: [], expected: 'an object (Outer)', actual: [] }]))
  })
})

describe('withChecks', () => {
  const Pair = withChecks(strict('Pair', { lo: t.number, hi: t.number }, {}), (p) => (p.lo > p.hi ? [{ path: ['hi'], message: 'hi below lo' }] : []))
  const Outer2 = strict('Outer2', { pairs: t.readonlyArray(Pair) }, {})
  it('reports issues as Invalid errors at paths below the value', () => {
    expect(decodeWith(Outer2)({ pairs: [{ lo: 1, hi: 2 }, { lo: 3, hi: 2 }] })).toEqual(E.left([{ _tag: 'Invalid', path: ['pairs', 1, 'hi'], message: 'hi below lo' }]))
  })
  it('passes values without issues and does not run checks on values that fail to decode', () => {
    expect(decodeWith(Outer2)({ pairs: [{ lo: 1, hi: 2 }] })).toEqual(E.right({ pairs: [{ lo: 1, hi: 2 }] }))
    expect(decodeWith(Outer2)({ pairs: [{ lo: 3 }] })).toEqual(E.left([{ _tag: 'Decode', path: ['pairs', 0, 'hi'], expected: 'a number', actual: undefined }]))
  })
  it('keeps numeric first path keys as indices', () => {
    const List = withChecks(t.readonlyArray(t.number), (xs) => (xs.length > 1 ? [{ path: [1], message: 'one only' }] : []))
    expect(decodeWith(strict('W', { xs: List }, {}))({ xs: [1, 2] })).toEqual(E.left([{ _tag: 'Invalid', path: ['xs', 1], message: 'one only' }]))
  })
})

describe('boundedList / boundedString', () => {
  const C = strict('C', { xs: boundedList(t.string, 2), s: boundedString(3) }, {})
  it("reports Kubernetes' Too many / Too long messages", () => {
    expect(decodeWith(C)({ xs: ['a', 'b', 'c'], s: 'abcd' })).toEqual(
      E.left([
        { _tag: 'Invalid', path: ['xs'], message: 'Too many: 3: must have at most 2 items' },
        { _tag: 'Invalid', path: ['s'], message: 'Too long: may not be more than 3 bytes' },
      ]),
    )
    expect(decodeWith(C)({ xs: ['a', 'b'], s: 'abc' })).toEqual(E.right({ xs: ['a', 'b'], s: 'abc' }))
  })
  it('keeps item paths and nouns', () => {
    expect(decodeWith(C)({ xs: ['a', 1], s: 2 })).toEqual(
      E.left([
        { _tag: 'Decode', path: ['xs', 1], expected: 'a string', actual: 1 },
        { _tag: 'Decode', path: ['s'], expected: 'a string', actual: 2 },
      ]),
    )
  })
})

describe('failCidr', () => {
  it('produces InvalidCidr errors', () => {
    const Bad = new t.Type<string, string, unknown>('Bad', (_u): _u is string => false, (u, c) => failCidr(u, c, 'x', 'is not a CIDR'), String)
    expect(decodeWith(strict('B', { n: Bad }, {}))({ n: 'x' })).toEqual(E.left([{ _tag: 'InvalidCidr', path: ['n'], input: 'x', reason: 'is not a CIDR' }]))
  })
})
