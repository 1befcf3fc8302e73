/**
 * Laws of the selector implementation, checked on generated selectors, selector text and labels.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { not, type Selector } from '../../src/selector/ast.js'
import { parse } from '../../src/selector/parse.js'
import { print } from '../../src/selector/print.js'
import { matches, type Labels } from '../../src/selector/match.js'
import { E } from '../../src/internal/fp.js'
import { labels, selector, selectorText } from '../arbitrary/selector.js'

/** A deliberately naive reference interpreter, straight from the semantics table. */
const naive = (sel: Selector, l: Labels): boolean => {
  const present = (k: string) => Object.prototype.hasOwnProperty.call(l, k)
  const value = (k: string) => l[k] as string
  switch (sel._tag) {
    case 'All':
    case 'Global':
      return true
    case 'Has':
      return present(sel.key)
    case 'Eq':
      return present(sel.key) && value(sel.key) === sel.value
    case 'Ne':
      return !present(sel.key) || value(sel.key) !== sel.value
    case 'In':
      return present(sel.key) && sel.values.indexOf(value(sel.key)) >= 0
    case 'NotIn':
      return !present(sel.key) || sel.values.indexOf(value(sel.key)) < 0
    case 'Contains':
      return present(sel.key) && value(sel.key).indexOf(sel.value) >= 0
    case 'StartsWith':
      return present(sel.key) && value(sel.key).slice(0, sel.value.length) === sel.value
    case 'EndsWith': {
      if (!present(sel.key)) return false
      const v = value(sel.key)
      return v.length >= sel.value.length && v.slice(v.length - sel.value.length) === sel.value
    }
    case 'Not':
      return !naive(sel.operand, l)
    case 'And':
      return sel.operands.every((o) => naive(o, l))
    case 'Or':
      return sel.operands.some((o) => naive(o, l))
  }
}

/** What parsing the canonical form gives: `!!x` collapses to `x`. */
const collapse = (sel: Selector): Selector => {
  switch (sel._tag) {
    case 'Not':
      return sel.operand._tag === 'Not' ? collapse(sel.operand.operand) : not(collapse(sel.operand))
    case 'And':
    case 'Or':
      return { _tag: sel._tag, operands: sel.operands.map(collapse) }
    default:
      return sel
  }
}

/** Does the tree hold a negated negation (the one case whose canonical form is not a fixed point)? */
const hasDoubleNot = (sel: Selector): boolean => {
  switch (sel._tag) {
    case 'Not':
      return sel.operand._tag === 'Not' || hasDoubleNot(sel.operand)
    case 'And':
    case 'Or':
      return sel.operands.some(hasDoubleNot)
    default:
      return false
  }
}

describe('selector properties', () => {
  it('print then parse gives the same canonical form, except for a negated negation', () => {
    let fixed = 0
    let exception = 0
    fc.assert(
      fc.property(selector, (sel) => {
        const text = print(sel)
        const back = parse(text)
        expect(back).toEqual(E.right(collapse(sel)))
        const again = E.map(print)(back)
        if (hasDoubleNot(sel)) {
          exception++
          expect(again).not.toEqual(E.right(text))
          // one more round is a fixed point
          expect(E.map(print)(E.flatMap(parse)(again))).toEqual(again)
        } else {
          fixed++
          expect(again).toEqual(E.right(text))
        }
      }),
      { numRuns: 500 },
    )
    expect(fixed > 0 && exception > 0).toBe(true)
  })

  it('any spelling the grammar allows parses to the same tree', () => {
    fc.assert(
      fc.property(
        selector.chain((sel) => fc.tuple(fc.constant(sel), selectorText(sel))),
        ([sel, text]) => {
          expect(parse(text)).toEqual(E.right(sel))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('matching agrees with a naive reference interpreter', () => {
    const outcomes = { true: 0, false: 0 }
    fc.assert(
      fc.property(selector, fc.array(labels, { minLength: 1, maxLength: 8 }), (sel, maps) => {
        const m = matches(sel)
        for (const l of maps) {
          const expected = naive(sel, l)
          outcomes[expected ? 'true' : 'false']++
          expect(m(l)).toBe(expected)
        }
      }),
      { numRuns: 1000 },
    )
    expect(outcomes.true).toBeGreaterThan(100)
    expect(outcomes.false).toBeGreaterThan(100)
  })

  it('the canonical form matches the same labels', () => {
    fc.assert(
      fc.property(selector, labels, (sel, l) => {
        expect(E.map((back: Selector) => matches(back)(l))(parse(print(sel)))).toEqual(E.right(matches(sel)(l)))
      }),
      { numRuns: 500 },
    )
  })
})
