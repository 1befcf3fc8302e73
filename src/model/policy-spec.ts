/**
 * The parts shared by the Calico policy kinds (GlobalNetworkPolicy, NetworkPolicy and their staged
 * variants): policy types, performance hints, the spec-level checks of docs/reference.md §1.13 and
 * the client-path defaulting of §2.1 / §2.2.
 *
 * **Where checks live.** Spec checks run inside the spec codec, so they are reported even when
 * `metadata` has problems too; paths are relative to the resource root (`['spec', 'types']`).
 * Checks that Calico does with CEL (V1–V5) always run; checks that Calico's Go validator does on
 * the policy (V8, V28–V30, V33) are skipped for a staged policy whose `stagedAction` is `Delete`,
 * which instead must have an otherwise empty spec (V38), exactly as Calico does.
 *
 * **Defaulting** (the client / API-server path, applied by each kind's `decode`): an empty or
 * absent `types` is derived from the rules (no egress rules: `[Ingress]`; egress rules only:
 * `[Egress]`; both: `[Ingress, Egress]`); an empty or absent `tier` becomes `default`; the label
 * `projectcalico.org/tier=<tier>` is set (overwriting any other value); a staged policy's absent
 * `stagedAction` becomes `Set`, and a `Delete` staged policy loses its `types`.
 *
 * **Selectors** are kept as text. Their syntax (V37) is not checked here because the model does
 * not depend on the selector module; {@link policySelectors} lists every selector of a policy
 * with its path so that the caller can parse them and report errors in place.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import * as t from 'io-ts'
import type { Path } from '../errors.js'
import { boundedList, strict, withChecks } from './codec.js'
import { GLOBAL_ONLY_IN_NAMESPACE_SELECTOR, SelectorText, type EntityRule } from './entity-rule.js'
import type { Issue } from './kind.js'
import type { LabelMap, ObjectMeta } from './metadata.js'
import { Rule } from './rule.js'
import { pushAll } from '../internal/array.js'

/**
 * A direction a policy governs: `Ingress` or `Egress`.
 * @example
 * ```ts
 * PolicyType.is('Egress') // true
 * ```
 * @since 0.1.0
 */
export const PolicyType = t.keyof({ Ingress: null, Egress: null })
/**
 * A direction a policy governs.
 * @example
 * ```ts
 * const d: PolicyType = 'Ingress'
 * ```
 * @since 0.1.0
 */
export type PolicyType = t.TypeOf<typeof PolicyType>

/**
 * A hint to Felix's policy engine; only `AssumeNeededOnEveryNode` exists. No enforcement effect.
 * @example
 * ```ts
 * PerformanceHint.is('AssumeNeededOnEveryNode') // true
 * ```
 * @since 0.1.0
 */
export const PerformanceHint = t.keyof({ AssumeNeededOnEveryNode: null })
/**
 * A performance hint.
 * @example
 * ```ts
 * const h: PerformanceHint = 'AssumeNeededOnEveryNode'
 * ```
 * @since 0.1.0
 */
export type PerformanceHint = t.TypeOf<typeof PerformanceHint>

/**
 * What a staged policy would do: `Set` (add or replace the enforced policy), `Delete`, `Learn` or
 * `Ignore`.
 * @example
 * ```ts
 * StagedAction.is('Delete') // true
 * ```
 * @since 0.1.0
 */
export const StagedAction = t.keyof({ Set: null, Delete: null, Learn: null, Ignore: null })
/**
 * What a staged policy would do.
 * @example
 * ```ts
 * const a: StagedAction = 'Set'
 * ```
 * @since 0.1.0
 */
export type StagedAction = t.TypeOf<typeof StagedAction>

/**
 * The label that records a policy's tier (set by defaulting; no enforcement effect).
 * @example
 * ```ts
 * TIER_LABEL // 'projectcalico.org/tier'
 * ```
 * @since 0.1.0
 */
export const TIER_LABEL = 'projectcalico.org/tier'

/**
 * The tier a policy without `tier` belongs to.
 * @example
 * ```ts
 * DEFAULT_TIER // 'default'
 * ```
 * @since 0.1.0
 */
export const DEFAULT_TIER = 'default'

const FiniteNumber = new t.Type<number, number, unknown>(
  'number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c, 'a number')),
  (n) => n,
)

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`
const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN_FMT}$`)

/** A tier reference: empty, or a name as Calico's `name` field rule checks it. */
const TierName = withChecks(t.string as t.Type<string, string, unknown>, (s) =>
  s === '' || SUBDOMAIN_RE.test(s) ? [] : [{ path: [], message: `must consist of lower case alphanumeric characters, '-' or '.' (regex: ${SUBDOMAIN_FMT})` }],
)

/**
 * The spec fields every Calico policy kind has, in the form they are written.
 * @internal
 */
export const commonSpecFields = {
  tier: TierName,
  order: FiniteNumber,
  selector: SelectorText,
  serviceAccountSelector: SelectorText,
  types: boundedList(PolicyType, 2),
  ingress: boundedList(Rule, 1024),
  egress: boundedList(Rule, 1024),
  performanceHints: t.readonlyArray(PerformanceHint),
}

/**
 * The extra spec fields of the global kinds.
 * @internal
 */
export const globalSpecFields = {
  namespaceSelector: SelectorText,
  doNotTrack: t.boolean,
  preDNAT: t.boolean,
  applyOnForward: t.boolean,
}

/** The shape the checks read (every field optional, as decoded). */
/**
 * The view of a policy spec that the shared checks and {@link policySelectors} read: every
 * field optional, as decoded.
 * @example
 * ```ts
 * const v: SpecView = { selector: 'all()', types: ['Ingress'] }
 * ```
 * @since 0.1.0
 */
export interface SpecView {
  readonly tier?: string
  readonly selector?: string
  readonly serviceAccountSelector?: string
  readonly namespaceSelector?: string
  readonly types?: ReadonlyArray<PolicyType>
  readonly ingress?: ReadonlyArray<Rule>
  readonly egress?: ReadonlyArray<Rule>
  readonly performanceHints?: ReadonlyArray<PerformanceHint>
  readonly doNotTrack?: boolean
  readonly preDNAT?: boolean
  readonly applyOnForward?: boolean
  readonly stagedAction?: StagedAction
}

/**
 * The `types` Calico's client derives for a policy without types (docs/reference.md §2.1): no
 * egress rules gives `[Ingress]` (even with no ingress rules either), egress rules only `[Egress]`,
 * both `[Ingress, Egress]`.
 * @example
 * ```ts
 * defaultTypes([], [{ action: 'Allow' }]) // ['Egress']
 * ```
 * @since 0.1.0
 */
export const defaultTypes = (ingress: ReadonlyArray<unknown>, egress: ReadonlyArray<unknown>): ReadonlyArray<PolicyType> =>
  egress.length === 0 ? ['Ingress'] : ingress.length === 0 ? ['Egress'] : ['Ingress', 'Egress']

const effectiveTypes = (s: SpecView): ReadonlyArray<PolicyType> =>
  s.types !== undefined && s.types.length > 0 ? s.types : defaultTypes(s.ingress ?? [], s.egress ?? [])

/** Checks Calico runs as CEL rules on a global policy spec (V1–V4). */
const forwardingIssues = (s: SpecView): ReadonlyArray<Issue> => {
  const issues: Issue[] = []
  if (s.preDNAT === true && s.doNotTrack === true) issues.push({ path: ['doNotTrack'], message: 'preDNAT and doNotTrack cannot both be true' })
  if (s.preDNAT === true && (s.egress ?? []).length > 0) issues.push({ path: ['egress'], message: 'preDNAT policy cannot have any egress rules' })
  if (s.preDNAT === true && effectiveTypes(s).includes('Egress')) issues.push({ path: ['types'], message: "preDNAT policy cannot have 'Egress' type" })
  if ((s.preDNAT === true || s.doNotTrack === true) && s.applyOnForward !== true) {
    issues.push({ path: ['applyOnForward'], message: 'applyOnForward must be true if either preDNAT or doNotTrack is true' })
  }
  return issues
}

/** V5: `global()` in a policy-level selector. */
const globalSelectorIssues = (s: SpecView): ReadonlyArray<Issue> =>
  (['selector', 'serviceAccountSelector', 'namespaceSelector'] as const)
    .filter((f) => s[f]?.includes('global(') === true)
    .map((f) => ({ path: [f], message: GLOBAL_ONLY_IN_NAMESPACE_SELECTOR }))

/** Which kind's wording and rules the Go policy checks use. */
type Scope = 'Global' | 'Namespaced'

/** Checks Calico's Go validator runs on a policy spec (V8, V28–V30, V33, and V35's uniqueness). */
const policyIssues = (scope: Scope, s: SpecView): ReadonlyArray<Issue> => {
  const issues: Issue[] = []
  const seen = new Set<string>()
  for (const ty of s.types ?? []) {
    if (seen.has(ty)) issues.push({ path: ['types'], message: `'${ty}' type specified more than once` })
    seen.add(ty)
  }
  const hints = new Set<string>()
  ;(s.performanceHints ?? []).forEach((h, i) => {
    if (hints.has(h)) issues.push({ path: ['performanceHints', i], message: `Duplicate value: ${JSON.stringify(h)}` })
    hints.add(h)
  })
  ;(s.egress ?? []).forEach((r, i) => {
    if (r.source?.services !== undefined) issues.push({ path: ['egress', i, 'source', 'services'], message: 'not allowed in egress rule source' })
    if (r.http !== undefined) issues.push({ path: ['egress', i, 'http'], message: scope === 'Global' ? 'not allowed in egress rules' : 'not allowed in egress rule' })
  })
  ;(s.ingress ?? []).forEach((r, i) => {
    if (r.destination?.services !== undefined) issues.push({ path: ['ingress', i, 'destination', 'services'], message: 'not allowed in ingress rule destination' })
  })
  if (scope === 'Global') {
    // At global scope a service name is not qualified by the policy's namespace (V30).
    ;(s.egress ?? []).forEach((r, i) => {
      const svc = r.destination?.services
      if (svc !== undefined && (svc.namespace ?? '') === '') issues.push({ path: ['egress', i, 'destination', 'services', 'namespace'], message: 'must specify a namespace' })
    })
    ;(s.ingress ?? []).forEach((r, i) => {
      const svc = r.source?.services
      if (svc !== undefined && (svc.namespace ?? '') === '') issues.push({ path: ['ingress', i, 'source', 'services', 'namespace'], message: 'must specify a namespace' })
    })
  }
  return issues
}

/**
 * Whether a decoded value is Go's zero value as far as Calico's `Delete` check can tell:
 * absent, `""`, `false`, or an object whose fields are all zero. Numbers (pointers in Go) and
 * lists, even empty ones, are not zero.
 * @internal
 */
export const isZero = (u: unknown): boolean => {
  if (u === undefined || u === null || u === '' || u === false) return true
  if (typeof u !== 'object' || Array.isArray(u)) return false
  return Object.values(u).every(isZero)
}

/** V38 for the Calico staged kinds: every field but `stagedAction`, `tier` (and `types`, cleared by defaulting) is zero. */
const stagedDeleteIssues = (s: Readonly<Record<string, unknown>>): ReadonlyArray<Issue> =>
  Object.entries(s).every(([k, v]) => k === 'stagedAction' || k === 'tier' || k === 'types' || isZero(v))
    ? []
    : [{ path: [], message: 'Spec fields, except Tier, should all be zero-value if stagedAction is Delete' }]

/**
 * The spec-level checks of a Calico policy kind: CEL rules (V1–V5) and, unless the policy is a
 * staged `Delete`, the Go policy rules (V8, V28–V30, V33, V35); a staged `Delete` instead gets
 * the V38 check. Paths are relative to the spec.
 * @internal
 */
export const specIssues =
  (scope: Scope) =>
  (s: SpecView): ReadonlyArray<Issue> => [
    ...(scope === 'Global' ? forwardingIssues(s) : []),
    ...globalSelectorIssues(s),
    ...(s.stagedAction === 'Delete' ? stagedDeleteIssues(s as Readonly<Record<string, unknown>>) : policyIssues(scope, s)),
  ]

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null && !Array.isArray(u)

/**
 * What the spec checks can see of a spec that did not decode: every field that decodes on its own;
 * rule lists keep their length, with rules that do not decode standing in as bare `Allow` rules;
 * `types` keeps its valid entries. This lets the spec-level checks report alongside field errors.
 */
const lenientView = (fields: t.Props, u: unknown): SpecView => {
  if (!isRecord(u)) return {}
  const out: Record<string, unknown> = {}
  for (const [k, codec] of Object.entries(fields)) {
    const v = u[k]
    if (v === undefined || v === null) continue
    const r = codec.decode(v)
    if (r._tag === 'Right') out[k] = r.right
    else if ((k === 'ingress' || k === 'egress') && Array.isArray(v)) out[k] = v.map((x) => { const rr = Rule.decode(x); return rr._tag === 'Right' ? rr.right : { action: 'Allow' } })
    else if (k === 'types' && Array.isArray(v)) out[k] = v.filter((x) => PolicyType.is(x))
  }
  return out
}

/**
 * A spec codec with the checks of {@link specIssues}; the checks also run (on what can be read)
 * when some fields fail to decode, so every problem is reported at once.
 * @internal
 */
export const policySpec = <P extends t.Props>(name: string, scope: Scope, fields: P) => {
  const base = strict(name, {}, fields)
  const check = specIssues(scope)
  const checked = withChecks(base, check)
  return new t.Type<t.TypeOf<typeof base>, unknown, unknown>(
    name,
    checked.is,
    (u, c) => {
      const r = base.validate(u, c)
      if (r._tag === 'Right') return checked.validate(u, c)
      const issues = check(lenientView(fields, u))
      if (issues.length === 0) return r
      const extra = withChecks(t.unknown, () => issues).validate(u, c)
      return t.failures([...r.left, ...(extra._tag === 'Left' ? extra.left : [])])
    },
    t.identity,
  )
}

/**
 * Applies the client-path defaulting to a decoded spec: `tier` (empty or absent becomes
 * `default`) and `types` (empty or absent is derived from the rules). Staged `Delete` specs keep
 * no `types`.
 * @internal
 */
export const defaultSpec = <S extends SpecView>(
  s: S,
): Omit<S, 'tier' | 'types'> & { readonly tier: string; readonly types: ReadonlyArray<PolicyType> } => {
  const tier = s.tier === undefined || s.tier === '' ? DEFAULT_TIER : s.tier
  return { ...s, tier, types: s.stagedAction === 'Delete' ? [] : effectiveTypes(s) }
}

/**
 * Sets the `projectcalico.org/tier` label on a policy's metadata.
 * @internal
 */
export const withTierLabel = (meta: ObjectMeta, tier: string): ObjectMeta => {
  const labels: LabelMap = { ...(meta.labels ?? {}), [TIER_LABEL]: tier }
  return { ...meta, labels }
}

/**
 * One selector of a policy and where it is.
 * @example
 * ```ts
 * const s: SelectorField = { path: ['spec', 'selector'], selector: "app == 'web'", role: 'Policy' }
 * ```
 * @since 0.1.0
 */
export interface SelectorField {
  readonly path: Path
  readonly selector: string
  /**
   * `Policy` (`spec.selector`), `PolicyNamespace` (`spec.namespaceSelector`),
   * `PolicyServiceAccount` (`spec.serviceAccountSelector`), `Rule` (`selector` / `notSelector`),
   * `RuleNamespace` (rule `namespaceSelector`, where `global()` is allowed alone) or
   * `RuleServiceAccount` (`serviceAccounts.selector`).
   */
  readonly role: 'Policy' | 'PolicyNamespace' | 'PolicyServiceAccount' | 'Rule' | 'RuleNamespace' | 'RuleServiceAccount'
}

const entitySelectors = (e: EntityRule | undefined, at: Path): ReadonlyArray<SelectorField> => {
  if (e === undefined) return []
  const out: SelectorField[] = []
  if (e.selector !== undefined) out.push({ path: [...at, 'selector'], selector: e.selector, role: 'Rule' })
  if (e.notSelector !== undefined) out.push({ path: [...at, 'notSelector'], selector: e.notSelector, role: 'Rule' })
  if (e.namespaceSelector !== undefined) out.push({ path: [...at, 'namespaceSelector'], selector: e.namespaceSelector, role: 'RuleNamespace' })
  if (e.serviceAccounts?.selector !== undefined) out.push({ path: [...at, 'serviceAccounts', 'selector'], selector: e.serviceAccounts.selector, role: 'RuleServiceAccount' })
  return out
}

/**
 * Every selector string of a Calico policy (or any value with a policy-like `spec`), with its path
 * from the resource root, so that a caller can parse them all and report syntax errors (V37) in
 * place. Empty selectors are included (they mean `all()`).
 * @example
 * ```ts
 * policySelectors({ spec: { selector: 'all()', ingress: [{ action: 'Allow', source: { selector: "app == 'db'" } }] } })
 * // [{ path: ['spec', 'selector'], selector: 'all()', role: 'Policy' },
 * //  { path: ['spec', 'ingress', 0, 'source', 'selector'], selector: "app == 'db'", role: 'Rule' }]
 * ```
 * @since 0.1.0
 */
export const policySelectors = (policy: { readonly spec: SpecView }): ReadonlyArray<SelectorField> => {
  const s = policy.spec
  const out: SelectorField[] = []
  if (s.selector !== undefined) out.push({ path: ['spec', 'selector'], selector: s.selector, role: 'Policy' })
  if (s.namespaceSelector !== undefined) out.push({ path: ['spec', 'namespaceSelector'], selector: s.namespaceSelector, role: 'PolicyNamespace' })
  if (s.serviceAccountSelector !== undefined) out.push({ path: ['spec', 'serviceAccountSelector'], selector: s.serviceAccountSelector, role: 'PolicyServiceAccount' })
  for (const dir of ['ingress', 'egress'] as const) {
    ;(s[dir] ?? []).forEach((r, i) => {
      pushAll(out, entitySelectors(r.source, ['spec', dir, i, 'source']))
      pushAll(out, entitySelectors(r.destination, ['spec', dir, i, 'destination']))
    })
  }
  return out
}
