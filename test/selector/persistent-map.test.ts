import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  emptyMap,
  forEachIn,
  getIn,
  persistent,
  removeIn,
  setIn,
  tGet,
  transient,
  tRemove,
  tSet,
  type PMap,
} from '../../src/selector/persistent-map.js'

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0)

const entries = <V>(m: PMap<V>): Array<[string, V]> => {
  const out: Array<[string, V]> = []
  forEachIn(m, (k, v) => out.push([k, v]))
  return out.sort(byKey)
}

type Op = { readonly set: string; readonly value: number } | { readonly remove: string }

describe('persistent map', () => {
  it('sets, gets and removes', () => {
    const m1 = setIn(setIn(emptyMap<number>(), 'a', 1), 'b', 2)
    expect([m1.size, getIn(m1, 'a'), getIn(m1, 'b'), getIn(m1, 'c')]).toEqual([2, 1, 2, undefined])
    const m2 = removeIn(m1, 'a')
    expect([m2.size, getIn(m2, 'a'), getIn(m2, 'b')]).toEqual([1, undefined, 2])
    // the old version is untouched
    expect(entries(m1)).toEqual([
      ['a', 1],
      ['b', 2],
    ])
  })

  it('returns the same map when nothing changes', () => {
    const m = setIn(emptyMap<number>(), 'a', 1)
    expect(setIn(m, 'a', 1)).toBe(m)
    expect(removeIn(m, 'zz')).toBe(m)
  })

  it('keeps own-property names such as __proto__ and constructor as ordinary keys', () => {
    const m = setIn(setIn(emptyMap<number>(), '__proto__', 1), 'constructor', 2)
    expect([getIn(m, '__proto__'), getIn(m, 'constructor'), getIn(m, 'toString')]).toEqual([1, 2, undefined])
  })

  it('handles keys whose hashes collide', () => {
    // 'c693596' and 'c1170850' have the same 32-bit hash (as do the other two pairs).
    const pairs = [
      ['c693596', 'c1170850'],
      ['c693597', 'c1170851'],
      ['c693594', 'c1170852'],
    ] as const
    let m = emptyMap<number>()
    pairs.forEach(([a, b], i) => {
      m = setIn(setIn(m, a, i), b, i + 10)
    })
    m = setIn(m, 'other', 99)
    m = setIn(m, 'c693596', 5) // replace inside a collision node
    expect(entries(m)).toEqual([
      ['c1170850', 10],
      ['c1170851', 11],
      ['c1170852', 12],
      ['c693594', 2],
      ['c693596', 5],
      ['c693597', 1],
      ['other', 99],
    ])
    const m2 = removeIn(removeIn(m, 'c1170850'), 'c693597')
    expect([m2.size, getIn(m2, 'c693596'), getIn(m2, 'c1170850'), getIn(m2, 'c1170851'), getIn(m2, 'c693597')]).toEqual([
      5, 5, undefined, 11, undefined,
    ])
    let m3 = m2
    for (const [k] of entries(m2)) m3 = removeIn(m3, k)
    expect(m3).toEqual({ size: 0, root: undefined })
  })

  it('holds many keys and removes them all again', () => {
    let m = emptyMap<number>()
    for (let i = 0; i < 5000; i++) m = setIn(m, `k${i}`, i)
    expect(m.size).toBe(5000)
    const seen: number[] = []
    for (let i = 0; i < 5000; i++) seen.push(getIn(m, `k${i}`) ?? -1)
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i))
    for (let i = 0; i < 5000; i++) m = removeIn(m, `k${i}`)
    expect(m).toEqual({ size: 0, root: undefined })
  })

  it('behaves like a Map under any sequence of updates', () => {
    const key = fc.string({ maxLength: 3 })
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ set: key, value: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ remove: key }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        let m = emptyMap<number>()
        const ref = new Map<string, number>()
        const sizes: Array<[number, number]> = []
        for (const o of ops) {
          if ('set' in o) {
            m = setIn(m, o.set, o.value)
            ref.set(o.set, o.value)
          } else {
            m = removeIn(m, o.remove)
            ref.delete(o.remove)
          }
          sizes.push([m.size, ref.size])
        }
        expect(sizes.filter(([a, b]) => a !== b)).toEqual([])
        expect(entries(m)).toEqual([...ref.entries()].sort(byKey))
        expect([...ref.keys()].map((k) => getIn(m, k))).toEqual([...ref.values()])
      }),
    )
  })

  it('transient batches change only their own copy', () => {
    let base = emptyMap<number>()
    for (let i = 0; i < 300; i++) base = setIn(base, `k${i}`, i)
    const t = transient(base)
    for (let i = 0; i < 300; i += 2) tRemove(t, `k${i}`)
    for (let i = 300; i < 400; i++) tSet(t, `k${i}`, i)
    tSet(t, 'k1', -1)
    expect([tGet(t, 'k1'), tGet(t, 'k0'), t.size]).toEqual([-1, undefined, 250])
    const done = persistent(t)
    expect([done.size, getIn(done, 'k1'), getIn(done, 'k0'), getIn(done, 'k399')]).toEqual([250, -1, undefined, 399])
    // the map the batch started from is untouched
    expect([base.size, getIn(base, 'k1'), getIn(base, 'k0'), getIn(base, 'k399')]).toEqual([300, 1, 0, undefined])
    // later persistent updates of the result do not disturb it either
    const later = setIn(done, 'k1', 7)
    expect([getIn(done, 'k1'), getIn(later, 'k1')]).toEqual([-1, 7])
  })

  it('refuses a transient used after it was made persistent', () => {
    const t = transient(emptyMap<number>())
    persistent(t)
    expect(() => tSet(t, 'a', 1)).toThrow('transient map used after persistent()')
  })

  it('transient updates behave like a Map', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 2 })), { maxLength: 300 }), (ops) => {
        const t = transient(emptyMap<number>())
        const ref = new Map<string, number>()
        ops.forEach(([add, k], i) => {
          if (add) {
            tSet(t, k, i)
            ref.set(k, i)
          } else {
            tRemove(t, k)
            ref.delete(k)
          }
        })
        const m = persistent(t)
        expect([m.size, entries(m)]).toEqual([ref.size, [...ref.entries()].sort(byKey)])
      }),
    )
  })
})
