/**
 * The normalised model: one node's view of the cluster, compiled for evaluation and rendering.
 *
 * A {@link World} is what felix's calculation graph hands to its dataplane drivers: for every
 * local endpoint, its ordered tiers and policies split into the four lists of §5 (untracked,
 * pre-DNAT, forward, normal) and its profiles; for every rule, its criteria in numeric form per IP
 * family (rules that felix omits for a family are absent from that family's list), with selectors
 * and named ports resolved to IP sets held once in {@link World.sets}. Nothing here knows about
 * packets; the evaluator (`Eval`) and the emitters read it.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import type { AddressSet, Family, Prefix } from './address.js'
import type { MemberSet } from './member-set.js'

/**
 * A direction, always from the endpoint's point of view.
 * @since 0.1.0
 */
export type Direction = 'ingress' | 'egress'

/**
 * The stages that evaluate policy tiers: untracked (raw), pre-DNAT (mangle), forward ingress and
 * egress (AoF policy of HEPs for forwarded traffic), normal (HEP policy for host traffic) and
 * workload (WEP policy).
 * @since 0.1.0
 */
export type PolicyStage = 'untracked' | 'preDnat' | 'forwardIngress' | 'forwardEgress' | 'normal' | 'workload'

/**
 * A rule action as written in the API (`Pass` is felix's `next-tier`).
 * @since 0.1.0
 */
export type RuleAction = 'Allow' | 'Deny' | 'Pass' | 'Log'

/**
 * The policy kinds felix orders within a tier (the full kind names used in the sort key).
 * @since 0.1.0
 */
export type PolicyKind =
  | 'GlobalNetworkPolicy'
  | 'NetworkPolicy'
  | 'KubernetesNetworkPolicy'
  | 'StagedGlobalNetworkPolicy'
  | 'StagedNetworkPolicy'
  | 'StagedKubernetesNetworkPolicy'

const SHORT_KIND: Readonly<Record<PolicyKind, string>> = {
  GlobalNetworkPolicy: 'gnp',
  NetworkPolicy: 'np',
  KubernetesNetworkPolicy: 'knp',
  StagedGlobalNetworkPolicy: 'sgnp',
  StagedNetworkPolicy: 'snp',
  StagedKubernetesNetworkPolicy: 'sknp',
}

/**
 * The short kind name felix uses in policy IDs, chain names, log prefixes and flow-log hits.
 * @example
 * ```ts
 * shortKind('GlobalNetworkPolicy') // 'gnp'
 * ```
 * @internal
 */
export const shortKind = (kind: PolicyKind): string => SHORT_KIND[kind]

/**
 * Index of an IP set in {@link World.sets}.
 * @since 0.1.0
 */
export type SetId = number

/**
 * An IP set: the addresses of every endpoint and network set matching a selector (docs/reference.md
 * §2.7), or the (address, protocol, port) members of a named port (docs/reference.md §6.3), keyed
 * by `protocol * 65536 + port`. `id` is felix's unique ID (`s:…` / `n:…`) when known.
 * @since 0.1.0
 */
export type IpSet =
  | { readonly _tag: 'Selector'; readonly selector: string; readonly id: string; readonly members: MemberSet }
  | {
      readonly _tag: 'NamedPort'
      readonly selector: string
      readonly port: string
      /** Protocol number the rule restricts the named port to, or `undefined` for any. */
      readonly protocol: number | undefined
      readonly id: string
      readonly members: ReadonlyMap<number, MemberSet>
    }

/**
 * A port criterion: inclusive numeric ranges (`[lo0, hi0, lo1, hi1, …]`, sorted) or membership
 * in any of the named-port sets.
 * @since 0.1.0
 */
export interface Ports {
  readonly ranges: ReadonlyArray<number>
  readonly named: ReadonlyArray<SetId>
}

/**
 * ICMP type and optional code.
 * @since 0.1.0
 */
export interface Icmp {
  readonly type: number
  readonly code?: number
}

/**
 * The criteria on one side (source or destination) of a rule, for one family. `undefined` = no
 * constraint (every field is always present, so that all sides share one shape). `selector` is the
 * positive selector after docs/reference.md §2.4 scoping with `notSelector` folded in;
 * `notSelector` is only present when there is no positive selector. `service` marks a Kubernetes
 * service match, which needs EndpointSlices that the model does not carry, so it never matches.
 * @since 0.1.0
 */
export interface Side {
  readonly nets: AddressSet | undefined
  readonly notNets: AddressSet | undefined
  readonly selector: SetId | undefined
  readonly notSelector: SetId | undefined
  readonly ports: Ports | undefined
  readonly notPorts: Ports | undefined
  readonly service: { readonly name: string; readonly namespace: string } | undefined
}

/**
 * A compiled rule for one IP family (`undefined` criteria do not constrain; every field is always
 * present so that all rules share one shape). `index` is the rule's position in the policy's (or
 * profile's) ingress or egress list. `http` is set when the rule has an application-layer HTTP
 * match, which L3/L4 dataplanes ignore (docs/reference.md §6.8).
 * @since 0.1.0
 */
export interface Rule {
  readonly index: number
  readonly action: RuleAction
  readonly protocol: number | undefined
  readonly notProtocol: number | undefined
  readonly icmp: Icmp | undefined
  readonly notIcmp: Icmp | undefined
  readonly src: Side
  readonly dst: Side
  readonly http: boolean
}

/**
 * The rules of one direction, per family (each list keeps only the rules felix renders for that
 * family, docs/reference.md §6.4).
 * @since 0.1.0
 */
export interface FamilyRules {
  readonly v4: ReadonlyArray<Rule>
  readonly v6: ReadonlyArray<Rule>
}

/**
 * Identifies a policy: kind, name and (for namespaced kinds) namespace.
 * @since 0.1.0
 */
export interface PolicyKey {
  readonly kind: PolicyKind
  readonly name: string
  readonly namespace?: string
}

/**
 * A normalised policy: rewritten selector (docs/reference.md §2.3), tier, order (`undefined` = +∞),
 * governed directions, flags, and compiled rules.
 * @since 0.1.0
 */
export interface Policy {
  readonly key: PolicyKey
  readonly tier: string
  readonly order: number | undefined
  readonly selector: string
  readonly governsIngress: boolean
  readonly governsEgress: boolean
  readonly staged: boolean
  readonly doNotTrack: boolean
  readonly preDnat: boolean
  readonly applyOnForward: boolean
  readonly ingress: FamilyRules
  readonly egress: FamilyRules
}

/**
 * A tier: `exists` is false for a tier named by a policy but without a Tier resource (it sorts
 * last and acts as `Deny`, docs/reference.md §2.9).
 * @since 0.1.0
 */
export interface Tier {
  readonly name: string
  readonly order: number | undefined
  readonly exists: boolean
  readonly defaultAction: 'Deny' | 'Pass'
}

/**
 * A policy as it appears in one endpoint's list, with its flow-log match index for that
 * endpoint and direction.
 * @since 0.1.0
 */
export interface PolicyEntry {
  readonly policy: Policy
  readonly matchIndex: number
}

/**
 * One tier of an endpoint's list for one direction: its policies in order (staged ones included),
 * the action at its end (`Pass` in untracked and pre-DNAT lists), whether any policy is enforced
 * (a tier with only staged policies is transparent), and the flow-log attribution of its
 * end-of-tier action (felix charges it to the last enforced policy).
 * @since 0.1.0
 */
export interface TierEntry {
  readonly name: string
  readonly defaultAction: 'Deny' | 'Pass'
  readonly policies: ReadonlyArray<PolicyEntry>
  readonly enforced: boolean
  /**
   * The end-of-tier slot: its flow-log match index, the policy felix's collector charges it to
   * (the tier's last enforced policy), and whether felix renders (and so logs) an end-of-tier
   * rule in this list at all: only normal and forward chains have one; untracked and pre-DNAT
   * chains simply fall through.
   */
  readonly endOfTier: { readonly matchIndex: number; readonly policy: PolicyKey | undefined; readonly logged: boolean }
}

/**
 * The tiers of a list, per direction; only tiers with at least one policy for that direction.
 * @since 0.1.0
 */
export interface TierLists {
  readonly ingress: ReadonlyArray<TierEntry>
  readonly egress: ReadonlyArray<TierEntry>
}

/**
 * A profile. A profile named by an endpoint but not defined is `missing` and denies everything
 * (docs/reference.md §2.9).
 * @since 0.1.0
 */
export interface Profile {
  readonly name: string
  readonly missing: boolean
  readonly labels: Readonly<Record<string, string>>
  readonly ingress: FamilyRules
  readonly egress: FamilyRules
}

/**
 * A local endpoint with its effective labels (docs/reference.md §2.6), its four policy lists
 * (docs/reference.md §5) and profiles. `interfaceName` is the interface the endpoint names (`*` for
 * the wildcard HEP, empty for a HEP bound by `expectedIPs`). `profileIndex` is the flow-log match
 * index of the profiles per direction.
 * @since 0.1.0
 */
export interface Endpoint {
  readonly kind: 'HostEndpoint' | 'WorkloadEndpoint'
  readonly name: string
  readonly namespace?: string
  readonly interfaceName: string
  readonly labels: Readonly<Record<string, string>>
  readonly untracked: TierLists
  readonly preDnat: TierLists
  readonly forward: TierLists
  readonly normal: TierLists
  readonly profiles: ReadonlyArray<Profile>
  readonly profileIndex: { readonly ingress: number; readonly egress: number }
}

/**
 * One failsafe entry (docs/reference.md §9): protocol, port and optional remote network.
 * @since 0.1.0
 */
export interface FailsafeEntry {
  readonly protocol: 'tcp' | 'udp'
  readonly port: number
  readonly net?: string
  readonly prefix?: Prefix
}

/**
 * An interface name pattern from `InterfaceExclude`: an exact name or a regular expression
 * (written `/…/` in felix's configuration; RE2 syntax, as felix's Go `regexp`).
 * @since 0.1.0
 */
export type InterfaceMatcher = { readonly _tag: 'Exact'; readonly name: string } | { readonly _tag: 'Regex'; readonly source: string }

/**
 * The felix settings that change policy semantics (docs/reference.md §1.14), already resolved for
 * this node.
 * @since 0.1.0
 */
export interface Settings {
  readonly interfacePrefixes: ReadonlyArray<string>
  readonly interfaceExclude: ReadonlyArray<InterfaceMatcher>
  readonly defaultEndpointToHostAction: 'Drop' | 'Accept' | 'Return'
  readonly failsafeInbound: ReadonlyArray<FailsafeEntry>
  readonly failsafeOutbound: ReadonlyArray<FailsafeEntry>
  readonly disableConntrackInvalidCheck: boolean
  readonly allowVXLANPacketsFromWorkloads: boolean
  readonly allowIPIPPacketsFromWorkloads: boolean
  readonly vxlanPort: number
}

/**
 * A host interface of the node and its addresses.
 * @since 0.1.0
 */
export interface HostInterface {
  readonly name: string
  readonly addresses: ReadonlyArray<string>
}

/**
 * The host endpoints active on the node (docs/reference.md §3): the named HEP bound to each known
 * interface, the named HEPs by `interfaceName` (used for interfaces a packet names but the node did
 * not list), and the active wildcard HEP.
 * @since 0.1.0
 */
export interface HostEndpoints {
  readonly byInterface: ReadonlyMap<string, Endpoint>
  readonly byName: ReadonlyMap<string, Endpoint>
  readonly wildcard: Endpoint | undefined
}

/**
 * One node's compiled view of the cluster. Immutable; build it with `Policy.build` and change
 * it with `Policy.update`.
 * @since 0.1.0
 */
export interface World {
  readonly node: string
  readonly settings: Settings
  readonly interfaces: ReadonlyArray<HostInterface>
  /**
   * The IP sets, indexed by the {@link SetId}s in rules. After `Policy.build` every set is used
   * by some rule. After `Policy.update`, a set that no rule uses any more is left as an empty
   * placeholder (its slot keeps its number, so the world's other ids stay valid) until unused
   * slots outnumber used ones; then the update rebuilds the world and renumbers its sets, so
   * `sets.length` stays at most twice that of a fresh build. Ids are only meaningful within
   * one world: compare sets across worlds by their `id` (felix's unique ID).
   */
  readonly sets: ReadonlyArray<IpSet>
  readonly hostEndpoints: HostEndpoints
  readonly workloads: ReadonlyMap<string, Endpoint>
  /** Builder state reused by `Policy.update`; opaque to readers. @internal */
  readonly state?: unknown
}

/**
 * A side without criteria.
 * @example
 * ```ts
 * anySide.selector // undefined
 * ```
 * @since 0.1.0
 */
export const anySide: Side = {
  nets: undefined,
  notNets: undefined,
  selector: undefined,
  notSelector: undefined,
  ports: undefined,
  notPorts: undefined,
  service: undefined,
}

/**
 * The rules of one family.
 * @example
 * ```ts
 * rulesFor({ v4: [], v6: [] }, 4) // []
 * ```
 * @since 0.1.0
 */
export const rulesFor = (rules: FamilyRules, family: Family): ReadonlyArray<Rule> => (family === 4 ? rules.v4 : rules.v6)

