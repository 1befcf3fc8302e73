import { describe, expect, it } from 'vitest'
import * as Eval from '../../src/eval/index.js'
import { E } from '../../src/internal/fp.js'
import { hep, world } from './hand-world.js'

const GARBAGE: ReadonlyArray<unknown> = [undefined, null, 0, 42, Number.NaN, '', 'x', true, {}, [], [null], { verdict: 1 }, () => 1, Symbol('s'), 10n]

describe('Eval misuse from JavaScript', () => {
  it('no exported function throws on garbage, nor the function it returns', () => {
    const fns = (Object.entries(Eval) as ReadonlyArray<[string, unknown]>).filter((e): e is [string, (...a: ReadonlyArray<unknown>) => unknown] => typeof e[1] === 'function')
    expect(fns.map(([name]) => name).sort()).toEqual([
      'decodePacket',
      'evaluate',
      'explain',
      'formatHit',
      'formatPacket',
      'isWorkloadInterface',
      'packet',
      'parsePacket',
      'protocolName',
      'protocolNumber',
      'trafficType',
    ])
    for (const [name, f] of fns) {
      for (const a of GARBAGE)
        for (const b of GARBAGE) {
          const r = f(a, b)
          if (typeof r === 'function') for (const c of GARBAGE) expect(() => (r as (u: unknown) => unknown)(c), `${name}(${String(a)}, ${String(b)})`).not.toThrow()
        }
    }
  })

  it('evaluate, parsePacket, decodePacket and packet answer garbage with a Left', () => {
    const w = world({ heps: [hep({ name: 'h', interfaceName: 'eth0' })] })
    for (const u of GARBAGE) {
      expect(E.isLeft(Eval.evaluate(w)(u as Eval.Packet))).toBe(true)
      expect(E.isLeft(Eval.evaluate(u as typeof w)(u as Eval.Packet))).toBe(true)
      expect(E.isLeft(Eval.parsePacket(u as string))).toBe(true)
      expect(E.isLeft(Eval.decodePacket(u))).toBe(true)
      expect(E.isLeft(Eval.packet(u as Eval.PacketInit))).toBe(true)
    }
  })

  it('explain and formatHit name what they were given instead of throwing', () => {
    expect([null, 42, { verdict: 'Allow' }].map((u) => Eval.explain(u as never))).toEqual(['not a decision', 'not a decision', 'not a decision'])
    const malformedSteps = [[null], [{ stage: 'normal', tiers: 5 }], [{ stage: 'normal', tiers: [null] }], [42]]
    expect(malformedSteps.map((trace) => Eval.explain({ verdict: 'Allow', trafficType: 'ToHost', trace } as never))).toEqual(
      malformedSteps.map(() => 'not a decision'),
    )
    expect([null, {}].map((u) => Eval.formatHit(u as never))).toEqual(['not a policy hit', 'not a policy hit'])
    expect([null, { protocol: 6 }].map((u) => Eval.formatPacket(u as never))).toEqual(['not a packet', 'not a packet'])
  })
})
