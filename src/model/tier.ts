/**
 * Tier (projectcalico.org/v3, cluster-scoped): a group of policies evaluated in `order`, ending in
 * `defaultAction` (docs/reference.md §1.7, §2.2, V41).
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith, strict } from './codec.js'
import { resourceKind, type Issue } from './kind.js'
import { objectMeta } from './metadata.js'

/**
 * The order a tier gets when it has none (the `default` tier's order; ties are broken by name).
 * @since 0.1.0
 */
export const DEFAULT_TIER_ORDER = 1_000_000

/**
 * A tier's end-of-tier action: `Deny` (the default) or `Pass` (continue with the next tier).
 * @since 0.1.0
 */
export const TierAction = t.keyof({ Deny: null, Pass: null })

/**
 * A tier's end-of-tier action as a type.
 * @since 0.1.0
 */
export type TierAction = t.TypeOf<typeof TierAction>

const FiniteNumber = new t.Type<number, unknown, unknown>(
  'number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c, 'a number')),
  t.identity,
)

/**
 * A tier's spec as written: both fields optional.
 * @since 0.1.0
 */
export const TierSpecInput = strict('TierSpec', {}, { order: FiniteNumber, defaultAction: TierAction })

/**
 * A tier's spec as written, as a type.
 * @since 0.1.0
 */
export type TierSpecInput = t.TypeOf<typeof TierSpecInput>

/**
 * The tiers Calico creates itself, with the order and default action its CEL rules pin (V41).
 * @example
 * ```ts
 * builtinTiers.default // { order: 1000000, defaultAction: 'Deny' }
 * ```
 * @since 0.1.0
 */
export const builtinTiers: Readonly<Record<'kube-admin' | 'default' | 'kube-baseline', { readonly order: number; readonly defaultAction: TierAction }>> = {
  'kube-admin': { order: 1_000, defaultAction: 'Pass' },
  default: { order: DEFAULT_TIER_ORDER, defaultAction: 'Deny' },
  'kube-baseline': { order: 10_000_000, defaultAction: 'Pass' },
}

const isBuiltin = (name: string): name is keyof typeof builtinTiers => Object.prototype.hasOwnProperty.call(builtinTiers, name)

/**
 * Checks the fixed values of the built-in tiers on a defaulted spec, with Calico's CEL messages.
 * @internal
 */
const builtinIssues = (name: string, order: number, action: TierAction): ReadonlyArray<Issue> => {
  if (!isBuiltin(name)) return []
  const want = builtinTiers[name]
  const out: Issue[] = []
  if (action !== want.defaultAction)
    out.push({ path: ['spec', 'defaultAction'], message: `The '${name}' tier must have default action '${want.defaultAction}'` })
  if (order !== want.order) out.push({ path: ['spec', 'order'], message: `${name} tier order must be ${want.order}` })
  return out
}

/**
 * A Tier, decoded, validated and defaulted: `spec.order` defaults to 1 000 000 and
 * `spec.defaultAction` to `Deny` (docs/reference.md §2.2); the name is a DNS label of at most 63
 * characters; the built-in tiers `kube-admin` (1000, Pass), `default` (1 000 000, Deny) and
 * `kube-baseline` (10 000 000, Pass) must keep their values (checked after defaulting, as the API
 * server applies the schema default before its CEL rules). A `status` block is accepted and
 * dropped.
 * @example
 * ```ts
 * decodeTier({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 100 } })
 * // right({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' },
 * //         spec: { order: 100, defaultAction: 'Deny' } })
 * ```
 * @since 0.1.0
 */
export const Tier = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'Tier',
  scope: 'Cluster',
  metadata: objectMeta('Tier'),
  spec: TierSpecInput,
  emptySpec: {},
  extra: { status: t.UnknownRecord },
  finish: (r) => {
    const order = r.spec.order ?? DEFAULT_TIER_ORDER
    const defaultAction = r.spec.defaultAction ?? 'Deny'
    return {
      value: { apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec: { order, defaultAction } },
      issues: builtinIssues(r.metadata.name, order, defaultAction),
    }
  },
})

/**
 * A decoded Tier.
 * @since 0.1.0
 */
export type Tier = t.TypeOf<typeof Tier>

/**
 * Decodes, validates and defaults a Tier (see {@link Tier}).
 * @example
 * ```ts
 * decodeTier({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'default' }, spec: { defaultAction: 'Pass' } })
 * // left([{ _tag: 'Invalid', path: ['spec', 'defaultAction'], message: "The 'default' tier must have default action 'Deny'" }])
 * ```
 * @since 0.1.0
 */
export const decodeTier: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, Tier> = decodeWith(Tier)
