/**
 * fast-check generators for selectors, selector text and label maps.
 *
 * Keys and values come mostly from small pools so that generated selectors and label maps
 * overlap often enough for both match outcomes to occur; the pools hold the awkward cases
 * (word-operator keys, `__proto__`/`constructor`, astral and private-use characters, quotes,
 * newlines, empty values).
 */
import fc from 'fast-check'
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

/** Label keys: mostly from a pool, sometimes any valid identifier. */
export const labelKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('a', 'b', 'c', 'not', 'in', 'has', 'constructor', '__proto__', 'x.y/z-9') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_./-]{1,8}$/) },
)

/** A value may contain `'` or `"` but not both (such a value cannot be written in a selector). */
const writable = (s: string): boolean => !(s.includes("'") && s.includes('"'))

/** Label values: mostly from a pool, sometimes any writable string. */
export const labelValue: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom('', 'x', 'y', 'xy', 'yx', 'X', 'é', 'e\u0301', '😀', 'Ａ', '\ue000', 'a"b', "it's", '1', '01', ' x', 'x\n', '\\'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }).filter(writable) },
)

const set = fc.array(labelValue, { maxLength: 4 })

/** One comparison, function or constant. */
export const term: fc.Arbitrary<Selector> = fc.oneof(
  fc.constant(all),
  fc.constant(global),
  labelKey.map(has),
  fc.tuple(labelKey, labelValue).map(([k, v]) => eq(k, v)),
  fc.tuple(labelKey, labelValue).map(([k, v]) => ne(k, v)),
  fc.tuple(labelKey, set).map(([k, vs]) => inSet(k, vs)),
  fc.tuple(labelKey, set).map(([k, vs]) => notInSet(k, vs)),
  fc.tuple(labelKey, labelValue).map(([k, v]) => contains(k, v)),
  fc.tuple(labelKey, labelValue).map(([k, v]) => startsWith(k, v)),
  fc.tuple(labelKey, labelValue).map(([k, v]) => endsWith(k, v)),
)

/**
 * Selector trees of the shapes the parser builds, plus `Not(Not(x))`, which only the
 * constructors (or the text `!(!x)`) produce.
 */
export const selector: fc.Arbitrary<Selector> = fc.letrec<{ node: Selector; not: Selector; and: Selector; or: Selector }>(
  (tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, term, tie('not'), tie('and'), tie('or')),
    not: tie('node').map(not),
    and: fc.array(tie('node'), { minLength: 2, maxLength: 4 }).map(([a, b, ...rest]) => and(a as Selector, b as Selector, ...rest)),
    or: fc.array(tie('node'), { minLength: 2, maxLength: 4 }).map(([a, b, ...rest]) => or(a as Selector, b as Selector, ...rest)),
  }),
).node

/** A label map built from entries, so `__proto__` becomes an own property like any other key. */
export const labels: fc.Arbitrary<Readonly<Record<string, string>>> = fc
  .array(fc.tuple(labelKey, labelValue), { maxLength: 6 })
  .map((entries) => Object.fromEntries(entries))

// ---------------------------------------------------------------------------------------------
// Selector text: every way of writing a tree that the grammar allows.

const blank = fc.constantFrom('', ' ', '  ', '\t', ' \t')
/** Where a blank is required (between a label and a word operator). */
const gap = fc.constantFrom(' ', '  ', '\t', ' \t ')

const quoted = (v: string): fc.Arbitrary<string> =>
  v.includes('"') ? fc.constant(`'${v}'`) : v.includes("'") ? fc.constant(`"${v}"`) : fc.constantFrom(`'${v}'`, `"${v}"`)

/** A set literal holding every value at least once, possibly repeated, in any order. */
const setText = (values: ReadonlyArray<string>): fc.Arbitrary<string> =>
  fc
    .tuple(fc.shuffledSubarray([...values, ...values]), blank, blank, fc.boolean())
    .chain(([extra, b1, b2, trailing]) =>
      fc
        .shuffledSubarray([...values, ...extra], { minLength: values.length + extra.length })
        .chain((members) => fc.tuple(fc.constant(''), ...members.map(quoted)))
        .map(([, ...qs]) => `{${b1}${qs.join(`,${b2}`)}${trailing && qs.length > 0 ? ',' : ''}${b2}}`),
    )

const binary = (key: string, ops: ReadonlyArray<string>, value: string, wordOp: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...ops), wordOp ? gap : blank, blank, quoted(value))
    .map(([op, b1, b2, q]) => `${key}${b1}${op}${b2}${q}`)

const termText = (sel: Selector): fc.Arbitrary<string> => {
  switch (sel._tag) {
    case 'All':
      return fc.constantFrom('all()', 'all( )', 'all(\t)')
    case 'Global':
      return fc.constantFrom('global()', 'global( )')
    case 'Has':
      return fc.tuple(blank, blank).map(([a, b]) => `has(${a}${sel.key}${b})`)
    case 'Eq':
      return binary(sel.key, ['=='], sel.value, false)
    case 'Ne':
      return binary(sel.key, ['!='], sel.value, false)
    case 'Contains':
      return binary(sel.key, ['contains'], sel.value, true)
    case 'StartsWith':
      return binary(sel.key, ['starts with', 'startswith', 'starts \t with'], sel.value, true)
    case 'EndsWith':
      return binary(sel.key, ['ends with', 'endswith', 'ends  with'], sel.value, true)
    case 'In':
      return fc.tuple(gap, blank, setText(sel.values)).map(([b1, b2, s]) => `${sel.key}${b1}in${b2}${s}`)
    case 'NotIn':
      return fc
        .tuple(gap, fc.constantFrom('not in', 'notin', 'not\tin'), blank, setText(sel.values))
        .map(([b1, op, b2, s]) => `${sel.key}${b1}${op}${b2}${s}`)
    default:
      return fc.constant('')
  }
}

/** Wraps text in zero or more redundant parentheses (and an even number of `!`). */
const decorate = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(text, fc.integer({ min: 0, max: 2 }), fc.constantFrom('', '!!', '!!!!'), blank)
    .map(([t, parens, bangs, b]) => {
      let out = t
      for (let i = 0; i < parens; i++) out = `(${b}${out}${b})`
      return bangs === '' ? out : `${bangs}(${out})`
    })

/**
 * Some text that parses to exactly `sel` (for trees without `Not(Not(x))`, whose only spelling
 * is `!(!x)`, which this also produces). Chains are written as flat `&&`/`||` sequences and
 * nested chains inside parentheses.
 */
export const selectorText = (sel: Selector): fc.Arbitrary<string> => {
  switch (sel._tag) {
    case 'Not':
      // `!` directly before a term, or before a parenthesised group
      return fc
        .tuple(selectorText(sel.operand), blank)
        .map(([t, b]) => (sel.operand._tag === 'Not' ? `!(${t})` : `!${b}(${t})`))
    case 'And':
    case 'Or': {
      const op = sel._tag === 'And' ? '&&' : '||'
      return fc
        .tuple(fc.tuple(...sel.operands.map(operandText)), blank)
        .map(([parts, b]) => parts.join(`${b}${op}${b}`))
    }
    default:
      return decorate(termText(sel))
  }
}

/** An operand inside a chain: nested chains need their own parentheses. */
const operandText = (sel: Selector): fc.Arbitrary<string> =>
  sel._tag === 'And' || sel._tag === 'Or' ? selectorText(sel).map((t) => `(${t})`) : selectorText(sel)
