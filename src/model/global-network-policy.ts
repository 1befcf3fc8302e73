/**
 * GlobalNetworkPolicy (projectcalico.org/v3, cluster-scoped; docs/reference.md §1.4).
 * @module
 */
import type * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith } from './codec.js'
import { resourceKind } from './kind.js'
import { objectMeta } from './metadata.js'
import { commonSpecFields, defaultSpec, globalSpecFields, policySpec, withTierLabel } from './policy-spec.js'

/**
 * The spec of a GlobalNetworkPolicy as written (every field optional), with its checks.
 * @example
 * ```ts
 * GlobalNetworkPolicySpec.decode({ selector: 'all()', preDNAT: true, applyOnForward: true })
 * ```
 * @since 0.1.0
 */
export const GlobalNetworkPolicySpec = policySpec('GlobalNetworkPolicySpec', 'Global', { ...commonSpecFields, ...globalSpecFields })
/**
 * The spec of a GlobalNetworkPolicy as written.
 * @example
 * ```ts
 * const s: GlobalNetworkPolicySpec = { selector: 'all()', types: ['Ingress'] }
 * ```
 * @since 0.1.0
 */
export type GlobalNetworkPolicySpec = t.TypeOf<typeof GlobalNetworkPolicySpec>

/**
 * A GlobalNetworkPolicy, decoded, validated and defaulted. The name is one DNS label or two joined
 * by a dot; every check of docs/reference.md §1.13 that applies to a global policy is made (V1–V30,
 * V33, V35, V36, V39, V46; selector syntax V37 is left to the caller, see `policySelectors`); then
 * the client defaulting: `spec.tier` (default `default`), `spec.types` (derived from the rules when
 * empty) and the label `projectcalico.org/tier`.
 * @example
 * ```ts
 * decodeGlobalNetworkPolicy({
 *   apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'allow-ssh' },
 *   spec: { selector: "role == 'node'", ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [22] } }] },
 * })
 * // right({ ..., metadata: { name: 'allow-ssh', labels: { 'projectcalico.org/tier': 'default' } },
 * //         spec: { selector: "role == 'node'", ingress: [...], tier: 'default', types: ['Ingress'] } })
 * ```
 * @since 0.1.0
 */
export const GlobalNetworkPolicy = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'GlobalNetworkPolicy',
  scope: 'Cluster',
  metadata: objectMeta('GlobalNetworkPolicy'),
  spec: GlobalNetworkPolicySpec,
  emptySpec: {},
  finish: (r) => {
    const spec = defaultSpec(r.spec)
    return { value: { apiVersion: r.apiVersion, kind: r.kind, metadata: withTierLabel(r.metadata, spec.tier), spec }, issues: [] }
  },
})
/**
 * A decoded, defaulted GlobalNetworkPolicy (`spec.tier` and `spec.types` always set).
 * @example
 * ```ts
 * const tier = (p: GlobalNetworkPolicy): string => p.spec.tier
 * ```
 * @since 0.1.0
 */
export type GlobalNetworkPolicy = t.TypeOf<typeof GlobalNetworkPolicy>

/**
 * Decodes, validates and defaults a GlobalNetworkPolicy (see {@link GlobalNetworkPolicy}); errors
 * have paths from the resource root.
 * @example
 * ```ts
 * decodeGlobalNetworkPolicy({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'x' }, spec: { preDNAT: true } })
 * // left([{ _tag: 'Invalid', path: ['spec', 'applyOnForward'], message: 'applyOnForward must be true if either preDNAT or doNotTrack is true' }])
 * ```
 * @since 0.1.0
 */
export const decodeGlobalNetworkPolicy: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, GlobalNetworkPolicy> = decodeWith(GlobalNetworkPolicy)

/**
 * Same as {@link decodeGlobalNetworkPolicy}.
 * @example
 * ```ts
 * decode({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'x' } })
 * ```
 * @since 0.1.0
 */
export const decode = decodeGlobalNetworkPolicy
