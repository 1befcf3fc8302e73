import { describe, expect, it } from 'vitest'
import { comparePolicies, compareTiers, policyNameKey } from '../../src/policy/order.js'
import type { Tier } from '../../src/policy/world.js'
import { policy } from '../eval/hand-world.js'

const t = (name: string, order: number | undefined, exists = true): Tier => ({ name, order, exists, defaultAction: 'Deny' })

describe('compareTiers', () => {
  it('sorts existing before missing, ordered before unordered, by order, then by name', () => {
    const tiers = [t('ghost', undefined, false), t('legacy', undefined), t('default', 1_000_000), t('b', 100), t('a', 100), t('kube-admin', 1000), t('zz', 1_000_000)]
    expect([...tiers].sort(compareTiers).map((x) => x.name)).toEqual(['a', 'b', 'kube-admin', 'default', 'zz', 'legacy', 'ghost'])
  })
})

describe('comparePolicies', () => {
  it('sorts by order (unset last), then by name/namespace/kind bytewise', () => {
    const ps = [
      policy({ name: 'unset' }),
      policy({ name: 'ab' }),
      policy({ name: 'a.b', order: 10 }),
      policy({ name: 'a-b', order: 10 }),
      policy({ name: 'a', order: 10, kind: 'StagedGlobalNetworkPolicy' }),
      policy({ name: 'a', order: 10, kind: 'NetworkPolicy', namespace: 'x' }),
      policy({ name: 'a', order: 10 }),
      policy({ name: 'z', order: 5 }),
    ]
    expect([...ps].sort(comparePolicies).map((p) => policyNameKey(p.key))).toEqual([
      'z//GlobalNetworkPolicy',
      // '-' and '.' sort before '/', so `a-b` and `a.b` come before `a`
      'a-b//GlobalNetworkPolicy',
      'a.b//GlobalNetworkPolicy',
      'a//GlobalNetworkPolicy',
      'a//StagedGlobalNetworkPolicy',
      'a/x/NetworkPolicy',
      'ab//GlobalNetworkPolicy',
      'unset//GlobalNetworkPolicy',
    ])
  })
})
