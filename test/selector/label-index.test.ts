import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { empty, insert, insertAll, labelsOf, remove, removeAll, select, size, type LabelIndex } from '../../src/selector/label-index.js'
import { matches, type Labels } from '../../src/selector/match.js'
import { parse } from '../../src/selector/parse.js'
import type { Selector } from '../../src/selector/ast.js'
import { forEachIn } from '../../src/selector/persistent-map.js'
import * as IS from '../../src/selector/int-set.js'
import * as PV from '../../src/selector/persistent-vector.js'
import { E, pipe } from '../../src/internal/fp.js'
import { labels, selector } from '../arbitrary/selector.js'

const sorted = (ids: Iterable<string>) => [...ids].sort()

const sel = (text: string): Selector => {
  const r = parse(text)
  if (E.isLeft(r)) throw new Error(text)
  return r.right
}

const index = pipe(
  empty,
  insert('web-1', { app: 'web', tier: 'front', zone: 'eu-west' }),
  insert('web-2', { app: 'web', tier: 'front', zone: 'us-east' }),
  insert('db-1', { app: 'db', tier: 'back', zone: 'eu-west', legacy: '' }),
  insert('bare', {}),
  insert('proto', JSON.parse('{"__proto__": "x", "constructor": "y"}') as Labels),
)

describe('LabelIndex.select', () => {
  it.each<[string, ReadonlyArray<string>]>([
    ['all()', ['bare', 'db-1', 'proto', 'web-1', 'web-2']],
    ['global()', ['bare', 'db-1', 'proto', 'web-1', 'web-2']],
    ['has(legacy)', ['db-1']],
    ["app == 'web'", ['web-1', 'web-2']],
    ["app != 'web'", ['bare', 'db-1', 'proto']],
    ["app in {'db', 'cache'}", ['db-1']],
    ["app not in {'db'}", ['bare', 'proto', 'web-1', 'web-2']],
    ['app in {}', []],
    ['app not in {}', ['bare', 'db-1', 'proto', 'web-1', 'web-2']],
    ["zone starts with 'eu-'", ['db-1', 'web-1']],
    ["zone ends with 'east'", ['web-2']],
    ["zone contains 's'", ['db-1', 'web-1', 'web-2']],
    ["zone contains ''", ['db-1', 'web-1', 'web-2']],
    ['!has(app)', ['bare', 'proto']],
    ["app == 'web' && zone == 'eu-west'", ['web-1']],
    ["app == 'web' && !has(legacy) && zone != 'us-east'", ['web-1']],
    ["tier == 'back' || zone ends with 'east'", ['db-1', 'web-2']],
    ['!(has(app) || has(constructor))', ['bare']],
    ["__proto__ == 'x'", ['proto']],
    ['has(constructor)', ['proto']],
    ['has(toString)', []],
    ["missing == 'x'", []],
    ["missing != 'x'", ['bare', 'db-1', 'proto', 'web-1', 'web-2']],
  ])('%j', (text, expected) => {
    expect(sorted(pipe(index, select(sel(text))))).toEqual(expected)
  })
})

describe('LabelIndex updates', () => {
  it('replaces the labels of an endpoint inserted again', () => {
    const next = pipe(index, insert('web-1', { app: 'db', zone: 'eu-west' }))
    expect([
      sorted(pipe(next, select(sel("app == 'db'")))),
      sorted(pipe(next, select(sel("tier == 'front'")))),
      sorted(pipe(next, select(sel("zone == 'eu-west'")))),
      size(next),
      pipe(next, labelsOf('web-1')),
    ]).toEqual([['db-1', 'web-1'], ['web-2'], ['db-1', 'web-1'], 5, { app: 'db', zone: 'eu-west' }])
  })

  it('removes endpoints and leaves earlier versions unchanged', () => {
    const next = pipe(index, remove('web-1'), remove('db-1'), remove('nobody'))
    expect([sorted(pipe(next, select(sel('has(app)')))), size(next), pipe(next, labelsOf('web-1'))]).toEqual([
      ['web-2'],
      3,
      undefined,
    ])
    expect(sorted(pipe(index, select(sel('has(app)'))))).toEqual(['db-1', 'web-1', 'web-2'])
  })

  it('applies a batch in order: later entries for an id win', () => {
    const next = pipe(
      empty,
      insertAll([
        ['a', { app: 'web' }],
        ['b', { app: 'db' }],
        ['a', { app: 'api', x: '' }],
      ]),
    )
    expect([sorted(pipe(next, select(sel("app == 'web'")))), sorted(pipe(next, select(sel("app in {'api', 'db'}"))))]).toEqual([
      [],
      ['a', 'b'],
    ])
    expect(pipe(next, removeAll(['a', 'zz']), select(sel('all()')), sorted)).toEqual(['b'])
  })

  it('returns the same index when removing an unknown id', () => {
    expect(pipe(index, remove('nobody'))).toBe(index)
  })

  it('removing every endpoint gives an index that selects nothing', () => {
    const cleared = pipe(index, remove('web-1'), remove('web-2'), remove('db-1'), remove('bare'), remove('proto'))
    expect([size(cleared), sorted(pipe(cleared, select(sel('all()')))), cleared.keys.size]).toEqual([0, [], 0])
  })
})

type Op =
  | { readonly insert: string; readonly labels: Labels }
  | { readonly remove: string }
  | { readonly batch: ReadonlyArray<readonly [string, Labels]> }
  | { readonly removeBatch: ReadonlyArray<string> }

describe('LabelIndex property', () => {
  const id = fc.constantFrom('e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'constructor', '__proto__')
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ insert: id, labels }) },
    { weight: 1, arbitrary: fc.record({ remove: id }) },
    { weight: 1, arbitrary: fc.record({ batch: fc.array(fc.tuple(id, labels), { maxLength: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ removeBatch: fc.array(id, { maxLength: 4 }) }) },
  )

  /**
   * The structure is exact: every set is well formed and non-empty; per key, the value sets are
   * disjoint and make up `all`; postings hold exactly the stored labels of the live endpoints;
   * every live id can be found through the id table.
   */
  const invariantViolations = (ix: LabelIndex): ReadonlyArray<string> => {
    const bad: string[] = []
    const postings = new Set<string>()
    forEachIn(ix.keys, (k, p) => {
      bad.push(...IS.violations(p.all).map((v) => `${k}: ${v}`))
      let sum = 0
      let union = IS.emptySet
      forEachIn(p.byValue, (v, ids) => {
        bad.push(...IS.violations(ids).map((x) => `${k}=${v}: ${x}`))
        if (ids.size === 0) bad.push(`${k}=${v} empty`)
        sum += ids.size
        union = IS.union(union, ids)
        IS.forEach(ids, (n) => postings.add(JSON.stringify([n, k, v])))
      })
      if (sum !== p.all.size || sum === 0) bad.push(`${k}: all ${p.all.size}, postings ${sum}`)
      if (IS.toArray(union).join() !== IS.toArray(p.all).join()) bad.push(`${k}: all differs from its values`)
    })
    bad.push(...IS.violations(ix.live).map((v) => `live: ${v}`))
    const expected = new Set<string>()
    for (let n = 0; n < ix.slots.length; n++) {
      const e = PV.get(ix.slots, n)
      if (IS.has(ix.live, n) !== (e !== undefined)) bad.push(`slot ${n}: live ${IS.has(ix.live, n)}`)
      if (e === undefined) continue
      for (const [k, v] of Object.entries(e.labels)) expected.add(JSON.stringify([n, k, v]))
      const cands = ix.numbering.ids.get(e.id)
      if (!(cands === n || (Array.isArray(cands) && cands.includes(n)))) bad.push(`${e.id} not numbered ${n}`)
    }
    if ([...postings].sort().join() !== [...expected].sort().join()) bad.push('postings differ from the stored labels')
    return bad
  }

  const brute = (model: ReadonlyMap<string, Labels>, s: Selector) =>
    sorted([...model].filter(([, l]) => matches(s)(l)).map(([k]) => k))

  it('selects exactly what filtering every endpoint selects, in every version', () => {
    let nonEmpty = 0
    let partial = 0
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(selector, { minLength: 1, maxLength: 6 }), (ops, sels) => {
        let idx: LabelIndex = empty
        const model = new Map<string, Labels>()
        const versions: Array<[LabelIndex, Map<string, Labels>]> = []
        for (const o of ops) {
          if ('insert' in o) {
            idx = insert(o.insert, o.labels)(idx)
            model.set(o.insert, o.labels)
          } else if ('remove' in o) {
            idx = remove(o.remove)(idx)
            model.delete(o.remove)
          } else if ('batch' in o) {
            idx = insertAll(o.batch)(idx)
            for (const [k, l] of o.batch) model.set(k, l)
          } else {
            idx = removeAll(o.removeBatch)(idx)
            for (const k of o.removeBatch) model.delete(k)
          }
          versions.push([idx, new Map(model)])
        }
        for (const [v, m] of versions) {
          expect(size(v)).toBe(m.size)
          expect(invariantViolations(v)).toEqual([])
          for (const s of sels) {
            const got = sorted(select(s)(v))
            expect(got).toEqual(brute(m, s))
            if (got.length > 0) nonEmpty++
            if (got.length > 0 && got.length < m.size) partial++
          }
        }
      }),
      { numRuns: 300 },
    )
    expect(nonEmpty).toBeGreaterThan(100)
    expect(partial).toBeGreaterThan(100)
  })
})

describe('LabelIndex versions', () => {
  const id = fc.constantFrom('e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'constructor', '__proto__')
  const change = fc.oneof(
    { weight: 4, arbitrary: fc.record({ insert: id, labels }) },
    { weight: 3, arbitrary: fc.record({ remove: id }) },
    { weight: 1, arbitrary: fc.record({ batch: fc.array(fc.tuple(id, labels), { maxLength: 5 }) }) },
    { weight: 1, arbitrary: fc.record({ removeBatch: fc.array(id, { maxLength: 4 }) }) },
  )
  /** A change applied to an earlier version (its position among the versions so far, modulo). */
  const branchOp = fc.tuple(fc.oneof(fc.constant(-1), fc.nat()), change)

  const apply = (o: Op, idx: LabelIndex, model: Map<string, Labels>): [LabelIndex, Map<string, Labels>] => {
    const m = new Map(model)
    if ('insert' in o) {
      m.set(o.insert, o.labels)
      return [insert(o.insert, o.labels)(idx), m]
    }
    if ('remove' in o) {
      m.delete(o.remove)
      return [remove(o.remove)(idx), m]
    }
    if ('batch' in o) {
      for (const [k, l] of o.batch) m.set(k, l)
      return [insertAll(o.batch)(idx), m]
    }
    for (const k of o.removeBatch) m.delete(k)
    return [removeAll(o.removeBatch)(idx), m]
  }

  const everyId = ['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'constructor', '__proto__', 'nobody']

  it('every version of a branching history answers like its own model', () => {
    let renumbered = 0
    fc.assert(
      fc.property(fc.array(branchOp, { minLength: 10, maxLength: 40, size: 'max' }), fc.array(selector, { minLength: 1, maxLength: 4 }), (ops, sels) => {
        const versions: Array<[LabelIndex, Map<string, Labels>]> = [[empty, new Map()]]
        for (const [at, o] of ops) {
          // mostly the latest version, sometimes an earlier one
          const [idx, model] = versions[at < 0 ? versions.length - 1 : at % versions.length] as [LabelIndex, Map<string, Labels>]
          versions.push(apply(o, idx, model))
        }
        for (const [v, m] of versions) {
          expect(size(v)).toBe(m.size)
          expect(everyId.map((i) => pipe(v, labelsOf(i)))).toEqual(everyId.map((i) => (m.has(i) ? { ...m.get(i) } : undefined)))
          for (const s of sels) expect(sorted(select(s)(v))).toEqual(sorted([...m].filter(([, l]) => matches(s)(l)).map(([k]) => k)))
        }
        const [latest] = versions[versions.length - 1] as [LabelIndex, Map<string, Labels>]
        if ([...latest.numbering.ids.values()].some(Array.isArray)) renumbered++
      }),
      { numRuns: 300 },
    )
    // ids that came back after their number was taken by another id
    expect(renumbered).toBeGreaterThan(30)
  })

  it('shrinks the id table once it holds many more ids than the index, and old versions still answer', () => {
    const base = pipe(empty, insertAll([['a', { app: 'web' }], ['b', { app: 'db' }], ['c', {}]]))
    let v = base
    let tables = 0
    let last = v.numbering
    const before: Array<[LabelIndex, string]> = []
    for (let i = 0; i < 2500; i++) {
      v = pipe(v, insert(`pod-${i}`, { app: 'web', pod: `p${i}` }), remove(`pod-${i - 1}`))
      if (i % 500 === 0) before.push([v, `pod-${i}`])
      if (v.numbering !== last) {
        tables++
        last = v.numbering
      }
    }
    expect([tables, v.numbering.entries <= 2 * size(v) + 1024, size(v), sorted(pipe(v, select(sel("app == 'web'"))))]).toEqual([
      2,
      true,
      4,
      ['a', 'pod-2499'],
    ])
    expect(before.map(([old, pod]) => [sorted(pipe(old, select(sel('has(pod)')))), pipe(old, labelsOf(pod))])).toEqual(
      before.map(([, pod]) => [[pod], { app: 'web', pod: `p${pod.slice(4)}` }]),
    )
    // a branch grown from a version older than the last renumbering
    const [old] = before[0] as [LabelIndex, string]
    const branch = pipe(old, insert('x', { app: 'web' }), remove('a'))
    expect([sorted(pipe(branch, select(sel("app == 'web'")))), pipe(branch, labelsOf('pod-0')), pipe(v, labelsOf('x'))]).toEqual([
      ['pod-0', 'x'],
      { app: 'web', pod: 'p0' },
      undefined,
    ])
  })

  it('keeps an endpoint its number when its labels change, and reuses free numbers', () => {
    const v1 = pipe(empty, insertAll([['a', { app: 'web' }], ['b', { app: 'db' }], ['c', { app: 'db' }]]))
    const v2 = pipe(v1, insert('b', { app: 'web', tier: 'x' }), remove('a'), insert('d', {}))
    const slotIds = (v: LabelIndex) => Array.from({ length: v.slots.length }, (_, n) => PV.get(v.slots, n)?.id)
    expect([slotIds(v1), slotIds(v2), pipe(v2, labelsOf('b')), sorted(pipe(v2, select(sel("app == 'web'"))))]).toEqual([
      ['a', 'b', 'c'],
      ['d', 'b', 'c'],
      { app: 'web', tier: 'x' },
      ['b'],
    ])
    // inserting labels equal to the stored ones changes nothing
    expect(pipe(v2, insert('b', { tier: 'x', app: 'web' }))).toBe(v2)
  })

  it('copies the labels given, keeping only string values, and freezes what it hands out', () => {
    const given: Record<string, unknown> = { app: 'web', n: 3, gone: undefined }
    const v = pipe(empty, insert('a', given as Labels), insert('b', { app: 'web' }))
    given['app'] = 'db'
    const stored = pipe(v, labelsOf('a'))
    expect([stored, Object.isFrozen(stored), sorted(pipe(v, select(sel("app == 'web'"))))]).toEqual([{ app: 'web' }, true, ['a', 'b']])
  })
})
