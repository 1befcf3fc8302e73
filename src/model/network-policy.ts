/**
 * NetworkPolicy (projectcalico.org/v3, namespaced; docs/reference.md §1.5).
 * @module
 */
import type * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith } from './codec.js'
import { resourceKind } from './kind.js'
import { objectMeta } from './metadata.js'
import { commonSpecFields, defaultSpec, policySpec, withTierLabel } from './policy-spec.js'

/**
 * The spec of a (Calico) NetworkPolicy as written (every field optional), with its checks. There
 * is no `namespaceSelector`, `applyOnForward`, `preDNAT` or `doNotTrack` (they are unknown fields).
 * @example
 * ```ts
 * NetworkPolicySpec.decode({ selector: "app == 'db'", types: ['Ingress'] })
 * ```
 * @since 0.1.0
 */
export const NetworkPolicySpec = policySpec('NetworkPolicySpec', 'Namespaced', commonSpecFields)
/**
 * The spec of a NetworkPolicy as written.
 * @example
 * ```ts
 * const s: NetworkPolicySpec = { selector: "app == 'db'" }
 * ```
 * @since 0.1.0
 */
export type NetworkPolicySpec = t.TypeOf<typeof NetworkPolicySpec>

/**
 * A Calico NetworkPolicy, decoded, validated and defaulted: the namespace defaults to `default`;
 * the name is a DNS label, `label.label`, or starts with `knp.default.` / `ossg.default.`; the
 * checks of docs/reference.md §1.13 that apply to namespaced policies are made (V5–V29, V33, V35,
 * V36, V39, V46; V37 is left to the caller); then `spec.tier`, `spec.types` and the
 * `projectcalico.org/tier` label are defaulted.
 * @example
 * ```ts
 * decodeNetworkPolicy({
 *   apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'db', namespace: 'shop' },
 *   spec: { selector: "app == 'db'", egress: [{ action: 'Allow' }] },
 * })
 * // right({ ..., metadata: { name: 'db', namespace: 'shop', labels: { 'projectcalico.org/tier': 'default' } },
 * //         spec: { selector: "app == 'db'", egress: [{ action: 'Allow' }], tier: 'default', types: ['Egress'] } })
 * ```
 * @since 0.1.0
 */
export const NetworkPolicy = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'NetworkPolicy',
  scope: 'Namespaced',
  metadata: objectMeta('NetworkPolicy'),
  spec: NetworkPolicySpec,
  emptySpec: {},
  finish: (r) => {
    const spec = defaultSpec(r.spec)
    return { value: { apiVersion: r.apiVersion, kind: r.kind, metadata: withTierLabel(r.metadata, spec.tier), spec }, issues: [] }
  },
})
/**
 * A decoded, defaulted Calico NetworkPolicy (`metadata.namespace`, `spec.tier` and `spec.types`
 * always set).
 * @example
 * ```ts
 * const ns = (p: NetworkPolicy): string | undefined => p.metadata.namespace
 * ```
 * @since 0.1.0
 */
export type NetworkPolicy = t.TypeOf<typeof NetworkPolicy>

/**
 * Decodes, validates and defaults a Calico NetworkPolicy (see {@link NetworkPolicy}).
 * @example
 * ```ts
 * decodeNetworkPolicy({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'a.b.c' } })
 * // left([{ _tag: 'Invalid', path: ['metadata', 'name'], message: "name must consist of lower case alphanumeric characters or '-' (regex: ...)" }])
 * ```
 * @since 0.1.0
 */
export const decodeNetworkPolicy: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, NetworkPolicy> = decodeWith(NetworkPolicy)

/**
 * Same as {@link decodeNetworkPolicy}.
 * @example
 * ```ts
 * decode({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'x' } })
 * ```
 * @since 0.1.0
 */
export const decode = decodeNetworkPolicy
