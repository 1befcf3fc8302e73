import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as IS from '../../src/selector/int-set.js'

const ascending = (xs: Iterable<number>): number[] => [...new Set(xs)].sort((a, b) => a - b)

/** Members spread over every height: small, clustered, around word and node edges, and huge. */
const member: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 70 }),
  fc.integer({ min: 1000, max: 1100 }),
  fc.constantFrom(31, 32, 33, 1023, 1024, 32767, 32768, 2 ** 20 - 1, 2 ** 20, 2 ** 25, 2 ** 30 - 1),
  fc.integer({ min: 0, max: 2 ** 30 - 1 }),
)
const members = fc.array(member, { maxLength: 60 })

/** The set's members, after checking that its structure is well formed. */
const contents = (s: IS.IntSet): number[] => {
  expect(IS.violations(s)).toEqual([])
  return IS.toArray(s)
}

describe('IntSet', () => {
  it('builds from sorted members, at the lowest height that holds them', () => {
    const s = IS.fromSorted([3, 40, 1024 + 5])
    expect([contents(s), s.size, s.h, s.p]).toEqual([[3, 40, 1029], 3, 2, 0])
    const t = IS.fromSorted([2 ** 25 + 1, 2 ** 25 + 2])
    expect([contents(t), t.h, t.p]).toEqual([[2 ** 25 + 1, 2 ** 25 + 2], 0, 2 ** 20])
    expect([contents(IS.fromSorted([])), IS.fromSorted([])]).toEqual([[], IS.emptySet])
  })

  it('rejects unsorted, repeated and out-of-range members', () => {
    expect(() => IS.fromSorted([2, 1])).toThrow('IntSet.fromSorted: members must be distinct and ascending')
    expect(() => IS.fromSorted([1, 1])).toThrow('IntSet.fromSorted: members must be distinct and ascending')
    expect(() => IS.singleton(2 ** 30)).toThrow('IntSet member out of range: 1073741824')
    expect(() => IS.add(IS.emptySet, -1)).toThrow('IntSet member out of range: -1')
    expect(() => IS.fromWordsBulk({ length: 2 ** 25 + 1 })).toThrow('IntSet.fromWords: too many words')
  })

  it('builds from words', () => {
    expect(contents(IS.fromWordsBulk([0, 1 | (1 << 31), 0, 0, 6]))).toEqual([32, 63, 129, 130])
    expect(contents(IS.fromWordsBulk(new Int32Array(3)))).toEqual([])
  })

  it('reports members and gaps', () => {
    const s = IS.fromSorted([0, 1, 2, 5, 64, 2000])
    expect([0, 3, 5, 64, 65, 2000, 2001, 2 ** 30, -1].map((x) => IS.has(s, x))).toEqual([
      true,
      false,
      true,
      true,
      false,
      true,
      false,
      false,
      false,
    ])
    expect([IS.gaps(s, 10, 4), IS.gaps(s, 4, 10), IS.gaps(IS.emptySet, 3, 5), IS.gaps(s, 10, 0)]).toEqual([[3, 4, 6, 7], [3], [0, 1, 2], []])
    const full = IS.fromSorted(Array.from({ length: 3000 }, (_, i) => i))
    expect([IS.gaps(full, 3000, 2), IS.gaps(full, 3005, 2), IS.gaps(IS.remove(full, 1500), 3002, 2)]).toEqual([[], [3000, 3001], [1500, 3000]])
    const high = IS.fromSorted([40, 41])
    expect(IS.gaps(high, 50, 100)).toEqual([...Array.from({ length: 40 }, (_, i) => i), 42, 43, 44, 45, 46, 47, 48, 49])
  })

  it('returns an operand itself when an operation changes nothing', () => {
    const s = IS.fromSorted([1, 2, 3, 1000])
    const sub = IS.fromSorted([2, 1000])
    const other = IS.fromSorted([5000])
    expect([
      IS.add(s, 2) === s,
      IS.remove(s, 7) === s,
      IS.union(s, sub) === s,
      IS.union(sub, s) === s,
      IS.union(s, IS.emptySet) === s,
      IS.intersect(s, s) === s,
      IS.difference(s, other) === s,
      IS.difference(s, IS.emptySet) === s,
    ]).toEqual([true, true, true, true, true, true, true, true])
  })

  it('shares the subtrees an update does not touch', () => {
    const s = IS.fromSorted(Array.from({ length: 5000 }, (_, i) => i * 3))
    const t = IS.add(s, 1)
    const root = (x: IS.IntSet) => x.root as { readonly ch: ReadonlyArray<unknown> }
    // member 1 lies under the first child of the root; every other child is the same object
    expect(root(t).ch.slice(1).every((c, i) => c === root(s).ch[i + 1])).toBe(true)
    expect([root(t).ch[0] === root(s).ch[0], contents(s).length, contents(t).length]).toEqual([false, 5000, 5001])
  })

  it('agrees with a model under every operation, and earlier sets never change', () => {
    fc.assert(
      fc.property(members, members, members, (xs, ys, zs) => {
        const a = IS.fromSorted(ascending(xs))
        const b = IS.fromSorted(ascending(ys))
        const aBefore = contents(a)
        const bBefore = contents(b)
        const setY = new Set(ys)
        let grown = a
        for (const z of zs) grown = IS.add(grown, z)
        let shrunk = grown
        for (const y of ys) shrunk = IS.remove(shrunk, y)
        expect({
          union: contents(IS.union(a, b)),
          intersect: contents(IS.intersect(a, b)),
          difference: contents(IS.difference(a, b)),
          grown: contents(grown),
          shrunk: contents(shrunk),
          updated: contents(IS.update(a, ascending(zs).filter((z) => !IS.has(a, z)).reverse(), ascending(xs).filter((x) => setY.has(x)))),
          has: ys.map((y) => IS.has(a, y)),
          count: [IS.union(a, b).size, grown.size],
        }).toEqual({
          union: ascending([...xs, ...ys]),
          intersect: ascending(xs.filter((x) => setY.has(x))),
          difference: ascending(xs.filter((x) => !setY.has(x))),
          grown: ascending([...xs, ...zs]),
          shrunk: ascending([...xs, ...zs].filter((x) => !setY.has(x))),
          updated: ascending([...xs, ...zs].filter((x) => !(setY.has(x) && xs.includes(x)))),
          has: ys.map((y) => xs.includes(y)),
          count: [ascending([...xs, ...ys]).length, ascending([...xs, ...zs]).length],
        })
        expect([contents(a), contents(b)]).toEqual([aBefore, bBefore])
      }),
      { numRuns: 400 },
    )
  })

  it('unions many sets pairwise, through a word array or by sorting, with the same result', () => {
    const dense = fc.array(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 30 }), { maxLength: 20 })
    const sparse = fc.array(fc.array(member, { maxLength: 3 }), { minLength: 9, maxLength: 20 })
    fc.assert(
      fc.property(fc.oneof(dense, sparse), (lists) => {
        expect(contents(IS.unionMany(lists.map((xs) => IS.fromSorted(ascending(xs)))))).toEqual(ascending(lists.flat()))
      }),
      { numRuns: 300 },
    )
  })

  it('walks words in ascending order', () => {
    fc.assert(
      fc.property(members, (xs) => {
        const words: Array<[number, number]> = []
        IS.forEachWord(IS.fromSorted(ascending(xs)), (base, word) => words.push([base, word >>> 0]))
        const expected = new Map<number, number>()
        for (const x of ascending(xs)) expected.set(x - (x % 32), ((expected.get(x - (x % 32)) ?? 0) | (1 << x % 32)) >>> 0)
        expect(words).toEqual([...expected])
      }),
    )
  })

  it('builds the same set from words as from members', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 80 }), (xs) => {
        const sorted = ascending(xs)
        const words = new Int32Array(Math.ceil(5001 / 32))
        for (const x of sorted) words[x >>> 5] = (words[x >>> 5] as number) | (1 << (x & 31))
        const s = IS.fromWordsBulk(words)
        const t = IS.fromSortedBulk(sorted)
        expect([contents(s), s.size, s.h, s.p]).toEqual([sorted, t.size, t.h, t.p])
      }),
    )
  })

  it('finds gaps as a model does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 200 }), fc.integer({ min: 0, max: 3100 }), fc.nat(40), (xs, limit, k) => {
        const s = IS.fromSorted(ascending(xs))
        const model: number[] = []
        for (let x = 0; x < limit && model.length < k; x++) if (!xs.includes(x)) model.push(x)
        expect(IS.gaps(s, limit, k)).toEqual(model)
      }),
    )
  })
})
