import { describe, expect, it } from 'vitest'
import { and, eq, has, inSet, not, notInSet, or, type Selector } from '../../src/selector/ast.js'
import { parse } from '../../src/selector/parse.js'
import { NOT_A_SELECTOR, print } from '../../src/selector/print.js'
import { uniqueId } from '../../src/selector/unique-id.js'
import { E, pipe } from '../../src/internal/fp.js'

const canonical = (text: string) => pipe(parse(text), E.map(print))

describe('print: canonical form of parsed text', () => {
  it.each<[string, string]>([
    ['', 'all()'],
    [' \t', 'all()'],
    ['all( )', 'all()'],
    ['global(\t)', 'global()'],
    ['has(  a\t)', 'has(a)'],
    ["a=='x'", 'a == "x"'],
    ["a!='x'", 'a != "x"'],
    ["a contains'x'", 'a contains "x"'],
    ["a startswith 'x'", 'a starts with "x"'],
    ["a starts \t with 'x'", 'a starts with "x"'],
    ["a endswith 'x'", 'a ends with "x"'],
    ["a in{'x'}", 'a in {"x"}'],
    ["a notin{'x'}", 'a not in {"x"}'],
    ["a not \t in {'x'}", 'a not in {"x"}'],
    ['a in {}', 'a in {}'],
    ['a not in {}', 'a not in {}'],
    ["a in {'x',}", 'a in {"x"}'],
    // sets: de-duplicated, sorted by code point (UTF-8 byte order)
    ["a in {'y','x','y'}", 'a in {"x", "y"}'],
    ["a in {'9', '10', '2', '1'}", 'a in {"1", "10", "2", "9"}'],
    ["a in {'~', 'a', '_', 'Z', 'B', '0', '-'}", 'a in {"-", "0", "B", "Z", "_", "a", "~"}'],
    ["a in {'😀', 'Ａ', 'é', 'z', 'e'}", 'a in {"e", "z", "é", "Ａ", "😀"}'],
    ["a not in {'😀', '\ue000', '\uffff'}", 'a not in {"\ue000", "\uffff", "😀"}'],
    // quoting: single quotes only when the value holds a double quote; nothing escaped
    ["a == 'say \"hi\"'", `a == 'say "hi"'`],
    ['a == "it\'s"', 'a == "it\'s"'],
    [`a in {'a"b', "it's"}`, `a in {'a"b', "it's"}`],
    ["a == 'tab\there\nnl\0'", 'a == "tab\there\nnl\0"'],
    ["a == '\\'", 'a == "\\"'],
    // && and || are always parenthesised, even at the top level
    ["a == 'x' && b == 'y'", '(a == "x" && b == "y")'],
    ["a == 'x' || b == 'y'", '(a == "x" || b == "y")'],
    ['has(a) || has(b) && has(c)', '(has(a) || (has(b) && has(c)))'],
    ['(has(a) && has(b)) && has(c)', '((has(a) && has(b)) && has(c))'],
    ['has(a) && (has(b) && has(c))', '(has(a) && (has(b) && has(c)))'],
    ["a=='x'&&b!='y'||c in{'z'}", '((a == "x" && b != "y") || c in {"z"})'],
    // parentheses around a single term are dropped
    ["(((a == 'x')))", 'a == "x"'],
    // negation: ! directly before the operand, parentheses only for groups
    ["!(a == 'x')", '!a == "x"'],
    ["!a == 'x'", '!a == "x"'],
    ["!(a == 'x' && b == 'y')", '!(a == "x" && b == "y")'],
    ["!a in {'x'}", '!a in {"x"}'],
    ['!!has(a)', 'has(a)'],
    ['!!!has(a)', '!has(a)'],
    // the one place canonicalisation is not a fixed point
    ['!(!has(a))', '!!has(a)'],
    ['!(!(has(a) || has(b)))', '!!(has(a) || has(b))'],
  ])('%j → %j', (text, expected) => {
    expect(canonical(text)).toEqual(E.right(expected))
  })

  it('is not idempotent for a negated group holding one negated term', () => {
    expect(pipe(canonical('!(!has(a))'), E.flatMap(canonical))).toEqual(E.right('has(a)'))
  })
})

describe('print: trees built with the constructors', () => {
  it.each<[Selector, string]>([
    [and(has('a'), or(has('b'), has('c'))), '(has(a) && (has(b) || has(c)))'],
    [not(not(eq('a', 'x'))), '!!a == "x"'],
    [inSet('a', ['b', 'a', 'b']), 'a in {"a", "b"}'],
    [notInSet('k', []), 'k not in {}'],
    // hand-written nodes with unsorted members still print canonically
    [{ _tag: 'In', key: 'a', values: ['z', 'y', 'z'] }, 'a in {"y", "z"}'],
  ])('%j', (sel, expected) => {
    expect(print(sel)).toBe(expected)
  })
})

describe('print and uniqueId never throw', () => {
  const deep = (): unknown => {
    let s: unknown = { _tag: 'All' }
    for (let i = 0; i < 200_000; i++) s = { _tag: 'Not', operand: s }
    return s
  }
  it.each([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an unknown tag', { _tag: 'Bogus' }],
    ['a value that is not a string', { _tag: 'Eq', key: 'a', value: 5 }],
    ['a hand-built tree 200,000 deep', deep()],
  ])('%s prints as text that does not parse, with no unique id', (_, u) => {
    expect(print(u as never)).toBe(NOT_A_SELECTOR)
    expect(parse(NOT_A_SELECTOR)._tag).toBe('Left')
    expect(uniqueId(u as never)).toBe('')
  })
})
