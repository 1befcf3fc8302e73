/**
 * Vectors computed by Calico's own selector package (libcalico-go/lib/selector at the commit the
 * grammar document describes) on generated and hand-written selectors: validity, the exact error
 * message, the canonical form, the unique id and match results on a few label maps each.
 */
import { describe, expect, it } from 'vitest'
import { parse } from '../../src/selector/parse.js'
import { print } from '../../src/selector/print.js'
import { uniqueId } from '../../src/selector/unique-id.js'
import { matches } from '../../src/selector/match.js'
import { E } from '../../src/internal/fp.js'

interface Valid {
  readonly selector: string
  readonly canonical: string
  readonly uniqueId: string
  readonly labels: ReadonlyArray<Readonly<Record<string, string>>>
  readonly matches: ReadonlyArray<boolean>
}
interface Invalid {
  readonly selector: string
  readonly error: string
}
type Vector = Valid | Invalid

// Loaded through a computed specifier so that tsc does not infer a type for 900 kB of JSON.
const file = './calico-vectors.json'
const all = ((await import(/* @vite-ignore */ file, { with: { type: 'json' } })) as { default: ReadonlyArray<Vector> }).default
const valid = all.filter((v): v is Valid => !('error' in v))
const invalid = all.filter((v): v is Invalid => 'error' in v)

const outcome = (text: string, labels: Valid['labels']) => {
  const r = parse(text)
  return E.isLeft(r)
    ? { error: r.left._tag === 'SelectorSyntax' ? r.left.message : r.left._tag }
    : { canonical: print(r.right), uniqueId: uniqueId(r.right), matches: labels.map(matches(r.right)) }
}

describe('Calico vectors', () => {
  it('cover both outcomes', () => {
    expect(valid.length).toBeGreaterThan(1000)
    expect(invalid.length).toBeGreaterThan(1000)
    const results = valid.flatMap((v) => v.matches)
    expect(results.includes(true) && results.includes(false)).toBe(true)
  })

  it('valid selectors: canonical form, unique id and matches', () => {
    for (const v of valid) {
      expect({ selector: v.selector, ...outcome(v.selector, v.labels) }).toEqual({
        selector: v.selector,
        canonical: v.canonical,
        uniqueId: v.uniqueId,
        matches: v.matches,
      })
    }
  })

  it('invalid selectors: the exact error message', () => {
    for (const v of invalid) {
      expect({ selector: v.selector, ...outcome(v.selector, []) }).toEqual({ selector: v.selector, error: v.error })
    }
  })
})
