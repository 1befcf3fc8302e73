/**
 * Small constructors for hand-built normalised worlds, used by the evaluator tests that do not
 * go through resources.
 */
import { setOf } from '../../src/policy/address.js'
import { endpointLists } from '../../src/policy/lists.js'
import { defaultSettings } from '../../src/policy/settings.js'
import {
  anySide,
  type Endpoint,
  type IpSet,
  type Policy,
  type PolicyKind,
  type Profile,
  type Rule,
  type Settings,
  type Side,
  type Tier,
  type World,
} from '../../src/policy/world.js'
import { evaluate, type Options } from '../../src/eval/evaluate.js'
import { parsePacket, type Packet } from '../../src/eval/packet.js'
import type { Decision } from '../../src/eval/trace.js'
import { E } from '../../src/internal/fp.js'

export interface RuleSpec {
  readonly action: Rule['action']
  readonly protocol?: number
  readonly notProtocol?: number
  readonly icmp?: Rule['icmp']
  readonly notIcmp?: Rule['notIcmp']
  readonly src?: Partial<Side>
  readonly dst?: Partial<Side>
  readonly family?: 4 | 6
}

export const ports = (...ps: Array<number | [number, number]>): { ranges: ReadonlyArray<number>; named: ReadonlyArray<number> } => ({
  ranges: ps.flatMap((p) => (typeof p === 'number' ? [p, p] : p)),
  named: [],
})

export const nets = (...cidrs: ReadonlyArray<string>) => setOf(cidrs)

const compile = (specs: ReadonlyArray<RuleSpec>) => {
  const v4: Array<Rule> = []
  const v6: Array<Rule> = []
  specs.forEach((s, index) => {
    const r: Rule = {
      index,
      action: s.action,
      protocol: s.protocol,
      notProtocol: s.notProtocol,
      icmp: s.icmp,
      notIcmp: s.notIcmp,
      src: { ...anySide, ...(s.src ?? {}) },
      dst: { ...anySide, ...(s.dst ?? {}) },
      http: false,
    }
    if (s.family !== 6) v4.push(r)
    if (s.family !== 4) v6.push(r)
  })
  return { v4, v6 }
}

export interface PolicySpec {
  readonly name: string
  readonly kind?: PolicyKind
  readonly namespace?: string
  readonly tier?: string
  readonly order?: number
  readonly types?: ReadonlyArray<'Ingress' | 'Egress'>
  readonly doNotTrack?: boolean
  readonly preDnat?: boolean
  readonly applyOnForward?: boolean
  readonly ingress?: ReadonlyArray<RuleSpec>
  readonly egress?: ReadonlyArray<RuleSpec>
}

export const policy = (s: PolicySpec): Policy => {
  const kind = s.kind ?? 'GlobalNetworkPolicy'
  const types = s.types ?? (s.egress !== undefined && s.egress.length > 0 ? (s.ingress !== undefined && s.ingress.length > 0 ? ['Ingress', 'Egress'] : ['Egress']) : ['Ingress'])
  return {
    key: { kind, name: s.name, ...(s.namespace === undefined ? {} : { namespace: s.namespace }) },
    tier: s.tier ?? 'default',
    order: s.order,
    selector: 'all()',
    governsIngress: types.includes('Ingress'),
    governsEgress: types.includes('Egress'),
    staged: kind.startsWith('Staged'),
    doNotTrack: s.doNotTrack ?? false,
    preDnat: s.preDnat ?? false,
    applyOnForward: s.applyOnForward ?? (s.doNotTrack === true || s.preDnat === true),
    ingress: compile(s.ingress ?? []),
    egress: compile(s.egress ?? []),
  }
}

export const tier = (name: string, order: number | undefined, defaultAction: 'Deny' | 'Pass' = 'Deny'): Tier => ({ name, order, exists: true, defaultAction })

export const builtinTiers: ReadonlyArray<Tier> = [tier('kube-admin', 1000, 'Pass'), tier('default', 1_000_000), tier('kube-baseline', 10_000_000, 'Pass')]

export const profile = (name: string, ingress: ReadonlyArray<RuleSpec>, egress: ReadonlyArray<RuleSpec>): Profile => ({
  name,
  missing: false,
  labels: {},
  ingress: compile(ingress),
  egress: compile(egress),
})

export const allowAll = profile('projectcalico-default-allow', [{ action: 'Allow' }], [{ action: 'Allow' }])

export const missingProfile = (name: string): Profile => ({ ...profile(name, [{ action: 'Deny' }], [{ action: 'Deny' }]), missing: true })

export interface EndpointSpec {
  readonly name: string
  readonly namespace?: string
  readonly interfaceName: string
  readonly policies?: ReadonlyArray<Policy>
  readonly tiers?: ReadonlyArray<Tier>
  readonly profiles?: ReadonlyArray<Profile>
}

const endpoint = (kind: Endpoint['kind'], s: EndpointSpec): Endpoint => {
  const lists = endpointLists(s.policies ?? [], new Map((s.tiers ?? builtinTiers).map((t) => [t.name, t])))
  return {
    kind,
    name: s.name,
    ...(s.namespace === undefined ? {} : { namespace: s.namespace }),
    interfaceName: s.interfaceName,
    labels: {},
    untracked: lists.untracked,
    preDnat: lists.preDnat,
    forward: lists.forward,
    normal: lists.normal,
    profiles: s.profiles ?? [],
    profileIndex: lists.profileIndex,
  }
}

export const hep = (s: EndpointSpec): Endpoint => endpoint('HostEndpoint', s)
export const wep = (s: EndpointSpec): Endpoint => endpoint('WorkloadEndpoint', { namespace: 'default', ...s })

export interface WorldSpec {
  readonly heps?: ReadonlyArray<Endpoint>
  readonly wildcard?: Endpoint
  readonly weps?: ReadonlyArray<Endpoint>
  readonly settings?: Partial<Settings>
  readonly sets?: ReadonlyArray<IpSet>
}

export const world = (s: WorldSpec): World => ({
  node: 'node-1',
  settings: { ...defaultSettings, ...(s.settings ?? {}) },
  interfaces: [],
  sets: s.sets ?? [],
  hostEndpoints: {
    byInterface: new Map((s.heps ?? []).map((h) => [h.interfaceName, h])),
    byName: new Map(),
    wildcard: s.wildcard,
  },
  workloads: new Map((s.weps ?? []).map((w) => [w.interfaceName, w])),
})

export const pkt = (text: string): Packet => {
  const r = parsePacket(text)
  if (E.isLeft(r)) throw new Error(`bad packet ${text}: ${JSON.stringify(r.left)}`)
  return r.right
}

/** `evaluate` for packets that are known to be valid: a `Left` fails the test. */
export const evaluateOk =
  (w: World, options?: Options) =>
  (p: Packet): Decision => {
    const r = evaluate(w, options)(p)
    if (E.isLeft(r)) throw new Error(`evaluate refused the packet: ${JSON.stringify(r.left)}`)
    return r.right
  }
