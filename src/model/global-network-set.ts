/**
 * GlobalNetworkSet (projectcalico.org/v3, cluster-scoped): labelled lists of networks that rule
 * selectors can match (docs/reference.md §1.9, V43).
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith, strict } from './codec.js'
import { resourceKind, type Issue } from './kind.js'
import { ObjectMeta } from './metadata.js'
import { CidrOrIP } from './net.js'

/**
 * The label that only Calico itself may put on a network set (it marks the namespace of a
 * NetworkSet in the dataplane model).
 * @since 0.1.0
 */
export const NAMESPACE_LABEL = 'projectcalico.org/namespace'

/**
 * The V43 label rule shared by both network-set kinds.
 * @internal
 */
export const networkSetLabelIssues = (labels: Readonly<Record<string, string>> | undefined): ReadonlyArray<Issue> =>
  labels !== undefined && Object.prototype.hasOwnProperty.call(labels, NAMESPACE_LABEL)
    ? [{ path: ['metadata', 'labels', NAMESPACE_LABEL], message: `${NAMESPACE_LABEL} is not a valid label name` }]
    : []

/**
 * The spec of a (Global)NetworkSet: `nets`, CIDRs or bare IPs of either family, not required to
 * be strictly masked; each is decoded to canonical CIDR text with host bits masked off
 * (`10.0.0.1` becomes `10.0.0.1/32`, `10.1.2.3/8` becomes `10.0.0.0/8`).
 * @since 0.1.0
 */
export const NetworkSetSpec = strict('NetworkSetSpec', {}, { nets: t.readonlyArray(CidrOrIP) })

/**
 * A network-set spec as a type.
 * @since 0.1.0
 */
export type NetworkSetSpec = t.TypeOf<typeof NetworkSetSpec>

/**
 * A GlobalNetworkSet, decoded and validated: a missing `spec` is `{}`; `nets` are canonical CIDRs;
 * the label `projectcalico.org/namespace` is rejected (V43).
 * @example
 * ```ts
 * decodeGlobalNetworkSet({
 *   apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet',
 *   metadata: { name: 'blocklist', labels: { role: 'blocked' } }, spec: { nets: ['198.51.100.7', '203.0.113.0/24'] },
 * })
 * // right({ ..., spec: { nets: ['198.51.100.7/32', '203.0.113.0/24'] } })
 * ```
 * @since 0.1.0
 */
export const GlobalNetworkSet = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'GlobalNetworkSet',
  scope: 'Cluster',
  metadata: ObjectMeta,
  spec: NetworkSetSpec,
  emptySpec: {},
  finish: (r) => ({
    value: { apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec: r.spec },
    issues: networkSetLabelIssues(r.metadata.labels),
  }),
})

/**
 * A decoded GlobalNetworkSet.
 * @since 0.1.0
 */
export type GlobalNetworkSet = t.TypeOf<typeof GlobalNetworkSet>

/**
 * Decodes and validates a GlobalNetworkSet (see {@link GlobalNetworkSet}).
 * @example
 * ```ts
 * decodeGlobalNetworkSet({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: { name: 'x' }, spec: { nets: ['10.0.0.300'] } })
 * // left([{ _tag: 'InvalidCidr', path: ['spec', 'nets', 0], ... }])
 * ```
 * @since 0.1.0
 */
export const decodeGlobalNetworkSet: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, GlobalNetworkSet> =
  decodeWith(GlobalNetworkSet)
