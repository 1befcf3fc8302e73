/**
 * The backend-neutral netfilter IR: tables of chains of rules (matches, one action, comments),
 * as felix's `generictables` package models them (`felix/generictables/rules.go`). The lowering
 * (`lower.ts`) builds it once from a World; the iptables and nftables renderers print it. Every
 * value is plain readonly data; names (chains, IP sets) are already final except for the
 * backend-specific IP-set spelling, which the renderer derives from {@link IpSetRef}.
 * @module
 */
import type { Direction, PolicyKey, PolicyStage } from '../../policy/world.js'

/**
 * An IP family: 4 or 6.
 * @since 0.2.0
 */
export type IpFamily = 4 | 6

/**
 * A reference to an IP set by felix's unique ID (`s:…`, `n:…`, `svc:…`) and family; renderers
 * turn it into the dataplane name (`cali40s:…` for iptables, `cali40s-…` for nftables).
 * @since 0.2.0
 */
export interface IpSetRef {
  readonly id: string
  readonly family: IpFamily
}

/**
 * The source or destination side of a match.
 * @since 0.2.0
 */
export type Side = 'src' | 'dst'

/**
 * One match criterion; a rule matches when all of its criteria match. `negated` inverts one
 * criterion. Port ranges are inclusive `[lo, hi]` pairs, at most 15 slots (a range takes two),
 * which the lowering guarantees (felix's `SplitPortList`).
 * @since 0.2.0
 */
export type Match =
  | { readonly _tag: 'Protocol'; readonly protocol: number; readonly numeric: boolean; readonly negated: boolean }
  | { readonly _tag: 'Net'; readonly side: Side; readonly cidr: string; readonly negated: boolean }
  | { readonly _tag: 'Set'; readonly side: Side; readonly set: IpSetRef; readonly ipPort: boolean; readonly negated: boolean }
  | { readonly _tag: 'Ports'; readonly side: Side; readonly protocol: number; readonly ranges: ReadonlyArray<readonly [number, number]>; readonly negated: boolean }
  | { readonly _tag: 'Icmp'; readonly family: IpFamily; readonly type: number; readonly code: number | undefined; readonly negated: boolean }
  | { readonly _tag: 'Mark'; readonly value: number; readonly mask: number; readonly negated: boolean }
  | { readonly _tag: 'Interface'; readonly side: 'in' | 'out'; readonly name: string; readonly prefix: boolean }
  | { readonly _tag: 'Conntrack'; readonly states: ReadonlyArray<'RELATED' | 'ESTABLISHED' | 'INVALID' | 'DNAT'>; readonly negated: boolean }
  | { readonly _tag: 'RpfilterInvalid' }

/**
 * What a rule does when it matches (`None`: nothing, the rule only counts). `ClearMark` and `SetMaskedMark` with value 0 are different
 * rules in felix (different text, different hash), so both exist.
 * @since 0.2.0
 */
export type Action =
  | { readonly _tag: 'None' }
  | { readonly _tag: 'Accept' }
  | { readonly _tag: 'Drop' }
  | { readonly _tag: 'Reject' }
  | { readonly _tag: 'Return' }
  | { readonly _tag: 'Jump'; readonly chain: string }
  | { readonly _tag: 'Goto'; readonly chain: string }
  | { readonly _tag: 'SetMark'; readonly mark: number }
  | { readonly _tag: 'ClearMark'; readonly mark: number }
  | { readonly _tag: 'SetMaskedMark'; readonly value: number; readonly mask: number }
  | { readonly _tag: 'NoTrack' }
  | { readonly _tag: 'Log'; readonly prefix: string }

/**
 * Where an emitted rule comes from, in the evaluator's trace vocabulary: a policy or profile
 * rule (`ruleIndex` into the policy's ingress or egress list, with the stages whose endpoint
 * chains reach it), an end-of-tier default, a profile-less final deny, a conntrack or failsafe
 * rule of an endpoint chain. Static plumbing rules (dispatch, mark clearing) have no origin.
 * @since 0.2.0
 */
export type RuleOrigin =
  | {
      readonly _tag: 'PolicyRule'
      readonly policy: PolicyKey
      readonly tier: string
      readonly direction: Direction
      readonly ruleIndex: number
      readonly stages: ReadonlyArray<PolicyStage>
    }
  | { readonly _tag: 'ProfileRule'; readonly profile: string; readonly direction: Direction; readonly ruleIndex: number }
  | { readonly _tag: 'EndOfTier'; readonly stage: PolicyStage; readonly endpoint: EndpointRef; readonly tier: string; readonly direction: Direction }
  | { readonly _tag: 'NoProfileMatch'; readonly stage: PolicyStage; readonly endpoint: EndpointRef; readonly direction: Direction }
  | { readonly _tag: 'Conntrack'; readonly stage: PolicyStage; readonly endpoint: EndpointRef; readonly direction: Direction; readonly state: 'established' | 'invalid' }
  | { readonly _tag: 'Failsafe'; readonly list: 'inbound' | 'outbound'; readonly protocol: 'tcp' | 'udp'; readonly port: number; readonly matchedOn: 'destination-port' | 'source-port' }

/**
 * The endpoint an endpoint chain belongs to.
 * @since 0.2.0
 */
export interface EndpointRef {
  readonly kind: 'HostEndpoint' | 'WorkloadEndpoint'
  readonly name: string
  readonly namespace?: string
  readonly interface: string
}

/**
 * One rule: all matches, one action, free-text comments (the renderer adds the rule-hash
 * comment), and its origin when it carries a policy decision.
 * @since 0.2.0
 */
export interface Rule {
  readonly match: ReadonlyArray<Match>
  readonly action: Action
  readonly comments: ReadonlyArray<string>
  readonly origin?: RuleOrigin
}

/**
 * A felix-owned chain.
 * @since 0.2.0
 */
export interface Chain {
  readonly name: string
  readonly rules: ReadonlyArray<Rule>
}

/**
 * Rules felix puts into a kernel chain (`INPUT`, `FORWARD`, …): `insert` at the top or `append`
 * at the end.
 * @since 0.2.0
 */
export interface Hook {
  readonly chain: string
  readonly mode: 'insert' | 'append'
  readonly rules: ReadonlyArray<Rule>
}

/**
 * The netfilter tables felix writes policy into.
 * @since 0.2.0
 */
export type TableName = 'raw' | 'mangle' | 'filter'

/**
 * One table of one family: its chains (in a stable order) and its hook rules.
 * @since 0.2.0
 */
export interface Table {
  readonly name: TableName
  readonly chains: ReadonlyArray<Chain>
  readonly hooks: ReadonlyArray<Hook>
}

/**
 * An IP set definition: `hash:net` (selector sets; members are CIDRs) or `hash:ip,port` (named
 * ports and services; members are address, protocol number and port).
 * @since 0.2.0
 */
export type IpSetDef =
  | { readonly _tag: 'Net'; readonly ref: IpSetRef; readonly members: ReadonlyArray<string> }
  | { readonly _tag: 'IpPort'; readonly ref: IpSetRef; readonly members: ReadonlyArray<{ readonly address: string; readonly protocol: number; readonly port: number }> }

/**
 * Everything for one IP family: tables and the IP sets they reference.
 * @since 0.2.0
 */
export interface Ruleset {
  readonly family: IpFamily
  readonly tables: ReadonlyArray<Table>
  readonly sets: ReadonlyArray<IpSetDef>
}

/**
 * The lowered program: one ruleset per family.
 * @since 0.2.0
 */
export interface Program {
  readonly v4: Ruleset
  readonly v6: Ruleset
}
