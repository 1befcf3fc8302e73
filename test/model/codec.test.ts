import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { decodeWith, scalar, strict } from '../../src/model/codec.js'
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
