import { describe, expect, it } from 'vitest'
import { E, pipe } from '../../src/internal/fp.js'
import { all } from '../../src/selector/ast.js'
import { and, contains, endsWith, eq, has, inSet, ne, not, notInSet, or, startsWith } from '../../src/selector/builders.js'
import { depthOf, MAX_DEPTH } from '../../src/selector/depth.js'
import { matches } from '../../src/selector/match.js'
import { parse } from '../../src/selector/parse.js'
import { print } from '../../src/selector/print.js'
import { makeUniqueId, uniqueId } from '../../src/selector/unique-id.js'
import type { Selector } from '../../src/selector/ast.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected right: ${JSON.stringify(e.left)}`)
  return e.right
}

describe('builders check their input', () => {
  it('build the trees parse builds', () => {
    expect(has('app')).toEqual(E.right({ _tag: 'Has', key: 'app' }))
    expect(eq('role', 'db')).toEqual(E.right({ _tag: 'Eq', key: 'role', value: 'db' }))
    expect(ne('a', `x"y`)).toEqual(E.right({ _tag: 'Ne', key: 'a', value: `x"y` }))
    expect(contains('a', "x'y")).toEqual(E.right({ _tag: 'Contains', key: 'a', value: "x'y" }))
    expect(startsWith('a', '')).toEqual(E.right({ _tag: 'StartsWith', key: 'a', value: '' }))
    expect(endsWith('projectcalico.org/x-y_z', '😀')).toEqual(E.right({ _tag: 'EndsWith', key: 'projectcalico.org/x-y_z', value: '😀' }))
    expect(inSet('a', ['b', 'a', 'b'])).toEqual(E.right({ _tag: 'In', key: 'a', values: ['a', 'b'] }))
    expect(notInSet('a', [])).toEqual(E.right({ _tag: 'NotIn', key: 'a', values: [] }))
  })
  it.each<[string, () => E.Either<unknown, Selector>, ReadonlyArray<string | number>, string]>([
    ['a space in a key', () => has('a b'), ['key'], `label key "a b" must be one or more of A-Z, a-z, 0-9, '_', '.', '/' and '-'`],
    ['an empty key', () => eq('', 'x'), ['key'], `label key "" must be one or more of A-Z, a-z, 0-9, '_', '.', '/' and '-'`],
    ['a key of 513 characters', () => has('k'.repeat(513)), ['key'], `label key "${'k'.repeat(64)}…" (513 characters) is longer than 512 characters`],
    ['both quotes in a value', () => eq('a', `x"y'z`), ['value'], `value "x\\"y'z" holds both quote characters, which a selector cannot write`],
    ['a bad set member', () => inSet('a', ['ok', `"'`]), ['values', 1], `value "\\"'" holds both quote characters, which a selector cannot write`],
    ['a non-string key (JavaScript)', () => has(42 as unknown as string), ['key'], 'a label key must be a string'],
  ])('refuses %s', (_name, build, path, message) => {
    expect(build()).toEqual(E.left({ _tag: 'Invalid', path, message }))
  })
  it('accepts 512-character keys', () => {
    expect(E.isRight(has('k'.repeat(512)))).toBe(true)
  })
})

describe('builders bound the depth of a tree', () => {
  it('accept a tree as deep as parse makes and refuse one level more', () => {
    let s: Selector = right(has('a'))
    for (let d = 1; d < MAX_DEPTH; d++) s = right(not(s))
    expect(depthOf(s)).toBe(MAX_DEPTH)
    expect(not(s)).toEqual(E.left({ _tag: 'Invalid', path: [], message: `selector nested too deeply (a tree deeper than ${MAX_DEPTH} levels)` }))
    const below = (s as { readonly operand: Selector }).operand
    expect(and(all, below)._tag).toBe('Right')
    expect(and(all, s)._tag).toBe('Left')
    expect(or(right(and(all, below)), all)._tag).toBe('Left')
  })
  it('parse accepts trees of depth MAX_DEPTH and refuses deeper ones at the start of the expression', () => {
    const nots = (n: number) => `${'!('.repeat(n)}has(a)${')'.repeat(n)}`
    expect(depthOf(right(parse(nots(MAX_DEPTH - 1))))).toBe(MAX_DEPTH)
    expect(parse(`has(b) || ${nots(MAX_DEPTH)}`)).toEqual(
      E.left({
        _tag: 'SelectorSyntax',
        path: [],
        source: `has(b) || ${nots(MAX_DEPTH)}`,
        offset: 10,
        expected: [],
        message: `selector nested too deeply (a tree deeper than ${MAX_DEPTH} levels)`,
      }),
    )
    // chains count too: each group below adds an || and an && level
    let text = 'has(a)'
    for (let i = 0; i < Math.floor((MAX_DEPTH - 1) / 2); i++) text = `a == 'x' || b == 'y' && (${text})`
    expect(E.isLeft(parse(text))).toBe(false)
    expect(E.isLeft(parse(`a == 'x' || b == 'y' && (${text})`))).toBe(true)
  })
  it('a 100,000-step chain of builders stops at the limit, and what it built still works', () => {
    let s: Selector = right(has('a'))
    let refused = 0
    for (let i = 0; i < 100_000; i++) {
      const next = not(s)
      if (E.isLeft(next)) refused++
      else s = next.right
    }
    expect(refused).toBe(100_000 - (MAX_DEPTH - 1))
    expect(matches(s)({ a: '' })).toBe((MAX_DEPTH - 1) % 2 === 0)
    expect(print(s)).toBe(`${'!'.repeat(MAX_DEPTH - 1)}has(a)`)
    expect(uniqueId(s)).toBe(makeUniqueId('s', print(s)))
    // a run of ! reads back by parity (the documented exception)
    expect(pipe(parse(print(s)), E.map(print))).toEqual(E.right('!has(a)'))
  })
})

describe('print of a built selector parses back to it', () => {
  it('for terms with awkward values and nested chains', () => {
    const terms = [right(eq('a', `x"y`)), right(ne('b', "x'y")), right(inSet('c', ['', '"', "'"])), right(has('d.e/f-g_h'))]
    const sel = right(and(right(or(terms[0] as Selector, terms[1] as Selector)), right(not(terms[2] as Selector)), terms[3] as Selector))
    expect(parse(print(sel))).toEqual(E.right(sel))
  })
})
