/**
 * Profiles as felix knows them: Profile resources, the per-namespace `kns.<ns>` and
 * per-service-account `ksa.<ns>.<sa>` profiles Calico generates in Kubernetes, the built-in
 * `projectcalico-default-allow`, and the deny-all stand-in for a profile that does not exist
 * (§2.9).
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import type { Rule as ApiRule } from '../model/rule.js'
import type { Labels } from './labels.js'
import { NAMESPACE_LABEL_PREFIX, SERVICE_ACCOUNT_LABEL_PREFIX } from './selector-rewrite.js'

/**
 * A profile's source data: name, rules and labels to apply.
 * @since 0.1.0
 */
export interface ProfileInput {
  readonly name: string
  readonly ingress: ReadonlyArray<ApiRule>
  readonly egress: ReadonlyArray<ApiRule>
  readonly labelsToApply: Labels
}

/**
 * The name of the built-in allow-all profile.
 * @example
 * ```ts
 * DEFAULT_ALLOW // 'projectcalico-default-allow'
 * ```
 * @since 0.1.0
 */
export const DEFAULT_ALLOW = 'projectcalico-default-allow'

const allow: ReadonlyArray<ApiRule> = [{ action: 'Allow' }]
const deny: ReadonlyArray<ApiRule> = [{ action: 'Deny' }]

/**
 * The built-in `projectcalico-default-allow` profile: allow everything, no labels.
 * @example
 * ```ts
 * defaultAllowProfile.ingress // [{ action: 'Allow' }]
 * ```
 * @since 0.1.0
 */
export const defaultAllowProfile: ProfileInput = { name: DEFAULT_ALLOW, ingress: allow, egress: allow, labelsToApply: {} }

/**
 * The profile felix substitutes for one that does not exist: a single `Deny` rule each way.
 * @example
 * ```ts
 * missingProfile('kns.gone').egress // [{ action: 'Deny' }]
 * ```
 * @since 0.1.0
 */
export const missingProfile = (name: string): ProfileInput => ({ name, ingress: deny, egress: deny, labelsToApply: {} })

/**
 * The `kns.<ns>` profile of a Kubernetes namespace: allow everything; labels are the namespace's
 * labels prefixed `pcns.` plus `pcns.projectcalico.org/name=<ns>`.
 * @example
 * ```ts
 * namespaceProfile('prod', { team: 'a' }).labelsToApply
 * // { 'pcns.team': 'a', 'pcns.projectcalico.org/name': 'prod' }
 * ```
 * @since 0.1.0
 */
export const namespaceProfile = (namespace: string, labels: Labels): ProfileInput => {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(labels)) out[NAMESPACE_LABEL_PREFIX + k] = v
  out[`${NAMESPACE_LABEL_PREFIX}projectcalico.org/name`] = namespace
  return { name: `kns.${namespace}`, ingress: allow, egress: allow, labelsToApply: out }
}

/**
 * The `ksa.<ns>.<sa>` profile of a Kubernetes service account: no rules; labels are the service
 * account's labels prefixed `pcsa.` plus `pcsa.projectcalico.org/name=<sa>`.
 * @example
 * ```ts
 * serviceAccountProfile('prod', 'api', {}).name // 'ksa.prod.api'
 * ```
 * @since 0.1.0
 */
export const serviceAccountProfile = (namespace: string, name: string, labels: Labels): ProfileInput => {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(labels)) out[SERVICE_ACCOUNT_LABEL_PREFIX + k] = v
  out[`${SERVICE_ACCOUNT_LABEL_PREFIX}projectcalico.org/name`] = name
  return { name: `ksa.${namespace === '' ? 'default' : namespace}.${name}`, ingress: [], egress: [], labelsToApply: out }
}
