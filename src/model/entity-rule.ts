/**
 * The source or destination part of a rule (`EntityRule`, docs/reference.md §1.11) and its service
 * and service-account matches (§1.12), with the checks V6, V7, V22–V26 and the limits of V36.
 *
 * Selector fields are kept as text here (at most 1024 characters, `global()` placement checked);
 * whether they parse is checked where selectors are parsed (the model does not depend on the
 * selector module; see `policySelectors` in the policy modules).
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import * as t from 'io-ts'
import { boundedList, boundedString, strict, withChecks } from './codec.js'
import type { Issue } from './kind.js'
import { dns1123SubdomainErrors } from './metadata.js'
import { Cidr } from './net.js'
import { Port } from './port.js'

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`
const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN_FMT}$`)

/** A Kubernetes object name (DNS-1123 subdomain, at most 253 characters) as Calico's `name` tag checks it. */
const ObjectName = withChecks(boundedString(253), (s) =>
  s === '' || SUBDOMAIN_RE.test(s) ? [] : [{ path: [], message: `must consist of lower case alphanumeric characters, '-' or '.' (regex: ${SUBDOMAIN_FMT})` }],
)

/**
 * Calico's message when `global()` appears in a selector other than a rule's namespaceSelector (V5, V6).
 * @internal
 */
export const GLOBAL_ONLY_IN_NAMESPACE_SELECTOR = 'global() can only be used in an EntityRule namespaceSelector'

/**
 * A selector field: text of at most 1024 characters.
 * @internal
 */
export const SelectorText = boundedString(1024)

/**
 * Matches the endpoints behind a Kubernetes Service (`name` required, `namespace` required in
 * global policies).
 * @example
 * ```ts
 * ServiceMatch.decode({ name: 'kube-dns', namespace: 'kube-system' })
 * ```
 * @since 0.1.0
 */
export const ServiceMatch = strict('ServiceMatch', {}, { name: ObjectName, namespace: ObjectName })
/**
 * A Kubernetes Service reference.
 * @example
 * ```ts
 * const s: ServiceMatch = { name: 'kube-dns', namespace: 'kube-system' }
 * ```
 * @since 0.1.0
 */
export type ServiceMatch = t.TypeOf<typeof ServiceMatch>

/**
 * A service account name: a DNS-1123 subdomain, as Kubernetes requires of ServiceAccount names.
 * Calico does not check `serviceAccounts.names` (`validate:"omitempty"`) and splices them into
 * selector text, so a quote in a name could change the rule's meaning; here such a name is an
 * error at its path.
 */
const ServiceAccountName = withChecks(t.string, (s) => dns1123SubdomainErrors(s).map((message) => ({ path: [], message })))

/**
 * Matches workload endpoints by service account: `names` (each a DNS-1123 subdomain) and/or a
 * `selector` over service account labels (at most 1024 characters, like every selector field;
 * ANDed when both are given).
 * @example
 * ```ts
 * ServiceAccountMatch.decode({ names: ['api'] })
 * ```
 * @since 0.1.0
 */
export const ServiceAccountMatch = strict('ServiceAccountMatch', {}, { names: t.readonlyArray(ServiceAccountName), selector: SelectorText })
/**
 * A service-account match.
 * @example
 * ```ts
 * const m: ServiceAccountMatch = { selector: "role == 'db'" }
 * ```
 * @since 0.1.0
 */
export type ServiceAccountMatch = t.TypeOf<typeof ServiceAccountMatch>

const nonEmpty = (s: string | undefined): boolean => s !== undefined && s !== ''
const someItems = (xs: ReadonlyArray<unknown> | undefined): boolean => xs !== undefined && xs.length > 0

/** Exactly `global()`, give or take spaces and tabs (as Calico's tokenizer reads it). */
const GLOBAL_ALONE = /^[ \t]*global\([ \t]*\)[ \t]*$/

const entityRuleIssues = (r: EntityRuleFields): ReadonlyArray<Issue> => {
  const issues: Issue[] = []
  if (r.selector !== undefined && r.selector.includes('global(')) issues.push({ path: ['selector'], message: GLOBAL_ONLY_IN_NAMESPACE_SELECTOR })
  if (r.namespaceSelector !== undefined && r.namespaceSelector.includes('global(') && !GLOBAL_ALONE.test(r.namespaceSelector)) {
    issues.push({ path: ['namespaceSelector'], message: 'global() cannot be combined with other selectors' })
  }
  if (r.services !== undefined) {
    if (nonEmpty(r.namespaceSelector)) issues.push({ path: [], message: 'cannot specify NamespaceSelector and Services on the same rule' })
    if (r.serviceAccounts !== undefined) issues.push({ path: [], message: 'cannot specify ServiceAccounts and Services on the same rule' })
    if (!nonEmpty(r.services.name)) issues.push({ path: [], message: 'services must specify a service name' })
    if (nonEmpty(r.selector) || nonEmpty(r.notSelector)) issues.push({ path: [], message: 'cannot specify Selector/NotSelector and Services on the same rule' })
    if (someItems(r.nets) || someItems(r.notNets)) issues.push({ path: [], message: 'cannot specify Nets/NotNets and Services on the same rule' })
  }
  return issues
}

const EntityRuleFields = strict(
  'EntityRule',
  {},
  {
    nets: boundedList(Cidr, 256),
    notNets: boundedList(Cidr, 256),
    selector: SelectorText,
    notSelector: SelectorText,
    namespaceSelector: SelectorText,
    serviceAccounts: ServiceAccountMatch,
    services: ServiceMatch,
    ports: boundedList(Port, 50),
    notPorts: boundedList(Port, 50),
  },
)
type EntityRuleFields = t.TypeOf<typeof EntityRuleFields>

/**
 * The source or destination criteria of a rule. Nets are canonical CIDRs (a bare IP becomes a
 * /32 or /128; host bits are an error), ports are decoded {@link Port}s.
 * @example
 * ```ts
 * EntityRule.decode({ nets: ['10.0.0.0/8'], ports: [80, '8080:8089'] })
 * ```
 * @since 0.1.0
 */
export const EntityRule = withChecks(EntityRuleFields, entityRuleIssues)
/**
 * The source or destination criteria of a rule.
 * @example
 * ```ts
 * const e: EntityRule = { selector: "app == 'web'" }
 * ```
 * @since 0.1.0
 */
export type EntityRule = t.TypeOf<typeof EntityRule>
