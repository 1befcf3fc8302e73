/**
 * Compiling API rules into the model's per-family {@link Rule}s: protocol numbers, sorted port
 * ranges, named ports and selectors resolved to IP sets, CIDRs filtered per family with the rule
 * omitted where felix omits it (docs/reference.md §6.4, `FilterRuleToIPVersion` in
 * `felix/rules/policy.go`), ICMP family inference from protocol names (§2.8).
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import type { EntityRule } from '../model/entity-rule.js'
import type { Port } from '../model/port.js'
import { protocolNumber } from '../model/protocol.js'
import type { Rule as ApiRule } from '../model/rule.js'
import { fromPrefixes, parsePrefix, type AddressSet, type Family, type Prefix } from './address.js'
import { entityRuleSelector, foldNotSelector } from './selector-rewrite.js'
import type { FamilyRules, Ports, Rule, SetId, Side } from './world.js'

/**
 * A named-port protocol as felix keys named-port IP sets: the rule's protocol (`tcp`, `udp`,
 * `sctp`) or `any` when the rule has none.
 * @since 0.1.0
 */
export type NamedPortProtocol = 'tcp' | 'udp' | 'sctp' | 'any'

/**
 * Hands out IP-set ids for selectors and named ports (the builder dedupes them by unique ID).
 * Selector texts are already validated.
 * @since 0.1.0
 */
export interface SetRegistry {
  /** The id of the IP set of a selector (rewritten selector text). */
  readonly selector: (text: string) => SetId
  /** The id of the named-port set of `name` for `protocol` among the endpoints the selector matches. */
  readonly namedPort: (selectorText: string, protocol: NamedPortProtocol, name: string) => SetId
}

const namedPortProtocol = (p: number | undefined): NamedPortProtocol =>
  p === undefined ? 'any' : p === 17 ? 'udp' : p === 132 ? 'sctp' : 'tcp'

const mergeRanges = (pairs: Array<[number, number]>): ReadonlyArray<number> => {
  pairs.sort((a, b) => a[0] - b[0])
  const out: Array<number> = []
  for (const [lo, hi] of pairs) {
    const n = out.length
    if (n > 0 && lo <= (out[n - 1] as number) + 1) {
      if (hi > (out[n - 1] as number)) out[n - 1] = hi
    } else out.push(lo, hi)
  }
  return out
}

const compilePorts = (ports: ReadonlyArray<Port> | undefined, selector: string, proto: NamedPortProtocol, reg: SetRegistry): Ports | undefined => {
  if (ports === undefined || ports.length === 0) return undefined
  const ranges: Array<[number, number]> = []
  const named: Array<SetId> = []
  for (const p of ports) {
    if (p._tag === 'PortRange') ranges.push([p.min, p.max])
    else named.push(reg.namedPort(selector === '' ? 'all()' : selector, proto, p.name))
  }
  return { ranges: mergeRanges(ranges), named }
}

interface SideSource {
  readonly nets: ReadonlyArray<Prefix>
  readonly notNets: ReadonlyArray<Prefix>
  readonly hadNets: boolean
  readonly hadNotNets: boolean
  readonly selector: SetId | undefined
  readonly notSelector: SetId | undefined
  readonly ports: Ports | undefined
  readonly notPorts: Ports | undefined
  readonly service: Side['service']
}

const prefixesOf = (cidrs: ReadonlyArray<string> | undefined): ReadonlyArray<Prefix> =>
  (cidrs ?? []).map(parsePrefix).filter((p): p is Prefix => p !== undefined)

const compileSide = (er: EntityRule | undefined, namespace: string, proto: NamedPortProtocol, reg: SetRegistry): SideSource => {
  const e = er ?? {}
  const folded = foldNotSelector(entityRuleSelector(e, namespace), e.notSelector ?? '')
  return {
    nets: prefixesOf(e.nets),
    notNets: prefixesOf(e.notNets),
    hadNets: (e.nets ?? []).length > 0,
    hadNotNets: (e.notNets ?? []).length > 0,
    selector: folded.positive === '' ? undefined : reg.selector(folded.positive),
    notSelector: folded.negative === '' ? undefined : reg.selector(folded.negative),
    ports: compilePorts(e.ports, folded.positive, proto, reg),
    notPorts: compilePorts(e.notPorts, folded.positive, proto, reg),
    service: e.services === undefined ? undefined : { name: e.services.name ?? '', namespace: e.services.namespace ?? '' },
  }
}

/** Felix's filterNets: the CIDRs of one family; `undefined` if the rule must be omitted. */
const filterNets = (prefixes: ReadonlyArray<Prefix>, had: boolean, family: Family, negated: boolean): AddressSet | null | undefined => {
  if (!had) return null
  const mine = prefixes.filter((p) => p.family === family)
  if (mine.length === 0) return undefined
  if (negated && mine.some((p) => (p.family === 4 ? p.lo === 0 && p.hi === 4294967295 : p.lo === 0n && p.hi === (1n << 128n) - 1n))) return undefined
  return fromPrefixes(mine)
}

const familySide = (s: SideSource, family: Family): Side | undefined => {
  const nets = filterNets(s.nets, s.hadNets, family, false)
  const notNets = filterNets(s.notNets, s.hadNotNets, family, true)
  if (nets === undefined || notNets === undefined) return undefined
  return {
    nets: nets === null ? undefined : nets,
    notNets: notNets === null ? undefined : notNets,
    selector: s.selector,
    notSelector: s.notSelector,
    ports: s.ports,
    notPorts: s.notPorts,
    service: s.service,
  }
}

/**
 * Compiles one API rule at position `index` of a policy in `namespace` (`''` for global policies
 * and profiles) into its IPv4 and IPv6 forms; a family is absent when felix omits the rule for it.
 * @example
 * ```ts
 * compileRule({ action: 'Deny', source: { notNets: ['10.0.0.0/8'] } }, 0, '', registry)
 * // { v4: { index: 0, action: 'Deny', src: { notNets: … }, dst: {}, http: false } }
 * ```
 * @since 0.1.0
 */
export const compileRule = (rule: ApiRule, index: number, namespace: string, reg: SetRegistry): { readonly v4?: Rule; readonly v6?: Rule } => {
  const protocol = rule.protocol === undefined ? undefined : protocolNumber(rule.protocol)
  const ipVersion = rule.ipVersion ?? (rule.protocol === 'ICMP' ? 4 : rule.protocol === 'ICMPv6' ? 6 : undefined)
  const npProto = namedPortProtocol(protocol)
  const src = compileSide(rule.source, namespace, npProto, reg)
  const dst = compileSide(rule.destination, namespace, npProto, reg)
  const notProtocol = rule.notProtocol === undefined ? undefined : protocolNumber(rule.notProtocol)
  const icmp = rule.icmp?.type === undefined ? undefined : rule.icmp.code === undefined ? { type: rule.icmp.type } : { type: rule.icmp.type, code: rule.icmp.code }
  const notIcmp =
    rule.notICMP?.type === undefined ? undefined : rule.notICMP.code === undefined ? { type: rule.notICMP.type } : { type: rule.notICMP.type, code: rule.notICMP.code }
  const forFamily = (family: Family): Rule | undefined => {
    if (ipVersion !== undefined && ipVersion !== family) return undefined
    const s = familySide(src, family)
    const d = familySide(dst, family)
    if (s === undefined || d === undefined) return undefined
    // one object shape for every rule keeps property access monomorphic in the evaluator
    return { index, action: rule.action, protocol, notProtocol, icmp, notIcmp, src: s, dst: d, http: rule.http !== undefined }
  }
  const v4 = forFamily(4)
  const v6 = forFamily(6)
  return { ...(v4 === undefined ? {} : { v4 }), ...(v6 === undefined ? {} : { v6 }) }
}

/**
 * Compiles a list of API rules (a policy's or profile's ingress or egress rules).
 * @example
 * ```ts
 * compileRules([{ action: 'Allow' }], '', registry) // { v4: [rule], v6: [rule] }
 * ```
 * @since 0.1.0
 */
export const compileRules = (rules: ReadonlyArray<ApiRule> | undefined, namespace: string, reg: SetRegistry): FamilyRules => {
  const v4: Array<Rule> = []
  const v6: Array<Rule> = []
  ;(rules ?? []).forEach((r, i) => {
    const c = compileRule(r, i, namespace, reg)
    if (c.v4 !== undefined) v4.push(c.v4)
    if (c.v6 !== undefined) v6.push(c.v6)
  })
  return { v4, v6 }
}
