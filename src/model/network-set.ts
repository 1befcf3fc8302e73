/**
 * NetworkSet (projectcalico.org/v3, namespaced): labelled lists of networks in one namespace
 * (docs/reference.md §1.9, V43).
 * @module
 */
import type * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith } from './codec.js'
import { NetworkSetSpec, networkSetLabelIssues } from './global-network-set.js'
import { resourceKind } from './kind.js'
import { ObjectMeta } from './metadata.js'

/**
 * A NetworkSet, decoded and validated: as a GlobalNetworkSet, plus a namespace (`default` when
 * absent). The dataplane model later adds the implicit label `projectcalico.org/namespace`; a user
 * may not set it (V43).
 * @example
 * ```ts
 * decodeNetworkSet({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkSet', metadata: { name: 'partners', namespace: 'shop' }, spec: { nets: ['192.0.2.0/24'] } })
 * // right({ ..., metadata: { name: 'partners', namespace: 'shop' }, spec: { nets: ['192.0.2.0/24'] } })
 * ```
 * @since 0.1.0
 */
export const NetworkSet = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'NetworkSet',
  scope: 'Namespaced',
  metadata: ObjectMeta,
  spec: NetworkSetSpec,
  emptySpec: {},
  finish: (r) => ({
    value: { apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec: r.spec },
    issues: networkSetLabelIssues(r.metadata.labels),
  }),
})

/**
 * A decoded NetworkSet.
 * @since 0.1.0
 */
export type NetworkSet = t.TypeOf<typeof NetworkSet>

/**
 * Decodes and validates a NetworkSet (see {@link NetworkSet}).
 * @example
 * ```ts
 * decodeNetworkSet({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkSet', metadata: { name: 'x' } })
 * // right({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkSet', metadata: { name: 'x', namespace: 'default' }, spec: {} })
 * ```
 * @since 0.1.0
 */
export const decodeNetworkSet: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, NetworkSet> = decodeWith(NetworkSet)
