/**
 * Calico's selector rewriting, reproduced text for text so that the resulting canonical
 * selectors (and their IP-set unique IDs) are the ones felix computes: policy-level scoping
 * (§2.3, `updateprocessors/*policyprocessor.go`) and rule-level scoping of entity rules (§2.4,
 * `updateprocessors/rules.go`), plus felix's folding of `notSelector` into a positive selector
 * (`felix/calc/rule_scanner.go`).
 *
 * Like Calico, the rewrites work on selector text: label prefixes are added on the parsed,
 * re-printed selector, and `all()`/`global()` are replaced textually.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import type { EntityRule, ServiceAccountMatch } from '../model/entity-rule.js'
import { E } from '../internal/fp.js'
import { parse } from '../selector/parse.js'
import { print } from '../selector/print.js'
import { prefixLabels } from '../selector/rewrite.js'

/**
 * The label prefix of namespace labels inherited from `kns.<ns>` profiles.
 * @example
 * ```ts
 * NAMESPACE_LABEL_PREFIX // 'pcns.'
 * ```
 * @since 0.1.0
 */
export const NAMESPACE_LABEL_PREFIX = 'pcns.'
/**
 * The label prefix of service-account labels inherited from `ksa.<ns>.<sa>` profiles.
 * @example
 * ```ts
 * SERVICE_ACCOUNT_LABEL_PREFIX // 'pcsa.'
 * ```
 * @since 0.1.0
 */
export const SERVICE_ACCOUNT_LABEL_PREFIX = 'pcsa.'
/**
 * The implicit namespace label of workload endpoints and network sets.
 * @example
 * ```ts
 * LABEL_NAMESPACE // 'projectcalico.org/namespace'
 * ```
 * @since 0.1.0
 */
export const LABEL_NAMESPACE = 'projectcalico.org/namespace'
/**
 * The implicit service-account label of workload endpoints.
 * @example
 * ```ts
 * LABEL_SERVICE_ACCOUNT // 'projectcalico.org/serviceaccount'
 * ```
 * @since 0.1.0
 */
export const LABEL_SERVICE_ACCOUNT = 'projectcalico.org/serviceaccount'

const replaceAll = (s: string, from: string, to: string): string => s.split(from).join(to)

/**
 * Parses `text`, prefixes every label name with `prefix` and prints the canonical form; an
 * unparseable selector gives `''` (as Calico's `parseSelectorAttachPrefix`).
 * @example
 * ```ts
 * attachPrefix("team == 'a'", 'pcns.') // 'pcns.team == "a"'
 * ```
 * @since 0.1.0
 */
export const attachPrefix = (text: string, prefix: string): string => {
  const r = parse(text)
  return E.isLeft(r) ? '' : print(prefixLabels(prefix)(r.right))
}

const prefixAndAppend = (current: string, added: string, prefix: string): string => {
  if (added === '') return current
  const prefixed = attachPrefix(added, prefix)
  if (prefixed === '') return current
  return current === '' ? prefixed : `(${current}) && ${prefixed}`
}

/**
 * What policy-level selector rewriting needs from a policy.
 * @since 0.1.0
 */
export interface PolicySelectorFields {
  readonly selector?: string
  readonly namespaceSelector?: string
  readonly serviceAccountSelector?: string
}

/**
 * The selector a policy applies with (docs/reference.md §2.3). Namespaced kinds (`namespace` set):
 * the selector is ANDed with `projectcalico.org/namespace == '<ns>'`, then the service-account
 * selector (labels prefixed `pcsa.`). Global kinds: the namespace selector (prefixed `pcns.`) is
 * ANDed on and every `all()` becomes `has(projectcalico.org/namespace)`; then the service-account
 * selector likewise with `has(projectcalico.org/serviceaccount)`.
 * @example
 * ```ts
 * policySelector({ selector: "app == 'web'" }, 'prod') // "(app == 'web') && projectcalico.org/namespace == 'prod'"
 * policySelector({ namespaceSelector: 'all()' }, undefined) // 'has(projectcalico.org/namespace)'
 * ```
 * @since 0.1.0
 */
export const policySelector = (spec: PolicySelectorFields, namespace: string | undefined): string => {
  let selector = spec.selector ?? ''
  if (namespace !== undefined && namespace !== '') {
    const nsSelector = `${LABEL_NAMESPACE} == '${namespace}'`
    selector = selector === '' ? nsSelector : `(${selector}) && ${nsSelector}`
    return prefixAndAppend(selector, spec.serviceAccountSelector ?? '', SERVICE_ACCOUNT_LABEL_PREFIX)
  }
  const nsSel = spec.namespaceSelector ?? ''
  if (nsSel !== '') {
    selector = prefixAndAppend(selector, nsSel, NAMESPACE_LABEL_PREFIX)
    selector = replaceAll(selector, 'all()', `has(${LABEL_NAMESPACE})`)
  }
  const saSel = spec.serviceAccountSelector ?? ''
  if (saSel !== '') {
    selector = prefixAndAppend(selector, saSel, SERVICE_ACCOUNT_LABEL_PREFIX)
    selector = replaceAll(selector, 'all()', `has(${LABEL_SERVICE_ACCOUNT})`)
  }
  return selector
}

const serviceAccountSelector = (sam: ServiceAccountMatch): string => {
  let updated = ''
  if (sam.selector !== undefined && sam.selector !== '') updated = attachPrefix(sam.selector, SERVICE_ACCOUNT_LABEL_PREFIX)
  const names = sam.names ?? []
  if (names.length === 0) return updated
  const parsed = parse(`${LABEL_SERVICE_ACCOUNT} in { '${names.join("', '")}' }`)
  if (E.isLeft(parsed)) return ''
  const selectors = print(parsed.right)
  return updated !== '' ? `(${updated}) && (${selectors})` : selectors
}

/**
 * The positive selector of one side of a rule (docs/reference.md §2.4): the namespace scope (from
 * `namespaceSelector`, prefixed `pcns.` with `all()`/`global()` rewritten, or the policy's own
 * namespace) ANDed with the service-account match and `selector`, when any selector field is
 * used. `''` means no selector constraint.
 * @example
 * ```ts
 * entityRuleSelector({ selector: "role == 'db'" }, 'prod') // "(projectcalico.org/namespace == 'prod') && (role == 'db')"
 * entityRuleSelector({ notSelector: "role == 'db'" }, '')   // ''
 * ```
 * @since 0.1.0
 */
export const entityRuleSelector = (er: EntityRule, namespace: string): string => {
  const namespaceSelector = er.namespaceSelector ?? ''
  const endpointSelector = er.selector ?? ''
  const notSelector = er.notSelector ?? ''
  const saSelector = er.serviceAccounts === undefined ? '' : serviceAccountSelector(er.serviceAccounts)
  let nsSelector = ''
  if (namespaceSelector !== '') {
    nsSelector = attachPrefix(namespaceSelector, NAMESPACE_LABEL_PREFIX)
    nsSelector = replaceAll(nsSelector, 'all()', `has(${LABEL_NAMESPACE})`)
    nsSelector = replaceAll(nsSelector, 'global()', `!has(${LABEL_NAMESPACE})`)
  } else if (namespace !== '') nsSelector = `${LABEL_NAMESPACE} == '${namespace}'`
  const parts = [saSelector, endpointSelector].filter((s) => s !== '')
  let selector = parts.length === 0 ? '' : parts.length === 1 ? (parts[0] as string) : `(${parts.join(') && (')})`
  if (nsSelector !== '' && (selector !== '' || notSelector !== '' || namespaceSelector !== '')) {
    selector = selector !== '' ? `(${nsSelector}) && (${selector})` : nsSelector
  }
  return selector
}

/**
 * Felix's folding of a rule side's `notSelector` into its positive selector: with a positive
 * selector the result is `(positive) && (!(negative))` and no negative selector remains; without
 * one the negative selector stays on its own.
 * @example
 * ```ts
 * foldNotSelector("role == 'a'", "role == 'b'") // { positive: "(role == 'a') && (!(role == 'b'))", negative: '' }
 * ```
 * @since 0.1.0
 */
export const foldNotSelector = (positive: string, negative: string): { readonly positive: string; readonly negative: string } =>
  positive !== '' && negative !== '' ? { positive: `(${positive}) && (!(${negative}))`, negative: '' } : { positive, negative }
