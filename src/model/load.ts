/**
 * Reading resources from text: YAML (one or many documents) or JSON, single resources or lists,
 * exactly as `calicoctl get -o yaml|json` and `kubectl get -o yaml|json` print them.
 * @module
 */
import { parseAllDocuments } from 'yaml'
import { prefixPath, withOrigin, type CalicoError, type Origin } from '../errors.js'
import { pushAll } from '../internal/array.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeResource, kindInfo, unsupportedKind, type Resource } from './resource.js'

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

type Doc = { readonly n: number; readonly value: unknown } | { readonly n: number; readonly errors: ReadonlyArray<CalicoError> }

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

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''

/** The documents of the text in order with their 1-based numbers; syntax errors as `Parse` errors. */
const documents = (text: string, file: string | undefined, maxDocuments: number): ReadonlyArray<Doc> => {
  const base = file === undefined ? {} : { file }
  if (/^\s*[{[]/.test(text)) {
    try {
      return [{ n: 1, value: JSON.parse(text) as unknown }]
    } catch {
      // Not plain JSON: read it as YAML, which reports where the problem is.
    }
  }
  // logLevel 'error': the yaml library must never write process warnings (the library does no I/O).
  const docs = parseAllDocuments(text, { logLevel: 'error' })
  const all = Array.isArray(docs) ? docs : [docs]
  if (all.length > maxDocuments) return [{ n: maxDocuments + 1, errors: [{ _tag: 'Parse', path: [], message: `more than ${maxDocuments} documents (maxDocuments)`, origin: { ...base, document: maxDocuments + 1 } }] }]
  return all.map((doc, i): Doc => {
    const n = i + 1
    const origin = { ...base, document: n }
    if (doc.errors.length === 0) {
      try {
        return { n, value: doc.contents === null ? null : doc.toJS() }
      } catch (e) {
        return { n, errors: [{ _tag: 'Parse', path: [], message: errorMessage(e), origin }] }
      }
    }
    return {
      n,
      errors: doc.errors.map((e): CalicoError => {
        const pos = e.linePos?.[0]
        const message = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '')
        return { _tag: 'Parse', path: [], message, ...(pos === undefined ? {} : { line: pos.line, column: pos.col }), origin }
      }),
    }
  })
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
 * YAML is read as YAML 1.2 (so unquoted `yes`/`no` are strings, where Go's YAML 1.1 reader would
 * see booleans); duplicate keys are errors.
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
    pushAll(resources, r.resources)
    pushAll(errors, r.errors)
  }
  const [first, ...rest] = errors
  return first === undefined ? E.right(resources) : E.left([first, ...rest])
}
