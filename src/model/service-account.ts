/**
 * Kubernetes ServiceAccount (v1, namespaced). Calico reads a service account's labels for rule
 * `serviceAccounts.selector`s: they become the `ksa.<namespace>.<name>` profile's
 * `labelsToApply`, prefixed `pcsa.` (docs/reference.md §1.3, §2.6).
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith, strict } from './codec.js'
import { literal, refine } from './kind.js'
import { applyScope, objectMeta } from './metadata.js'

/**
 * A reference to another object (`secrets[]`).
 * @since 0.1.0
 */
export const ObjectReference = strict(
  'ObjectReference',
  {},
  { apiVersion: t.string, kind: t.string, name: t.string, namespace: t.string, uid: t.string, resourceVersion: t.string, fieldPath: t.string },
)

/**
 * An object reference as a type.
 * @since 0.1.0
 */
export type ObjectReference = t.TypeOf<typeof ObjectReference>

const ServiceAccountInput = strict(
  'ServiceAccount',
  { apiVersion: literal('v1'), kind: literal('ServiceAccount'), metadata: objectMeta('KubernetesSubdomain') },
  {
    secrets: t.readonlyArray(ObjectReference),
    imagePullSecrets: t.readonlyArray(strict('LocalObjectReference', {}, { name: t.string })),
    automountServiceAccountToken: t.boolean,
  },
)

/**
 * A Kubernetes ServiceAccount (`apiVersion: v1`; it has no `spec`): the name is a DNS-1123
 * subdomain (Kubernetes' rule and messages); the namespace defaults to `default`.
 * @example
 * ```ts
 * decodeServiceAccount({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop', labels: { tier: 'backend' } } })
 * // right({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop', labels: { tier: 'backend' } } })
 * ```
 * @since 0.1.0
 */
export const ServiceAccount = refine(
  'ServiceAccount',
  ServiceAccountInput,
  (u): u is t.TypeOf<typeof ServiceAccountInput> => ServiceAccountInput.is(u),
  (r) => {
    const scoped = applyScope('Namespaced', 'ServiceAccount')(r.metadata)
    return { value: { ...r, metadata: scoped.meta }, issues: scoped.errors }
  },
)

/**
 * A decoded ServiceAccount.
 * @since 0.1.0
 */
export type ServiceAccount = t.TypeOf<typeof ServiceAccount>

/**
 * Decodes and validates a Kubernetes ServiceAccount (see {@link ServiceAccount}).
 * @example
 * ```ts
 * decodeServiceAccount({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } })
 * // right({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } })
 * ```
 * @since 0.1.0
 */
export const decodeServiceAccount: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, ServiceAccount> =
  decodeWith(ServiceAccount)
