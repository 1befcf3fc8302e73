/**
 * The selector parser: tokenizes the whole input, then parses the tokens by recursive descent
 * exactly as Calico does (see docs/resources-and-selectors.md for the grammar and the error catalogue).
 * @module
 */
import type { CalicoError } from '../errors.js'
import { E, type Either } from '../internal/fp.js'
import { all, canonicalSet, type Selector } from './ast.js'
import { depthOf, MAX_DEPTH } from './depth.js'
import { OPERATORS, showToken, tokenize, type Token } from './tokenize.js'

/** What may start a term (after `!`, `(`, `&&`, `||` or at the start). */
const TERM_START: ReadonlyArray<string> = ['!', '(', 'has(', 'all()', 'global()', 'label']
const AFTER_EXPRESSION: ReadonlyArray<string> = ['&&', '||', 'end of selector']
const AFTER_GROUP: ReadonlyArray<string> = ['&&', '||', ')']
const STRING: ReadonlyArray<string> = ['string']
const SET_OPEN: ReadonlyArray<string> = ['{']
const SET_MEMBER: ReadonlyArray<string> = ['string', '}']
const SET_NEXT: ReadonlyArray<string> = [',', '}']
const LABEL: ReadonlyArray<string> = ['label']
/** The most remaining tokens an "unexpected content" message lists. */
const MESSAGE_TOKENS_MAX = 64

interface Failure {
  readonly message: string
  readonly offset: number
  readonly expected: ReadonlyArray<string>
}

/** Mutable cursor over the token list, local to one `parse` call. */
interface State {
  readonly tokens: ReadonlyArray<Token>
  pos: number
  /** How many groups (`(`) enclose the current position. */
  depth: number
  failure: Failure | undefined
}

/**
 * The most groups (`(…)`) a selector may nest, even groups that add no level to the tree such as
 * `((a == 'x'))`. Calico's parser has no limit (Go stacks grow), but no real selector nests more
 * than a handful of groups; the limit keeps the recursive descent far from JavaScript's stack
 * limit. (The tree itself may be at most `MAX_DEPTH` deep.)
 * @example
 * ```ts
 * MAX_NESTING // 128
 * ```
 * @since 0.2.0
 */
export const MAX_NESTING = 128

/** What may start a term inside a group that may not hold another group. */
const TERM_NO_GROUP: ReadonlyArray<string> = ['!', 'has(', 'all()', 'global()', 'label']

/** The token at `i`; the list always ends with `EOF` (or `Error`), which every rule stops at. */
const at = (st: State, i: number): Token => st.tokens[Math.min(i, st.tokens.length - 1)] as Token

const fail = (st: State, message: string, offset: number, expected: ReadonlyArray<string>): undefined => {
  st.failure = { message, offset, expected }
  return undefined
}

const TOO_DEEP_TREE = `selector nested too deeply (a tree deeper than ${MAX_DEPTH} levels)`

/** The node, unless it makes the tree deeper than MAX_DEPTH (reported at the expression's start). */
const bounded = (st: State, node: Selector, start: number): Selector | undefined =>
  depthOf(node) > MAX_DEPTH ? fail(st, TOO_DEEP_TREE, start, []) : node

/** orExpr = andExpr { "||" andExpr } */
const parseOr = (st: State): Selector | undefined => {
  const start = at(st, st.pos).offset
  const first = parseAnd(st)
  if (first === undefined) return undefined
  if (at(st, st.pos).kind !== 'Or') return first
  const operands: Selector[] = [first]
  while (at(st, st.pos).kind === 'Or') {
    st.pos++
    const next = parseAnd(st)
    if (next === undefined) return undefined
    operands.push(next)
  }
  return bounded(st, { _tag: 'Or', operands }, start)
}

/** andExpr = unary { "&&" unary } */
const parseAnd = (st: State): Selector | undefined => {
  const start = at(st, st.pos).offset
  const first = parseUnary(st)
  if (first === undefined) return undefined
  if (at(st, st.pos).kind !== 'And') return first
  const operands: Selector[] = [first]
  while (at(st, st.pos).kind === 'And') {
    st.pos++
    const next = parseUnary(st)
    if (next === undefined) return undefined
    operands.push(next)
  }
  return bounded(st, { _tag: 'And', operands }, start)
}

/** unary = { "!" } primary — the `!`s collapse by parity into at most one `Not`. */
const parseUnary = (st: State): Selector | undefined => {
  const start = at(st, st.pos).offset
  let negated = false
  while (at(st, st.pos).kind === 'Not') {
    negated = !negated
    st.pos++
  }
  const sel = parsePrimary(st)
  if (sel === undefined) return undefined
  return negated ? bounded(st, { _tag: 'Not', operand: sel }, start) : sel
}

const parsePrimary = (st: State): Selector | undefined => {
  const t = at(st, st.pos)
  switch (t.kind) {
    case 'Has':
      st.pos++
      return { _tag: 'Has', key: t.value }
    case 'All':
      st.pos++
      return all
    case 'Global':
      st.pos++
      return { _tag: 'Global' }
    case 'Label':
      return parseComparison(st, t)
    case 'LParen': {
      // Checked before recursing, so that no input can exhaust the stack.
      if (st.depth >= MAX_NESTING) return fail(st, `selector nested too deeply (more than ${MAX_NESTING} groups)`, t.offset, TERM_NO_GROUP)
      st.pos++
      st.depth++
      const inner = parseOr(st)
      st.depth--
      if (inner === undefined) return undefined
      const close = at(st, st.pos)
      if (close.kind !== 'RParen') return fail(st, 'expected )', close.offset, AFTER_GROUP)
      st.pos++
      return inner
    }
    default:
      return fail(st, `unexpected token: ${showToken(t)}`, t.offset, TERM_START)
  }
}

/** A label followed by an operator and its operand. */
const parseComparison = (st: State, label: Token): Selector | undefined => {
  const op = at(st, st.pos + 1)
  const key = label.value
  switch (op.kind) {
    case 'EOF':
      return fail(st, 'unexpected end of string looking for op', op.offset, OPERATORS)
    case 'Eq':
    case 'Ne':
    case 'Contains':
    case 'StartsWith':
    case 'EndsWith': {
      const lit = at(st, st.pos + 2)
      if (lit.kind !== 'StringLiteral') return fail(st, 'expected string', lit.offset, STRING)
      st.pos += 3
      return { _tag: op.kind, key, value: lit.value }
    }
    case 'In':
    case 'NotIn': {
      const open = at(st, st.pos + 2)
      if (open.kind !== 'LBrace') return fail(st, 'expected set literal', open.offset, SET_OPEN)
      let p = st.pos + 3
      const values: string[] = []
      let afterMember = false
      for (;;) {
        const m = at(st, p)
        if (m.kind !== 'StringLiteral') break
        values.push(m.value)
        p++
        afterMember = true
        if (at(st, p).kind !== 'Comma') break
        p++
        afterMember = false
      }
      const close = at(st, p)
      if (close.kind !== 'RBrace') return fail(st, 'expected }', close.offset, afterMember ? SET_NEXT : SET_MEMBER)
      st.pos = p + 1
      return { _tag: op.kind, key, values: canonicalSet(values) }
    }
    default:
      return fail(st, `expected == or != not: ${showToken(op)}`, op.offset, OPERATORS)
  }
}

/** Parses a complete token list; on failure the description is left in `st.failure`. */
const parseTokens = (st: State): Selector | undefined => {
  if (at(st, 0).kind === 'EOF') return all
  const sel = parseOr(st)
  if (sel === undefined) return undefined
  const rest = at(st, st.pos)
  if (rest.kind !== 'EOF') {
    // Calico lists every remaining token; past 64 the rest is counted, to bound the message.
    const left = st.tokens.length - st.pos
    const shown = st.tokens.slice(st.pos, st.pos + MESSAGE_TOKENS_MAX).map(showToken).join(' ')
    const remaining = left <= MESSAGE_TOKENS_MAX ? shown : `${shown} … (${left - MESSAGE_TOKENS_MAX} more tokens)`
    return fail(st, `unexpected content at end of selector [${remaining}]`, rest.offset, AFTER_EXPRESSION)
  }
  return sel
}

const syntaxError = (source: string, f: Failure): CalicoError => ({
  _tag: 'SelectorSyntax',
  path: [],
  source,
  offset: f.offset,
  expected: f.expected,
  message: f.message,
})

/**
 * What the parser would have accepted at `offset`, where the tokenizer found a character that
 * cannot start a label: parse the tokens read so far followed by an `Error` token there.
 */
const expectedAt = (tokens: ReadonlyArray<Token>, offset: number): ReadonlyArray<string> => {
  const st: State = { tokens: [...tokens, { kind: 'Error', value: '', offset }], pos: 0, depth: 0, failure: undefined }
  parseTokens(st)
  if (st.failure !== undefined && st.failure.offset === offset) return st.failure.expected
  // Past the nesting limit the parser cannot tell what it would have expected there.
  return st.failure !== undefined && st.failure.expected === TERM_NO_GROUP ? [] : LABEL
}

/**
 * Parses a Calico selector into its syntax tree, or returns Calico's own error message.
 *
 * Empty or blank input (spaces and tabs only) is `all()`. On failure the `SelectorSyntax` error
 * carries:
 * - `message`: exactly the message Calico's selector package returns;
 * - `offset`: the 0-based index (in UTF-16 code units, i.e. a JavaScript string index) of the
 *   offending token or character. For `unterminated string` it is the opening quote, for
 *   `label too long` the start of the label, for `no closing ')' after …` the character found
 *   instead of `)`, for errors at the end of the input the input's length;
 * - `expected`: what would have been valid at that offset, for example
 *   `['==', '!=', 'in', 'not in', 'contains', 'starts with', 'ends with']` after a label. The
 *   words `label`, `string` and `end of selector` stand for classes of token.
 *
 * Two differences are this library's, not Calico's: more than {@link MAX_NESTING} nested groups
 * (`selector nested too deeply …`, at the first `(` too many) or a tree deeper than `MAX_DEPTH`
 * (at the start of the expression that is too deep) is refused, and a message never shows more
 * than the start and the length of a very long label, value or token list. `parse` never throws: a value that is not
 * a string (from JavaScript callers) gives a `Decode` error.
 * @example
 * ```ts
 * Selector.parse("role == 'db' && has(tier)")
 * // right({ _tag: 'And', operands: [{ _tag: 'Eq', key: 'role', value: 'db' }, { _tag: 'Has', key: 'tier' }] })
 * Selector.parse('a b')
 * // left({ _tag: 'SelectorSyntax', path: [], source: 'a b', offset: 2,
 * //        expected: ['==', '!=', 'in', 'not in', 'contains', 'starts with', 'ends with'],
 * //        message: 'expected operator after label "a"' })
 * ```
 * @since 0.1.0
 */
export const parse = (text: string): Either<CalicoError, Selector> => {
  if (typeof text !== 'string') return E.left({ _tag: 'Decode', path: [], expected: 'a selector string', actual: text })
  const lexed = tokenize(text)
  if (!lexed.ok) {
    const expected = lexed.expected ?? expectedAt(lexed.tokens, lexed.offset)
    return E.left(syntaxError(text, { message: lexed.message, offset: lexed.offset, expected }))
  }
  const st: State = { tokens: lexed.tokens, pos: 0, depth: 0, failure: undefined }
  const sel = parseTokens(st)
  if (sel === undefined) {
    // parseTokens only returns undefined after recording a failure.
    return E.left(syntaxError(text, st.failure as Failure))
  }
  return E.right(sel)
}
