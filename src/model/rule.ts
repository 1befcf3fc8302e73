/**
 * Policy and profile rules (`Rule`, docs/reference.md §1.10) with the rule-level checks of §1.13:
 * ports need a port protocol (V9, V10; named ports alone are fine, V11), ICMP fields need an
 * ICMP protocol (V12), ICMP / ICMPv6 and `ipVersion` agree (V13, V14), CIDR families agree with
 * each other and with `ipVersion` (V16, V17), negated catch-all CIDRs (V18), destination
 * services exclude ports (V27), HTTP only on `Allow` rules with TCP (V31, V32) and rule
 * annotations (V46).
 *
 * Paths of rule-level errors point at the field concerned: the port list for V9 / V10
 * (`destination.ports`), the net list for V16 / V17, the net itself for V18, `icmp`, `protocol`
 * or `notProtocol` for V12–V14, `destination` for V27 and `http` for V31 / V32.
 *
 * When some fields of a rule fail to decode, the rule-level checks still run on the fields that
 * do (list items that decode count; a check that reads `action`, `protocol` or `ipVersion` is
 * skipped while that field is invalid), so a user sees every problem at once.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import * as t from 'io-ts'
import { scalar, strict, withChecks } from './codec.js'
import type { Issue } from './kind.js'
import { EntityRule } from './entity-rule.js'
import { HTTPMatch } from './http.js'
import { ICMPFields } from './icmp.js'
import { Cidr, cidrParts } from './net.js'
import { Annotations } from './metadata.js'
import { Port, isNumericPort } from './port.js'
import { Protocol, protocolNumber, supportsPorts } from './protocol.js'
import { pushAll } from '../internal/array.js'

/**
 * What a rule does when it matches: `Allow`, `Deny`, `Log` (log and continue) or `Pass` (skip to
 * the next tier).
 * @example
 * ```ts
 * Action.is('Pass') // true
 * ```
 * @since 0.1.0
 */
export const Action = t.keyof({ Allow: null, Deny: null, Log: null, Pass: null })
/**
 * A rule action.
 * @example
 * ```ts
 * const a: Action = 'Deny'
 * ```
 * @since 0.1.0
 */
export type Action = t.TypeOf<typeof Action>

/**
 * An IP version: `4` or `6`.
 * @example
 * ```ts
 * IPVersion.decode(6) // right(6)
 * ```
 * @since 0.1.0
 */
export const IPVersion = scalar<4 | 6>('IPVersion', (u): u is 4 | 6 => u === 4 || u === 6, (u) => (u === 4 || u === 6 ? { ok: u } : { expected: 'one of 4, 6' }))
/**
 * An IP version.
 * @example
 * ```ts
 * const v: IPVersion = 4
 * ```
 * @since 0.1.0
 */
export type IPVersion = t.TypeOf<typeof IPVersion>

/**
 * Extra information on a rule: `annotations` (qualified-name keys, at most 256 KiB in total);
 * no effect on matching (rendered as comments).
 * @example
 * ```ts
 * RuleMetadata.decode({ annotations: { owner: 'team-a' } })
 * ```
 * @since 0.1.0
 */
export const RuleMetadata = strict('RuleMetadata', {}, { annotations: Annotations })
/**
 * Extra information on a rule.
 * @example
 * ```ts
 * const m: RuleMetadata = { annotations: { owner: 'team-a' } }
 * ```
 * @since 0.1.0
 */
export type RuleMetadata = t.TypeOf<typeof RuleMetadata>

const SINGLE_OR_RANGE_MSG = 'rules with numeric port or port range must set protocol to TCP or UDP or SCTP'
const PORTS_MSG = 'rules that specify ports must set protocol to TCP or UDP or SCTP'

/**
 * The codec of a rule's fields without the rule-level checks ({@link Rule} is this codec plus
 * those checks).
 * @example
 * ```ts
 * RuleFields.is({ action: 'Deny' }) // true
 * ```
 * @since 0.1.0
 */
export const RuleFields = strict(
  'Rule',
  { action: Action },
  {
    ipVersion: IPVersion,
    protocol: Protocol,
    notProtocol: Protocol,
    icmp: ICMPFields,
    notICMP: ICMPFields,
    source: EntityRule,
    destination: EntityRule,
    http: HTTPMatch,
    metadata: RuleMetadata,
  },
)
/**
 * The fields of a rule as decoded, before the rule-level checks ({@link Rule} adds those).
 * @example
 * ```ts
 * const f: RuleFields = { action: 'Allow' }
 * ```
 * @since 0.1.0
 */
export type RuleFields = t.TypeOf<typeof RuleFields>

const SIDES = ['source', 'destination'] as const
const PORT_FIELDS = ['ports', 'notPorts'] as const
const NET_FIELDS = ['nets', 'notNets'] as const

const portIssues = (r: RuleFields): ReadonlyArray<Issue> => {
  const issues: Issue[] = []
  for (const side of SIDES) {
    for (const field of PORT_FIELDS) {
      const ports = r[side]?.[field] ?? []
      if (r.protocol === undefined) {
        if (!ports.every((p) => !isNumericPort(p))) issues.push({ path: [side, field], message: SINGLE_OR_RANGE_MSG })
      } else if (!supportsPorts(r.protocol) && ports.length > 0) issues.push({ path: [side, field], message: PORTS_MSG })
    }
  }
  return issues
}

const icmpIssues = (r: RuleFields): ReadonlyArray<Issue> => {
  const issues: Issue[] = []
  if (r.icmp !== undefined && (r.protocol === undefined || ![1, 58].includes(protocolNumber(r.protocol)))) {
    issues.push({ path: ['icmp'], message: 'ICMP fields require protocol to be ICMP or ICMPv6' })
  }
  for (const field of ['protocol', 'notProtocol'] as const) {
    const p = r[field]
    if (p === undefined || r.ipVersion === undefined) continue
    // Only the name ICMP / number 1 and ICMPv6 / 58 are tied to a family (not UDPLite and co.).
    if ((p === 'ICMP' || p === 1) && r.ipVersion !== 4) issues.push({ path: [field], message: 'protocol ICMP requires ipVersion 4' })
    if ((p === 'ICMPv6' || p === 58) && r.ipVersion !== 6) issues.push({ path: [field], message: 'protocol ICMPv6 requires ipVersion 6' })
  }
  return issues
}

const netIssues = (r: RuleFields): ReadonlyArray<Issue> => {
  const issues: Issue[] = []
  let seenV4 = false
  let seenV6 = false
  for (const side of SIDES) {
    for (const field of NET_FIELDS) {
      const nets = r[side]?.[field] ?? []
      let v4 = false
      let v6 = false
      nets.forEach((n, i) => {
        const parts = cidrParts(n)
        if (parts.family === 4) v4 = true
        else v6 = true
        if (field === 'notNets' && parts.prefix === 0) {
          issues.push({ path: [side, field, i], message: 'catch-all CIDR in negation creates logical contradiction (matches no traffic)' })
        }
      })
      if (r.ipVersion !== undefined && ((v4 && r.ipVersion !== 4) || (v6 && r.ipVersion !== 6))) {
        issues.push({ path: [side, field], message: "rule IP version doesn't match CIDR version" })
      }
      if ((v4 && seenV6) || (v6 && seenV4) || (v4 && v6)) issues.push({ path: [side, field], message: 'rule contains both IPv4 and IPv6 CIDRs' })
      seenV4 = seenV4 || v4
      seenV6 = seenV6 || v6
    }
  }
  return issues
}

const serviceAndHttpIssues = (r: RuleFields): ReadonlyArray<Issue> => {
  const issues: Issue[] = []
  const dst = r.destination
  if (dst?.services !== undefined && ((dst.ports ?? []).length > 0 || (dst.notPorts ?? []).length > 0)) {
    issues.push({ path: ['destination'], message: 'ports and notPorts cannot be specified with services' })
  }
  if (r.http !== undefined) {
    if (r.action !== 'Allow') issues.push({ path: ['http'], message: 'HTTP match is only valid on Allow rules' })
    if (r.protocol !== undefined && r.protocol !== 'TCP' && r.protocol !== 6) issues.push({ path: ['http'], message: 'rules with HTTP match must have protocol TCP or unset' })
  }
  return issues
}


const allIssues = (r: RuleFields): ReadonlyArray<Issue> => [...portIssues(r), ...icmpIssues(r), ...netIssues(r), ...serviceAndHttpIssues(r)]

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** The items of a list that decode on their own (a list that is not a list has none). */
const decodedItems = <A>(codec: t.Decoder<unknown, A>, u: unknown): ReadonlyArray<A> =>
  Array.isArray(u) ? u.flatMap((x) => { const r = codec.decode(x); return r._tag === 'Right' ? [r.right] : [] }) : []

/**
 * The rule-level checks on a rule that did not decode, so that they are reported together with
 * the field errors. Each group of checks runs only when the fields it reads are absent or
 * decode: lists contribute the items that decode; `action`, `protocol` and `ipVersion` must
 * decode (or be absent) for the checks that read them.
 */
const lenientIssues = (u: unknown): ReadonlyArray<Issue> => {
  if (!isObject(u)) return []
  const field = <A>(codec: t.Decoder<unknown, A>, v: unknown): { readonly ok: boolean; readonly value: A | undefined } => {
    if (v === undefined || v === null) return { ok: true, value: undefined }
    const r = codec.decode(v)
    return r._tag === 'Right' ? { ok: true, value: r.right } : { ok: false, value: undefined }
  }
  const action = field(Action, u['action'])
  const ipVersion = field(IPVersion, u['ipVersion'])
  const protocol = field(Protocol, u['protocol'])
  const notProtocol = field(Protocol, u['notProtocol'])
  const side = (v: unknown): EntityRule => {
    if (!isObject(v)) return {}
    const out: Record<string, unknown> = {}
    for (const k of ['nets', 'notNets'] as const) if (v[k] !== undefined) out[k] = decodedItems(Cidr, v[k])
    for (const k of ['ports', 'notPorts'] as const) if (v[k] !== undefined) out[k] = decodedItems(Port, v[k])
    if (v['services'] !== undefined && v['services'] !== null) out['services'] = {}
    return out as EntityRule
  }
  const view: RuleFields = {
    action: action.value ?? 'Allow',
    ...(ipVersion.value === undefined ? {} : { ipVersion: ipVersion.value }),
    ...(protocol.value === undefined ? {} : { protocol: protocol.value }),
    ...(notProtocol.value === undefined ? {} : { notProtocol: notProtocol.value }),
    ...(u['icmp'] === undefined || u['icmp'] === null ? {} : { icmp: {} }),
    ...(u['http'] === undefined || u['http'] === null ? {} : { http: {} }),
    source: side(u['source']),
    destination: side(u['destination']),
  }
  const issues: Issue[] = []
  if (protocol.ok) pushAll(issues, portIssues(view))
  if (protocol.ok && notProtocol.ok && ipVersion.ok) pushAll(issues, icmpIssues(view))
  if (ipVersion.ok) pushAll(issues, netIssues(view))
  if (protocol.ok && action.ok) pushAll(issues, serviceAndHttpIssues(view))
  return issues
}

/**
 * A policy or profile rule: an action plus match criteria (all ANDed). Decoding checks the
 * rule-level constraints of docs/reference.md §1.13 and reports each with the path of the field
 * concerned.
 * @example
 * ```ts
 * Rule.decode({ action: 'Allow', protocol: 'TCP', destination: { ports: [22] } })
 * // right({ action: 'Allow', protocol: 'TCP', destination: { ports: [{ _tag: 'PortRange', min: 22, max: 22 }] } })
 * ```
 * @since 0.1.0
 */
export const Rule: t.Type<RuleFields, unknown, unknown> = (() => {
  const checked = withChecks(RuleFields, allIssues)
  return new t.Type<RuleFields, unknown, unknown>(
    'Rule',
    checked.is,
    (u, c) => {
      const r = RuleFields.validate(u, c)
      if (r._tag === 'Right') return checked.validate(u, c)
      const issues = lenientIssues(u)
      if (issues.length === 0) return r
      const extra = withChecks(t.unknown, () => issues).validate(u, c)
      return t.failures([...r.left, ...(extra._tag === 'Left' ? extra.left : [])])
    },
    RuleFields.encode,
  )
})()
/**
 * A policy or profile rule.
 * @example
 * ```ts
 * const r: Rule = { action: 'Deny', protocol: 'ICMP', icmp: { type: 8 } }
 * ```
 * @since 0.1.0
 */
export type Rule = t.TypeOf<typeof Rule>
