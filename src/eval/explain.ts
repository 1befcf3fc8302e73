/**
 * Readable text for a {@link Decision}: the verdict, then one numbered line per stage with the
 * tiers, policies and rules consulted underneath.
 * @module
 */
import { absurd } from '../internal/fp.js'
import { formatHit, type Decision, type EndpointInfo, type PolicyTrace, type RuleTrace, type Step, type TierTrace } from './trace.js'

const endpointText = (e: EndpointInfo): string => {
  const name = e.namespace === undefined ? e.name : `${e.namespace}/${e.name}`
  return `${e.kind} ${name}${e.wildcard === true ? ' (wildcard)' : ''} on ${e.interface}`
}

const rulesText = (rules: ReadonlyArray<RuleTrace>): string =>
  rules.length === 0 ? 'no rules for this family' : rules.map((r) => `#${r.index} ${r.action}${r.matched ? ' (match)' : ''}`).join(', ')

const policyLine = (p: PolicyTrace): string => {
  const name = p.namespace === undefined ? p.name : `${p.namespace}/${p.name}`
  const result = p.staged ? `would ${p.result === 'NoMatch' ? 'not match' : p.result}` : p.result === 'NoMatch' ? 'no match' : p.result
  return `${p.kind} ${name} [index ${p.policyIndex}]${p.staged ? ' (staged, not enforced)' : ''}: ${rulesText(p.rules)} -> ${result}`
}

const tierLines = (t: TierTrace): ReadonlyArray<string> => {
  const end =
    t.trigger === 'rule' ? `${t.action} by rule` : t.trigger === 'staged-only' ? 'only staged policies, tier skipped' : `end of tier: ${t.action}`
  return [`tier ${t.tier} (default action ${t.defaultAction}): ${end}`, ...t.policies.map((p) => `  ${policyLine(p)}`)]
}

const stepLines = (s: Step): ReadonlyArray<string> => {
  switch (s.stage) {
    case 'conntrack':
      return [`conntrack (${s.chain} ${s.direction}, ${endpointText(s.endpoint)}): ${s.state} -> ${s.result}`]
    case 'failsafe': {
      const e = s.entry
      return [
        `failsafe (${s.table} table, ${s.chain} ${s.direction}, ${endpointText(s.endpoint)}): ${s.entry.list} ${e.protocol}:${e.net === undefined ? '' : `${e.net}:`}${e.port} on ${s.matchedOn} -> Allow`,
      ]
    }
    case 'untracked':
    case 'preDnat':
    case 'forwardIngress':
    case 'forwardEgress':
    case 'normal':
    case 'workload': {
      const note =
        s.note === 'no-forward-policy' ? ' (no apply-on-forward policy: forwarded traffic allowed)' : s.note === 'forward-fallthrough' ? ' (forward tiers ended without a verdict)' : ''
      const head = `${s.stage} ${s.direction} (${endpointText(s.endpoint)}): ${s.result === 'None' ? 'no decision' : s.result}${note}`
      const lines = [head]
      if (s.tiers.length === 0 && s.note === undefined) lines.push('  no policies')
      for (const t of s.tiers) for (const l of tierLines(t)) lines.push(`  ${l}`)
      if (s.enforced.length > 0) lines.push(`  enforced: ${s.enforced.map(formatHit).join(', ')}`)
      const samePending = s.pending.length === s.enforced.length && s.pending.every((h, i) => formatHit(h) === formatHit(s.enforced[i] as typeof h))
      if (!samePending) lines.push(`  pending: ${s.pending.length === 0 ? 'none' : s.pending.map(formatHit).join(', ')}`)
      return lines
    }
    case 'profiles':
      return [
        `profiles ${s.direction} (${endpointText(s.endpoint)}): ${s.result}${s.hit.trigger === 'no-profile-match' ? ' (no profile matched)' : ''}`,
        ...s.profiles.map((p) => `  profile ${p.name}${p.missing ? ' (missing: deny all)' : ''}: ${rulesText(p.rules)} -> ${p.result === 'NoMatch' ? 'no match' : p.result}`),
        `  hit: ${formatHit(s.hit)}`,
      ]
    case 'workloadEncap':
      return [`workload encapsulation (${endpointText(s.endpoint)}): ${s.encap === 'vxlan' ? 'VXLAN' : 'IP-in-IP'} from a workload -> Deny`]
    case 'workloadToHostIcmpv6':
      return [`ICMPv6 type ${s.icmpType} from a workload to the host -> Allow`]
    case 'defaultEndpointToHostAction':
      return [`DefaultEndpointToHostAction ${s.action} -> ${s.result === 'None' ? 'no verdict (host rules decide)' : s.result}`]
    case 'hostToWorkload':
      return [`host to local workload on ${s.interface}: not policed by Calico -> no verdict`]
    case 'unknownWorkload':
      return [`workload interface ${s.interface} has no workload endpoint -> Deny`]
    case 'noHostEndpoint':
      return [`no host endpoint covers ${s.interface} (${s.direction}): not policed by Calico -> no verdict`]
    default:
      return absurd(s)
  }
}

/**
 * Renders a decision as readable text.
 * @example
 * ```ts
 * pipe(Eval.evaluate(world)(packet), E.map(Eval.explain))
 * // right('Deny (ToHost)\n1. normal ingress (HostEndpoint h on eth0): Deny\n  tier default ...')
 * ```
 * Anything that is not a decision (from JavaScript) gives the text `not a decision`.
 * @since 0.1.0
 */
export const explain = (d: Decision): string => {
  if (typeof d !== 'object' || d === null || typeof d.verdict !== 'string' || typeof d.trafficType !== 'string' || !Array.isArray(d.trace))
    return 'not a decision'
  const verdict = d.verdict === 'NoVerdict' ? 'No verdict (the host decides)' : d.verdict
  const lines = [`${verdict} (${d.trafficType})`]
  // Decisions from Eval.evaluate always render; only a hand-made trace with malformed steps can
  // make a step's rendering fail, and that object is then not a decision either.
  try {
    d.trace.forEach((s, i) => {
      const [first, ...rest] = stepLines(s)
      lines.push(`${i + 1}. ${first ?? ''}`)
      for (const l of rest) lines.push(`   ${l}`)
    })
  } catch {
    return 'not a decision'
  }
  return lines.join('\n')
}
