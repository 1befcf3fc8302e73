import { describe, expect, it } from 'vitest'
import {
  all,
  and,
  contains,
  endsWith,
  eq,
  global,
  has,
  inSet,
  ne,
  not,
  notInSet,
  or,
  startsWith,
  type Selector,
} from '../../src/selector/ast.js'
import { MAX_NESTING, parse } from '../../src/selector/parse.js'
import { print } from '../../src/selector/print.js'
import { E } from '../../src/internal/fp.js'

const OPS = ['==', '!=', 'in', 'not in', 'contains', 'starts with', 'ends with']
const TERM = ['!', '(', 'has(', 'all()', 'global()', 'label']
const END = ['&&', '||', 'end of selector']
const GROUP = ['&&', '||', ')']
const LONG = ['label of at most 512 characters']

const bad = (source: string, offset: number, expected: ReadonlyArray<string>, message: string) =>
  E.left({ _tag: 'SelectorSyntax', path: [], source, offset, expected, message })

const ok = (sel: Selector) => E.right(sel)

const k512 = 'k'.repeat(512)
const k513 = 'k'.repeat(513)

describe('parse: valid selectors and their trees', () => {
  it.each<[string, Selector]>([
    // empty and blank input is all()
    ['', all],
    [' \t ', all],
    ['all()', all],
    ['global()', global],
    // comparisons
    ["a == 'x'", eq('a', 'x')],
    ['a != "x"', ne('a', 'x')],
    ["a contains 'x'", contains('a', 'x')],
    ["a starts with 'x'", startsWith('a', 'x')],
    ["a ends with 'x'", endsWith('a', 'x')],
    ["a in {'x', 'y'}", inSet('a', ['x', 'y'])],
    ["a not in {'x'}", notInSet('a', ['x'])],
    ['has(a)', has('a')],
    // whitespace is optional between non-word tokens
    ["a=='x'&&b!='y'||c in{'z'}", or(and(eq('a', 'x'), ne('b', 'y')), inSet('c', ['z']))],
    ["\ta\t==\t'x'\t", eq('a', 'x')],
    // label keys have no structure beyond [A-Za-z0-9_./-]
    ["-a- == 'x'", eq('-a-', 'x')],
    ["... == 'x'", eq('...', 'x')],
    ["/ == 'x'", eq('/', 'x')],
    ["9 == 'x'", eq('9', 'x')],
    ["a/b/c == 'x'", eq('a/b/c', 'x')],
    ["projectcalico.org/namespace == 'prod'", eq('projectcalico.org/namespace', 'prod')],
    ['has(projectcalico.org/namespace)', has('projectcalico.org/namespace')],
    [`${k512} == 'x'`, eq(k512, 'x')],
    [`has(${k512})`, has(k512)],
    ["A == 'x' && a == 'x'", and(eq('A', 'x'), eq('a', 'x'))],
    // string literals: no escapes, any character inside
    ["a == '\\'", eq('a', '\\')],
    ["a == '\\n'", eq('a', '\\n')],
    ["a == 'line\nbreak\ttab\0nul'", eq('a', 'line\nbreak\ttab\0nul')],
    ["a == '{},&&||()'", eq('a', '{},&&||()')],
    ["a == 'say \"hi\"'", eq('a', 'say "hi"')],
    ['a == "it\'s"', eq('a', "it's")],
    ["a == 'é😀'", eq('a', 'é😀')],
    ["a == ''", eq('a', '')],
    // function forms allow blanks inside the parentheses
    ['has( a )', has('a')],
    ['has(\ta\t)', has('a')],
    ['all( )', all],
    ['all(\t)', all],
    ['global(\t )', global],
    // has / all / global without "(" directly after are label keys
    ["has == 'x'", eq('has', 'x')],
    ["all == 'x'", eq('all', 'x')],
    ["global == 'x'", eq('global', 'x')],
    ["hasx == 'x'", eq('hasx', 'x')],
    // word operators: single-word spellings and blanks between the words
    ["a startswith 'x'", startsWith('a', 'x')],
    ["a endswith 'x'", endsWith('a', 'x')],
    ["a notin {'x'}", notInSet('a', ['x'])],
    ["a starts \t with 'x'", startsWith('a', 'x')],
    ["a ends  with 'x'", endsWith('a', 'x')],
    ["a not   in {'x'}", notInSet('a', ['x'])],
    ["a contains'x'", contains('a', 'x')],
    ["a in{'x'}", inSet('a', ['x'])],
    // word operators are label keys where no operator is expected
    ["not in {'x'}", inSet('not', ['x'])],
    ["in in {'in'}", inSet('in', ['in'])],
    ["contains contains 'contains'", contains('contains', 'contains')],
    ["notin notin {'x'}", notInSet('notin', ['x'])],
    ["starts starts with 'x'", startsWith('starts', 'x')],
    // sets: empty, trailing comma, duplicates, code point order
    ['a in {}', inSet('a', [])],
    ['a not in {}', notInSet('a', [])],
    ["a in {'x',}", inSet('a', ['x'])],
    ["a in {'y', 'x', 'y'}", inSet('a', ['x', 'y'])],
    ["a in {'😀', 'Ａ'}", inSet('a', ['Ａ', '😀'])],
    // precedence: ! binds tightest, then &&, then ||
    ['has(a) || has(b) && has(c)', or(has('a'), and(has('b'), has('c')))],
    ['has(a) && has(b) || has(c)', or(and(has('a'), has('b')), has('c'))],
    ["!a == 'x'", not(eq('a', 'x'))],
    ["!(a == 'x')", not(eq('a', 'x'))],
    ['!has(a) && has(b)', and(not(has('a')), has('b'))],
    // a run of ! collapses by parity
    ['!!has(a)', has('a')],
    ['!!!has(a)', not(has('a'))],
    ['! ! has(a)', has('a')],
    // n-ary chains; groups stay nested; single-term groups disappear
    ['has(a) && has(b) && has(c)', and(has('a'), has('b'), has('c'))],
    ['(has(a) && has(b)) && has(c)', and(and(has('a'), has('b')), has('c'))],
    ['has(a) || (has(b) || has(c))', or(has('a'), or(has('b'), has('c')))],
    ["(((a == 'x')))", eq('a', 'x')],
    ['(has(a))', has('a')],
    ['!(!has(a))', not(not(has('a')))],
    ['!(has(a) && has(b))', not(and(has('a'), has('b')))],
    ['!!(has(a))', has('a')],
    ['!(!!has(a))', not(has('a'))],
  ])('%j', (text, tree) => {
    expect(parse(text)).toEqual(ok(tree))
  })
})

describe('parse: tokenizer errors (they win over parse errors)', () => {
  it.each<[string, number, ReadonlyArray<string>, string]>([
    // unterminated string: offset of the opening quote, expected the closing quote
    ["a == 'x", 5, ["'"], 'unterminated string'],
    ['a == "x', 5, ['"'], 'unterminated string'],
    ["a == \"x'", 5, ['"'], 'unterminated string'],
    // no escapes: 'x\'y' is the literal x\ then the label y then an unterminated '
    ["a == 'x\\'y'", 10, ["'"], 'unterminated string'],
    // = needs a second =
    ["a = 'x'", 2, ['=='], 'expected =='],
    ["a === 'x'", 4, ['=='], 'expected =='],
    ["a =! 'x'", 2, ['=='], 'expected =='],
    ["a ! = 'x'", 4, ['=='], 'expected =='],
    // & and | must be doubled
    ['has(a) & has(b)', 7, ['&&'], 'expected &&'],
    ['has(a) | has(b)', 7, ['||'], 'expected ||'],
    ['has(a) &&& has(b)', 9, ['&&'], 'expected &&'],
    ['has(a) ||| has(b)', 9, ['||'], 'expected ||'],
    // after a label only an operator may follow
    ['a b', 2, OPS, 'expected operator after label "a"'],
    ["a:b == 'x'", 1, OPS, 'expected operator after label "a"'],
    ["a+b == 'x'", 1, OPS, 'expected operator after label "a"'],
    ["a@b == 'x'", 1, OPS, 'expected operator after label "a"'],
    ["a < 'x'", 2, OPS, 'expected operator after label "a"'],
    ["a > 'x'", 2, OPS, 'expected operator after label "a"'],
    ["a ~ 'x'", 2, OPS, 'expected operator after label "a"'],
    ["aé == 'x'", 1, OPS, 'expected operator after label "a"'],
    ["a\n== 'x'", 1, OPS, 'expected operator after label "a"'],
    ["a IN {'x'}", 2, OPS, 'expected operator after label "a"'],
    ["a Not In {'x'}", 2, OPS, 'expected operator after label "a"'],
    ["a containsx 'x'", 2, OPS, 'expected operator after label "a"'],
    ["a inx {'x'}", 2, OPS, 'expected operator after label "a"'],
    ["a starts\nwith 'x'", 2, OPS, 'expected operator after label "a"'],
    ["a not\nin {'x'}", 2, OPS, 'expected operator after label "a"'],
    // the two-word operators skip blanks before checking the word boundary
    ['a not in x', 2, OPS, 'expected operator after label "a"'],
    ['a starts with x', 2, OPS, 'expected operator after label "a"'],
    ['a ends with x', 2, OPS, 'expected operator after label "a"'],
    ['not has(a)', 4, OPS, 'expected operator after label "not"'],
    ["a == 'x' and b == 'y'", 13, OPS, 'expected operator after label "and"'],
    ["has(a) && b c == 'x'", 12, OPS, 'expected operator after label "b"'],
    // a character that cannot start a label: expected says what the parser wanted there
    ['$a', 0, TERM, 'expected identifier'],
    ["a == 'x' && $ == 'y'", 12, TERM, 'expected identifier'],
    ['a == $', 5, ['string'], 'expected identifier'],
    ["a in {'x', %}", 11, ['string', '}'], 'expected identifier'],
    ["a in {'x' %}", 10, [',', '}'], 'expected identifier'],
    ['a in [', 5, ['{'], 'expected identifier'],
    ["a == 'x' `", 9, END, 'expected identifier'],
    ['(has(a) é', 8, GROUP, 'expected identifier'],
    ['\nhas(a)', 0, TERM, 'expected identifier'],
    ['has(a)\n', 6, END, 'expected identifier'],
    ['has(a)\r\n', 6, END, 'expected identifier'],
    ['has(a)\v', 6, END, 'expected identifier'],
    ['has(a)\f', 6, END, 'expected identifier'],
    ['has(a)\u00a0', 6, END, 'expected identifier'],
    ['has(a)\u2003', 6, END, 'expected identifier'],
    ['\0', 0, TERM, 'expected identifier'],
    ['é', 0, TERM, 'expected identifier'],
    // ...even where the parser would already have failed earlier
    [') $', 2, ['label'], 'expected identifier'],
    // has( needs a label, then ) after optional blanks
    ['has()', 4, ['label'], 'expected identifier'],
    ['has( )', 5, ['label'], 'expected identifier'],
    ['has(', 4, ['label'], 'expected identifier'],
    ['has($)', 4, ['label'], 'expected identifier'],
    ['has(a b)', 6, [')'], "no closing ')' after has("],
    ['has(a', 5, [')'], "no closing ')' after has("],
    ['has(a:b)', 5, [')'], "no closing ')' after has("],
    ['has(a\n)', 5, [')'], "no closing ')' after has("],
    ['all(x)', 4, [')'], "no closing ')' after all("],
    ['all(', 4, [')'], "no closing ')' after all("],
    ['all(\n)', 4, [')'], "no closing ')' after all("],
    ['global(x)', 7, [')'], "no closing ')' after global("],
    ['global( ', 8, [')'], "no closing ')' after global("],
    // label length
    [`${k513} == 'x'`, 0, LONG, `label too long: ${k513}`],
    [`has(a) && ${k513} == 'x'`, 10, LONG, `label too long: ${k513}`],
    [`has( ${k513})`, 5, LONG, `label too long: ${k513}`],
    // a later lexical problem hides an earlier parse problem
    [") 'x", 2, ["'"], 'unterminated string'],
    ['a a = x', 2, OPS, 'expected operator after label "a"'],
  ])('%j', (text, offset, expected, message) => {
    expect(parse(text)).toEqual(bad(text, offset, expected, message))
  })
})

describe('parse: parser errors', () => {
  it.each<[string, number, ReadonlyArray<string>, string]>([
    // a label followed only by EOF
    ['a', 1, OPS, 'unexpected end of string looking for op'],
    ['has', 3, OPS, 'unexpected end of string looking for op'],
    ['all', 3, OPS, 'unexpected end of string looking for op'],
    ['a  ', 3, OPS, 'unexpected end of string looking for op'],
    ['has(a) && b', 11, OPS, 'unexpected end of string looking for op'],
    ['(a', 2, OPS, 'unexpected end of string looking for op'],
    // no unquoted values
    ['a == x', 5, ['string'], 'expected string'],
    ['a == 1', 5, ['string'], 'expected string'],
    ['a != ', 5, ['string'], 'expected string'],
    ['a contains (', 11, ['string'], 'expected string'],
    ["a starts with {'x'}", 14, ['string'], 'expected string'],
    ['a ends with', 11, ['string'], 'expected string'],
    ['a startswith', 12, ['string'], 'expected string'],
    // in / not in need a set
    ['a in x', 5, ['{'], 'expected set literal'],
    ["a in 'x'", 5, ['{'], 'expected set literal'],
    ['a notin', 7, ['{'], 'expected set literal'],
    ["a not in ('x')", 9, ['{'], 'expected set literal'],
    // inside a set
    ['a in {,}', 6, ['string', '}'], 'expected }'],
    ["a in {'x' 'y'}", 10, [',', '}'], 'expected }'],
    ['a in {x}', 6, ['string', '}'], 'expected }'],
    ["a in {'x'", 9, [',', '}'], 'expected }'],
    ["a in {'x',", 10, ['string', '}'], 'expected }'],
    ['a in {', 6, ['string', '}'], 'expected }'],
    ["a in {'x',,}", 10, ['string', '}'], 'expected }'],
    // a label followed by something that is not an operator
    ['a (', 2, OPS, 'expected == or != not: TokLParen()'],
    ['a )', 2, OPS, 'expected == or != not: TokRParen()'],
    ['a &&', 2, OPS, 'expected == or != not: TokAnd()'],
    ['a || b', 2, OPS, 'expected == or != not: TokOr()'],
    ['a {', 2, OPS, 'expected == or != not: TokLBrace()'],
    ['a }', 2, OPS, 'expected == or != not: TokRBrace()'],
    ['a ,', 2, OPS, 'expected == or != not: TokComma()'],
    ['a !', 2, OPS, 'expected == or != not: TokNot()'],
    ["contains 'x'", 9, OPS, 'expected == or != not: TokStringLiteral(x)'],
    ['has (a)', 4, OPS, 'expected == or != not: TokLParen()'],
    ['HAS(a)', 3, OPS, 'expected == or != not: TokLParen()'],
    ['ALL()', 3, OPS, 'expected == or != not: TokLParen()'],
    ['all ()', 4, OPS, 'expected == or != not: TokLParen()'],
    ['global ()', 7, OPS, 'expected == or != not: TokLParen()'],
    // a term was expected
    [')', 0, TERM, 'unexpected token: TokRParen()'],
    ['&&', 0, TERM, 'unexpected token: TokAnd()'],
    ['||', 0, TERM, 'unexpected token: TokOr()'],
    ['==', 0, TERM, 'unexpected token: TokEq()'],
    ["!= 'x'", 0, TERM, 'unexpected token: TokNe()'],
    ["'x'", 0, TERM, 'unexpected token: TokStringLiteral(x)'],
    ["'a b'", 0, TERM, 'unexpected token: TokStringLiteral(a b)'],
    ['{', 0, TERM, 'unexpected token: TokLBrace()'],
    ['}', 0, TERM, 'unexpected token: TokRBrace()'],
    [',', 0, TERM, 'unexpected token: TokComma()'],
    ['(', 1, TERM, 'unexpected token: TokEOF()'],
    ['!', 1, TERM, 'unexpected token: TokEOF()'],
    ['!!', 2, TERM, 'unexpected token: TokEOF()'],
    ['has(a) &&', 9, TERM, 'unexpected token: TokEOF()'],
    ['has(a) || ', 10, TERM, 'unexpected token: TokEOF()'],
    ['has(a) && ) ', 10, TERM, 'unexpected token: TokRParen()'],
    ['()', 1, TERM, 'unexpected token: TokRParen()'],
    ['! && has(a)', 2, TERM, 'unexpected token: TokAnd()'],
    // a group that is not closed
    ['(has(a)', 7, GROUP, 'expected )'],
    ['(has(a) has(b))', 8, GROUP, 'expected )'],
    ['((has(a))', 9, GROUP, 'expected )'],
    // tokens left over after a complete expression
    ['has(a) has(b)', 7, END, 'unexpected content at end of selector [TokHas(b) TokEOF()]'],
    ["a == 'x' b", 9, END, 'unexpected content at end of selector [TokLabel(b) TokEOF()]'],
    ['has(a))', 6, END, 'unexpected content at end of selector [TokRParen() TokEOF()]'],
    ['all() global()', 6, END, 'unexpected content at end of selector [TokGlobal() TokEOF()]'],
    [
      "has(a) contains 'x'",
      7,
      END,
      'unexpected content at end of selector [TokLabel(contains) TokStringLiteral(x) TokEOF()]',
    ],
    [
      "a == 'x' ('y z' , {} ! != == in",
      9,
      END,
      'unexpected content at end of selector [TokLParen() TokStringLiteral(y z) TokComma() TokLBrace() TokRBrace() TokNot() TokNe() TokEq() TokLabel(in) TokEOF()]',
    ],
    [
      "a == 'x' b in {} c not in {} d contains '' e starts with '' f ends with ''",
      9,
      END,
      'unexpected content at end of selector [TokLabel(b) TokIn() TokLBrace() TokRBrace() TokLabel(c) TokNotIn() TokLBrace() TokRBrace() TokLabel(d) TokContains() TokStringLiteral() TokLabel(e) TokStartsWith() TokStringLiteral() TokLabel(f) TokEndsWith() TokStringLiteral() TokEOF()]',
    ],
    ['all() all()', 6, END, 'unexpected content at end of selector [TokAll() TokEOF()]'],
  ])('%j', (text, offset, expected, message) => {
    expect(parse(text)).toEqual(bad(text, offset, expected, message))
  })
})

describe('parse: the canonical form parses back to the same canonical form', () => {
  it.each([
    "a=='x'&&b!='y'||c in{'z'}",
    "!(a == 'x' && b in {'q', 'p'})",
    "a startswith 'x' || b endswith 'y' || c notin {}",
    "(a == 'x' && (b == 'y' || !has(c))) && all()",
  ])('%j', (text) => {
    const once = E.map(print)(parse(text))
    expect(E.flatMap(parse)(once)).toEqual(E.flatMap(parse)(E.map(print)(E.flatMap(parse)(once))))
    expect(E.map(print)(E.flatMap(parse)(once))).toEqual(once)
  })
})

describe('parse: messages stay bounded on huge inputs (offsets stay exact)', () => {
  it('shows a label longer than 1,024 characters by its start and length', () => {
    const label = 'a'.repeat(1_000_000)
    expect(parse(`x == 'y' && ${label} == 'x'`)).toEqual(
      bad(`x == 'y' && ${label} == 'x'`, 12, LONG, `label too long: ${'a'.repeat(64)}… (1000000 characters)`),
    )
    // up to 1,024 characters the label is shown whole, as Calico does
    expect(parse(`has(${'b'.repeat(1024)})`)).toEqual(bad(`has(${'b'.repeat(1024)})`, 4, LONG, `label too long: ${'b'.repeat(1024)}`))
  })
  it('lists at most 64 remaining tokens, then counts the rest', () => {
    const text = `a == "x" ${Array(200_000).fill(')').join(' ')}`
    expect(parse(text)).toEqual(
      bad(text, 9, END, `unexpected content at end of selector [${Array(64).fill('TokRParen()').join(' ')} … (199937 more tokens)]`),
    )
  })
  it('shows a long string literal in a token by its start and length', () => {
    const v = 'v'.repeat(300)
    expect(parse(`a == "x" "${v}"`)).toEqual(
      bad(`a == "x" "${v}"`, 9, END, `unexpected content at end of selector [TokStringLiteral(${'v'.repeat(64)}… (300 characters)) TokEOF()]`),
    )
  })
})

describe('parse: nesting limits and non-strings (never throws)', () => {
  const deep = (n: number) => `${'('.repeat(n)}a == 'x'${')'.repeat(n)}`
  const NO_GROUP = ['!', 'has(', 'all()', 'global()', 'label']
  const TOO_DEEP = `selector nested too deeply (more than ${MAX_NESTING} groups)`
  it('accepts MAX_NESTING groups and refuses one more at the first ( too many', () => {
    expect(parse(deep(MAX_NESTING))).toEqual(ok({ _tag: 'Eq', key: 'a', value: 'x' }))
    expect(parse(deep(MAX_NESTING + 1))).toEqual(bad(deep(MAX_NESTING + 1), MAX_NESTING, NO_GROUP, TOO_DEEP))
  })
  it('refuses 100,000 unclosed ( and 100,000 nested groups the same way', () => {
    const open = '('.repeat(100_000)
    expect(parse(open)).toEqual(bad(open, MAX_NESTING, NO_GROUP, TOO_DEEP))
    expect(parse(deep(100_000))).toEqual(bad(deep(100_000), MAX_NESTING, NO_GROUP, TOO_DEEP))
    expect(parse(`!(${'!('.repeat(100_000)}`)).toEqual(bad(`!(${'!('.repeat(100_000)}`, 2 * MAX_NESTING + 1, NO_GROUP, TOO_DEEP))
  })
  it('reports a lexical error after deep nesting with its own message (the expected-token re-parse stops too)', () => {
    // (what would have been valid there is unknown past the limit: no expected tokens)
    const text = `${'('.repeat(3000)}a == 'x' $`
    expect(parse(text)).toEqual(bad(text, 3009, [], 'expected identifier'))
  })
  it('keeps lone surrogates in strings as they are', () => {
    expect(parse("a == 'x\ud800' || b in {'\udfff'}")).toEqual(
      ok({ _tag: 'Or', operands: [{ _tag: 'Eq', key: 'a', value: 'x\ud800' }, { _tag: 'In', key: 'b', values: ['\udfff'] }] }),
    )
  })
  it('returns a Decode error for a value that is not a string', () => {
    for (const u of [undefined, null, 42, {}, ['a']]) {
      expect(parse(u as unknown as string)).toEqual(E.left({ _tag: 'Decode', path: [], expected: 'a selector string', actual: u }))
    }
  })
})
