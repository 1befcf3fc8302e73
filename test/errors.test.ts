import { describe, expect, it } from 'vitest'
import { formatError, formatOrigin, formatPath, showValue, type CalicoError } from '../src/errors.js'
import { load } from '../src/load.js'

const nested = (depth: number): unknown => {
  let v: unknown = []
  for (let i = 0; i < depth; i++) v = [v]
  return v
}

describe('showValue', () => {
  it('quotes strings and shows the start and length of a long one', () => {
    expect(showValue('70000')).toBe('"70000"')
    expect(showValue('A'.repeat(10_000_000))).toBe(`"${'A'.repeat(100)}..." (10000000 characters)`)
  })
  it('escapes controls, DEL, C1 controls, line separators and bidi overrides', () => {
    expect(showValue('a\u001b[2J\n\u007f\u0085\u2028\u202eb')).toBe('"a\\u001b[2J\\n\\u007f\\u0085\\u2028\\u202eb"')
  })
  it('does not split a surrogate pair when it cuts', () => {
    expect(showValue(`${'a'.repeat(99)}😀tail`)).toBe(`"${'a'.repeat(99)}..." (105 characters)`)
  })
  it('describes numbers truly', () => {
    expect([NaN, Infinity, -Infinity, -0, 1e400, 12n].map(showValue)).toEqual(['NaN', 'Infinity', '-Infinity', '-0', 'Infinity', '12n'])
    expect([null, true, undefined].map(showValue)).toEqual(['null', 'true', 'nothing'])
  })
  it('renders arrays and objects to a bounded depth and size', () => {
    expect(showValue(nested(5000))).toBe('[[[[...]]]]')
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = { a: deep }
    expect(showValue(deep)).toBe('{"a":{"a":{"a":{...}}}}')
    expect(showValue([1, 2, 3, 4, 5, 6, 7])).toBe('[1,2,3,4,5,...]')
    expect(showValue({ 'x\u001b': 'y'.repeat(500) })).toBe(`{"x\\u001b":"${'y'.repeat(70)}..." (500 characters)}`)
    expect(showValue({ a: 1, b: [], c: {} })).toBe('{"a":1,"b":[],"c":{}}')
  })
  it('never throws on hostile values', () => {
    const hostile = Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new Error('no') } })
    expect(showValue(hostile)).toBe('a value that cannot be shown')
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(showValue(cyclic)).toBe('{"self":{"self":{"self":{...}}}}')
  })
})

describe('formatOrigin', () => {
  it('prints plain names as they are', () => {
    expect(formatOrigin({ file: 'a b/p.yaml', document: 2, kind: 'NetworkPolicy', namespace: 'ns', name: 'allow' })).toBe('a b/p.yaml, document 2, NetworkPolicy ns/allow')
  })
  it('quotes and escapes names with controls, bidi overrides or quotes, and cuts long ones', () => {
    expect(
      formatOrigin({
        file: 'bad\u001b[31m\nforged: ok.yaml',
        kind: 'Tier\u001b[2J',
        namespace: '\u001b]0;title\u0007',
        name: 'x\u202e"y',
      }),
    ).toBe('"bad\\u001b[31m\\nforged: ok.yaml", "Tier\\u001b[2J" "\\u001b]0;title\\u0007"/"x\\u202e\\"y"')
    expect(formatOrigin({ name: 'n'.repeat(300) })).toBe(`resource "${'n'.repeat(256)}..." (300 characters)`)
  })
})

describe('formatPath', () => {
  it('quotes and escapes keys that are not identifiers', () => {
    expect(formatPath(['metadata', 'labels', 'a\u202eb'])).toBe('metadata.labels["a\\u202eb"]')
  })
})

describe('formatError', () => {
  it('does not throw on the errors load returns for deep or huge values, and stays short', () => {
    // load refuses nesting deeper than 64 levels; a hand-built error can still carry any depth.
    let nested: unknown = []
    for (let i = 0; i < 5000; i++) nested = [nested]
    const deep: CalicoError = { _tag: 'Decode', path: ['spec', 'order'], expected: 'a number', actual: nested, origin: { document: 1, kind: 'Tier', name: 't' } }
    expect(formatError(deep)).toEqual('document 1, Tier t: spec.order: [[[[...]]]] is not a number')
    const name = load(`apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: ${'A'.repeat(1_000_000)}}\n`)
    const text = name._tag === 'Left' ? name.left.map(formatError).join('\n') : ''
    expect(text.length).toBeLessThan(2_000)
    expect(text.startsWith(`document 1, Tier "${'A'.repeat(256)}..." (1000000 characters): metadata.name: `)).toBe(true)
  })
  it('escapes free-text messages and cuts long ones', () => {
    const e: CalicoError = { _tag: 'Invalid', path: [], message: `bad\n${'x'.repeat(2000)}` }
    expect(formatError(e)).toBe(`bad\\n${'x'.repeat(996)}... (2004 characters)`)
  })
  it('lists at most ten expected tokens of a selector error', () => {
    const e: CalicoError = { _tag: 'SelectorSyntax', path: [], source: 'a ==', offset: 4, message: 'expected string', expected: Array.from({ length: 12 }, (_, i) => `t${i}`) }
    expect(formatError(e)).toBe('invalid selector "a ==": expected string (at offset 4; expected "t0" or "t1" or "t2" or "t3" or "t4" or "t5" or "t6" or "t7" or "t8" or "t9" or 2 more)')
  })
  it('never throws, even for a value that is not a CalicoError', () => {
    expect(formatError({ _tag: 'Invalid' } as unknown as CalicoError)).toBe('Invalid: the error cannot be shown')
  })
})
