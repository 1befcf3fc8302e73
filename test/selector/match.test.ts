import { describe, expect, it } from 'vitest'
import type { Labels } from '../../src/selector/match.js'
import { matches } from '../../src/selector/match.js'
import { parse } from '../../src/selector/parse.js'
import { all, and, eq, has, not, or, type Selector } from '../../src/selector/ast.js'
import { E, pipe } from '../../src/internal/fp.js'

const run = (text: string, labels: Labels) => pipe(parse(text), E.map((sel) => matches(sel)(labels)))

describe('matches: the semantics table', () => {
  // [selector, labels, expected]
  it.each<[string, Labels, boolean]>([
    ['has(k)', {}, false],
    ['has(k)', { k: 'v' }, true],
    ['has(k)', { k: '' }, true],
    ["k == 's'", {}, false],
    ["k == 's'", { k: 's' }, true],
    ["k == 's'", { k: 't' }, false],
    ["k == ''", { k: '' }, true],
    ["k == ''", {}, false],
    ["k != 's'", {}, true],
    ["k != 's'", { k: 's' }, false],
    ["k != 's'", { k: 't' }, true],
    ["k in {'s', 't'}", {}, false],
    ["k in {'s', 't'}", { k: 't' }, true],
    ["k in {'s', 't'}", { k: 'u' }, false],
    ["k not in {'s', 't'}", {}, true],
    ["k not in {'s', 't'}", { k: 't' }, false],
    ["k not in {'s', 't'}", { k: 'u' }, true],
    ["k contains 'el'", {}, false],
    ["k contains 'el'", { k: 'hello' }, true],
    ["k contains 'el'", { k: 'help' }, true],
    ["k contains 'el'", { k: 'he' }, false],
    ["k starts with 'he'", {}, false],
    ["k starts with 'he'", { k: 'hello' }, true],
    ["k starts with 'he'", { k: 'the' }, false],
    ["k ends with 'lo'", {}, false],
    ["k ends with 'lo'", { k: 'hello' }, true],
    ["k ends with 'lo'", { k: 'lord' }, false],
    ['all()', {}, true],
    ['all()', { k: 'v' }, true],
    ['global()', {}, true],
    ['global()', { 'projectcalico.org/namespace': 'prod' }, true],
    ['!has(k)', {}, true],
    ['!has(k)', { k: '' }, false],
    // empty sets
    ['k in {}', {}, false],
    ['k in {}', { k: '' }, false],
    ['k not in {}', {}, true],
    ['k not in {}', { k: 'x' }, true],
    // empty operands of the string operators amount to has()
    ["k contains ''", {}, false],
    ["k contains ''", { k: '' }, true],
    ["k starts with ''", { k: 'x' }, true],
    ["k starts with ''", {}, false],
    ["k ends with ''", { k: 'x' }, true],
    ["k ends with ''", {}, false],
    // exact, case-sensitive, no normalisation, no numbers
    ["k == 'A'", { k: 'a' }, false],
    ["K == 'a'", { k: 'a' }, false],
    ["k == 'é'", { k: 'e\u0301' }, false],
    ["k == '1'", { k: '01' }, false],
    ["k == ' x'", { k: 'x' }, false],
    ["k == 'a\nb'", { k: 'a\nb' }, true],
    ["k contains 'É'", { k: 'é' }, false],
    ["k ends with '😀'", { k: 'x😀' }, true],
    // !k == "s" behaves like k != "s", and !k in {…} like k not in {…}
    ["!k == 's'", {}, true],
    ["!k == 's'", { k: 's' }, false],
    ["!k in {'s'}", {}, true],
    ["!k in {'s'}", { k: 's' }, false],
    // combinations
    ["a == 'x' && b == 'y'", { a: 'x', b: 'y' }, true],
    ["a == 'x' && b == 'y'", { a: 'x' }, false],
    ["a == 'x' || b == 'y'", { b: 'y' }, true],
    ["a == 'x' || b == 'y'", {}, false],
    ['has(a) || has(b) && has(c)', { a: '' }, true],
    ['(has(a) || has(b)) && has(c)', { a: '' }, false],
    ['!(has(a) && has(b))', { a: '' }, true],
    ['!!has(a)', { a: '' }, true],
    ['!(!has(a))', { a: '' }, true],
    ["has(a) && has(b) && has(c) && a != 'q'", { a: '', b: '', c: '' }, true],
    ["has(a) || has(b) || has(c) || a == 'q'", { c: '' }, true],
    ["has(a) || has(b) || has(c) || a == 'q'", { d: '' }, false],
    // word operators used as keys
    ["not in {'x'}", { not: 'x' }, true],
    ["in in {'in'}", { in: 'in' }, true],
    // large sets
    ["k in {'a','b','c','d','e','f','g','h','i','j'}", { k: 'j' }, true],
    ["k in {'a','b','c','d','e','f','g','h','i','j'}", { k: 'z' }, false],
    ["k not in {'a','b','c','d','e','f','g','h','i','j'}", { k: 'j' }, false],
  ])('%j on %j → %s', (text, labels, expected) => {
    expect(run(text, labels)).toEqual(E.right(expected))
  })
})

describe('matches: only own properties are labels', () => {
  it.each<[string, Labels, boolean]>([
    ['has(constructor)', {}, false],
    ['has(toString)', {}, false],
    ['has(hasOwnProperty)', {}, false],
    ['has(__proto__)', {}, false],
    ["constructor != 'x'", {}, true],
    ["toString not in {'x'}", {}, true],
    ["constructor contains ''", {}, false],
    ['has(constructor)', { constructor: 'x' }, true],
    ["constructor == 'x'", { constructor: 'x' }, true],
    ["__proto__ == 'x'", JSON.parse('{"__proto__": "x"}') as Labels, true],
    ['has(__proto__)', JSON.parse('{"__proto__": "x"}') as Labels, true],
    ["a == 'x'", Object.assign(Object.create(null) as Record<string, string>, { a: 'x' }), true],
    ['has(a)', Object.create({ a: 'inherited' }) as Labels, false],
  ])('%j on %j → %s', (text, labels, expected) => {
    expect(run(text, labels)).toEqual(E.right(expected))
  })
})

describe('matches: compiled once per selector', () => {
  it('returns the same function for the same selector object', () => {
    const sel = and(has('a'), eq('b', 'x'))
    expect(matches(sel)).toBe(matches(sel))
  })
  it('evaluates trees built with the constructors', () => {
    const sel = or(and(has('a'), eq('b', 'x')), all)
    expect(matches(sel)({})).toBe(true)
  })
})

describe('matches: JavaScript misuse never throws', () => {
  it('labels that are not an object match nothing, even for !has or all()', () => {
    for (const labels of [null, undefined, 'a=b', 42]) {
      expect(matches(all)(labels as unknown as Labels)).toBe(false)
      expect(matches(not(has('a')))(labels as unknown as Labels)).toBe(false)
    }
  })
  it('a value that is not a selector node (an Either, null) matches nothing', () => {
    for (const sel of [E.right(has('a')), E.left('x'), null, undefined, 'has(a)', { _tag: 'Nope' }]) {
      expect(matches(sel as unknown as Selector)({ a: '' })).toBe(false)
    }
  })
})
