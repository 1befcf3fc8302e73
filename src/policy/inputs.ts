/**
 * The resources the builder reads, and their normalisation into policy inputs, items (IP-set
 * contributors) and local endpoints, following the sync layer's conversions
 * (`libcalico-go/lib/backend/syncersv1/updateprocessors`).
 * @module
 */
import type { GlobalNetworkPolicy } from '../model/global-network-policy.js'
import type { GlobalNetworkSet } from '../model/global-network-set.js'
import type { HostEndpoint } from '../model/host-endpoint.js'
import type { KubernetesNetworkPolicy } from '../model/kubernetes-network-policy.js'
import type { NetworkPolicy } from '../model/network-policy.js'
import type { NetworkSet } from '../model/network-set.js'
import { protocolNumber } from '../model/protocol.js'
import type { Rule as ApiRule } from '../model/rule.js'
import type { StagedGlobalNetworkPolicy } from '../model/staged-global-network-policy.js'
import type { StagedKubernetesNetworkPolicy } from '../model/staged-kubernetes-network-policy.js'
import type { StagedNetworkPolicy } from '../model/staged-network-policy.js'
import type { WorkloadEndpoint } from '../model/workload-endpoint.js'
import { kindOf, type Resource } from '../model/resource.js'
import { parsePrefix, type Prefix } from './address.js'
import type { EndpointPort } from './ip-sets.js'
import { fromKubernetes, fromStagedKubernetes } from './kubernetes.js'
import { networkSetLabels, workloadLabels, type Labels } from './labels.js'
import type { PolicyKey, PolicyKind } from './world.js'

/**
 * The identity of a resource in the builder's store: `<kind>/<namespace>/<name>`.
 * @example
 * ```ts
 * storeKey('GlobalNetworkPolicy', 'allow-ssh') // 'GlobalNetworkPolicy//allow-ssh'
 * ```
 * @since 0.1.0
 */
export const storeKey = (kind: string, name: string, namespace?: string): string => `${kind}/${namespace ?? ''}/${name}`

/**
 * The store key of a resource.
 * @example
 * ```ts
 * resourceKey(tier) // 'Tier//default'
 * ```
 * @since 0.1.0
 */
export const resourceKey = (r: Resource): string => storeKey(kindOf(r), r.metadata.name, (r.metadata as { readonly namespace?: string }).namespace)

/**
 * A policy as the builder needs it, whatever its kind: key, tier, order, selectors (before
 * rewriting), types, flags and API rules.
 * @since 0.1.0
 */
export interface PolicyInput {
  readonly key: PolicyKey
  readonly tier: string
  readonly order: number | undefined
  readonly selector: string
  readonly namespaceSelector: string
  readonly serviceAccountSelector: string
  readonly types: ReadonlyArray<'Ingress' | 'Egress'>
  readonly doNotTrack: boolean
  readonly preDnat: boolean
  readonly applyOnForward: boolean
  readonly ingress: ReadonlyArray<ApiRule>
  readonly egress: ReadonlyArray<ApiRule>
}

const ns = (r: { readonly metadata: { readonly namespace?: string } }): string => r.metadata.namespace ?? 'default'

const key = (kind: PolicyKind, name: string, namespace?: string): PolicyKey => (namespace === undefined ? { kind, name } : { kind, name, namespace })

/**
 * The policy felix receives for a policy resource, or `undefined` (not a policy, or a staged
 * policy with `stagedAction: Delete`, which the sync layer does not send).
 * @example
 * ```ts
 * policyInput(gnp)?.key // { kind: 'GlobalNetworkPolicy', name: 'allow-ssh' }
 * ```
 * @since 0.1.0
 */
export const policyInput = (r: Resource): PolicyInput | undefined => {
  switch (kindOf(r)) {
    case 'GlobalNetworkPolicy':
    case 'StagedGlobalNetworkPolicy': {
      const p = r as GlobalNetworkPolicy | StagedGlobalNetworkPolicy
      const s = p.spec as GlobalNetworkPolicy['spec'] & { readonly stagedAction?: string }
      if (s.stagedAction === 'Delete') return undefined
      return {
        key: key(kindOf(r) as PolicyKind, p.metadata.name),
        tier: s.tier,
        order: s.order,
        selector: s.selector ?? '',
        namespaceSelector: s.namespaceSelector ?? '',
        serviceAccountSelector: s.serviceAccountSelector ?? '',
        types: s.types,
        doNotTrack: s.doNotTrack ?? false,
        preDnat: s.preDNAT ?? false,
        applyOnForward: s.applyOnForward ?? false,
        ingress: s.ingress ?? [],
        egress: s.egress ?? [],
      }
    }
    case 'NetworkPolicy':
    case 'StagedNetworkPolicy': {
      const p = r as NetworkPolicy | StagedNetworkPolicy
      const s = p.spec as NetworkPolicy['spec'] & { readonly stagedAction?: string }
      if (s.stagedAction === 'Delete') return undefined
      return {
        key: key(kindOf(r) as PolicyKind, p.metadata.name, ns(p)),
        tier: s.tier,
        order: s.order,
        selector: s.selector ?? '',
        namespaceSelector: '',
        serviceAccountSelector: s.serviceAccountSelector ?? '',
        types: s.types,
        doNotTrack: false,
        preDnat: false,
        applyOnForward: false,
        ingress: s.ingress ?? [],
        egress: s.egress ?? [],
      }
    }
    case 'KubernetesNetworkPolicy':
    case 'StagedKubernetesNetworkPolicy': {
      const c = kindOf(r) === 'KubernetesNetworkPolicy' ? fromKubernetes(r as KubernetesNetworkPolicy) : fromStagedKubernetes(r as StagedKubernetesNetworkPolicy)
      if (c === undefined) return undefined
      return {
        key: key(c.kind, c.name, c.namespace),
        tier: c.spec.tier,
        order: c.spec.order,
        selector: c.spec.selector,
        namespaceSelector: '',
        serviceAccountSelector: '',
        types: c.spec.types,
        doNotTrack: false,
        preDnat: false,
        applyOnForward: false,
        ingress: c.spec.ingress,
        egress: c.spec.egress,
      }
    }
    default:
      return undefined
  }
}

const prefixes = (texts: ReadonlyArray<string> | undefined): ReadonlyArray<Prefix> =>
  (texts ?? []).map(parsePrefix).filter((p): p is Prefix => p !== undefined)

const ports = (list: ReadonlyArray<{ readonly name?: string; readonly protocol: Parameters<typeof protocolNumber>[0]; readonly port: number }> | undefined): ReadonlyArray<EndpointPort> =>
  (list ?? []).filter((p) => (p.name ?? '') !== '').map((p) => ({ name: p.name as string, protocol: protocolNumber(p.protocol), port: p.port }))

/**
 * What an endpoint or network set contributes before label inheritance: own labels, parent
 * profiles, addresses and named ports. Workload endpoints without IPs are dropped by the sync
 * layer (`undefined`).
 * @since 0.1.0
 */
export interface ItemInput {
  readonly labels: Labels
  readonly parents: ReadonlyArray<string>
  readonly addresses: ReadonlyArray<Prefix>
  readonly ports: ReadonlyArray<EndpointPort>
}

/**
 * The item of a workload endpoint, host endpoint or (global) network set.
 * @example
 * ```ts
 * itemInput(globalNetworkSet) // { labels: {...}, parents: [], addresses: [...], ports: [] }
 * ```
 * @since 0.1.0
 */
export const itemInput = (r: Resource): ItemInput | undefined => {
  switch (kindOf(r)) {
    case 'WorkloadEndpoint': {
      const w = r as WorkloadEndpoint
      const nets = w.spec.ipNetworks ?? []
      if (nets.length === 0) return undefined
      return {
        labels: workloadLabels(w.metadata.labels ?? {}, ns(w), w.spec.orchestrator ?? '', w.spec.serviceAccountName),
        parents: w.spec.profiles ?? [],
        addresses: prefixes(nets),
        ports: ports(w.spec.ports),
      }
    }
    case 'HostEndpoint': {
      const h = r as HostEndpoint
      return { labels: h.metadata.labels ?? {}, parents: h.spec.profiles ?? [], addresses: prefixes(h.spec.expectedIPs), ports: ports(h.spec.ports) }
    }
    case 'NetworkSet': {
      const n = r as NetworkSet
      return { labels: networkSetLabels(n.metadata.labels ?? {}, ns(n)), parents: [`kns.${ns(n)}`], addresses: prefixes(n.spec.nets), ports: [] }
    }
    case 'GlobalNetworkSet': {
      const n = r as GlobalNetworkSet
      return { labels: n.metadata.labels ?? {}, parents: [], addresses: prefixes(n.spec.nets), ports: [] }
    }
    default:
      return undefined
  }
}
