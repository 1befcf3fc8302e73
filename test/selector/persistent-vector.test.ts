import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as PV from '../../src/selector/persistent-vector.js'

const read = <T>(v: PV.PVec<T>, n: number): Array<T | undefined> => Array.from({ length: n }, (_, i) => PV.get(v, i))

describe('PVec', () => {
  it('reads what was written and undefined elsewhere', () => {
    const v = PV.setSorted(PV.emptyVec<string>(), [0, 5, 40, 1100], ['a', 'b', 'c', 'd'])
    expect([v.length, v.h, PV.get(v, 0), PV.get(v, 5), PV.get(v, 40), PV.get(v, 1100), PV.get(v, 6), PV.get(v, 2000), PV.get(v, -1)]).toEqual([
      1101,
      2,
      'a',
      'b',
      'c',
      'd',
      undefined,
      undefined,
      undefined,
    ])
    expect([PV.leafAt(v, 32)?.[8], PV.leafAt(v, 64), PV.leafAt(v, 4096)]).toEqual(['c', undefined, undefined])
  })

  it('rejects slots that are not ascending, distinct and in range', () => {
    const message = 'PVec.setSorted: slots must be distinct, ascending and in [0, 2^30)'
    expect(() => PV.setSorted(PV.emptyVec<string>(), [2, 1], ['a', 'b'])).toThrow(message)
    expect(() => PV.setSorted(PV.emptyVec<string>(), [1, 1], ['a', 'b'])).toThrow(message)
    expect(() => PV.set(PV.emptyVec<string>(), 2 ** 30, 'a')).toThrow(message)
    expect(PV.setSorted(PV.emptyVec<string>(), [], [])).toBe(PV.emptyVec())
  })

  it('builds from values like writing them one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer(), { nil: undefined }), { maxLength: 2000 }), (values) => {
        const v = PV.fromValues(values)
        let w = PV.emptyVec<number>()
        values.forEach((x, i) => (w = PV.set(w, i, x)))
        expect([v.length, read(v, values.length + 3)]).toEqual([values.length, [...values, undefined, undefined, undefined]])
        expect([w.length, read(w, values.length)]).toEqual([values.length, values])
      }),
      { numRuns: 50 },
    )
  })

  it('agrees with an array model, and earlier versions never change', () => {
    const write = fc.tuple(fc.oneof(fc.nat(70), fc.nat(5000)), fc.option(fc.string({ maxLength: 3 }), { nil: undefined }))
    fc.assert(
      fc.property(fc.array(fc.array(write, { maxLength: 8 }), { maxLength: 12 }), (batches) => {
        let v = PV.emptyVec<string>()
        const model: Array<string | undefined> = []
        const versions: Array<[PV.PVec<string>, Array<string | undefined>]> = []
        for (const batch of batches) {
          const last = new Map(batch)
          const idx = [...last.keys()].sort((a, b) => a - b)
          v = PV.setSorted(
            v,
            idx,
            idx.map((i) => last.get(i)),
          )
          for (const [i, x] of last) model[i] = x
          versions.push([v, [...model]])
        }
        for (const [ver, m] of versions) expect([ver.length, read(ver, m.length + 1)]).toEqual([m.length, [...Array.from(m), undefined]])
      }),
      { numRuns: 200 },
    )
  })
})
