/**
 * Kubernetes NetworkPolicy conversion, as Calico does it (`libcalico-go/lib/backend/k8s/conversion/
 * conversion.go` `K8sNetworkPolicyToCalico`): a Calico NetworkPolicy in tier `default` with order
 * 1000, selector `projectcalico.org/orchestrator == 'k8s'` plus the pod selector, one `Allow` rule
 * per (protocol, peer) with the ports of that protocol merged into ranges, `ipBlock` as
 * nets/notNets.
 * @module
 */
import type { LabelSelector, NetworkPolicyPeer, NetworkPolicyPort } from '../model/kubernetes-network-policy.js'
import type { Cidr } from '../model/net.js'
import type { NamedPort, Port, PortRange } from '../model/port.js'
import type { Protocol } from '../model/protocol.js'
import type { Rule as ApiRule } from '../model/rule.js'

/**
 * The order Calico gives every converted Kubernetes NetworkPolicy.
 * @since 0.1.0
 */
export const KUBERNETES_POLICY_ORDER = 1000

/**
 * What the conversion reads from a Kubernetes NetworkPolicy spec (after Kubernetes defaulting).
 * @since 0.1.0
 */
export interface KubernetesPolicySpec {
  readonly podSelector?: LabelSelector
  readonly policyTypes?: ReadonlyArray<'Ingress' | 'Egress'>
  readonly ingress?: ReadonlyArray<{ readonly ports?: ReadonlyArray<NetworkPolicyPort>; readonly from?: ReadonlyArray<NetworkPolicyPeer> }>
  readonly egress?: ReadonlyArray<{ readonly ports?: ReadonlyArray<NetworkPolicyPort>; readonly to?: ReadonlyArray<NetworkPolicyPeer> }>
}

/**
 * The Calico policy a Kubernetes NetworkPolicy becomes.
 * @since 0.1.0
 */
export interface ConvertedPolicy {
  readonly tier: 'default'
  readonly order: number
  readonly selector: string
  readonly types: ReadonlyArray<'Ingress' | 'Egress'>
  readonly ingress: ReadonlyArray<ApiRule>
  readonly egress: ReadonlyArray<ApiRule>
}

/**
 * Converts a Kubernetes label selector: pod selectors get `projectcalico.org/orchestrator ==
 * 'k8s'` first; `matchLabels` (sorted by key) become `k == 'v'`, `matchExpressions` (in order)
 * `k in { … }`, `k not in { … }`, `has(k)`, `! has(k)`; terms joined by ` && `. An empty
 * namespace selector is `all()`; an absent one is `''`.
 * @example
 * ```ts
 * kubernetesSelector({ matchLabels: { app: 'web' } }, 'pod') // "projectcalico.org/orchestrator == 'k8s' && app == 'web'"
 * kubernetesSelector({}, 'namespace') // 'all()'
 * ```
 * @since 0.1.0
 */
export const kubernetesSelector = (s: LabelSelector | undefined, type: 'pod' | 'namespace'): string => {
  const terms: Array<string> = type === 'pod' ? ["projectcalico.org/orchestrator == 'k8s'"] : []
  if (s === undefined) return terms.join(' && ')
  const labels = s.matchLabels ?? {}
  const exprs = s.matchExpressions ?? []
  if (type === 'namespace' && Object.keys(labels).length === 0 && exprs.length === 0) return 'all()'
  for (const k of Object.keys(labels).sort()) terms.push(`${k} == '${labels[k] ?? ''}'`)
  for (const e of exprs) {
    const values = (e.values ?? []).join("', '")
    if (e.operator === 'In') terms.push(`${e.key} in { '${values}' }`)
    else if (e.operator === 'NotIn') terms.push(`${e.key} not in { '${values}' }`)
    else if (e.operator === 'Exists') terms.push(`has(${e.key})`)
    else if (e.operator === 'DoesNotExist') terms.push(`! has(${e.key})`)
  }
  return terms.join(' && ')
}

const portOf = (p: NetworkPolicyPort): ReadonlyArray<Port> => {
  if (p.port === undefined) return []
  if (typeof p.port === 'string' && !/^[0-9]+$/.test(p.port)) return [{ _tag: 'NamedPort', name: p.port } satisfies NamedPort]
  const min = Number(p.port)
  const max = p.endPort ?? min
  return [{ _tag: 'PortRange', min, max } satisfies PortRange]
}

/**
 * Calico's `SimplifyPorts`: named ports first (in order), then the numeric ports merged into the
 * fewest ranges; lists of at most one numeric port are returned unchanged.
 * @example
 * ```ts
 * simplifyPorts([{ _tag: 'PortRange', min: 81, max: 81 }, { _tag: 'PortRange', min: 80, max: 80 }])
 * // [{ _tag: 'PortRange', min: 80, max: 81 }]
 * ```
 * @since 0.1.0
 */
export const simplifyPorts = (ports: ReadonlyArray<Port>): ReadonlyArray<Port> => {
  if (ports.length <= 1) return ports
  const named: Array<Port> = []
  const numbers: Array<number> = []
  for (const p of ports) {
    if (p._tag === 'NamedPort') named.push(p)
    else for (let i = p.min; i <= p.max; i++) numbers.push(i)
  }
  if (numbers.length <= 1) return ports
  numbers.sort((a, b) => a - b)
  const out = [...named]
  let i = 0
  while (i < numbers.length) {
    const first = numbers[i] as number
    let last = first
    i++
    while (i < numbers.length && (numbers[i] as number) <= last + 1) {
      last = numbers[i] as number
      i++
    }
    out.push({ _tag: 'PortRange', min: first, max: last })
  }
  return out
}

interface PeerFields {
  readonly selector?: string
  readonly namespaceSelector?: string
  readonly nets?: ReadonlyArray<Cidr>
  readonly notNets?: ReadonlyArray<Cidr>
}

const peerFields = (peer: NetworkPolicyPeer | undefined): PeerFields => {
  if (peer === undefined) return {}
  if (peer.ipBlock !== undefined) {
    // ipBlock CIDRs are canonical, masked CIDRs (Calico re-parses and prints them)
    const except = (peer.ipBlock.except ?? []) as ReadonlyArray<string> as ReadonlyArray<Cidr>
    return { nets: [peer.ipBlock.cidr as string as Cidr], ...(except.length === 0 ? {} : { notNets: except }) }
  }
  const selector = kubernetesSelector(peer.podSelector, 'pod')
  const namespaceSelector = kubernetesSelector(peer.namespaceSelector, 'namespace')
  return { ...(selector === '' ? {} : { selector }), ...(namespaceSelector === '' ? {} : { namespaceSelector }) }
}

const convertRule = (
  peers: ReadonlyArray<NetworkPolicyPeer> | undefined,
  ports: ReadonlyArray<NetworkPolicyPort> | undefined,
  ingress: boolean,
): ReadonlyArray<ApiRule> => {
  const peerList: ReadonlyArray<NetworkPolicyPeer | undefined> = peers === undefined || peers.length === 0 ? [undefined] : peers
  const portList: ReadonlyArray<NetworkPolicyPort | undefined> = ports === undefined || ports.length === 0 ? [undefined] : ports
  // protocol name ('' = any) -> ports (undefined = all ports)
  let byProtocol = new Map<string, Array<Port> | undefined>()
  for (const port of portList) {
    if (port === undefined) {
      byProtocol = new Map([['', undefined]])
      break
    }
    const protocol = port.protocol ?? 'TCP'
    const numbers = portOf(port)
    if (numbers.length === 0) byProtocol.set(protocol, undefined)
    else if (!byProtocol.has(protocol)) byProtocol.set(protocol, [...numbers])
    else {
      const existing = byProtocol.get(protocol)
      if (existing !== undefined && existing.length > 0) existing.push(...numbers)
    }
  }
  const rules: Array<ApiRule> = []
  for (const protocol of [...byProtocol.keys()].sort()) {
    const raw = byProtocol.get(protocol)
    const dstPorts = raw === undefined ? undefined : simplifyPorts(raw)
    const proto: Protocol | undefined = protocol === '' ? undefined : (protocol as Protocol)
    for (const peer of peerList) {
      const f = peerFields(peer)
      const portsPart = dstPorts === undefined || dstPorts.length === 0 ? {} : { ports: dstPorts }
      const peerPart = {
        ...(f.selector === undefined ? {} : { selector: f.selector }),
        ...(f.namespaceSelector === undefined ? {} : { namespaceSelector: f.namespaceSelector }),
        ...(f.nets === undefined ? {} : { nets: f.nets }),
        ...(f.notNets === undefined ? {} : { notNets: f.notNets }),
      }
      const rule: ApiRule = ingress
        ? { action: 'Allow', ...(proto === undefined ? {} : { protocol: proto }), ...(Object.keys(peerPart).length === 0 ? {} : { source: peerPart }), ...(Object.keys(portsPart).length === 0 ? {} : { destination: portsPart }) }
        : { action: 'Allow', ...(proto === undefined ? {} : { protocol: proto }), ...(Object.keys(peerPart).length + Object.keys(portsPart).length === 0 ? {} : { destination: { ...portsPart, ...peerPart } }) }
      rules.push(rule)
    }
  }
  return rules
}

/**
 * Converts a Kubernetes NetworkPolicy spec into the Calico policy felix receives (kind
 * `KubernetesNetworkPolicy`, same name and namespace).
 * @example
 * ```ts
 * convertKubernetesPolicy({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }] })
 * // { tier: 'default', order: 1000, selector: "projectcalico.org/orchestrator == 'k8s'", types: ['Ingress'],
 * //   ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [{ _tag: 'PortRange', min: 80, max: 80 }] } }], egress: [] }
 * ```
 * @since 0.1.0
 */
export const convertKubernetesPolicy = (spec: KubernetesPolicySpec): ConvertedPolicy => {
  const ingress = (spec.ingress ?? []).flatMap((r) => convertRule(r.from, r.ports, true))
  const egress = (spec.egress ?? []).flatMap((r) => convertRule(r.to, r.ports, false))
  const pt = spec.policyTypes ?? []
  const types: Array<'Ingress' | 'Egress'> = []
  if (pt.includes('Ingress')) types.push('Ingress')
  if (pt.includes('Egress')) types.push('Egress')
  if (types.length === 0) types.push('Ingress')
  return { tier: 'default', order: KUBERNETES_POLICY_ORDER, selector: kubernetesSelector(spec.podSelector, 'pod'), types, ingress, egress }
}
