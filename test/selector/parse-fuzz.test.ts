/**
 * Fuzzing the selector parser: for random and adversarial input, `Selector.parse` returns an
 * Either (never throws) within a time bound, and whatever it accepts prints to canonical text that
 * parses again to the same canonical text (the second round is a fixed point; `!!x` reads back as
 * `x`, so the first round need not be). Every other selector function is then applied to the
 * result and must not throw either.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parse, MAX_NESTING } from '../../src/selector/parse.js'
import { print } from '../../src/selector/print.js'
import { matches } from '../../src/selector/match.js'
import { uniqueId } from '../../src/selector/unique-id.js'
import { formatError } from '../../src/errors.js'
import { labels } from '../arbitrary/selector.js'

/** The longest a single parse may take (a hang guard, far above the ~10 µs a typical parse costs). */
const BOUND_MS = 1_000

const timed = <A>(f: () => A): { readonly value: A; readonly ms: number } => {
  const start = performance.now()
  const value = f()
  return { value, ms: performance.now() - start }
}

/** Pieces of selector syntax, glued together at random: most results are invalid in interesting ways. */
const token = fc.constantFrom(
  '(', ')', '!', '&&', '||', '&', '|', '==', '!=', ' in ', ' not in ', ' contains ', ' starts with ',
  ' ends with ', 'has(', 'all()', 'global()', '{', '}', ',', "'", '"', "'x'", '"y"', ' ', '\t', '\n',
  'a', 'k.io/x', 'role', '__proto__', 'constructor', '\\', '\u0000', '\ud800', '\ufffd', '😀', 'é',
)
const tokenSoup = fc.array(token, { maxLength: 60 }).map((ts) => ts.join(''))

/** Deep or long shapes that once overflowed the stack or produced huge messages. */
const adversarial = fc.oneof(
  fc.integer({ min: 1, max: 20_000 }).map((n) => '('.repeat(n) + "a == 'x'" + ')'.repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '('.repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '!'.repeat(n) + 'has(a)'),
  fc.integer({ min: 1, max: 5_000 }).map((n) => Array.from({ length: n }, (_, i) => `k${i} == 'v'`).join(' && ')),
  fc.integer({ min: 1, max: 50_000 }).map((n) => `a == '${'x'.repeat(n)}'`),
  fc.integer({ min: 1, max: 50_000 }).map((n) => `has(${'k'.repeat(n)})`),
  fc.integer({ min: 1, max: 20_000 }).map((n) => "a == 'x' " + ') '.repeat(n)),
  fc.integer({ min: 1, max: 5_000 }).map((n) => `a in {${Array.from({ length: n }, (_, i) => `'v${i}'`).join(', ')}}`),
)

const input = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), tokenSoup, adversarial)

describe('Selector.parse under fuzzing', () => {
  it('returns an Either within the time bound for any text; accepted text has a stable canonical form', () => {
    let accepted = 0
    let refused = 0
    fc.assert(
      fc.property(input, labels, (text, l) => {
        const { value: r, ms } = timed(() => parse(text))
        expect(ms).toBeLessThan(BOUND_MS)
        if (r._tag === 'Left') {
          refused++
          const message = formatError(r.left)
          expect(typeof message).toBe('string')
          expect(message.length).toBeLessThan(10_000)
          return
        }
        accepted++
        const once = print(r.right)
        const again = parse(once)
        expect(again._tag).toBe('Right')
        if (again._tag !== 'Right') return
        const twice = print(again.right)
        const third = parse(twice)
        expect(third._tag === 'Right' && print(third.right)).toBe(twice)
        // the canonical form selects exactly what the original does
        expect(matches(again.right)(l)).toBe(matches(r.right)(l))
        expect(uniqueId(again.right)).toMatch(/^s:[A-Za-z0-9_-]+$/)
      }),
      { numRuns: 400 },
    )
    // the run exercised both outcomes
    expect(accepted).toBeGreaterThan(20)
    expect(refused).toBeGreaterThan(20)
  })

  it('refuses nesting beyond MAX_NESTING with a Left, at any depth', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_NESTING + 1, max: 200_000 }), (n) => {
        const r = parse('('.repeat(n) + 'all()' + ')'.repeat(n))
        expect(r._tag).toBe('Left')
      }),
      { numRuns: 20 },
    )
  })

  it('returns a Left, never throws, for values that are not strings', () => {
    fc.assert(
      fc.property(fc.anything(), (u) => {
        fc.pre(typeof u !== 'string')
        expect(parse(u as string)._tag).toBe('Left')
      }),
      { numRuns: 300 },
    )
  })
})
