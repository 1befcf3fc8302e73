/**
 * The decision record: verdict, traffic type and the trace of every stage that ran, as plain
 * JSON-serialisable data. Policy hits use the vocabulary of Calico's flow logs (kind, tier, name,
 * namespace, action, policy index, rule index).
 * @module
 */
import { shortKind, type PolicyKind, type PolicyStage, type RuleAction } from '../policy/world.js'
import type { Conntrack } from './packet.js'

/**
 * What Calico as a whole does with the packet. `NoVerdict` means Calico did not decide: the
 * host's own (non-Calico) firewall rules and chain policy do.
 * @since 0.1.0
 */
export type Verdict = 'Allow' | 'Deny' | 'NoVerdict'

/**
 * The path a packet takes through the node, derived from its interfaces (an interface is a
 * workload interface iff its name starts with one of `InterfacePrefix`'s prefixes).
 * @since 0.1.0
 */
export type TrafficType =
  | 'ToHost'
  | 'FromHost'
  | 'Forwarded'
  | 'ForwardedToWorkload'
  | 'ForwardedFromWorkload'
  | 'WorkloadToHost'
  | 'HostToWorkload'
  | 'WorkloadToWorkload'

/**
 * The endpoint whose chain ran: its kind, name, namespace (WEPs), the interface the packet used
 * and, for the wildcard HEP, `wildcard: true`.
 * @since 0.1.0
 */
export interface EndpointInfo {
  readonly kind: 'HostEndpoint' | 'WorkloadEndpoint'
  readonly name: string
  readonly namespace?: string
  readonly interface: string
  readonly wildcard?: true
}

/**
 * What triggered a policy hit: a `rule` matched; the `end-of-tier` action applied (charged to
 * the tier's last enforced policy, rule index −1, as felix's flow logs do); no profile matched
 * (`no-profile-match`, kind `Profile`, empty name).
 * @since 0.1.0
 */
export type HitTrigger = 'rule' | 'end-of-tier' | 'no-profile-match'

/**
 * One policy or profile hit, in flow-log terms. `policyIndex` is felix's match index for the
 * endpoint and direction (enforced policies of a tier share one index; each staged policy has
 * its own; profiles come last). Profiles use tier `__PROFILE__`.
 * @since 0.1.0
 */
export interface PolicyHit {
  readonly kind: PolicyKind | 'Profile'
  readonly name: string
  readonly namespace?: string
  readonly tier: string
  readonly action: 'Allow' | 'Deny' | 'Pass'
  readonly policyIndex: number
  readonly ruleIndex: number
  readonly trigger: HitTrigger
}

/**
 * One rule that was evaluated: its index, action, and whether it matched (`Log` rules that match
 * are recorded and evaluation continues).
 * @since 0.1.0
 */
export interface RuleTrace {
  readonly index: number
  readonly action: RuleAction
  readonly matched: boolean
}

/**
 * One policy that was consulted, the rules evaluated, and its result (`NoMatch` = no rule
 * decided; the next policy of the tier is consulted). A staged policy never changes the verdict:
 * `staged: true` and its `result` is what it would have done.
 * @since 0.1.0
 */
export interface PolicyTrace {
  readonly kind: PolicyKind
  readonly name: string
  readonly namespace?: string
  readonly policyIndex: number
  readonly staged: boolean
  readonly rules: ReadonlyArray<RuleTrace>
  readonly result: 'Allow' | 'Deny' | 'Pass' | 'NoMatch'
}

/**
 * One tier that was consulted: its policies and how it ended: a policy's rule (`rule`), the
 * tier's default action (`end-of-tier`), or nothing because only staged policies applied
 * (`staged-only`, the tier is transparent).
 * @since 0.1.0
 */
export interface TierTrace {
  readonly tier: string
  readonly defaultAction: 'Deny' | 'Pass'
  readonly policies: ReadonlyArray<PolicyTrace>
  readonly action: 'Allow' | 'Deny' | 'Pass'
  readonly trigger: 'rule' | 'end-of-tier' | 'staged-only'
}

export type { PolicyStage } from '../policy/world.js'

/**
 * The result of one stage: `Allow`/`Deny`, or `None` when the stage took no decision and
 * processing continues.
 * @since 0.1.0
 */
export type StageResult = 'Allow' | 'Deny' | 'None'

/**
 * One step of the trace, in the order the dataplane runs them.
 *
 * - `conntrack`: the packet's conntrack state decided at the top of a tracked chain
 *   (established/related ⇒ Allow, invalid ⇒ Deny).
 * - `failsafe`: a failsafe entry accepted the packet in a HEP chain (`table` raw, mangle or
 *   filter); processing continues with the next table unless the chain was the last.
 * - policy stages (`untracked`, `preDnat`, `forwardIngress`, `forwardEgress`, `normal`,
 *   `workload`): tiers consulted, enforced and pending (staged included) hits. `note` explains a
 *   result that no policy produced: `no-forward-policy` (a HEP without any AoF policy allows
 *   forwarded traffic), `forward-fallthrough` (forward tiers ended without verdict).
 * - `profiles`: the endpoint's profiles after its tiers (normal and workload chains).
 * - `workloadEncap`: VXLAN or IP-in-IP from a workload, dropped before policy.
 * - `workloadToHostIcmpv6`: ICMPv6 router/neighbour messages from a workload to the host,
 *   always allowed.
 * - `defaultEndpointToHostAction`: the configured action for workload-to-host traffic that the
 *   workload's egress policy allowed.
 * - `hostToWorkload`: host-to-local-workload traffic, which Calico never polices.
 * - `unknownWorkload`: a workload interface without a workload endpoint (dropped).
 * - `noHostEndpoint`: no host endpoint covers the interface, so Calico does not police it.
 * @since 0.1.0
 */
export type Step =
  | {
      readonly stage: 'conntrack'
      readonly chain: PolicyStage
      readonly endpoint: EndpointInfo
      readonly direction: 'ingress' | 'egress'
      readonly state: Conntrack
      readonly result: 'Allow' | 'Deny'
    }
  | {
      readonly stage: 'failsafe'
      readonly chain: PolicyStage
      readonly table: 'raw' | 'mangle' | 'filter'
      readonly endpoint: EndpointInfo
      readonly direction: 'ingress' | 'egress'
      readonly entry: { readonly list: 'inbound' | 'outbound'; readonly protocol: 'tcp' | 'udp'; readonly port: number; readonly net?: string }
      readonly matchedOn: 'destination-port' | 'source-port'
      readonly result: 'Allow'
    }
  | {
      readonly stage: PolicyStage
      readonly endpoint: EndpointInfo
      readonly direction: 'ingress' | 'egress'
      readonly tiers: ReadonlyArray<TierTrace>
      readonly enforced: ReadonlyArray<PolicyHit>
      readonly pending: ReadonlyArray<PolicyHit>
      readonly result: StageResult
      readonly note?: 'no-forward-policy' | 'forward-fallthrough'
    }
  | {
      readonly stage: 'profiles'
      readonly endpoint: EndpointInfo
      readonly direction: 'ingress' | 'egress'
      readonly profiles: ReadonlyArray<{
        readonly name: string
        readonly missing: boolean
        readonly rules: ReadonlyArray<RuleTrace>
        readonly result: 'Allow' | 'Deny' | 'Pass' | 'NoMatch'
      }>
      readonly hit: PolicyHit
      readonly result: 'Allow' | 'Deny'
    }
  | { readonly stage: 'workloadEncap'; readonly endpoint: EndpointInfo; readonly encap: 'vxlan' | 'ipip'; readonly result: 'Deny' }
  | { readonly stage: 'workloadToHostIcmpv6'; readonly icmpType: number; readonly result: 'Allow' }
  | { readonly stage: 'defaultEndpointToHostAction'; readonly action: 'Drop' | 'Accept' | 'Return'; readonly result: StageResult }
  | { readonly stage: 'hostToWorkload'; readonly interface: string; readonly result: 'None' }
  | { readonly stage: 'unknownWorkload'; readonly interface: string; readonly direction: 'ingress' | 'egress'; readonly result: 'Deny' }
  | { readonly stage: 'noHostEndpoint'; readonly interface: string; readonly direction: 'ingress' | 'egress'; readonly result: 'None' }

/**
 * The outcome of evaluating one packet: verdict, traffic type and the trace of stages.
 * @since 0.1.0
 */
export interface Decision {
  readonly verdict: Verdict
  readonly trafficType: TrafficType
  readonly trace: ReadonlyArray<Step>
}


/**
 * Formats a hit as a flow-log policy label: `<policy index>|<tier>|<kind>:[<ns>/]<name>|<action>|<rule index>`.
 * @example
 * ```ts
 * formatHit({ kind: 'GlobalNetworkPolicy', name: 'allow-ssh', tier: 'default', action: 'Allow',
 *   policyIndex: 0, ruleIndex: 0, trigger: 'rule' })
 * // '0|default|gnp:allow-ssh|allow|0'
 * ```
 * Anything that is not a hit (from JavaScript) gives the text `not a policy hit`.
 * @since 0.1.0
 */
export const formatHit = (h: PolicyHit): string => {
  if (typeof h !== 'object' || h === null || typeof h.action !== 'string') return 'not a policy hit'
  const name = h.namespace === undefined ? h.name : `${h.namespace}/${h.name}`
  return `${h.policyIndex}|${h.tier}|${h.kind === 'Profile' ? 'pro' : shortKind(h.kind)}:${name}|${h.action.toLowerCase()}|${h.ruleIndex}`
}
