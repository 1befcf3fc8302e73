// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/model/codec.js'
import { E } from '../../src/internal/fp.js'
import { HTTPMatch } from '../../src/model/http.js'

const d = decodeWith(HTTPMatch)
const invalid = (path: ReadonlyArray<string | number>, message: string) => ({ _tag: 'Invalid', path, message })

describe('HTTPMatch (V34, V36)', () => {
  it('accepts unique methods and well-formed paths', () => {
    expect(d({ methods: ['GET', 'PUT'], paths: [{ exact: '/a' }, { prefix: '/b/' }, { exact: '', prefix: '/c' }] })).toEqual(
      E.right({ methods: ['GET', 'PUT'], paths: [{ exact: '/a' }, { prefix: '/b/' }, { exact: '', prefix: '/c' }] }),
    )
  })
  it('rejects duplicate methods', () => {
    expect(d({ methods: ['GET', 'GET'] })).toEqual(E.left([invalid(['methods'], 'Invalid methods (duplicates): [GET GET]')]))
  })
  it('rejects paths with both, neither, or a malformed value', () => {
    expect(d({ paths: [{ exact: '/a', prefix: '/b' }, {}, { exact: 'a' }, { prefix: '/a?b' }, { exact: '/a b' }, { prefix: '/#' }] })).toEqual(
      E.left([
        invalid(['paths', 0], "Invalid path match. Both 'exact' and 'prefix' are set"),
        invalid(['paths', 1], "Invalid path match. Either 'exact' or 'prefix' must be set"),
        invalid(['paths', 2], 'Invalid path a. (must start with `/` and not contain `?` or `#`'),
        invalid(['paths', 3], 'Invalid path /a?b. (must start with `/` and not contain `?` or `#`'),
        invalid(['paths', 4], 'Invalid path /a b. (must start with `/` and not contain `?` or `#`'),
        invalid(['paths', 5], 'Invalid path /#. (must start with `/` and not contain `?` or `#`'),
      ]),
    )
  })
  it('limits methods and paths to 20 entries and paths to 1024 characters', () => {
    const methods = Array.from({ length: 21 }, (_, i) => `M${i}`)
    expect(d({ methods })).toEqual(E.left([invalid(['methods'], 'Too many: 21: must have at most 20 items')]))
    expect(d({ methods: methods.slice(0, 20) })).toEqual(E.right({ methods: methods.slice(0, 20) }))
    const long = `/${'a'.repeat(1024)}`
    expect(d({ paths: [{ exact: long }] })).toEqual(E.left([invalid(['paths', 0, 'exact'], 'Too long: may not be more than 1024 bytes')]))
  })
  it('reports wrong types with paths', () => {
    expect(d({ methods: [1] })).toEqual(E.left([{ _tag: 'Decode', path: ['methods', 0], expected: 'a string', actual: 1 }]))
  })
})
