/**
 * Ordering of tiers and of policies within a tier, exactly as felix sorts them (docs/reference.md
 * §4; `felix/calc/policy_sorter.go`).
 * @module
 */
import type { Policy, PolicyKey, Tier } from './world.js'

/**
 * Go's string comparison for the ASCII names Calico sorts (tiers, policies, label keys).
 * @internal
 */
export const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Compares tiers: existing tiers first, then tiers with an order, then by order, then by name.
 * @example
 * ```ts
 * [tierB, tierA].sort(compareTiers)
 * ```
 * @since 0.1.0
 */
export const compareTiers = (a: Tier, b: Tier): number => {
  if (a.exists !== b.exists) return a.exists ? -1 : 1
  if ((a.order === undefined) !== (b.order === undefined)) return a.order === undefined ? 1 : -1
  if (a.order === undefined || b.order === undefined || a.order === b.order) return cmpStr(a.name, b.name)
  return a.order < b.order ? -1 : 1
}

/**
 * The tie-break key of a policy within a tier: `<name>/<namespace>/<kind>` (namespace empty for
 * global kinds), compared bytewise.
 * @example
 * ```ts
 * policyNameKey({ kind: 'NetworkPolicy', name: 'a', namespace: 'x' }) // 'a/x/NetworkPolicy'
 * ```
 * @since 0.1.0
 */
export const policyNameKey = (k: PolicyKey): string => `${k.name}/${k.namespace ?? ''}/${k.kind}`

/**
 * Compares policies of one tier: by order (unset = +∞), then by {@link policyNameKey}.
 * @example
 * ```ts
 * [p1, p2].sort(comparePolicies)
 * ```
 * @since 0.1.0
 */
export const comparePolicies = (a: Policy, b: Policy): number => {
  const oa = a.order ?? Infinity
  const ob = b.order ?? Infinity
  if (oa !== ob) return oa < ob ? -1 : 1
  return cmpStr(policyNameKey(a.key), policyNameKey(b.key))
}
