/**
 * StagedKubernetesNetworkPolicy (projectcalico.org/v3, namespaced; docs/reference.md §1.6): a "what
 * if" Kubernetes NetworkPolicy that is never enforced.
 * @module
 */
import type * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith, strict, withChecks } from './codec.js'
import { resourceKind } from './kind.js'
import { defaultKubernetesSpec, kubernetesSpecFields, type KubernetesPolicyType, type LabelSelector } from './kubernetes-network-policy.js'
import { objectMeta } from './metadata.js'
import { StagedAction, isZero } from './policy-spec.js'

/**
 * The spec of a StagedKubernetesNetworkPolicy as written: a Kubernetes NetworkPolicy spec plus
 * `stagedAction`. With `Delete`, every other field must be empty
 * (`Spec fields should all be zero-value if stagedAction is Delete`, V38).
 * @example
 * ```ts
 * StagedKubernetesNetworkPolicySpec.decode({ stagedAction: 'Delete' })
 * ```
 * @since 0.1.0
 */
export const StagedKubernetesNetworkPolicySpec = withChecks(
  strict('StagedKubernetesNetworkPolicySpec', {}, { stagedAction: StagedAction, ...kubernetesSpecFields }),
  (s) =>
    s.stagedAction === 'Delete' && !Object.entries(s).every(([k, v]) => k === 'stagedAction' || isZero(v))
      ? [{ path: [], message: 'Spec fields should all be zero-value if stagedAction is Delete' }]
      : [],
)
/**
 * The spec of a StagedKubernetesNetworkPolicy as written.
 * @example
 * ```ts
 * const s: StagedKubernetesNetworkPolicySpec = { stagedAction: 'Set', podSelector: {} }
 * ```
 * @since 0.1.0
 */
export type StagedKubernetesNetworkPolicySpec = t.TypeOf<typeof StagedKubernetesNetworkPolicySpec>

/**
 * A StagedKubernetesNetworkPolicy, decoded, validated and defaulted: `spec.stagedAction` defaults
 * to `Set`; the Kubernetes rules and defaulting of {@link KubernetesNetworkPolicy} apply to the
 * rest of the spec (Calico itself only checks what its conversion into a Calico policy rejects;
 * this library applies the Kubernetes checks as well). With `Delete` the spec must otherwise be
 * empty and `policyTypes` is left empty.
 * @example
 * ```ts
 * decodeStagedKubernetesNetworkPolicy({
 *   apiVersion: 'projectcalico.org/v3', kind: 'StagedKubernetesNetworkPolicy', metadata: { name: 'web', namespace: 'shop' },
 *   spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] },
 * })
 * // right({ ..., spec: { stagedAction: 'Set', podSelector: { matchLabels: { app: 'web' } }, ingress: [{}], policyTypes: ['Ingress'] } })
 * ```
 * @since 0.1.0
 */
export const StagedKubernetesNetworkPolicy = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'StagedKubernetesNetworkPolicy',
  scope: 'Namespaced',
  metadata: objectMeta('Subdomain'),
  spec: StagedKubernetesNetworkPolicySpec,
  emptySpec: {},
  finish: (r) => {
    const stagedAction = r.spec.stagedAction ?? 'Set'
    const spec =
      stagedAction === 'Delete' ? { stagedAction, podSelector: {} as LabelSelector, policyTypes: [] as ReadonlyArray<KubernetesPolicyType> } : { stagedAction, ...defaultKubernetesSpec(r.spec) }
    return { value: { apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec }, issues: [] }
  },
})
/**
 * A decoded, defaulted StagedKubernetesNetworkPolicy.
 * @example
 * ```ts
 * const action = (p: StagedKubernetesNetworkPolicy) => p.spec.stagedAction
 * ```
 * @since 0.1.0
 */
export type StagedKubernetesNetworkPolicy = t.TypeOf<typeof StagedKubernetesNetworkPolicy>

/**
 * Decodes, validates and defaults a StagedKubernetesNetworkPolicy (see {@link StagedKubernetesNetworkPolicy}).
 * @example
 * ```ts
 * decodeStagedKubernetesNetworkPolicy({ apiVersion: 'projectcalico.org/v3', kind: 'StagedKubernetesNetworkPolicy',
 *   metadata: { name: 'x' }, spec: { stagedAction: 'Delete', podSelector: { matchLabels: { a: 'b' } } } })
 * // left([{ _tag: 'Invalid', path: ['spec'], message: 'Spec fields should all be zero-value if stagedAction is Delete' }])
 * ```
 * @since 0.1.0
 */
export const decodeStagedKubernetesNetworkPolicy: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, StagedKubernetesNetworkPolicy> =
  decodeWith(StagedKubernetesNetworkPolicy)

/**
 * Same as {@link decodeStagedKubernetesNetworkPolicy}.
 * @example
 * ```ts
 * decode({ apiVersion: 'projectcalico.org/v3', kind: 'StagedKubernetesNetworkPolicy', metadata: { name: 'x' } })
 * ```
 * @since 0.1.0
 */
export const decode = decodeStagedKubernetesNetworkPolicy
