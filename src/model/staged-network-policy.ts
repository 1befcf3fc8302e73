/**
 * StagedNetworkPolicy (projectcalico.org/v3, namespaced; docs/reference.md §1.6): a "what if"
 * NetworkPolicy that is never enforced.
 * @module
 */
import type * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith } from './codec.js'
import { resourceKind } from './kind.js'
import { objectMeta } from './metadata.js'
import { StagedAction, commonSpecFields, defaultSpec, policySpec, withTierLabel } from './policy-spec.js'

/**
 * The spec of a StagedNetworkPolicy as written: a NetworkPolicy spec plus
 * `stagedAction`.
 * @example
 * ```ts
 * StagedNetworkPolicySpec.decode({ stagedAction: 'Delete', tier: 'security' })
 * ```
 * @since 0.1.0
 */
export const StagedNetworkPolicySpec = policySpec('StagedNetworkPolicySpec', 'Namespaced', {
  stagedAction: StagedAction,
  ...commonSpecFields,
})
/**
 * The spec of a StagedNetworkPolicy as written.
 * @example
 * ```ts
 * const s: StagedNetworkPolicySpec = { stagedAction: 'Set', selector: 'all()' }
 * ```
 * @since 0.1.0
 */
export type StagedNetworkPolicySpec = t.TypeOf<typeof StagedNetworkPolicySpec>

/**
 * A StagedNetworkPolicy, decoded, validated and defaulted like a NetworkPolicy, plus
 * `spec.stagedAction` (default `Set`). With `Delete`, every spec field except `tier` must be
 * empty (`Spec fields, except Tier, should all be zero-value if stagedAction is Delete`) and
 * `types` is left empty.
 * @example
 * ```ts
 * decodeStagedNetworkPolicy({
 *   apiVersion: 'projectcalico.org/v3', kind: 'StagedNetworkPolicy', metadata: { name: 'x' },
 *   spec: { stagedAction: 'Delete', selector: 'all()' },
 * })
 * // left([{ _tag: 'Invalid', path: ['spec'], message: 'Spec fields, except Tier, should all be zero-value if stagedAction is Delete' }])
 * ```
 * @since 0.1.0
 */
export const StagedNetworkPolicy = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'StagedNetworkPolicy',
  scope: 'Namespaced',
  metadata: objectMeta('NetworkPolicy'),
  spec: StagedNetworkPolicySpec,
  emptySpec: {},
  finish: (r) => {
    const spec = defaultSpec({ ...r.spec, stagedAction: r.spec.stagedAction ?? 'Set' })
    return { value: { apiVersion: r.apiVersion, kind: r.kind, metadata: withTierLabel(r.metadata, spec.tier), spec }, issues: [] }
  },
})
/**
 * A decoded, defaulted StagedNetworkPolicy (`spec.stagedAction`, `spec.tier` and
 * `spec.types` always set).
 * @example
 * ```ts
 * const enforcedLater = (p: StagedNetworkPolicy): boolean => p.spec.stagedAction === 'Set'
 * ```
 * @since 0.1.0
 */
export type StagedNetworkPolicy = t.TypeOf<typeof StagedNetworkPolicy>

/**
 * Decodes, validates and defaults a StagedNetworkPolicy (see {@link StagedNetworkPolicy}).
 * @example
 * ```ts
 * decodeStagedNetworkPolicy({ apiVersion: 'projectcalico.org/v3', kind: 'StagedNetworkPolicy', metadata: { name: 'x' } })
 * ```
 * @since 0.1.0
 */
export const decodeStagedNetworkPolicy: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, StagedNetworkPolicy> =
  decodeWith(StagedNetworkPolicy)

/**
 * Same as {@link decodeStagedNetworkPolicy}.
 * @example
 * ```ts
 * decode({ apiVersion: 'projectcalico.org/v3', kind: 'StagedNetworkPolicy', metadata: { name: 'x' } })
 * ```
 * @since 0.1.0
 */
export const decode = decodeStagedNetworkPolicy
