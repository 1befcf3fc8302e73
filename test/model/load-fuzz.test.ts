// Property: whatever the text, `load` returns an Either (never throws, never aborts, never writes
// process warnings) and answers quickly. The generators favour what has broken YAML and JSON
// readers before: deep nesting, aliases, tags, directives, document markers, long lists, stray
// quotes and brackets, control characters and random bytes.
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { load } from '../../src/load.js'

/** Milliseconds one call may take here (inputs are at most a few tens of kilobytes). */
const BOUND_MS = 2_000

const fragments = [
  '[', ']', '{', '}', ',', ':', ': ', '- ', '? ', '\n', '\n  ', '\n    ', '---\n', '...\n', '#c\n', '"', "'", '\\', '|\n', '>-\n',
  '&a ', '*a', '&b ', '*b', '!!str ', '!!float ', '!!binary ', '!foo ', '!', '%YAML 1.1\n', '%YAML 2.0\n', '%TAG ! x:\n',
  '0443', '0b11', '1_000', '22.0', '1e400', '.nan', 'yes', '2024-01-01', '__proto__', 'constructor', '<<: ',
  '\ufeff', '\u0000', '\t', '\r\n', 'apiVersion: projectcalico.org/v3\n', 'kind: GlobalNetworkPolicy\n', 'metadata: {name: p}\n',
  'spec:\n  ingress:\n', '  - action: Allow\n', '{"a": 1, "a": 2}', '// c\n', 'ports: [22, "80"]',
]

/** Text assembled from YAML/JSON fragments. */
const stitched = fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((xs) => xs.join(''))

/** Nesting of random depth and shape (flow, block, JSON), optionally repeated over documents. */
const nested = fc
  .record({
    depth: fc.integer({ min: 1, max: 3000 }),
    style: fc.constantFrom('flow', 'map', 'json', 'block', 'mixed'),
    docs: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ depth, style, docs }) => {
    const one =
      style === 'flow'
        ? '['.repeat(depth) + ']'.repeat(depth)
        : style === 'map'
          ? '{a: '.repeat(depth) + '1' + '}'.repeat(depth)
          : style === 'json'
            ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
            : style === 'block'
              ? Array.from({ length: Math.min(depth, 400) }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x'
              : '- '.repeat(Math.min(depth, 2000)) + '[{'.repeat(depth) + '}]'.repeat(depth)
    return Array(docs).fill(one).join('\n---\n')
  })

/** Anchors and aliases: chains, fan-out (alias bombs), undefined and cross-document aliases. */
const aliases = fc
  .record({ levels: fc.integer({ min: 1, max: 12 }), fan: fc.integer({ min: 1, max: 12 }), twist: fc.constantFrom('none', 'undefined', 'cross', 'self') })
  .map(({ levels, fan, twist }) => {
    const lines = ['a0: &a0 [x, y]']
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(fan).fill(`*a${i - 1}`).join(', ')}]`)
    if (twist === 'undefined') lines.push('z: *nowhere')
    if (twist === 'self') lines.push('s: &s [1, *s]')
    if (twist === 'cross') lines.push('---', `c: *a${levels}`)
    return lines.join('\n') + '\n'
  })

/** Long flat lists (rules, items, nets), in YAML and JSON. */
const lists = fc.record({ n: fc.integer({ min: 0, max: 3000 }), json: fc.boolean() }).map(({ n, json }) =>
  json
    ? JSON.stringify({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'p' }, spec: { ingress: Array(n).fill({ action: 'Allow' }) } })
    : `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: s}\nspec:\n  nets:\n${'  - 10.0.0.0/8\n'.repeat(n)}`,
)

/** Arbitrary characters and bytes read as Latin-1 or UTF-16. */
const noise = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => String.fromCharCode(...Array.from(b))),
)

const isEither = (r: unknown): boolean =>
  typeof r === 'object' && r !== null && ((r as { _tag?: unknown })._tag === 'Left' ? Array.isArray((r as { left: unknown }).left) && (r as { left: unknown[] }).left.length > 0 : (r as { _tag?: unknown })._tag === 'Right')

describe('load: fuzzing', () => {
  it('returns an Either quickly for any text, never throwing or writing warnings', () => {
    const warn = vi.spyOn(process, 'emitWarning')
    try {
      fc.assert(
        fc.property(fc.oneof(stitched, nested, aliases, lists, noise), (text) => {
          const t0 = performance.now()
          const r = load(text, { file: 'fuzz.yaml' })
          const ms = performance.now() - t0
          expect(isEither(r)).toBe(true)
          expect(ms).toBeLessThan(BOUND_MS)
        }),
        { numRuns: 150, seed: 20261204 },
      )
      expect(warn).not.toHaveBeenCalled()
    } finally {
      warn.mockRestore()
    }
  }, 120_000)
  it('returns a Left for anything that is not a string', () => {
    fc.assert(
      fc.property(fc.anything().filter((u) => typeof u !== 'string'), (u) => {
        const r = load(u as string)
        expect(r._tag).toBe('Left')
      }),
      { numRuns: 100, seed: 20261204 },
    )
  })
})
