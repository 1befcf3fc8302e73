/**
 * Splitting an endpoint's policies into its four lists (docs/reference.md §5;
 * `tierInfoToProtoTierInfo` in `felix/calc/event_sequencer.go`) and computing felix's flow-log
 * match indices for them.
 * @module
 */
import { comparePolicies, compareTiers } from './order.js'
import type { Policy, PolicyEntry, PolicyKey, Tier, TierEntry, TierLists } from './world.js'

/**
 * The four per-endpoint lists (docs/reference.md §5) and the profiles' match index per direction.
 * @since 0.1.0
 */
export interface EndpointLists {
  readonly untracked: TierLists
  readonly preDnat: TierLists
  readonly forward: TierLists
  readonly normal: TierLists
  readonly profileIndex: { readonly ingress: number; readonly egress: number }
}

type ListKind = 'untracked' | 'preDnat' | 'forward' | 'normal'

const listsOf = (p: Policy): ReadonlyArray<ListKind> =>
  p.doNotTrack ? ['untracked'] : p.preDnat ? ['preDnat'] : p.applyOnForward ? ['forward', 'normal'] : ['normal']

/**
 * The tier a policy names, or a placeholder for a tier without a Tier resource (sorts last,
 * acts as `Deny`, docs/reference.md §2.9).
 * @example
 * ```ts
 * tierOf(new Map(), 'ghost') // { name: 'ghost', order: undefined, exists: false, defaultAction: 'Deny' }
 * ```
 * @since 0.1.0
 */
export const tierOf = (tiers: ReadonlyMap<string, Tier>, name: string): Tier =>
  tiers.get(name) ?? { name, order: undefined, exists: false, defaultAction: 'Deny' }

const emptyLists: TierLists = { ingress: [], egress: [] }

/**
 * Builds an endpoint's lists from the policies that select it: tiers in order (docs/reference.md
 * §4), policies in order within each tier, each policy in the lists its flags put it in (doNotTrack
 * → untracked; preDNAT → pre-DNAT, ingress only; applyOnForward → forward and normal; otherwise
 * normal), per governed direction. Untracked and pre-DNAT tiers end in `Pass`. Match indices follow
 * felix's flow-log bookkeeping: per direction, enforced policies of a tier share the tier's slot,
 * each staged policy takes a slot of its own, the end of tier takes the next slot, profiles come
 * last.
 * @example
 * ```ts
 * endpointLists([policy], new Map([['default', defaultTier]])).normal.ingress[0].name // 'default'
 * ```
 * @since 0.1.0
 */
export const endpointLists = (selecting: ReadonlyArray<Policy>, tiers: ReadonlyMap<string, Tier>): EndpointLists => {
  const byTier = new Map<string, Array<Policy>>()
  for (const p of selecting) {
    const list = byTier.get(p.tier)
    if (list === undefined) byTier.set(p.tier, [p])
    else list.push(p)
  }
  const ordered = [...byTier.keys()].map((name) => tierOf(tiers, name)).sort(compareTiers)
  const out: Record<ListKind, { ingress: Array<TierEntry>; egress: Array<TierEntry> }> = {
    untracked: { ingress: [], egress: [] },
    preDnat: { ingress: [], egress: [] },
    forward: { ingress: [], egress: [] },
    normal: { ingress: [], egress: [] },
  }
  let nextIn = 0
  let nextEg = 0
  for (const tier of ordered) {
    const pols = (byTier.get(tier.name) as Array<Policy>).slice().sort(comparePolicies)
    const index = { ingress: new Map<Policy, number>(), egress: new Map<Policy, number>() }
    let lastIn: PolicyKey | undefined
    let lastEg: PolicyKey | undefined
    let hasIn = false
    let hasEg = false
    for (const p of pols) {
      if (p.governsIngress) {
        index.ingress.set(p, nextIn)
        if (p.staged) nextIn++
        else lastIn = p.key
        hasIn = true
      }
      if (p.governsEgress) {
        index.egress.set(p, nextEg)
        if (p.staged) nextEg++
        else lastEg = p.key
        hasEg = true
      }
    }
    const eotIn = { matchIndex: nextIn, policy: lastIn }
    const eotEg = { matchIndex: nextEg, policy: lastEg }
    if (hasIn) nextIn++
    if (hasEg) nextEg++
    for (const kind of ['untracked', 'preDnat', 'forward', 'normal'] as const) {
      const inList = pols.filter((p) => listsOf(p).includes(kind))
      for (const dir of ['ingress', 'egress'] as const) {
        if (kind === 'preDnat' && dir === 'egress') continue
        const entries: Array<PolicyEntry> = []
        for (const p of inList) {
          if (dir === 'ingress' ? p.governsIngress : p.governsEgress) entries.push({ policy: p, matchIndex: index[dir].get(p) as number })
        }
        if (entries.length === 0) continue
        out[kind][dir].push({
          name: tier.name,
          defaultAction: kind === 'untracked' || kind === 'preDnat' ? 'Pass' : tier.defaultAction,
          policies: entries,
          enforced: entries.some((e) => !e.policy.staged),
          endOfTier: { ...(dir === 'ingress' ? eotIn : eotEg), logged: kind === 'normal' || kind === 'forward' },
        })
      }
    }
  }
  const freeze = (l: { ingress: Array<TierEntry>; egress: Array<TierEntry> }): TierLists =>
    l.ingress.length === 0 && l.egress.length === 0 ? emptyLists : l
  return {
    untracked: freeze(out.untracked),
    preDnat: freeze(out.preDnat),
    forward: freeze(out.forward),
    normal: freeze(out.normal),
    profileIndex: { ingress: nextIn, egress: nextEg },
  }
}
