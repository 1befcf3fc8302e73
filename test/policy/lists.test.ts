import { describe, expect, it } from 'vitest'
import { endpointLists, tierOf } from '../../src/policy/lists.js'
import type { Tier } from '../../src/policy/world.js'
import { policy, tier } from '../eval/hand-world.js'

const tiers = new Map<string, Tier>([
  ['t1', tier('t1', 100, 'Pass')],
  ['default', tier('default', 1_000_000)],
])

const names = (entries: ReadonlyArray<{ readonly name: string; readonly policies: ReadonlyArray<{ readonly policy: { readonly key: { readonly name: string } }; readonly matchIndex: number }> }>) =>
  entries.map((e) => ({ tier: e.name, policies: e.policies.map((p) => [p.policy.key.name, p.matchIndex]) }))

describe('endpointLists', () => {
  const dnt = policy({ name: 'dnt', doNotTrack: true, types: ['Ingress', 'Egress'], ingress: [{ action: 'Deny' }] })
  const pre = policy({ name: 'pre', preDnat: true, ingress: [{ action: 'Deny' }] })
  const aof = policy({ name: 'aof', applyOnForward: true, types: ['Ingress', 'Egress'], tier: 't1' })
  const normal = policy({ name: 'normal', order: 1, types: ['Egress'] })
  const staged = policy({ name: 'staged', order: 0, kind: 'StagedGlobalNetworkPolicy', types: ['Ingress'] })
  const lists = endpointLists([dnt, pre, aof, normal, staged], tiers)

  it('puts each policy in the lists its flags select, per governed direction', () => {
    expect({
      untracked: { ingress: names(lists.untracked.ingress), egress: names(lists.untracked.egress) },
      preDnat: { ingress: names(lists.preDnat.ingress), egress: names(lists.preDnat.egress) },
      forward: { ingress: names(lists.forward.ingress), egress: names(lists.forward.egress) },
      normal: { ingress: names(lists.normal.ingress), egress: names(lists.normal.egress) },
    }).toEqual({
      untracked: { ingress: [{ tier: 'default', policies: [['dnt', 2]] }], egress: [{ tier: 'default', policies: [['dnt', 1]] }] },
      preDnat: { ingress: [{ tier: 'default', policies: [['pre', 2]] }], egress: [] },
      forward: { ingress: [{ tier: 't1', policies: [['aof', 0]] }], egress: [{ tier: 't1', policies: [['aof', 0]] }] },
      normal: {
        ingress: [
          { tier: 't1', policies: [['aof', 0]] },
          { tier: 'default', policies: [['staged', 1]] },
        ],
        egress: [
          { tier: 't1', policies: [['aof', 0]] },
          { tier: 'default', policies: [['normal', 1]] },
        ],
      },
    })
  })

  it('untracked and pre-DNAT tiers end in Pass without a logged end-of-tier rule; end-of-tier is charged to the tier\'s last enforced policy of any list', () => {
    const pick = (e: (typeof lists.normal.ingress)[number] | undefined) =>
      e === undefined ? undefined : { name: e.name, defaultAction: e.defaultAction, enforced: e.enforced, endOfTier: e.endOfTier }
    expect([pick(lists.untracked.ingress[0]), pick(lists.preDnat.ingress[0]), pick(lists.normal.ingress[1]), pick(lists.normal.egress[1])]).toEqual([
      { name: 'default', defaultAction: 'Pass', enforced: true, endOfTier: { matchIndex: 2, policy: { kind: 'GlobalNetworkPolicy', name: 'pre' }, logged: false } },
      { name: 'default', defaultAction: 'Pass', enforced: true, endOfTier: { matchIndex: 2, policy: { kind: 'GlobalNetworkPolicy', name: 'pre' }, logged: false } },
      { name: 'default', defaultAction: 'Deny', enforced: false, endOfTier: { matchIndex: 2, policy: { kind: 'GlobalNetworkPolicy', name: 'pre' }, logged: true } },
      { name: 'default', defaultAction: 'Deny', enforced: true, endOfTier: { matchIndex: 1, policy: { kind: 'GlobalNetworkPolicy', name: 'dnt' }, logged: true } },
    ])
    expect(lists.profileIndex).toEqual({ ingress: 3, egress: 2 })
  })

  it('a tier without a Tier resource sorts last and acts as Deny', () => {
    expect(tierOf(tiers, 'ghost')).toEqual({ name: 'ghost', order: undefined, exists: false, defaultAction: 'Deny' })
    const l = endpointLists([policy({ name: 'g', tier: 'ghost' }), policy({ name: 'd' })], tiers)
    expect(l.normal.ingress.map((e) => [e.name, e.defaultAction])).toEqual([
      ['default', 'Deny'],
      ['ghost', 'Deny'],
    ])
  })

  it('an endpoint selected by nothing has empty lists', () => {
    expect(endpointLists([], tiers)).toEqual({
      untracked: { ingress: [], egress: [] },
      preDnat: { ingress: [], egress: [] },
      forward: { ingress: [], egress: [] },
      normal: { ingress: [], egress: [] },
      profileIndex: { ingress: 0, egress: 0 },
    })
  })
})
