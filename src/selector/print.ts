/**
 * Calico's canonical text for a selector (`String()` in Calico's selector package).
 * @module
 */
import { absurd } from '../internal/fp.js'
import { canonicalSet, type Selector } from './ast.js'

/** A value in double quotes, or in single quotes if it contains `"`; nothing is ever escaped. */
const quote = (s: string): string => (s.includes('"') ? `'${s}'` : `"${s}"`)

const printSet = (key: string, op: string, values: ReadonlyArray<string>): string => {
  let out = `${key} ${op} {`
  const members = canonicalSet(values)
  for (let i = 0; i < members.length; i++) out += (i === 0 ? '' : ', ') + quote(members[i] as string)
  return `${out}}`
}

const printChain = (operands: ReadonlyArray<Selector>, sep: string): string => {
  let out = '('
  for (let i = 0; i < operands.length; i++) out += (i === 0 ? '' : sep) + printNode(operands[i] as Selector)
  return `${out})`
}

const printNode = (sel: Selector): string => {
  switch (sel._tag) {
    case 'All':
      return 'all()'
    case 'Global':
      return 'global()'
    case 'Has':
      return `has(${sel.key})`
    case 'Eq':
      return `${sel.key} == ${quote(sel.value)}`
    case 'Ne':
      return `${sel.key} != ${quote(sel.value)}`
    case 'Contains':
      return `${sel.key} contains ${quote(sel.value)}`
    case 'StartsWith':
      return `${sel.key} starts with ${quote(sel.value)}`
    case 'EndsWith':
      return `${sel.key} ends with ${quote(sel.value)}`
    case 'In':
      return printSet(sel.key, 'in', sel.values)
    case 'NotIn':
      return printSet(sel.key, 'not in', sel.values)
    case 'Not':
      return `!${printNode(sel.operand)}`
    case 'And':
      return printChain(sel.operands, ' && ')
    case 'Or':
      return printChain(sel.operands, ' || ')
    default:
      return absurd(sel)
  }
}

const cache = new WeakMap<Selector, string>()

/**
 * What {@link print} returns for a value that is not a selector (a JavaScript caller's mistake, or
 * a hand-built tree too deep to walk): text that does not parse, so it can never be mistaken for a
 * selector that matches something.
 * @example
 * ```ts
 * Selector.print(42 as never) // '<not a selector>'
 * ```
 * @since 0.2.0
 */
export const NOT_A_SELECTOR = '<not a selector>'

/**
 * Prints a selector in Calico's canonical form, the text Calico hashes into IP set names.
 *
 * Comparisons get one space on each side of the operator; values are double-quoted unless they
 * contain `"` (then single-quoted), and never escaped; set members are de-duplicated and sorted by
 * code point (UTF-8 byte order); `&&` and `||` chains are always parenthesised, even at the top
 * level; `!` is printed directly before its operand. The result parses back to a selector that
 * matches the same labels, and is a fixed point except for a negated group holding one negated
 * term: `!(!has(a))` prints as `!!has(a)`, which parses as `has(a)`. Never throws: a value that
 * is not a selector prints as {@link NOT_A_SELECTOR}.
 * @example
 * ```ts
 * pipe(Selector.parse("b in {'y','x','y'} && !(a == 'x')"), E.map(Selector.print))
 * // right('(b in {"x", "y"} && !a == "x")')
 * ```
 * @since 0.1.0
 */
export const print = (selector: Selector): string => {
  if (typeof selector !== 'object' || selector === null) return NOT_A_SELECTOR
  let text = cache.get(selector)
  if (text === undefined) {
    // Trees from parse and the checking builders are well-formed and at most MAX_DEPTH deep; only
    // a hand-built value can fail here (an unknown tag, a missing field, a stack overflow).
    try {
      text = printNode(selector)
    } catch {
      return NOT_A_SELECTOR
    }
    cache.set(selector, text)
  }
  return text
}
