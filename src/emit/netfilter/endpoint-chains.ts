/**
 * Endpoint chains (`felix/rules/endpoints.go` `endpointIptablesChain`): conntrack prelude,
 * failsafe jump, mark clearing, workload encapsulation drops, tiers (start-of-tier pass clear,
 * one guarded jump per enforced policy, "Return if policy accepted", end-of-tier deny), the
 * forward default, profiles and the final deny.
 * @module
 */
import type { Settings, TierEntry } from '../../policy/world.js'
import type { Policy, PolicyKey, PolicyStage, Profile } from '../../policy/world.js'
import type { Action, EndpointRef, Match, Rule } from './ir.js'
import type { Marks } from './marks.js'

/**
 * The flavours of endpoint chain: normal (filter, or mangle egress for DNATed host traffic),
 * forward (apply-on-forward), untracked (raw) and pre-DNAT (mangle).
 * @since 0.2.0
 */
export type EndpointChainType = 'normal' | 'forward' | 'untracked' | 'preDnat'

/**
 * A policy chain an endpoint chain jumps to, recorded so the policy chain gets rendered.
 * @since 0.2.0
 */
export interface PolicyJump {
  readonly policy: Policy
  readonly tier: string
  readonly direction: 'ingress' | 'egress'
  readonly stage: PolicyStage
}

/**
 * Everything one endpoint chain needs.
 * @since 0.2.0
 */
export interface EndpointChainSpec {
  readonly name: string
  readonly type: EndpointChainType
  readonly stage: PolicyStage
  readonly ref: EndpointRef
  readonly direction: 'ingress' | 'egress'
  readonly tiers: ReadonlyArray<TierEntry>
  /** For forward chains: whether the endpoint has no forward tier in either direction. */
  readonly noForwardTiers: boolean
  /** Profiles, for normal chains only. */
  readonly profiles: ReadonlyArray<Profile> | undefined
  readonly failsafe: 'cali-failsafe-in' | 'cali-failsafe-out' | undefined
  /** The action for established traffic: ACCEPT, or RETURN after setting the accept mark. */
  readonly allow: 'Accept' | 'Return'
  readonly encapDrops: boolean
}

/**
 * The context shared by all endpoint chains of one family.
 * @since 0.2.0
 */
export interface EndpointContext {
  readonly marks: Marks
  readonly settings: Settings
  readonly deny: Action
  readonly denyWord: 'Drop' | 'Reject'
  readonly policyChain: (direction: 'ingress' | 'egress', key: PolicyKey) => string
  readonly profileChain: (direction: 'ingress' | 'egress', name: string) => string
  readonly onPolicy: (jump: PolicyJump) => void
}

const r = (match: ReadonlyArray<Match>, action: Action, comments: ReadonlyArray<string> = []): Rule => ({ match, action, comments })
const markSet = (mark: number): Match => ({ _tag: 'Mark', value: mark, mask: mark, negated: false })
const markClear = (mark: number): Match => ({ _tag: 'Mark', value: 0, mask: mark, negated: false })

/**
 * Builds one endpoint chain's rules.
 * @example
 * ```ts
 * endpointChain(ctx, { name: 'cali-tw-cali123', type: 'normal', ... })
 * ```
 * @since 0.2.0
 */
export const endpointChain = (ctx: EndpointContext, spec: EndpointChainSpec): ReadonlyArray<Rule> => {
  const m = ctx.marks
  const s = ctx.settings
  const rules: Array<Rule> = []
  const base = { stage: spec.stage, endpoint: spec.ref, direction: spec.direction }
  if (spec.type !== 'untracked') {
    const est: Match = { _tag: 'Conntrack', states: ['RELATED', 'ESTABLISHED'], negated: false }
    const estOrigin = { _tag: 'Conntrack' as const, ...base, state: 'established' as const }
    if (spec.allow === 'Return') rules.push({ ...r([est], { _tag: 'SetMark', mark: m.accept }), origin: estOrigin })
    rules.push({ ...r([est], { _tag: spec.allow }), origin: estOrigin })
    if (!s.disableConntrackInvalidCheck)
      rules.push({ ...r([{ _tag: 'Conntrack', states: ['INVALID'], negated: false }], ctx.deny), origin: { _tag: 'Conntrack', ...base, state: 'invalid' } })
  }
  if (spec.failsafe !== undefined) rules.push(r([], { _tag: 'Jump', chain: spec.failsafe }))
  rules.push(r([], { _tag: 'ClearMark', mark: m.accept | m.pass }))
  if (spec.encapDrops) {
    if (!s.allowVXLANPacketsFromWorkloads)
      rules.push(r([{ _tag: 'Protocol', protocol: 17, numeric: true, negated: false }, { _tag: 'Ports', side: 'dst', protocol: 17, ranges: [[s.vxlanPort, s.vxlanPort]], negated: false }], ctx.deny, [`${ctx.denyWord} VXLAN encapped packets originating in workloads`]))
    if (!s.allowIPIPPacketsFromWorkloads)
      rules.push(r([{ _tag: 'Protocol', protocol: 4, numeric: true, negated: false }], ctx.deny, [`${ctx.denyWord} IPinIP encapped packets originating in workloads`]))
  }
  for (const tier of spec.tiers) {
    rules.push(r([], { _tag: 'ClearMark', mark: m.pass }, [`Start of tier ${tier.name}`]))
    for (const entry of tier.policies) {
      const pol = entry.policy
      if (pol.staged) continue
      ctx.onPolicy({ policy: pol, tier: tier.name, direction: spec.direction, stage: spec.stage })
      rules.push(r([markClear(m.pass)], { _tag: 'Jump', chain: ctx.policyChain(spec.direction, pol.key) }))
      if (spec.type === 'untracked') rules.push(r([markSet(m.accept)], { _tag: 'NoTrack' }))
      rules.push(r([markSet(m.accept)], { _tag: 'Return' }, ['Return if policy accepted']))
    }
    if ((spec.type === 'normal' || spec.type === 'forward') && tier.enforced && tier.defaultAction !== 'Pass')
      rules.push({
        ...r([markClear(m.pass)], ctx.deny, [`End of tier ${tier.name}. ${ctx.denyWord} if no policies passed packet`]),
        origin: { _tag: 'EndOfTier', ...base, tier: tier.name },
      })
  }
  if (spec.type === 'forward' && spec.noForwardTiers) {
    rules.push(r([], { _tag: 'SetMark', mark: m.accept }, ['Allow forwarded traffic by default']))
    rules.push(r([], { _tag: 'Return' }, ['Return for accepted forward traffic']))
  }
  if (spec.type === 'normal' && spec.profiles !== undefined) {
    for (const p of spec.profiles) {
      rules.push(r([], { _tag: 'Jump', chain: ctx.profileChain(spec.direction, p.name) }))
      rules.push(r([markSet(m.accept)], { _tag: 'Return' }, ['Return if profile accepted']))
    }
    rules.push({ ...r([], ctx.deny, [`${ctx.denyWord} if no profiles matched`]), origin: { _tag: 'NoProfileMatch', ...base } })
  }
  return rules
}
