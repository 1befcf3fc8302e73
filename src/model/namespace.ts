/**
 * Kubernetes Namespace (v1, cluster-scoped). Calico reads a namespace's labels for
 * `namespaceSelector`s: they become the `kns.<namespace>` profile's `labelsToApply`, prefixed
 * `pcns.` (docs/reference.md §1.3, §2.6).
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith, strict } from './codec.js'
import { resourceKind } from './kind.js'
import { objectMeta } from './metadata.js'

/**
 * A namespace's spec (`finalizers` only).
 * @since 0.1.0
 */
export const NamespaceSpec = strict('NamespaceSpec', {}, { finalizers: t.readonlyArray(t.string) })

/**
 * A namespace's spec as a type.
 * @since 0.1.0
 */
export type NamespaceSpec = t.TypeOf<typeof NamespaceSpec>

/**
 * A namespace's status as kubectl prints it (`phase`, `conditions`); kept as read.
 * @since 0.1.0
 */
export const NamespaceStatus = strict('NamespaceStatus', {}, { phase: t.string, conditions: t.readonlyArray(t.UnknownRecord) })

/**
 * A namespace's status as a type.
 * @since 0.1.0
 */
export type NamespaceStatus = t.TypeOf<typeof NamespaceStatus>

/**
 * A Kubernetes Namespace (`apiVersion: v1`): the name is a DNS-1123 label (Kubernetes' rule and
 * messages); a missing `spec` is `{}`; `status` is kept when present.
 * @example
 * ```ts
 * decodeNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'web' } } })
 * // right({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'web' } }, spec: {} })
 * ```
 * @since 0.1.0
 */
export const Namespace = resourceKind({
  apiVersion: 'v1',
  kind: 'Namespace',
  scope: 'Cluster',
  metadata: objectMeta('KubernetesLabel'),
  spec: NamespaceSpec,
  emptySpec: {},
  extra: { status: NamespaceStatus },
  finish: (r) => {
    const status = (r as { readonly status?: NamespaceStatus }).status
    return {
      value: { apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec: r.spec, ...(status === undefined ? {} : { status }) },
      issues: [],
    }
  },
})

/**
 * A decoded Namespace.
 * @since 0.1.0
 */
export type Namespace = t.TypeOf<typeof Namespace>

/**
 * Decodes and validates a Kubernetes Namespace (see {@link Namespace}).
 * @example
 * ```ts
 * decodeNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Shop' } }) // left([{ _tag: 'Invalid', path: ['metadata', 'name'], ... }])
 * ```
 * @since 0.1.0
 */
export const decodeNamespace: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, Namespace> = decodeWith(Namespace)
