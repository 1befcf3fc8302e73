/**
 * Reading resources from text: YAML (one or many documents) or JSON, single resources or lists,
 * exactly as `calicoctl get -o yaml|json` and `kubectl get -o yaml|json` print them.
 * @module
 */
import { parseDocument } from 'yaml'
import { prefixPath, withOrigin, type CalicoError, type Origin } from '../errors.js'
import { pushAll } from '../internal/array.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import { scanJson } from './json-scan.js'
import { decodeResource, kindInfo, unsupportedKind, type Resource } from './resource.js'
import { MAX_RULES, scanYaml } from './yaml-scan.js'
import { toValue, type FloatSite } from './yaml-value.js'

/**
 * Options of {@link load}: `file` names the source in every error's origin; `check` is an extra
 * validation run on every resource that decoded (its errors get the resource's origin and, in a
 * list, the `items[i]` path prefix). The package-root `load` passes the selector-syntax check
 * here, which the model layer cannot do itself (the selector module depends on the model).
 * @since 0.1.0
 */
export interface LoadOptions {
  /** The file name put into every error's origin. */
  readonly file?: string
  /** An extra check run on every resource that decoded; its errors are reported like the others. */
  readonly check?: (resource: Resource) => ReadonlyArray<CalicoError>
  /**
   * The largest text accepted, in UTF-8 bytes (default {@link DEFAULT_MAX_BYTES}, 64 MiB); a
   * longer text is one `Parse` error before anything is parsed.
   * @since 0.2.0
   */
  readonly maxBytes?: number
  /**
   * The most YAML documents accepted in one text (default {@link DEFAULT_MAX_DOCUMENTS}); more is one
   * `Parse` error.
   * @since 0.2.0
   */
  readonly maxDocuments?: number
}

/**
 * The default of {@link LoadOptions.maxBytes}: 64 MiB.
 * @example
 * ```ts
 * import { Model } from 'calico-policy'
 * Model.DEFAULT_MAX_BYTES // 67108864
 * ```
 * @since 0.2.0
 */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024

/**
 * The default of {@link LoadOptions.maxDocuments}: 100,000 YAML documents.
 * @example
 * ```ts
 * import { Model } from 'calico-policy'
 * Model.DEFAULT_MAX_DOCUMENTS // 100000
 * ```
 * @since 0.2.0
 */
export const DEFAULT_MAX_DOCUMENTS = 100_000

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const LIST_META_FIELDS: ReadonlySet<string> = new Set(['resourceVersion', 'continue', 'selfLink', 'remainingItemCount'])
const GENERIC_LIST_API_VERSIONS: ReadonlySet<string> = new Set(['v1', 'projectcalico.org/v3'])

/** The origin of one resource (or list item) as far as its raw value tells. */
const originOf = (base: Origin, raw: unknown): Origin => {
  if (!isRecord(raw)) return base
  const meta = isRecord(raw['metadata']) ? raw['metadata'] : {}
  const kind = raw['kind']
  const name = meta['name']
  const namespace = meta['namespace']
  return {
    ...base,
    ...(typeof kind === 'string' && kind !== '' ? { kind } : {}),
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    ...(typeof name === 'string' && name !== '' ? { name } : {}),
  }
}

type Decoded = { readonly resources: ReadonlyArray<Resource>; readonly errors: ReadonlyArray<CalicoError> }

type Check = LoadOptions['check']

const one = (raw: unknown, base: Origin, check: Check): Decoded => {
  const r = decodeResource(raw)
  if (E.isLeft(r)) return { resources: [], errors: r.left.map(withOrigin(originOf(base, raw))) }
  const extra = check === undefined ? [] : check(r.right)
  return extra.length === 0 ? { resources: [r.right], errors: [] } : { resources: [], errors: extra.map(withOrigin(originOf(base, raw))) }
}

/** Whether a document is a list (`kind: List` or `kind: <Kind>List` with `items`). */
const isList = (raw: Record<string, unknown>): boolean => {
  const kind = raw['kind']
  return typeof kind === 'string' && kind.endsWith('List') && 'items' in raw
}

const list = (raw: Record<string, unknown>, base: Origin, check: Check): Decoded => {
  const kind = raw['kind'] as string
  const apiVersion = raw['apiVersion']
  const errors: CalicoError[] = []
  const listOrigin = { ...base, kind }
  // The list envelope.
  for (const key of Object.keys(raw)) {
    if (!['apiVersion', 'kind', 'items', 'metadata'].includes(key)) errors.push({ _tag: 'UnknownField', path: [key], origin: listOrigin })
  }
  const meta = raw['metadata']
  if (isRecord(meta)) {
    for (const key of Object.keys(meta)) if (!LIST_META_FIELDS.has(key)) errors.push({ _tag: 'UnknownField', path: ['metadata', key], origin: listOrigin })
  } else if (meta !== undefined && meta !== null) {
    errors.push({ _tag: 'Decode', path: ['metadata'], expected: 'an object (ListMeta)', actual: meta, origin: listOrigin })
  }
  let itemKind: string | undefined
  if (kind === 'List') {
    if (typeof apiVersion !== 'string' || !GENERIC_LIST_API_VERSIONS.has(apiVersion)) {
      errors.push({ _tag: 'Invalid', path: ['apiVersion'], message: `apiVersion ${JSON.stringify(apiVersion)} is not supported for kind List (expected "v1")`, origin: listOrigin })
    }
  } else {
    itemKind = kind.slice(0, -'List'.length)
    if (typeof apiVersion !== 'string' || kindInfo(apiVersion, itemKind) === undefined) {
      const e = unsupportedKind(apiVersion, itemKind)
      const message = e._tag === 'Invalid' ? e.message.replace(`kind ${itemKind} `, `kind ${kind} `).replace(`kind ${JSON.stringify(itemKind)}`, `kind ${JSON.stringify(kind)}`) : ''
      errors.push({ ...(e._tag === 'Invalid' ? { ...e, message } : e), origin: listOrigin })
      return { resources: [], errors }
    }
  }
  const items = raw['items']
  if (!Array.isArray(items)) {
    errors.push({ _tag: 'Decode', path: ['items'], expected: 'a list', actual: items, origin: listOrigin })
    return { resources: [], errors }
  }
  const resources: Resource[] = []
  items.forEach((item: unknown, i) => {
    let value = item
    if (itemKind !== undefined && isRecord(item)) {
      // Items of a typed list may leave out apiVersion and kind (the API server's own lists do).
      if (item['kind'] !== undefined && item['kind'] !== itemKind) {
        errors.push({
          _tag: 'Invalid',
          path: ['items', i, 'kind'],
          message: `a ${kind} can only hold ${itemKind} items, not ${JSON.stringify(item['kind'])}`,
          origin: originOf(base, item),
        })
        return
      }
      value = { apiVersion, kind: itemKind, ...item }
    }
    const r = one(value, base, check)
    pushAll(resources, r.resources)
    pushAll(errors, r.errors.map(prefixPath(['items', i])))
  })
  return { resources, errors }
}

const document = (raw: unknown, base: Origin, check: Check): Decoded => {
  if (raw === null || raw === undefined) return { resources: [], errors: [] }
  return isRecord(raw) && isList(raw) ? list(raw, base, check) : one(raw, base, check)
}

type Doc =
  | { readonly n: number; readonly value: unknown; readonly floats: ReadonlyArray<FloatSite> }
  | { readonly n: number; readonly errors: ReadonlyArray<CalicoError> }

/** A `Parse` error about the whole text (no position). */
const textError = (message: string, file: string | undefined): CalicoError => ({
  _tag: 'Parse',
  path: [],
  message,
  ...(file === undefined ? {} : { origin: { file } }),
})

/** The UTF-8 length of `text`, counting no further than `limit + 1`. */
const utf8Length = (text: string, limit: number): number => {
  if (text.length > limit) return text.length
  if (text.length * 3 <= limit) return text.length
  let n = 0
  for (let i = 0; i < text.length && n <= limit; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

const errorMessage = (e: unknown): string =>
  ((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '')
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/^Unresolved tag: (?:tag:yaml\.org,2002:)?(.*)$/, (_, tag: string) => `tag ${tag.startsWith('!') ? tag : `!!${tag}`} is not read here (only YAML 1.2 core tags, on values they fit)`)

/** 1-based line and column of offsets in a text (the line index is built on first use). */
const positions = (text: string): ((offset: number) => { readonly line: number; readonly column: number }) => {
  let starts: number[] | undefined
  return (offset) => {
    if (starts === undefined) {
      starts = [0]
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
    }
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 }
  }
}

/** Kinds whose `spec.ingress`/`spec.egress` hold at most `MAX_RULES` rules (`boundedList(Rule, 1024)`). */
const RULE_LIMITED: ReadonlySet<string> = new Set(['GlobalNetworkPolicy', 'NetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedNetworkPolicy', 'Profile'])

// Characters YAML 1.2 does not allow in a stream (C0 controls but tab and line breaks, and DEL).
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/

/** The documents of the text in order with their 1-based numbers; syntax errors as `Parse` errors. */
const documents = (input: string, file: string | undefined, maxDocuments: number): ReadonlyArray<Doc> => {
  const base = file === undefined ? {} : { file }
  // A byte order mark may start any document (YAML 1.2 §9.1.1), as when files are concatenated;
  // one at the start of a line is dropped (columns on that line count from after it).
  const text = input.includes('\ufeff') ? input.replace(/(^|\n)\ufeff+/g, '$1') : input
  const at = positions(text)
  const parseError = (n: number, offset: number, message: string): CalicoError => ({ _tag: 'Parse', path: [], message, ...at(offset), origin: { ...base, document: n } })
  const control = CONTROL.exec(text)
  if (control !== null) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
    return [{ n: 1, errors: [{ ...parseError(1, control.index, `control character U+${code} is not allowed in YAML or JSON text`), origin: { ...base } }] }]
  }
  if (/^\s*[{[]/.test(text)) {
    const json = scanJson(text)
    if (json._tag === 'Error') return [{ n: 1, errors: [parseError(1, json.offset, json.message)] }]
    if (json._tag === 'Json') {
      try {
        return [{ n: 1, value: JSON.parse(text) as unknown, floats: json.floats }]
      } catch (e) {
        return [{ n: 1, errors: [{ _tag: 'Parse', path: [], message: errorMessage(e), origin: { ...base, document: 1 } }] }]
      }
    }
    // Not JSON (YAML flow style, or malformed): the YAML reader says where the problem is.
  }
  const scan = scanYaml(text, maxDocuments)
  if (scan.tooManyDocuments) {
    return [{ n: maxDocuments + 1, errors: [{ _tag: 'Parse', path: [], message: `more than ${maxDocuments} documents (maxDocuments)`, origin: { ...base, document: maxDocuments + 1 } }] }]
  }
  return scan.documents.map((d, i): Doc => {
    const n = i + 1
    if (d.error !== undefined) return { n, errors: [parseError(n, d.error.offset, d.error.message)] }
    if (d.tooManyRules !== undefined && d.apiVersion === 'projectcalico.org/v3' && d.kind !== undefined && RULE_LIMITED.has(d.kind)) {
      // Certain to fail decoding: say so without parsing the whole document (the codec's message).
      const origin = { ...base, document: n, kind: d.kind, ...(d.name === undefined ? {} : { name: d.name }) }
      return { n, errors: [{ _tag: 'Invalid', path: ['spec', d.tooManyRules.key], message: `Too many: ${d.tooManyRules.count}: must have at most ${MAX_RULES} items`, origin }] }
    }
    // `%YAML 1.1` would switch the yaml library to YAML 1.1 whatever its options say: the
    // directive becomes a comment of the same length, so offsets stay the same.
    let source = text.slice(d.start, d.end)
    for (const at of d.yamlDirectives ?? []) source = `${source.slice(0, at - d.start)}#${source.slice(at - d.start + 1)}`
    try {
      // YAML 1.2 whatever the text says (the scan refused other %YAML directives); logLevel
      // 'error': the yaml library must never write process warnings (the library does no I/O).
      const doc = parseDocument(source, { version: '1.2', logLevel: 'error', prettyErrors: false, uniqueKeys: true })
      // Unresolved tags are reported by toValue, with every other tag it does not read.
      const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED')]
      if (problems.length > 0) return { n, errors: problems.map((e) => parseError(n, d.start + e.pos[0], errorMessage(e))) }
      const converted = toValue(doc, source)
      if (converted.errors.length > 0) return { n, errors: converted.errors.map((e) => parseError(n, d.start + e.offset, e.message)) }
      return { n, value: converted.value, floats: converted.floats }
    } catch (e) {
      // The scan keeps inputs that crash the parser away; anything else it throws is still only
      // this document's problem.
      return { n, errors: [parseError(n, d.start, errorMessage(e))] }
    }
  })
}

/** A copy of `value` with the number at each path moved by `delta` (paths through containers only). */
const nudge = (value: unknown, sites: ReadonlyArray<FloatSite>, delta: number): unknown => {
  const setAt = (v: unknown, path: ReadonlyArray<string | number>, i: number): unknown => {
    if (i === path.length) return typeof v === 'number' && Math.abs(v) < 2 ** 42 ? v + delta : v
    const k = path[i] as string | number
    if (Array.isArray(v) && typeof k === 'number') return v.map((x, j) => (j === k ? setAt(x, path, i + 1) : x))
    if (isRecord(v) && typeof k === 'string' && Object.prototype.hasOwnProperty.call(v, k)) {
      const out: Record<string, unknown> = {}
      for (const [key, x] of Object.entries(v)) Object.defineProperty(out, key, { value: key === k ? setAt(x, path, i + 1) : x, enumerable: true, writable: true, configurable: true })
      return out
    }
    return v
  }
  return sites.reduce((acc, s) => setAt(acc, s.path, 0), value)
}

const pathKey = (p: ReadonlyArray<string | number>): string => JSON.stringify(p)

/**
 * Whole numbers written as floats (`22.0`, `1e3`, `!!float 22`) where the field takes an integer:
 * the document decodes again with each such number moved a little either way, and a field that
 * fails both ways (a port, a protocol number, an ICMP type) but not as written, and takes a
 * neighbouring integer, takes integers only.
 * The Kubernetes API server refuses such numbers for integer fields, so they are reported
 * (docs/resources-and-selectors.md, "Numbers").
 */
const floatErrors = (raw: unknown, sites: ReadonlyArray<FloatSite>, base: Origin, check: Check, decoded: Decoded): ReadonlyArray<CalicoError> => {
  const at = (delta: number): Map<string, CalicoError> => new Map(document(nudge(raw, sites, delta), base, check).errors.map((e) => [pathKey(e.path), e]))
  const before = new Map(decoded.errors.map((e) => [pathKey(e.path), e]))
  const up = at(2 ** -10)
  const down = at(-(2 ** -10))
  // An integer field takes a neighbouring integer (a field that takes one value only does not).
  const plusOne = at(1)
  const minusOne = at(-1)
  const out: CalicoError[] = []
  for (const s of sites) {
    const k = pathKey(s.path)
    const e = up.get(k)
    if (e === undefined || !down.has(k) || before.has(k) || (plusOne.has(k) && minusOne.has(k))) continue
    const v = Number(s.raw.replace(/^!!float\s+/, ''))
    out.push({ _tag: 'Invalid', path: s.path, message: `${s.raw} is written as a floating-point number where an integer is expected (write ${v})`, ...(e.origin === undefined ? {} : { origin: e.origin }) })
  }
  return out
}

/**
 * Reads every resource in `text`: YAML with one or more documents (`---`), or JSON; each document
 * is a single resource or a list (`kind: List`, or `kind: <Kind>List` whose items may leave out
 * `apiVersion` and `kind`). Empty documents are skipped. Returns every resource, or every error
 * found: YAML syntax errors as `Parse` errors with line and column, and each resource's decoding,
 * validation and unknown `apiVersion`/`kind` errors, each with an origin naming the file (when
 * given), the 1-based document number and the resource (`formatError` prints
 * `document 3, GlobalNetworkPolicy allow-ssh: spec.ingress[0]...`). Errors inside a list have
 * paths starting with `items[i]` and name the item's kind and name.
 *
 * YAML is read as YAML 1.2; an unquoted value that calicoctl's YAML 1.1 reader reads differently
 * (`0443`, `0b11`, `1_000`, `yes`, `2024-01-01`) is an error that says what each reader sees, and
 * so are non-core tags, `%YAML` versions other than 1.1/1.2 (both read as 1.2), collection keys,
 * keys that collide in JavaScript (`1` and `"1"`), alias problems, and whole numbers written as
 * floats (`22.0`) where an integer is expected. Duplicate keys are errors in YAML and JSON; JSON
 * comments and concatenated JSON values are errors that say so. Nesting deeper than 64 levels,
 * more than `options.maxDocuments` documents and texts over `options.maxBytes` are refused before
 * parsing; nothing is thrown, whatever the input (docs/resources-and-selectors.md, "Limits").
 * @example
 * ```ts
 * load('apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 100\n')
 * // right([{ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' },
 * //          spec: { order: 100, defaultAction: 'Deny' } }])
 * ```
 * @since 0.1.0
 */
export const load = (text: string, options: LoadOptions = {}): Either<ReadonlyNonEmptyArray<CalicoError>, ReadonlyArray<Resource>> => {
  // JavaScript callers can pass anything: answer with a Left, never a throw or an empty success.
  if (typeof text !== 'string') return E.left([textError(`expected text (a string), not ${text === null ? 'null' : typeof text}`, options.file)])
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const size = utf8Length(text, maxBytes)
  if (size > maxBytes) return E.left([textError(`the text is larger than ${maxBytes} bytes (maxBytes)`, options.file)])
  const resources: Resource[] = []
  const errors: CalicoError[] = []
  for (const doc of documents(text, options.file, options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS)) {
    if ('errors' in doc) {
      pushAll(errors, doc.errors)
      continue
    }
    const base: Origin = { ...(options.file === undefined ? {} : { file: options.file }), document: doc.n }
    const r = document(doc.value, base, options.check)
    const floats = doc.floats.length === 0 ? [] : floatErrors(doc.value, doc.floats, base, options.check, r)
    pushAll(resources, r.resources)
    pushAll(errors, r.errors)
    pushAll(errors, floats)
  }
  const [first, ...rest] = errors
  return first === undefined ? E.right(resources) : E.left([first, ...rest])
}
