/**
 * Profile (projectcalico.org/v3, cluster-scoped): rules evaluated after all tiers for the
 * endpoints that list the profile, and labels those endpoints inherit (docs/reference.md §1.8,
 * V45).
 * @module
 */
import type * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { boundedList, decodeWith, strict } from './codec.js'
import { resourceKind } from './kind.js'
import { Labels, ObjectMeta } from './metadata.js'
import { Rule } from './rule.js'

/**
 * The name of the profile Calico creates that allows everything in both directions (auto host
 * endpoints use it).
 * @since 0.1.0
 */
export const DEFAULT_ALLOW_PROFILE = 'projectcalico-default-allow'

/**
 * A profile's spec: ordered `ingress` and `egress` rules (at most 1024 each) and
 * `labelsToApply`, labels every endpoint listing the profile inherits (its own labels win).
 * @since 0.1.0
 */
export const ProfileSpec = strict(
  'ProfileSpec',
  {},
  { ingress: boundedList(Rule, 1024), egress: boundedList(Rule, 1024), labelsToApply: Labels },
)

/**
 * A profile's spec as a type.
 * @since 0.1.0
 */
export type ProfileSpec = t.TypeOf<typeof ProfileSpec>

/**
 * A Profile, decoded and validated: a missing `spec` is `{}`; rules are checked as in policies;
 * `labelsToApply` keys and values follow the label rules (V45).
 * @example
 * ```ts
 * decodeProfile({
 *   apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'kns.shop' },
 *   spec: { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }], labelsToApply: { 'pcns.projectcalico.org/name': 'shop' } },
 * })
 * // right({ ..., spec: { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }], labelsToApply: { ... } } })
 * ```
 * @since 0.1.0
 */
export const Profile = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'Profile',
  scope: 'Cluster',
  metadata: ObjectMeta,
  spec: ProfileSpec,
  emptySpec: {},
  finish: (r) => ({ value: { apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec: r.spec }, issues: [] }),
})

/**
 * A decoded Profile.
 * @since 0.1.0
 */
export type Profile = t.TypeOf<typeof Profile>

/**
 * Decodes and validates a Profile (see {@link Profile}).
 * @example
 * ```ts
 * decodeProfile({ apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'p' }, spec: { labelsToApply: { 'a b': 'x' } } })
 * // left([{ _tag: 'Invalid', path: ['spec', 'labelsToApply', 'a b'], message: 'invalid label key "a b": ...' }])
 * ```
 * @since 0.1.0
 */
export const decodeProfile: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, Profile> = decodeWith(Profile)
