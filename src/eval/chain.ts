/**
 * The endpoint-chain algorithm (docs/reference.md §7; `endpointIptablesChain` in
 * `felix/rules/endpoints.go`): conntrack prelude, failsafes, workload encapsulation drops, tiers in
 * order (Allow/Deny final, Pass to the next tier, end-of-tier default action), the forward default
 * (Note F), and profiles with the final deny.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import { rulesFor, type Endpoint, type IpSet, type Rule, type TierEntry, type World } from '../policy/world.js'
import { failsafeMatch, type FailsafeTable } from './failsafe.js'
import { ruleMatches } from './match.js'
import type { PacketView } from './packet.js'
import type { EndpointInfo, PolicyHit, PolicyStage, PolicyTrace, RuleTrace, Step, TierTrace } from './trace.js'

/**
 * The five kinds of endpoint chain (docs/reference.md §7).
 * @since 0.1.0
 */
export type ChainKind = 'untracked' | 'preDnat' | 'forward' | 'normal' | 'workload'

/**
 * What an endpoint chain did: `Accept` = conntrack accepted an established/related packet (a
 * final ACCEPT in the filter table), `Allow`/`Deny` = policy, profile or default decision,
 * `Failsafe` = a failsafe entry accepted the packet (ends that table only), `None` = no decision.
 * @since 0.1.0
 */
export type ChainResult = 'Accept' | 'Allow' | 'Deny' | 'Failsafe' | 'None'

/**
 * Evaluation context: the world, the dataplane flavour, and the trace being recorded (`null`
 * when only the verdict is wanted).
 * @internal
 */
export interface Ctx {
  readonly world: World
  readonly bpf: boolean
  readonly trace: Array<Step> | null
}

const FAILSAFE_TABLE: Readonly<Record<ChainKind, FailsafeTable | undefined>> = {
  untracked: 'raw',
  preDnat: 'mangle',
  normal: 'filter',
  forward: undefined,
  workload: undefined,
}

const stageOf = (kind: ChainKind, dir: 'ingress' | 'egress'): PolicyStage =>
  kind === 'forward' ? (dir === 'ingress' ? 'forwardIngress' : 'forwardEgress') : kind

/**
 * The trace description of an endpoint seen on an interface.
 * @internal
 */
export const endpointInfo = (ep: Endpoint, iface: string): EndpointInfo => ({
  kind: ep.kind,
  name: ep.name,
  ...(ep.namespace === undefined ? {} : { namespace: ep.namespace }),
  interface: iface,
  ...(ep.interfaceName === '*' ? { wildcard: true as const } : {}),
})

const firstDecision = (rules: ReadonlyArray<Rule>, p: PacketView, sets: ReadonlyArray<IpSet>, rec: Array<RuleTrace> | null): Rule | undefined => {
  for (const r of rules) {
    const m = ruleMatches(r, p, sets)
    if (rec !== null) rec.push({ index: r.index, action: r.action, matched: m })
    if (m && r.action !== 'Log') return r
  }
  return undefined
}

const ns = (namespace: string | undefined): { readonly namespace?: string } => (namespace === undefined ? {} : { namespace })

interface TierRun {
  readonly tiers: Array<TierTrace>
  readonly hits: Array<PolicyHit>
}

/** Enforced evaluation of the tiers; records into `run` when tracing. */
const runTiers = (
  tiers: ReadonlyArray<TierEntry>,
  dir: 'ingress' | 'egress',
  p: PacketView,
  sets: ReadonlyArray<IpSet>,
  run: TierRun | null,
): 'Allow' | 'Deny' | 'None' => {
  for (const tier of tiers) {
    const pols: Array<PolicyTrace> | null = run === null ? null : []
    let decided: Rule | undefined
    let decider: TierEntry['policies'][number] | undefined
    for (const entry of tier.policies) {
      const pol = entry.policy
      const rules = rulesFor(dir === 'ingress' ? pol.ingress : pol.egress, p.family)
      if (pol.staged) {
        if (pols !== null) {
          const rec: Array<RuleTrace> = []
          const r = firstDecision(rules, p, sets, rec)
          pols.push({ kind: pol.key.kind, name: pol.key.name, ...ns(pol.key.namespace), policyIndex: entry.matchIndex, staged: true, rules: rec, result: r === undefined ? 'NoMatch' : (r.action as 'Allow' | 'Deny' | 'Pass') })
        }
        continue
      }
      const rec: Array<RuleTrace> | null = pols === null ? null : []
      const r = firstDecision(rules, p, sets, rec)
      if (pols !== null)
        pols.push({ kind: pol.key.kind, name: pol.key.name, ...ns(pol.key.namespace), policyIndex: entry.matchIndex, staged: false, rules: rec as Array<RuleTrace>, result: r === undefined ? 'NoMatch' : (r.action as 'Allow' | 'Deny' | 'Pass') })
      if (r !== undefined) {
        decided = r
        decider = entry
        break
      }
    }
    if (decided !== undefined && decider !== undefined) {
      const action = decided.action as 'Allow' | 'Deny' | 'Pass'
      if (run !== null && pols !== null) {
        run.tiers.push({ tier: tier.name, defaultAction: tier.defaultAction, policies: pols, action, trigger: 'rule' })
        const k = decider.policy.key
        run.hits.push({ kind: k.kind, name: k.name, ...ns(k.namespace), tier: tier.name, action, policyIndex: decider.matchIndex, ruleIndex: decided.index, trigger: 'rule' })
      }
      if (action === 'Pass') continue
      return action
    }
    if (!tier.enforced) {
      if (run !== null && pols !== null) run.tiers.push({ tier: tier.name, defaultAction: tier.defaultAction, policies: pols, action: 'Pass', trigger: 'staged-only' })
      continue
    }
    if (run !== null && pols !== null) {
      run.tiers.push({ tier: tier.name, defaultAction: tier.defaultAction, policies: pols, action: tier.defaultAction, trigger: 'end-of-tier' })
      const k = tier.endOfTier.policy
      if (k !== undefined && tier.endOfTier.logged)
        run.hits.push({ kind: k.kind, name: k.name, ...ns(k.namespace), tier: tier.name, action: tier.defaultAction, policyIndex: tier.endOfTier.matchIndex, ruleIndex: -1, trigger: 'end-of-tier' })
    }
    if (tier.defaultAction === 'Deny') return 'Deny'
  }
  return 'None'
}

/** Evaluation with staged policies treated as enforced (the flow logs' "pending" view). */
const pendingTiers = (
  tiers: ReadonlyArray<TierEntry>,
  dir: 'ingress' | 'egress',
  p: PacketView,
  sets: ReadonlyArray<IpSet>,
): Array<PolicyHit> => {
  const hits: Array<PolicyHit> = []
  for (const tier of tiers) {
    let hit: PolicyHit | undefined
    for (const entry of tier.policies) {
      const pol = entry.policy
      const r = firstDecision(rulesFor(dir === 'ingress' ? pol.ingress : pol.egress, p.family), p, sets, null)
      if (r !== undefined) {
        hit = { kind: pol.key.kind, name: pol.key.name, ...ns(pol.key.namespace), tier: tier.name, action: r.action as 'Allow' | 'Deny' | 'Pass', policyIndex: entry.matchIndex, ruleIndex: r.index, trigger: 'rule' }
        break
      }
    }
    if (hit === undefined) {
      // Untracked and pre-DNAT chains have no end-of-tier rule: nothing is logged, the packet falls through.
      if (!tier.endOfTier.logged) continue
      const last = tier.policies[tier.policies.length - 1]
      if (last === undefined) continue
      const k = last.policy.key
      hit = { kind: k.kind, name: k.name, ...ns(k.namespace), tier: tier.name, action: tier.defaultAction, policyIndex: tier.endOfTier.matchIndex, ruleIndex: -1, trigger: 'end-of-tier' }
    }
    hits.push(hit)
    if (hit.action !== 'Pass') break
  }
  return hits
}

const runProfiles = (
  ctx: Ctx,
  ep: Endpoint,
  dir: 'ingress' | 'egress',
  p: PacketView,
  info: EndpointInfo | null,
): 'Allow' | 'Deny' => {
  const tr = ctx.trace
  const traces: Array<{ readonly name: string; readonly missing: boolean; readonly rules: ReadonlyArray<RuleTrace>; readonly result: 'Allow' | 'Deny' | 'Pass' | 'NoMatch' }> = []
  const index = dir === 'ingress' ? ep.profileIndex.ingress : ep.profileIndex.egress
  for (const prof of ep.profiles) {
    const rec: Array<RuleTrace> | null = tr === null ? null : []
    const r = firstDecision(rulesFor(dir === 'ingress' ? prof.ingress : prof.egress, p.family), p, ctx.world.sets, rec)
    const action = r === undefined ? undefined : r.action === 'Pass' && ctx.bpf ? 'Deny' : (r.action as 'Allow' | 'Deny' | 'Pass')
    if (tr !== null) traces.push({ name: prof.name, missing: prof.missing, rules: rec as Array<RuleTrace>, result: r === undefined ? 'NoMatch' : (r.action as 'Allow' | 'Deny' | 'Pass') })
    if (r !== undefined && (action === 'Allow' || action === 'Deny')) {
      if (tr !== null && info !== null)
        tr.push({ stage: 'profiles', endpoint: info, direction: dir, profiles: traces, hit: { kind: 'Profile', name: prof.name, tier: '__PROFILE__', action, policyIndex: index, ruleIndex: r.index, trigger: 'rule' }, result: action })
      return action
    }
  }
  if (tr !== null && info !== null)
    tr.push({ stage: 'profiles', endpoint: info, direction: dir, profiles: traces, hit: { kind: 'Profile', name: '', tier: '__PROFILE__', action: 'Deny', policyIndex: index, ruleIndex: -1, trigger: 'no-profile-match' }, result: 'Deny' })
  return 'Deny'
}

/**
 * Evaluates one endpoint chain for a packet arriving on / leaving by `iface` (§7).
 * @internal
 */
export const evalChain = (ctx: Ctx, kind: ChainKind, ep: Endpoint, dir: 'ingress' | 'egress', p: PacketView, iface: string): ChainResult => {
  const tr = ctx.trace
  const settings = ctx.world.settings
  const stage = stageOf(kind, dir)
  const info = tr === null ? null : endpointInfo(ep, iface)
  if (kind !== 'untracked') {
    if (p.conntrack === 'established' || p.conntrack === 'related') {
      if (tr !== null && info !== null) tr.push({ stage: 'conntrack', chain: stage, endpoint: info, direction: dir, state: p.conntrack, result: 'Allow' })
      return 'Accept'
    }
    if (p.conntrack === 'invalid' && !settings.disableConntrackInvalidCheck) {
      if (tr !== null && info !== null) tr.push({ stage: 'conntrack', chain: stage, endpoint: info, direction: dir, state: p.conntrack, result: 'Deny' })
      return 'Deny'
    }
  }
  const table = FAILSAFE_TABLE[kind]
  if (table !== undefined) {
    const hit = failsafeMatch(settings, table, dir, p)
    if (hit !== undefined) {
      if (tr !== null && info !== null) {
        const e = hit.entry
        tr.push({ stage: 'failsafe', chain: stage, table, endpoint: info, direction: dir, entry: { list: hit.list, protocol: e.protocol, port: e.port, ...(e.net === undefined ? {} : { net: e.net }) }, matchedOn: hit.matchedOn, result: 'Allow' })
      }
      return 'Failsafe'
    }
  }
  if (kind === 'workload' && dir === 'egress') {
    const vxlan = !settings.allowVXLANPacketsFromWorkloads && p.protocol === 17 && p.dstPort === settings.vxlanPort
    const ipip = !settings.allowIPIPPacketsFromWorkloads && p.protocol === 4
    if (vxlan || ipip) {
      if (tr !== null && info !== null) tr.push({ stage: 'workloadEncap', endpoint: info, encap: vxlan ? 'vxlan' : 'ipip', result: 'Deny' })
      return 'Deny'
    }
  }
  const lists = kind === 'untracked' ? ep.untracked : kind === 'preDnat' ? ep.preDnat : kind === 'forward' ? ep.forward : ep.normal
  const tiers = dir === 'ingress' ? lists.ingress : lists.egress
  const run: TierRun | null = tr === null ? null : { tiers: [], hits: [] }
  let result: 'Allow' | 'Deny' | 'None' = runTiers(tiers, dir, p, ctx.world.sets, run)
  let note: 'no-forward-policy' | 'forward-fallthrough' | undefined
  if (kind === 'forward' && result === 'None') {
    // iptables: the default allow exists only if the HEP has no forward tier in either direction
    // (a tier of staged policies counts); BPF drops staged policies and looks at this direction.
    const noTiers = ctx.bpf ? tiers.every((t) => !t.enforced) : lists.ingress.length === 0 && lists.egress.length === 0
    if (noTiers) {
      result = 'Allow'
      note = 'no-forward-policy'
    } else if (ctx.bpf) {
      result = 'Allow'
      note = 'forward-fallthrough'
    } else note = 'forward-fallthrough'
  }
  if (tr !== null && info !== null && run !== null) {
    tr.push({
      stage,
      endpoint: info,
      direction: dir,
      tiers: run.tiers,
      enforced: run.hits,
      pending: pendingTiers(tiers, dir, p, ctx.world.sets),
      result,
      ...(note === undefined ? {} : { note }),
    })
  }
  if (result !== 'None') return result
  if (kind === 'normal' || kind === 'workload') return runProfiles(ctx, ep, dir, p, info)
  return 'None'
}
