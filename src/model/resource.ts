/**
 * Every resource kind calico-policy reads, as one union, and the decoder that picks the kind
 * from a document's `apiVersion` and `kind`.
 * @module
 */
import type { CalicoError } from '../errors.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeFelixConfiguration, type FelixConfiguration } from './felix-configuration.js'
import { decodeGlobalNetworkPolicy, type GlobalNetworkPolicy } from './global-network-policy.js'
import { decodeGlobalNetworkSet, type GlobalNetworkSet } from './global-network-set.js'
import { decodeHostEndpoint, type HostEndpoint } from './host-endpoint.js'
import { decodeKubernetesNetworkPolicy, type KubernetesNetworkPolicy } from './kubernetes-network-policy.js'
import { decodeNamespace, type Namespace } from './namespace.js'
import { decodeNetworkPolicy, type NetworkPolicy } from './network-policy.js'
import { decodeNetworkSet, type NetworkSet } from './network-set.js'
import { decodeProfile, type Profile } from './profile.js'
import { decodeServiceAccount, type ServiceAccount } from './service-account.js'
import { decodeStagedGlobalNetworkPolicy, type StagedGlobalNetworkPolicy } from './staged-global-network-policy.js'
import { decodeStagedKubernetesNetworkPolicy, type StagedKubernetesNetworkPolicy } from './staged-kubernetes-network-policy.js'
import { decodeStagedNetworkPolicy, type StagedNetworkPolicy } from './staged-network-policy.js'
import { decodeTier, type Tier } from './tier.js'
import { decodeWorkloadEndpoint, type WorkloadEndpoint } from './workload-endpoint.js'

/**
 * Any resource calico-policy reads, discriminated by `kind`. Two kinds share the name
 * `NetworkPolicy`: Calico's (`apiVersion: projectcalico.org/v3`) and Kubernetes'
 * (`apiVersion: networking.k8s.io/v1`); narrow on `apiVersion` too, or use {@link kindOf}, which
 * calls the latter `KubernetesNetworkPolicy`.
 * @example
 * ```ts
 * const names = (rs: ReadonlyArray<Resource>) => rs.filter((r) => r.kind === 'Tier').map((r) => r.metadata.name)
 * ```
 * @since 0.1.0
 */
export type Resource =
  | GlobalNetworkPolicy
  | NetworkPolicy
  | StagedGlobalNetworkPolicy
  | StagedNetworkPolicy
  | StagedKubernetesNetworkPolicy
  | KubernetesNetworkPolicy
  | Tier
  | HostEndpoint
  | WorkloadEndpoint
  | Profile
  | GlobalNetworkSet
  | NetworkSet
  | FelixConfiguration
  | Namespace
  | ServiceAccount

/**
 * A unique name for each kind of {@link Resource} (`KubernetesNetworkPolicy` for Kubernetes'
 * `NetworkPolicy`).
 * @since 0.1.0
 */
export type ResourceKind =
  | 'GlobalNetworkPolicy'
  | 'NetworkPolicy'
  | 'StagedGlobalNetworkPolicy'
  | 'StagedNetworkPolicy'
  | 'StagedKubernetesNetworkPolicy'
  | 'KubernetesNetworkPolicy'
  | 'Tier'
  | 'HostEndpoint'
  | 'WorkloadEndpoint'
  | 'Profile'
  | 'GlobalNetworkSet'
  | 'NetworkSet'
  | 'FelixConfiguration'
  | 'Namespace'
  | 'ServiceAccount'

/**
 * The resource type of a {@link ResourceKind}.
 * @since 0.1.0
 */
export type ResourceOf<K extends ResourceKind> = {
  readonly GlobalNetworkPolicy: GlobalNetworkPolicy
  readonly NetworkPolicy: NetworkPolicy
  readonly StagedGlobalNetworkPolicy: StagedGlobalNetworkPolicy
  readonly StagedNetworkPolicy: StagedNetworkPolicy
  readonly StagedKubernetesNetworkPolicy: StagedKubernetesNetworkPolicy
  readonly KubernetesNetworkPolicy: KubernetesNetworkPolicy
  readonly Tier: Tier
  readonly HostEndpoint: HostEndpoint
  readonly WorkloadEndpoint: WorkloadEndpoint
  readonly Profile: Profile
  readonly GlobalNetworkSet: GlobalNetworkSet
  readonly NetworkSet: NetworkSet
  readonly FelixConfiguration: FelixConfiguration
  readonly Namespace: Namespace
  readonly ServiceAccount: ServiceAccount
}[K]

/**
 * The unique kind name of a resource.
 * @example
 * ```ts
 * kindOf({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', ... }) // 'KubernetesNetworkPolicy'
 * ```
 * @since 0.1.0
 */
export const kindOf = (r: Resource): ResourceKind =>
  r.kind === 'NetworkPolicy' && r.apiVersion === 'networking.k8s.io/v1' ? 'KubernetesNetworkPolicy' : (r.kind as ResourceKind)

/**
 * A type guard for one kind (by its unique name, see {@link kindOf}).
 * @example
 * ```ts
 * const tiers = resources.filter(isKind('Tier')) // ReadonlyArray<Tier>
 * ```
 * @since 0.1.0
 */
export const isKind =
  <K extends ResourceKind>(kind: K) =>
  (r: Resource): r is ResourceOf<K> =>
    kindOf(r) === kind

type Decoder = (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, Resource>

interface KindInfo {
  readonly apiVersion: string
  readonly kind: string
  readonly name: ResourceKind
  readonly namespaced: boolean
  readonly decode: Decoder
}

const V3 = 'projectcalico.org/v3'

const KINDS: ReadonlyArray<KindInfo> = [
  { apiVersion: V3, kind: 'GlobalNetworkPolicy', name: 'GlobalNetworkPolicy', namespaced: false, decode: decodeGlobalNetworkPolicy },
  { apiVersion: V3, kind: 'NetworkPolicy', name: 'NetworkPolicy', namespaced: true, decode: decodeNetworkPolicy },
  { apiVersion: V3, kind: 'StagedGlobalNetworkPolicy', name: 'StagedGlobalNetworkPolicy', namespaced: false, decode: decodeStagedGlobalNetworkPolicy },
  { apiVersion: V3, kind: 'StagedNetworkPolicy', name: 'StagedNetworkPolicy', namespaced: true, decode: decodeStagedNetworkPolicy },
  {
    apiVersion: V3,
    kind: 'StagedKubernetesNetworkPolicy',
    name: 'StagedKubernetesNetworkPolicy',
    namespaced: true,
    decode: decodeStagedKubernetesNetworkPolicy,
  },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'KubernetesNetworkPolicy', namespaced: true, decode: decodeKubernetesNetworkPolicy },
  { apiVersion: V3, kind: 'Tier', name: 'Tier', namespaced: false, decode: decodeTier },
  { apiVersion: V3, kind: 'HostEndpoint', name: 'HostEndpoint', namespaced: false, decode: decodeHostEndpoint },
  { apiVersion: V3, kind: 'WorkloadEndpoint', name: 'WorkloadEndpoint', namespaced: true, decode: decodeWorkloadEndpoint },
  { apiVersion: V3, kind: 'Profile', name: 'Profile', namespaced: false, decode: decodeProfile },
  { apiVersion: V3, kind: 'GlobalNetworkSet', name: 'GlobalNetworkSet', namespaced: false, decode: decodeGlobalNetworkSet },
  { apiVersion: V3, kind: 'NetworkSet', name: 'NetworkSet', namespaced: true, decode: decodeNetworkSet },
  { apiVersion: V3, kind: 'FelixConfiguration', name: 'FelixConfiguration', namespaced: false, decode: decodeFelixConfiguration },
  { apiVersion: 'v1', kind: 'Namespace', name: 'Namespace', namespaced: false, decode: decodeNamespace },
  { apiVersion: 'v1', kind: 'ServiceAccount', name: 'ServiceAccount', namespaced: true, decode: decodeServiceAccount },
]

/**
 * The `apiVersion`/`kind` pairs {@link decodeResource} and `load` accept.
 * @example
 * ```ts
 * supportedKinds.find((k) => k.kind === 'Tier') // { apiVersion: 'projectcalico.org/v3', kind: 'Tier' }
 * ```
 * @since 0.1.0
 */
export const supportedKinds: ReadonlyArray<{ readonly apiVersion: string; readonly kind: string }> = KINDS.map(({ apiVersion, kind }) => ({
  apiVersion,
  kind,
}))

/**
 * Calico kinds that exist but that calico-policy does not model (they do not change which packets
 * policy allows); reported as unsupported rather than unknown.
 */
const OTHER_CALICO_KINDS: ReadonlySet<string> = new Set([
  'BGPConfiguration',
  'BGPFilter',
  'BGPPeer',
  'BlockAffinity',
  'CalicoNodeStatus',
  'ClusterInformation',
  'IPAMBlock',
  'IPAMConfiguration',
  'IPAMHandle',
  'IPPool',
  'IPReservation',
  'KubeControllersConfiguration',
  'Node',
  'QoSPolicy',
])

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/**
 * Looks up a kind by `apiVersion` and `kind`.
 * @internal
 */
export const kindInfo = (apiVersion: string, kind: string): KindInfo | undefined =>
  KINDS.find((k) => k.apiVersion === apiVersion && k.kind === kind)

/**
 * Explains why an `apiVersion`/`kind` pair is not accepted.
 * @internal
 */
export const unsupportedKind = (apiVersion: unknown, kind: unknown): CalicoError => {
  if (typeof kind !== 'string') return { _tag: 'Decode', path: ['kind'], expected: 'a string', actual: kind }
  if (typeof apiVersion !== 'string') return { _tag: 'Decode', path: ['apiVersion'], expected: 'a string', actual: apiVersion }
  const versions = KINDS.filter((k) => k.kind === kind).map((k) => JSON.stringify(k.apiVersion))
  if (versions.length > 0) {
    const storage = apiVersion === 'crd.projectcalico.org/v1' ? '; crd.projectcalico.org/v1 is the internal storage format, use calicoctl or the projectcalico.org/v3 API' : ''
    return {
      _tag: 'Invalid',
      path: ['apiVersion'],
      message: `apiVersion ${JSON.stringify(apiVersion)} is not supported for kind ${kind} (expected ${versions.join(' or ')}${storage})`,
    }
  }
  if (OTHER_CALICO_KINDS.has(kind)) return { _tag: 'Invalid', path: ['kind'], message: `kind ${kind} is not supported by calico-policy (it does not affect policy)` }
  return { _tag: 'Invalid', path: ['kind'], message: `unknown kind ${JSON.stringify(kind)} (apiVersion ${JSON.stringify(apiVersion)})` }
}

/**
 * Decodes any supported resource, choosing the kind from `apiVersion` and `kind`; an unknown
 * pair is an error at `apiVersion` or `kind` that says what is accepted.
 * @example
 * ```ts
 * decodeResource({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 100 } })
 * // right({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 100, defaultAction: 'Deny' } })
 * decodeResource({ apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'p' } })
 * // left([{ _tag: 'Invalid', path: ['kind'], message: 'kind IPPool is not supported by calico-policy (it does not affect policy)' }])
 * ```
 * @since 0.1.0
 */
export const decodeResource = (u: unknown): Either<ReadonlyNonEmptyArray<CalicoError>, Resource> => {
  if (!isRecord(u)) return E.left([{ _tag: 'Decode', path: [], expected: 'a resource (an object with apiVersion, kind and metadata)', actual: u }])
  const apiVersion = u['apiVersion']
  const kind = u['kind']
  const info = typeof apiVersion === 'string' && typeof kind === 'string' ? kindInfo(apiVersion, kind) : undefined
  return info === undefined ? E.left([unsupportedKind(apiVersion, kind)]) : info.decode(u)
}

/**
 * The tiers that always exist (Calico creates them and blocks their deletion).
 * @since 0.1.0
 */
export const BUILTIN_TIER_NAMES: ReadonlyArray<string> = ['default', 'kube-admin', 'kube-baseline']

/**
 * Checks that every policy's tier exists among `resources` (V42: Calico refuses to create a
 * policy in a tier that does not exist); the built-in tiers always exist. Returns an
 * `UnknownTier` error at `spec.tier` for each offending policy, with the policy as origin. Use it
 * on a complete snapshot: a policy loaded without its tier is otherwise placed after every
 * existing tier with a `Deny` end-of-tier action (docs/reference.md §2.9).
 * @example
 * ```ts
 * tierErrors(resources).map(formatError)
 * // ['GlobalNetworkPolicy security.allow-ssh: spec.tier: tier "security" does not exist']
 * ```
 * @since 0.1.0
 */
export const tierErrors = (resources: ReadonlyArray<Resource>): ReadonlyArray<CalicoError> => {
  const tiers = new Set([...BUILTIN_TIER_NAMES, ...resources.filter(isKind('Tier')).map((t) => t.metadata.name)])
  return resources.flatMap((r): ReadonlyArray<CalicoError> => {
    const spec: unknown = 'spec' in r ? r.spec : undefined
    const tier = typeof spec === 'object' && spec !== null && 'tier' in spec && typeof spec.tier === 'string' ? spec.tier : undefined
    if (tier === undefined || tiers.has(tier)) return []
    const { name, namespace } = r.metadata
    return [{ _tag: 'UnknownTier', path: ['spec', 'tier'], tier, origin: { kind: r.kind, name, ...(namespace === undefined ? {} : { namespace }) } }]
  })
}
