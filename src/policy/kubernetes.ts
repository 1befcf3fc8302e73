/**
 * Kubernetes NetworkPolicy → Calico policy, the way Calico's Kubernetes datastore converts it
 * before felix sees it (docs/reference.md §1.5). The facts, from Calico's conversion code:
 *
 * - The result is a namespaced policy of kind `KubernetesNetworkPolicy` (or
 *   `StagedKubernetesNetworkPolicy`) with the Kubernetes policy's own name, in tier `default`,
 *   at order 1000.
 * - Its selector is `projectcalico.org/orchestrator == 'k8s'` ANDed with the pod selector's terms:
 *   `matchLabels` first (keys sorted), then each `matchExpressions` entry (`k in { 'a', 'b' }`,
 *   `k not in { … }`, `has(k)`, `! has(k)`). Pod selectors in peers are converted the same way; a
 *   namespace selector gets no orchestrator term, and an empty one (`{}`) becomes `all()`.
 * - `types` are the policy types (`Ingress` first); none at all means `[Ingress]`.
 * - Each Kubernetes rule becomes one Calico `Allow` rule per (protocol, peer) pair: ports are
 *   grouped by protocol (a port entry without `port` means every port of that protocol; no ports
 *   at all means any protocol and port), protocols are sorted by name, numeric ports are merged
 *   into ranges, and peers keep their order. An `ipBlock` peer becomes `nets: [cidr]` and
 *   `notNets: except`; other peers become `selector` plus `namespaceSelector`.
 * @module
 */
import type { Cidr } from '../model/net.js'
import type { KubernetesNetworkPolicy, LabelSelector, NetworkPolicyPeer, NetworkPolicyPort } from '../model/kubernetes-network-policy.js'
import type { PolicyType, StagedAction } from '../model/policy-spec.js'
import type { Port, PortRange } from '../model/port.js'
import type { EntityRule } from '../model/entity-rule.js'
import type { Rule } from '../model/rule.js'
import type { StagedKubernetesNetworkPolicy } from '../model/staged-kubernetes-network-policy.js'
import { cmpStr } from './order.js'

/**
 * The order Calico gives every converted Kubernetes policy.
 * @example
 * ```ts
 * KUBERNETES_POLICY_ORDER // 1000
 * ```
 * @since 0.1.0
 */
export const KUBERNETES_POLICY_ORDER = 1000

const ORCHESTRATOR_TERM = "projectcalico.org/orchestrator == 'k8s'"

/**
 * A Kubernetes policy converted into Calico's terms: a namespaced policy in tier `default` at
 * order 1000, with Calico rules.
 * @example
 * ```ts
 * const p: ConvertedKubernetesPolicy = {
 *   kind: 'KubernetesNetworkPolicy', name: 'web', namespace: 'shop',
 *   spec: { tier: 'default', order: 1000, selector: "projectcalico.org/orchestrator == 'k8s'",
 *           types: ['Ingress'], ingress: [], egress: [] },
 * }
 * ```
 * @since 0.1.0
 */
export interface ConvertedKubernetesPolicy {
  readonly kind: 'KubernetesNetworkPolicy' | 'StagedKubernetesNetworkPolicy'
  readonly name: string
  readonly namespace: string
  /** Only for `StagedKubernetesNetworkPolicy`. */
  readonly stagedAction?: StagedAction
  readonly spec: {
    readonly tier: 'default'
    readonly order: number
    readonly selector: string
    readonly types: ReadonlyArray<PolicyType>
    readonly ingress: ReadonlyArray<Rule>
    readonly egress: ReadonlyArray<Rule>
  }
}

/**
 * Converts a Kubernetes label selector into Calico selector text, as Calico does. `pod`
 * selectors always start with the orchestrator term; a missing namespace selector is `''` (no
 * constraint) and an empty one `all()`.
 * @example
 * ```ts
 * labelSelectorToCalico('pod')({ matchLabels: { app: 'db' } })
 * // "projectcalico.org/orchestrator == 'k8s' && app == 'db'"
 * labelSelectorToCalico('namespace')({}) // 'all()'
 * ```
 * @since 0.1.0
 */
export const labelSelectorToCalico =
  (type: 'pod' | 'namespace') =>
  (s: LabelSelector | undefined): string => {
    const terms: string[] = type === 'pod' ? [ORCHESTRATOR_TERM] : []
    if (s === undefined) return terms.join(' && ')
    const labels = s.matchLabels ?? {}
    const expressions = s.matchExpressions ?? []
    if (type === 'namespace' && Object.keys(labels).length === 0 && expressions.length === 0) return 'all()'
    for (const k of Object.keys(labels).sort(cmpStr)) terms.push(`${k} == '${labels[k] ?? ''}'`)
    for (const e of expressions) {
      const values = (e.values ?? []).join("', '")
      switch (e.operator) {
        case 'In':
          terms.push(`${e.key} in { '${values}' }`)
          break
        case 'NotIn':
          terms.push(`${e.key} not in { '${values}' }`)
          break
        case 'Exists':
          terms.push(`has(${e.key})`)
          break
        case 'DoesNotExist':
          terms.push(`! has(${e.key})`)
          break
        default:
          // Validation only lets the four operators through; Calico skips anything else.
          break
      }
    }
    return terms.join(' && ')
  }


const portOf = (p: NetworkPolicyPort): Port | undefined => {
  if (p.port === undefined) return undefined
  if (typeof p.port === 'string') {
    // A numeric string is a number for Calico's port parser.
    if (/^\d+$/.test(p.port)) {
      const n = Number(p.port)
      return { _tag: 'PortRange', min: n, max: p.endPort ?? n }
    }
    return { _tag: 'NamedPort', name: p.port }
  }
  return { _tag: 'PortRange', min: p.port, max: p.endPort ?? p.port }
}

/**
 * Calico's port simplification: named ports pass through in order, numeric ports are merged
 * into the fewest ranges (sorted); lists with at most one numeric port are returned unchanged.
 * @example
 * ```ts
 * simplifyPorts([{ _tag: 'PortRange', min: 81, max: 81 }, { _tag: 'PortRange', min: 80, max: 80 }])
 * // [{ _tag: 'PortRange', min: 80, max: 81 }]
 * ```
 * @since 0.1.0
 */
export const simplifyPorts = (ports: ReadonlyArray<Port>): ReadonlyArray<Port> => {
  if (ports.length <= 1) return ports
  const named: Port[] = []
  const numbers: number[] = []
  for (const p of ports) {
    if (p._tag === 'NamedPort') named.push(p)
    else for (let i = p.min; i <= p.max; i++) numbers.push(i)
  }
  if (numbers.length <= 1) return ports
  numbers.sort((a, b) => a - b)
  const ranges: PortRange[] = []
  let i = 0
  while (i < numbers.length) {
    const first = numbers[i] as number
    let last = first
    i++
    while (i < numbers.length && (numbers[i] as number) <= last + 1) {
      last = numbers[i] as number
      i++
    }
    ranges.push({ _tag: 'PortRange', min: first, max: last })
  }
  return [...named, ...ranges]
}

type PeerFields = Pick<EntityRule, 'selector' | 'namespaceSelector' | 'nets' | 'notNets'>

const peerFields = (peer: NetworkPolicyPeer | undefined): PeerFields => {
  if (peer === undefined) return {}
  if (peer.ipBlock !== undefined) {
    // IP blocks are canonical, host bits masked, exactly as Calico's conversion prints them.
    const nets = [peer.ipBlock.cidr as string as Cidr]
    const except = (peer.ipBlock.except ?? []).map((c) => c as string as Cidr)
    return except.length > 0 ? { nets, notNets: except } : { nets }
  }
  const selector = labelSelectorToCalico('pod')(peer.podSelector)
  const namespaceSelector = labelSelectorToCalico('namespace')(peer.namespaceSelector)
  return { selector, ...(namespaceSelector === '' ? {} : { namespaceSelector }) }
}

const convertRule = (
  peers: ReadonlyArray<NetworkPolicyPeer> | undefined,
  ports: ReadonlyArray<NetworkPolicyPort> | undefined,
  ingress: boolean,
): ReadonlyArray<Rule> => {
  // Protocol → ports; `undefined` ports = every port of that protocol. The key '' = any protocol.
  const byProtocol = new Map<string, Port[] | undefined>()
  if (ports === undefined || ports.length === 0) byProtocol.set('', undefined)
  else {
    for (const p of ports) {
      const protocol = p.protocol ?? 'TCP'
      const port = portOf(p)
      if (port === undefined) byProtocol.set(protocol, undefined)
      else if (!byProtocol.has(protocol)) byProtocol.set(protocol, [port])
      else byProtocol.get(protocol)?.push(port)
    }
  }
  const peerList: ReadonlyArray<NetworkPolicyPeer | undefined> = peers === undefined || peers.length === 0 ? [undefined] : peers
  const rules: Rule[] = []
  for (const protocol of [...byProtocol.keys()].sort(cmpStr)) {
    const list = byProtocol.get(protocol)
    const dstPorts = list === undefined ? undefined : simplifyPorts(list)
    for (const peer of peerList) {
      const fields = peerFields(peer)
      const portFields = dstPorts === undefined ? {} : { ports: dstPorts }
      const base = { action: 'Allow' as const, ...(protocol === '' ? {} : { protocol: protocol as 'TCP' | 'UDP' | 'SCTP' }) }
      const source: EntityRule = ingress ? fields : {}
      const destination: EntityRule = ingress ? portFields : { ...portFields, ...fields }
      rules.push({
        ...base,
        ...(Object.keys(source).length > 0 ? { source } : {}),
        ...(Object.keys(destination).length > 0 ? { destination } : {}),
      })
    }
  }
  return rules
}

const convertSpec = (spec: KubernetesNetworkPolicy['spec']): ConvertedKubernetesPolicy['spec'] => {
  const ingress = (spec.ingress ?? []).flatMap((r) => convertRule(r.from, r.ports, true))
  const egress = (spec.egress ?? []).flatMap((r) => convertRule(r.to, r.ports, false))
  const declared = spec.policyTypes ?? []
  const types: PolicyType[] = []
  if (declared.includes('Ingress')) types.push('Ingress')
  if (declared.includes('Egress')) types.push('Egress')
  return {
    tier: 'default',
    order: KUBERNETES_POLICY_ORDER,
    selector: labelSelectorToCalico('pod')(spec.podSelector),
    types: types.length === 0 ? ['Ingress'] : types,
    ingress,
    egress,
  }
}

/**
 * Converts a Kubernetes NetworkPolicy into the Calico policy felix enforces.
 * @example
 * ```ts
 * fromKubernetes({
 *   apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
 *   metadata: { name: 'db', namespace: 'shop' },
 *   spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'],
 *           ingress: [{ ports: [{ protocol: 'TCP', port: 5432 }] }] },
 * }).spec.ingress
 * // [{ action: 'Allow', protocol: 'TCP', destination: { ports: [{ _tag: 'PortRange', min: 5432, max: 5432 }] } }]
 * ```
 * @since 0.1.0
 */
export const fromKubernetes = (p: KubernetesNetworkPolicy): ConvertedKubernetesPolicy => ({
  kind: 'KubernetesNetworkPolicy',
  name: p.metadata.name,
  namespace: p.metadata.namespace ?? 'default',
  spec: convertSpec(p.spec),
})

/**
 * Converts a StagedKubernetesNetworkPolicy the same way, keeping its `stagedAction`. A staged
 * `Delete` is never sent to felix: the result is `undefined`.
 * @example
 * ```ts
 * fromStagedKubernetes({
 *   apiVersion: 'projectcalico.org/v3', kind: 'StagedKubernetesNetworkPolicy',
 *   metadata: { name: 'db', namespace: 'shop' },
 *   spec: { stagedAction: 'Delete', podSelector: {}, policyTypes: [] },
 * }) // undefined
 * ```
 * @since 0.1.0
 */
export const fromStagedKubernetes = (p: StagedKubernetesNetworkPolicy): ConvertedKubernetesPolicy | undefined => {
  const { stagedAction, ...spec } = p.spec
  if (stagedAction === 'Delete') return undefined
  return {
    kind: 'StagedKubernetesNetworkPolicy',
    name: p.metadata.name,
    namespace: p.metadata.namespace ?? 'default',
    stagedAction: stagedAction ?? 'Set',
    spec: convertSpec(spec as KubernetesNetworkPolicy['spec']),
  }
}
