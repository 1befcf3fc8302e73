/**
 * The selector tokenizer: turns the whole input into tokens before any parsing happens, so a
 * lexical error anywhere wins over a parse error earlier in the text (as in Calico).
 * @internal
 * @module
 */

/**
 * The kinds of token; printed in error messages as `Tok<Kind>(<value>)`. `Error` is never
 * produced by {@link tokenize}: the parser uses it to ask what it would have expected at the
 * place where the tokenizer failed.
 * @internal
 */
export type TokenKind =
  | 'Label'
  | 'StringLiteral'
  | 'LBrace'
  | 'RBrace'
  | 'Comma'
  | 'Eq'
  | 'Ne'
  | 'In'
  | 'Not'
  | 'NotIn'
  | 'Contains'
  | 'StartsWith'
  | 'EndsWith'
  | 'All'
  | 'Has'
  | 'LParen'
  | 'RParen'
  | 'And'
  | 'Or'
  | 'Global'
  | 'EOF'
  | 'Error'

/**
 * A token: its kind, its value (the key of a label or `has(…)`, the content of a string literal,
 * otherwise `''`) and the offset of its first character in the input.
 * @internal
 */
export interface Token {
  readonly kind: TokenKind
  readonly value: string
  readonly offset: number
}

/**
 * A tokenizer failure: Calico's message, the offset, what would have been valid there (`undefined`
 * when the parser should work that out from `tokens`, the tokens read before the failure).
 * @internal
 */
export interface LexFailure {
  readonly message: string
  readonly offset: number
  readonly expected: ReadonlyArray<string> | undefined
  readonly tokens: ReadonlyArray<Token>
}

/**
 * The result of {@link tokenize}: the tokens (always ending with `EOF`) or the first failure.
 * @internal
 */
export type Tokenized = { readonly ok: true; readonly tokens: ReadonlyArray<Token> } | ({ readonly ok: false } & LexFailure)

/**
 * Calico's maximum label key length (bytes; keys are ASCII, so also characters).
 * @internal
 */
export const MAX_LABEL_LENGTH = 512

/**
 * The operators that may follow a label, in the order they are listed in errors.
 * @internal
 */
export const OPERATORS: ReadonlyArray<string> = ['==', '!=', 'in', 'not in', 'contains', 'starts with', 'ends with']

const SPACE = 0x20
const TAB = 0x09

/** `[A-Za-z0-9_./-]` */
const isIdentChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || // a-z
  (c >= 0x41 && c <= 0x5a) || // A-Z
  (c >= 0x30 && c <= 0x39) || // 0-9
  c === 0x5f || // _
  c === 0x2e || // .
  c === 0x2f || // /
  c === 0x2d // -

const skipBlanks = (input: string, i: number): number => {
  let j = i
  for (;;) {
    const c = input.charCodeAt(j)
    if (c !== SPACE && c !== TAB) return j
    j++
  }
}

const identEnd = (input: string, i: number): number => {
  let j = i
  while (j < input.length && isIdentChar(input.charCodeAt(j))) j++
  return j
}

/** A word operator ends where the input ends or at a character that cannot continue a label. */
const atWordBoundary = (input: string, i: number): boolean => i >= input.length || !isIdentChar(input.charCodeAt(i))

/**
 * Matches the words of a word operator at `i`, allowing zero or more blanks between (and after)
 * the words, then checks the word boundary. Returns the end offset, or -1.
 */
const matchWords = (input: string, i: number, words: ReadonlyArray<string>): number => {
  let j = i
  for (let w = 0; w < words.length; w++) {
    const word = words[w] as string
    if (!input.startsWith(word, j)) return -1
    j += word.length
    // One-word operators check the boundary straight after the word; two-word operators skip
    // blanks after each word first (so `not in{` and `notin` both work, and `a not in x` is a
    // tokenizer error while `a in x` is a parser error).
    if (words.length > 1) j = skipBlanks(input, j)
  }
  return atWordBoundary(input, j) ? j : -1
}

const CONTAINS = ['contains']
const STARTS_WITH = ['starts', 'with']
const ENDS_WITH = ['ends', 'with']
const NOT_IN = ['not', 'in']
const IN = ['in']

/**
 * Tokenizes a whole selector. Only space and tab are whitespace.
 * @example
 * ```ts
 * tokenize("a == 'x'") // { ok: true, tokens: [Label a, Eq, StringLiteral x, EOF] }
 * ```
 * @since 0.1.0
 * @internal
 */
export const tokenize = (input: string): Tokenized => {
  const tokens: Token[] = []
  const n = input.length
  const fail = (message: string, offset: number, expected: ReadonlyArray<string> | undefined): Tokenized => ({
    ok: false,
    message,
    offset,
    expected,
    tokens,
  })
  let i = 0
  for (;;) {
    i = skipBlanks(input, i)
    if (i >= n) {
      tokens.push({ kind: 'EOF', value: '', offset: n })
      return { ok: true, tokens }
    }
    const c = input.charCodeAt(i)
    switch (c) {
      case 0x28: // (
        tokens.push({ kind: 'LParen', value: '', offset: i })
        i++
        break
      case 0x29: // )
        tokens.push({ kind: 'RParen', value: '', offset: i })
        i++
        break
      case 0x7b: // {
        tokens.push({ kind: 'LBrace', value: '', offset: i })
        i++
        break
      case 0x7d: // }
        tokens.push({ kind: 'RBrace', value: '', offset: i })
        i++
        break
      case 0x2c: // ,
        tokens.push({ kind: 'Comma', value: '', offset: i })
        i++
        break
      case 0x22: // "
      case 0x27: {
        // ' — a literal runs to the next occurrence of the same quote; there are no escapes.
        const quote = c === 0x22 ? '"' : "'"
        const close = input.indexOf(quote, i + 1)
        if (close < 0) return fail('unterminated string', i, [quote])
        tokens.push({ kind: 'StringLiteral', value: input.slice(i + 1, close), offset: i })
        i = close + 1
        break
      }
      case 0x3d: // =
        if (input.charCodeAt(i + 1) !== 0x3d) return fail('expected ==', i, ['=='])
        tokens.push({ kind: 'Eq', value: '', offset: i })
        i += 2
        break
      case 0x21: // ! — greedy: `!=` whenever `=` follows directly.
        if (input.charCodeAt(i + 1) === 0x3d) {
          tokens.push({ kind: 'Ne', value: '', offset: i })
          i += 2
        } else {
          tokens.push({ kind: 'Not', value: '', offset: i })
          i++
        }
        break
      case 0x26: // &
        if (input.charCodeAt(i + 1) !== 0x26) return fail('expected &&', i, ['&&'])
        tokens.push({ kind: 'And', value: '', offset: i })
        i += 2
        break
      case 0x7c: // |
        if (input.charCodeAt(i + 1) !== 0x7c) return fail('expected ||', i, ['||'])
        tokens.push({ kind: 'Or', value: '', offset: i })
        i += 2
        break
      default: {
        const last = tokens[tokens.length - 1]
        if (last !== undefined && last.kind === 'Label') {
          // Word operators are recognised only straight after a label.
          let end: number
          let kind: TokenKind
          if ((end = matchWords(input, i, CONTAINS)) >= 0) kind = 'Contains'
          else if ((end = matchWords(input, i, STARTS_WITH)) >= 0) kind = 'StartsWith'
          else if ((end = matchWords(input, i, ENDS_WITH)) >= 0) kind = 'EndsWith'
          else if ((end = matchWords(input, i, NOT_IN)) >= 0) kind = 'NotIn'
          else if ((end = matchWords(input, i, IN)) >= 0) kind = 'In'
          else return fail(`expected operator after label "${last.value}"`, i, OPERATORS)
          tokens.push({ kind, value: '', offset: i })
          i = end
        } else if (input.startsWith('has(', i)) {
          const start = skipBlanks(input, i + 4)
          const end = identEnd(input, start)
          if (end - start > MAX_LABEL_LENGTH) {
            return fail(`label too long: ${showLabel(input.slice(start, end))}`, start, [`label of at most ${MAX_LABEL_LENGTH} characters`])
          }
          if (end === start) return fail('expected identifier', start, ['label'])
          const close = skipBlanks(input, end)
          if (input.charCodeAt(close) !== 0x29) return fail("no closing ')' after has(", close, [')'])
          tokens.push({ kind: 'Has', value: input.slice(start, end), offset: i })
          i = close + 1
        } else if (input.startsWith('all(', i)) {
          const close = skipBlanks(input, i + 4)
          if (input.charCodeAt(close) !== 0x29) return fail("no closing ')' after all(", close, [')'])
          tokens.push({ kind: 'All', value: '', offset: i })
          i = close + 1
        } else if (input.startsWith('global(', i)) {
          const close = skipBlanks(input, i + 7)
          if (input.charCodeAt(close) !== 0x29) return fail("no closing ')' after global(", close, [')'])
          tokens.push({ kind: 'Global', value: '', offset: i })
          i = close + 1
        } else {
          const end = identEnd(input, i)
          if (end - i > MAX_LABEL_LENGTH) {
            return fail(`label too long: ${showLabel(input.slice(i, end))}`, i, [`label of at most ${MAX_LABEL_LENGTH} characters`])
          }
          // Which token would have been valid here depends on the parser's state: let it say.
          if (end === i) return fail('expected identifier', i, undefined)
          tokens.push({ kind: 'Label', value: input.slice(i, end), offset: i })
          i = end
        }
      }
    }
  }
}

/**
 * Prints a token the way Calico's messages do: `TokLabel(b)`, `TokStringLiteral(y)`, `TokEOF()`.
 * @example
 * ```ts
 * showToken({ kind: 'Label', value: 'b', offset: 0 }) // 'TokLabel(b)'
 * ```
 * @since 0.1.0
 * @internal
 */
export const showToken = (t: Token): string => `Tok${t.kind}(${cut(t.value, MESSAGE_VALUE_MAX)})`

/** Longest label a message shows whole: twice the longest valid label, so every message about a
 * label of sensible length is Calico's exact text. */
const MESSAGE_LABEL_MAX = 2 * MAX_LABEL_LENGTH
/** Longest token value a message shows whole. */
const MESSAGE_VALUE_MAX = 256
/** What a message shows of a longer text: its start, then its length. */
const SHOWN_START = 64

const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, SHOWN_START)}… (${s.length} characters)`)

/**
 * A label as error messages show it: whole up to 1,024 characters (Calico's text), otherwise its
 * first 64 characters and its length, so that a huge input cannot make a huge message.
 * @example
 * ```ts
 * showLabel('k'.repeat(2000)) // 'kkkk…kkkk… (2000 characters)'
 * ```
 * @since 0.2.0
 * @internal
 */
export const showLabel = (label: string): string => cut(label, MESSAGE_LABEL_MAX)
