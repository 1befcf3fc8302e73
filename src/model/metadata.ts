/**
 * Object metadata shared by every resource: the `ObjectMeta` codec (everything `calicoctl get -o yaml`
 * and `kubectl get -o yaml` print) and the naming, label and annotation rules of docs/reference.md
 * §1.1 and §1.13 (V39, V45, V46), exported as reusable functions and codecs.
 *
 * Messages are Calico's (`name is too long by 3 bytes`) or Kubernetes' own wording (label keys and
 * values are checked with the Kubernetes qualified-name rules, whose messages Calico passes on).
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import * as t from 'io-ts'
import { failInvalid, strict } from './codec.js'
import { pushAll } from '../internal/array.js'

/** The validation errors of one `Invalid` message at context `c`. */
const invalidAt = (u: unknown, c: t.Context, message: string): t.Errors => {
  const r = failInvalid<never>(u, c, message)
  return r._tag === 'Left' ? r.left : []
}

// ---------------------------------------------------------------------------------------------
// Character-level helpers
// ---------------------------------------------------------------------------------------------

/**
 * The number of bytes `s` takes in UTF-8 (Go's `len` of a string, which Calico's length limits use).
 * @example
 * ```ts
 * utf8Length('añb') // 4
 * ```
 * @since 0.1.0
 */
export const utf8Length = (s: string): number => {
  let n = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return n
}

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`
const LABEL_RE = new RegExp(`^${LABEL_FMT}$`)
const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN_FMT}$`)
const GNP_NAME_RE = new RegExp(`^(${LABEL_FMT}\\.)?${LABEL_FMT}$`)
const NP_NAME_RE = new RegExp(`^((${LABEL_FMT})(\\.${LABEL_FMT})?|((?:knp|ossg)\\.default\\.(${SUBDOMAIN_FMT})))$`)

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const QNAME_RE = new RegExp(`^${QNAME_FMT}$`)
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`)

/** Kubernetes' `RegexError`: the message, examples and the regular expression used. */
const regexError = (msg: string, fmt: string, ...examples: ReadonlyArray<string>): string =>
  examples.length === 0
    ? `${msg} (regex used for validation is '${fmt}')`
    : `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`

const maxLenError = (n: number): string => `must be no more than ${n} characters`

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

/**
 * Kubernetes' DNS-1123 subdomain check (≤ 253 characters, lowercase alphanumerics, `-` and `.`);
 * returns Kubernetes' messages, empty when valid.
 * @example
 * ```ts
 * dns1123SubdomainErrors('example.com') // []
 * ```
 * @since 0.1.0
 */
export const dns1123SubdomainErrors = (value: string): ReadonlyArray<string> => [
  ...(value.length > 253 ? [maxLenError(253)] : []),
  ...(SUBDOMAIN_RE.test(value) ? [] : [regexError(DNS1123_SUBDOMAIN_MSG, SUBDOMAIN_FMT, 'example.com')]),
]

/**
 * Kubernetes' DNS-1123 label check (≤ 63 characters, lowercase alphanumerics and `-`); returns
 * Kubernetes' messages, empty when valid.
 * @example
 * ```ts
 * dns1123LabelErrors('kube-system') // []
 * ```
 * @since 0.1.0
 */
export const dns1123LabelErrors = (value: string): ReadonlyArray<string> => [
  ...(value.length > 63 ? [maxLenError(63)] : []),
  ...(LABEL_RE.test(value) ? [] : [regexError(DNS1123_LABEL_MSG, LABEL_FMT, 'my-name', '123-abc')]),
]

/**
 * Kubernetes' qualified-name check used for label and annotation keys: an optional DNS-1123
 * subdomain prefix and `/`, then a name of at most 63 alphanumerics, `-`, `_` or `.` that starts
 * and ends with an alphanumeric. Returns Kubernetes' messages, empty when valid.
 * @example
 * ```ts
 * qualifiedNameErrors('projectcalico.org/tier') // []
 * qualifiedNameErrors('a/b/c').length // 1
 * ```
 * @since 0.1.0
 */
export const qualifiedNameErrors = (value: string): ReadonlyArray<string> => {
  const parts = value.split('/')
  const errs: string[] = []
  let name: string
  if (parts.length === 1) name = parts[0] ?? ''
  else if (parts.length === 2) {
    const prefix = parts[0] ?? ''
    name = parts[1] ?? ''
    if (prefix.length === 0) errs.push('prefix part must be non-empty')
    else pushAll(errs, dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`))
  } else {
    return [
      `a qualified name ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]
  }
  if (name.length === 0) errs.push('name part must be non-empty')
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`)
  if (!QNAME_RE.test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`)
  return errs
}

/**
 * Kubernetes' label-value check (empty, or ≤ 63 alphanumerics, `-`, `_`, `.` starting and ending
 * with an alphanumeric); returns Kubernetes' messages, empty when valid.
 * @example
 * ```ts
 * labelValueErrors('') // []
 * labelValueErrors('-bad').length // 1
 * ```
 * @since 0.1.0
 */
export const labelValueErrors = (value: string): ReadonlyArray<string> => [
  ...(value.length > 63 ? [maxLenError(63)] : []),
  ...(LABEL_VALUE_RE.test(value) ? [] : [regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345')]),
]

// ---------------------------------------------------------------------------------------------
// Resource names (§1.1, V39)
// ---------------------------------------------------------------------------------------------

/**
 * Which naming rule a resource kind follows (docs/reference.md §1.1):
 * - `Subdomain`: the generic rule, a DNS-1123 subdomain of at most 253 bytes (most kinds);
 * - `Tier`: a single DNS label of at most 63 bytes;
 * - `GlobalNetworkPolicy`: one label or two labels joined by one dot (GNP, staged GNP);
 * - `NetworkPolicy`: one label, `label.label`, or `knp.default.`/`ossg.default.` plus a subdomain
 *   (NetworkPolicy, staged NetworkPolicy);
 * - `KubernetesLabel`: Kubernetes' DNS-1123 label rule with Kubernetes' messages (v1 Namespace);
 * - `KubernetesSubdomain`: Kubernetes' DNS-1123 subdomain rule with Kubernetes' messages (v1
 *   ServiceAccount, Kubernetes NetworkPolicy).
 * @since 0.1.0
 */
export type NameRule = 'Subdomain' | 'Tier' | 'GlobalNetworkPolicy' | 'NetworkPolicy' | 'KubernetesLabel' | 'KubernetesSubdomain'

const SUBDOMAIN_NAME_MSG = `name must consist of lower case alphanumeric characters, '-' or '.' (regex: ${SUBDOMAIN_FMT})`
const LABEL_NAME_MSG = `name must consist of lower case alphanumeric characters or '-' (regex: ${LABEL_FMT})`

const tooLong = (name: string, max: number): ReadonlyArray<string> => {
  const n = utf8Length(name)
  return n > max ? [`name is too long by ${n - max} bytes`] : []
}

/**
 * Checks a resource name against a {@link NameRule}, returning Calico's messages (empty when the
 * name is valid). Calico reports both a length and a syntax problem when both apply.
 * @example
 * ```ts
 * nameErrors('Subdomain')('my_host') // ["name must consist of lower case alphanumeric characters, '-' or '.' (regex: ...)"]
 * nameErrors('Tier')('security') // []
 * nameErrors('GlobalNetworkPolicy')('a.b.c').length // 1
 * ```
 * @since 0.1.0
 */
export const nameErrors =
  (rule: NameRule) =>
  (name: string): ReadonlyArray<string> => {
    switch (rule) {
      case 'Subdomain':
        return [...tooLong(name, 253), ...(SUBDOMAIN_RE.test(name) ? [] : [SUBDOMAIN_NAME_MSG])]
      case 'Tier':
        return [...tooLong(name, 63), ...(LABEL_RE.test(name) ? [] : [LABEL_NAME_MSG])]
      case 'GlobalNetworkPolicy':
        return [...tooLong(name, 253), ...(GNP_NAME_RE.test(name) ? [] : [LABEL_NAME_MSG])]
      case 'NetworkPolicy':
        return [...tooLong(name, 253), ...(NP_NAME_RE.test(name) ? [] : [LABEL_NAME_MSG])]
      case 'KubernetesLabel':
        return dns1123LabelErrors(name)
      case 'KubernetesSubdomain':
        return dns1123SubdomainErrors(name)
    }
  }

/**
 * A resource-name codec for a {@link NameRule}: a string that passes the rule; each problem is an
 * `Invalid` error at the name's path.
 * @example
 * ```ts
 * decodeWith(resourceName('Tier'))('net-sec') // right('net-sec')
 * ```
 * @since 0.1.0
 */
export const resourceName = (rule: NameRule): t.Type<string, unknown, unknown> =>
  new t.Type<string, unknown, unknown>(
    `Name(${rule})`,
    (u): u is string => typeof u === 'string' && nameErrors(rule)(u).length === 0,
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, 'a string')
      if (u === '') return failInvalid(u, c, 'name must be specified')
      const errs = nameErrors(rule)(u)
      return errs.length === 0 ? t.success(u) : t.failures(errs.flatMap((m) => invalidAt(u, c, m)))
    },
    t.identity,
  )

/**
 * A field that holds the name of another resource (a HEP's `node`, an endpoint's `profiles`):
 * empty, or a DNS-1123 subdomain of at most 253 characters (Calico's `name` tag). `what` names
 * the field in the message.
 * @example
 * ```ts
 * decodeWith(referenceName('profile name'))('kns.default') // right('kns.default')
 * ```
 * @since 0.1.0
 */
export const referenceName = (what: string): t.Type<string, unknown, unknown> =>
  new t.Type<string, unknown, unknown>(
    'Name',
    (u): u is string => typeof u === 'string' && (u === '' || (u.length <= 253 && SUBDOMAIN_RE.test(u))),
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, 'a string')
      if (u.length > 253) return failInvalid(u, c, `Too long: may not be more than 253 bytes`)
      return u === '' || SUBDOMAIN_RE.test(u)
        ? t.success(u)
        : failInvalid(u, c, `${what} must consist of lower case alphanumeric characters, '-' or '.' (regex: ${SUBDOMAIN_FMT})`)
    },
    t.identity,
  )

// ---------------------------------------------------------------------------------------------
// Labels and annotations (V45, V46)
// ---------------------------------------------------------------------------------------------

/**
 * A label map as it is used by selectors.
 * @since 0.1.0
 */
export type LabelMap = Readonly<Record<string, string>>

const isStringRecord = (u: unknown): u is LabelMap =>
  typeof u === 'object' && u !== null && !Array.isArray(u) && Object.values(u).every((v) => typeof v === 'string')

const childContext = (c: t.Context, key: string, actual: unknown): t.Context => [...c, { key, type: t.string, actual }]

/**
 * A map of string keys to string values; every non-string value is a `Decode` error at its key.
 * @internal
 */
const stringMap = (
  name: string,
  check: (m: LabelMap, c: t.Context) => ReadonlyArray<t.ValidationError>,
): t.Type<LabelMap, unknown, unknown> =>
  new t.Type<LabelMap, unknown, unknown>(
    name,
    isStringRecord,
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, 'an object')
      const errors: t.ValidationError[] = []
      const entries: Array<readonly [string, string]> = []
      for (const [k, v] of Object.entries(u)) {
        if (typeof v !== 'string') errors.push({ value: v, context: childContext(c, k, v), message: 'a string' })
        else entries.push([k, v])
      }
      // fromEntries defines own properties, so `__proto__` and `constructor` stay ordinary keys
      // (and are then reported by the key check); `out[k] = v` would set the prototype instead.
      const out: Record<string, string> = Object.fromEntries(entries)
      pushAll(errors, check(out, c))
      return errors.length > 0 ? t.failures(errors) : t.success(out)
    },
    t.identity,
  )

/**
 * Problems with one label (key and value), as Calico reports them (V45): Kubernetes'
 * qualified-name messages for the key and label-value messages for the value.
 * @example
 * ```ts
 * labelErrors('app', 'web') // []
 * labelErrors('-app', 'web') // ['invalid label key "-app": name part must consist of ...']
 * ```
 * @since 0.1.0
 */
export const labelErrors = (key: string, value: string): ReadonlyArray<string> => [
  ...qualifiedNameErrors(key).map((m) => `invalid label key ${JSON.stringify(key)}: ${m}`),
  ...labelValueErrors(value).map((m) => `invalid label value ${JSON.stringify(value)}: ${m}`),
]

/**
 * Labels (`metadata.labels`, a profile's `labelsToApply`): string keys and values that pass the
 * Kubernetes label rules; each problem is an `Invalid` error at `…labels["key"]`.
 * @example
 * ```ts
 * decodeWith(Labels)({ app: 'web' }) // right({ app: 'web' })
 * ```
 * @since 0.1.0
 */
export const Labels: t.Type<LabelMap, unknown, unknown> = stringMap('Labels', (m, c) =>
  Object.entries(m).flatMap(([k, v]) =>
    labelErrors(k, v).flatMap((message) => invalidAt(v, childContext(c, k, v), message)),
  ),
)

/**
 * Labels as a type.
 * @since 0.1.0
 */
export type Labels = t.TypeOf<typeof Labels>

/** Calico's limit on the total size of a resource's annotations: 256 KiB of keys and values. */
const ANNOTATION_LIMIT = 256 * 1024

/**
 * Problems with an annotation map, as Calico reports them (V46): each key (lowercased first, as
 * Calico does) must be a Kubernetes qualified name, and all keys and values together must fit in
 * 256 KiB. Keyed problems carry the key; the size problem has key `undefined`.
 * @example
 * ```ts
 * annotationErrors({ 'example.com/owner': 'team-a' }) // []
 * annotationErrors({ 'a/b/c': '' })[0]?.key // 'a/b/c'
 * ```
 * @since 0.1.0
 */
export const annotationErrors = (
  annotations: LabelMap,
): ReadonlyArray<{ readonly key: string | undefined; readonly message: string }> => {
  const out: Array<{ readonly key: string | undefined; readonly message: string }> = []
  let total = 0
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of qualifiedNameErrors(k.toLowerCase())) out.push({ key: k, message: `invalid annotation key ${JSON.stringify(k)}: ${m}` })
    total += utf8Length(k) + utf8Length(v)
  }
  if (total > ANNOTATION_LIMIT) out.push({ key: undefined, message: `total size of annotations is too large by ${total - ANNOTATION_LIMIT} bytes` })
  return out
}

/**
 * Annotations (`metadata.annotations`, a rule's `metadata.annotations`): string keys and values,
 * keys that are qualified names, at most 256 KiB in total (V46).
 * @example
 * ```ts
 * decodeWith(Annotations)({ 'example.com/owner': 'team-a' }) // right({ 'example.com/owner': 'team-a' })
 * ```
 * @since 0.1.0
 */
export const Annotations: t.Type<LabelMap, unknown, unknown> = stringMap('Annotations', (m, c) =>
  annotationErrors(m).flatMap(({ key, message }) =>
    key === undefined ? invalidAt(m, c, message) : invalidAt(m[key], childContext(c, key, m[key]), message),
  ),
)

/**
 * Annotations as a type.
 * @since 0.1.0
 */
export type Annotations = t.TypeOf<typeof Annotations>

// ---------------------------------------------------------------------------------------------
// ObjectMeta
// ---------------------------------------------------------------------------------------------

const Int = new t.Type<number, unknown, unknown>(
  'Int',
  (u): u is number => typeof u === 'number' && Number.isInteger(u),
  (u, c) => (typeof u === 'number' && Number.isInteger(u) ? t.success(u) : t.failure(u, c, 'an integer')),
  t.identity,
)

/**
 * A Kubernetes timestamp (`creationTimestamp`, `deletionTimestamp`, `managedFields[].time`): an
 * RFC 3339 string as printed by calicoctl/kubectl (a `Date`, as some YAML readers produce, is
 * turned back into its ISO string).
 * @internal
 */
const Timestamp = new t.Type<string, unknown, unknown>(
  'Timestamp',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    if (u instanceof Date && !Number.isNaN(u.getTime())) return t.success(u.toISOString().replace('.000Z', 'Z'))
    if (typeof u === 'string' && /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(u)) return t.success(u)
    return t.failure(u, c, 'an RFC 3339 timestamp')
  },
  t.identity,
)

/**
 * A reference to an owning object (`metadata.ownerReferences[]`).
 * @since 0.1.0
 */
export const OwnerReference = strict(
  'OwnerReference',
  { apiVersion: t.string, kind: t.string, name: t.string, uid: t.string },
  { controller: t.boolean, blockOwnerDeletion: t.boolean },
)

/**
 * An owner reference as a type.
 * @since 0.1.0
 */
export type OwnerReference = t.TypeOf<typeof OwnerReference>

/**
 * One server-side-apply record (`metadata.managedFields[]`); `fieldsV1` is kept as an opaque object.
 * @since 0.1.0
 */
export const ManagedFieldsEntry = strict(
  'ManagedFieldsEntry',
  {},
  {
    manager: t.string,
    operation: t.string,
    apiVersion: t.string,
    time: Timestamp,
    fieldsType: t.string,
    fieldsV1: t.UnknownRecord,
    subresource: t.string,
  },
)

/**
 * A managed-fields entry as a type.
 * @since 0.1.0
 */
export type ManagedFieldsEntry = t.TypeOf<typeof ManagedFieldsEntry>

const metaOptional = {
  namespace: t.string,
  labels: Labels,
  annotations: Annotations,
  uid: t.string,
  resourceVersion: t.string,
  creationTimestamp: Timestamp,
  generation: Int,
  generateName: t.string,
  finalizers: t.readonlyArray(t.string),
  ownerReferences: t.readonlyArray(OwnerReference),
  managedFields: t.readonlyArray(ManagedFieldsEntry),
  deletionTimestamp: Timestamp,
  deletionGracePeriodSeconds: Int,
  selfLink: t.string,
}

/**
 * The `metadata` codec for a kind whose names follow `rule`: every field calicoctl and kubectl
 * print (`name`, `namespace`, `labels`, `annotations`, `uid`, `resourceVersion`,
 * `creationTimestamp`, `generation`, `generateName`, `finalizers`, `ownerReferences`,
 * `managedFields`, `deletionTimestamp`, `deletionGracePeriodSeconds`, `selfLink`); unknown fields
 * are errors; `name` is required and checked against the rule, labels and annotations against
 * V45/V46. Scope (whether `namespace` is allowed) is checked separately, when the resource's kind is known.
 * @example
 * ```ts
 * decodeWith(objectMeta('Tier'))({ name: 'security', labels: { team: 'sec' } })
 * // right({ name: 'security', labels: { team: 'sec' } })
 * ```
 * @since 0.1.0
 */
export const objectMeta = (rule: NameRule) => strict('ObjectMeta', { name: resourceName(rule) }, metaOptional)

/**
 * The generic `metadata` codec (names are DNS-1123 subdomains).
 * @example
 * ```ts
 * decodeWith(ObjectMeta)({ name: 'eth0.node1' }) // right({ name: 'eth0.node1' })
 * ```
 * @since 0.1.0
 */
export const ObjectMeta = objectMeta('Subdomain')

/**
 * Object metadata as a type.
 * @since 0.1.0
 */
export type ObjectMeta = t.TypeOf<typeof ObjectMeta>

/**
 * Whether a kind lives in a namespace (`Namespaced`) or in the whole cluster (`Cluster`).
 * @since 0.1.0
 */
export type Scope = 'Namespaced' | 'Cluster'

/**
 * The namespace calicoctl and kubectl use when a namespaced resource does not name one.
 * @since 0.1.0
 */
export const DEFAULT_NAMESPACE = 'default'

/**
 * Applies the scope rules to decoded metadata: a namespaced resource without a namespace is put
 * in `default` (as calicoctl and kubectl do); a namespace on a cluster-scoped kind is an error
 * (calico-policy's decision: kubectl silently drops it, which hides mistakes); a namespace name
 * must be a DNS-1123 label.
 * @example
 * ```ts
 * applyScope('Namespaced', 'NetworkSet')({ name: 'x' }) // right({ name: 'x', namespace: 'default' })
 * ```
 * @since 0.1.0
 */
export const applyScope =
  (scope: Scope, kind: string) =>
  (meta: ObjectMeta): { readonly meta: ObjectMeta; readonly errors: ReadonlyArray<{ readonly path: ReadonlyArray<string>; readonly message: string }> } => {
    if (scope === 'Cluster') {
      return meta.namespace === undefined || meta.namespace === ''
        ? { meta: withoutNamespace(meta), errors: [] }
        : { meta, errors: [{ path: ['metadata', 'namespace'], message: `${kind} is cluster-scoped and cannot have a namespace` }] }
    }
    const namespace = meta.namespace === undefined || meta.namespace === '' ? DEFAULT_NAMESPACE : meta.namespace
    const errors = dns1123LabelErrors(namespace).map((m) => ({ path: ['metadata', 'namespace'], message: `invalid namespace ${JSON.stringify(namespace)}: ${m}` }))
    return { meta: { ...meta, namespace }, errors }
  }

const withoutNamespace = (meta: ObjectMeta): ObjectMeta => {
  if (!('namespace' in meta)) return meta
  const { namespace: _namespace, ...rest } = meta
  return rest
}
