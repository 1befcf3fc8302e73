/**
 * StagedGlobalNetworkPolicy (projectcalico.org/v3, cluster-scoped; docs/reference.md §1.6): a "what
 * if" GlobalNetworkPolicy that is never enforced.
 * @module
 */
import type * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith } from './codec.js'
import { resourceKind } from './kind.js'
import { objectMeta } from './metadata.js'
import { StagedAction, commonSpecFields, defaultSpec, globalSpecFields, policySpec, withTierLabel } from './policy-spec.js'

/**
 * The spec of a StagedGlobalNetworkPolicy as written: a GlobalNetworkPolicy spec plus
 * `stagedAction`.
 * @example
 * ```ts
 * StagedGlobalNetworkPolicySpec.decode({ stagedAction: 'Delete', tier: 'security' })
 * ```
 * @since 0.1.0
 */
export const StagedGlobalNetworkPolicySpec = policySpec('StagedGlobalNetworkPolicySpec', 'Global', {
  stagedAction: StagedAction,
  ...commonSpecFields,
  ...globalSpecFields,
})
/**
 * The spec of a StagedGlobalNetworkPolicy as written.
 * @example
 * ```ts
 * const s: StagedGlobalNetworkPolicySpec = { stagedAction: 'Set', selector: 'all()' }
 * ```
 * @since 0.1.0
 */
export type StagedGlobalNetworkPolicySpec = t.TypeOf<typeof StagedGlobalNetworkPolicySpec>

/**
 * A StagedGlobalNetworkPolicy, decoded, validated and defaulted like a GlobalNetworkPolicy, plus
 * `spec.stagedAction` (default `Set`). With `Delete`, every spec field except `tier` must be
 * empty (`Spec fields, except Tier, should all be zero-value if stagedAction is Delete`) and
 * `types` is left empty.
 * @example
 * ```ts
 * decodeStagedGlobalNetworkPolicy({
 *   apiVersion: 'projectcalico.org/v3', kind: 'StagedGlobalNetworkPolicy', metadata: { name: 'x' },
 *   spec: { stagedAction: 'Delete', selector: 'all()' },
 * })
 * // left([{ _tag: 'Invalid', path: ['spec'], message: 'Spec fields, except Tier, should all be zero-value if stagedAction is Delete' }])
 * ```
 * @since 0.1.0
 */
export const StagedGlobalNetworkPolicy = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'StagedGlobalNetworkPolicy',
  scope: 'Cluster',
  metadata: objectMeta('GlobalNetworkPolicy'),
  spec: StagedGlobalNetworkPolicySpec,
  emptySpec: {},
  finish: (r) => {
    const spec = defaultSpec({ ...r.spec, stagedAction: r.spec.stagedAction ?? 'Set' })
    return { value: { apiVersion: r.apiVersion, kind: r.kind, metadata: withTierLabel(r.metadata, spec.tier), spec }, issues: [] }
  },
})
/**
 * A decoded, defaulted StagedGlobalNetworkPolicy (`spec.stagedAction`, `spec.tier` and
 * `spec.types` always set).
 * @example
 * ```ts
 * const enforcedLater = (p: StagedGlobalNetworkPolicy): boolean => p.spec.stagedAction === 'Set'
 * ```
 * @since 0.1.0
 */
export type StagedGlobalNetworkPolicy = t.TypeOf<typeof StagedGlobalNetworkPolicy>

/**
 * Decodes, validates and defaults a StagedGlobalNetworkPolicy (see {@link StagedGlobalNetworkPolicy}).
 * @example
 * ```ts
 * decodeStagedGlobalNetworkPolicy({ apiVersion: 'projectcalico.org/v3', kind: 'StagedGlobalNetworkPolicy', metadata: { name: 'x' } })
 * ```
 * @since 0.1.0
 */
export const decodeStagedGlobalNetworkPolicy: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, StagedGlobalNetworkPolicy> =
  decodeWith(StagedGlobalNetworkPolicy)

/**
 * Same as {@link decodeStagedGlobalNetworkPolicy}.
 * @example
 * ```ts
 * decode({ apiVersion: 'projectcalico.org/v3', kind: 'StagedGlobalNetworkPolicy', metadata: { name: 'x' } })
 * ```
 * @since 0.1.0
 */
export const decode = decodeStagedGlobalNetworkPolicy
