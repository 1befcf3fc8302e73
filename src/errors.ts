/**
 * Errors: plain tagged values that say what is wrong and where.
 *
 * Every recoverable problem in calico-policy is returned as a {@link CalicoError} inside an
 * `Either`. Each error carries the field {@link Path} inside the resource and, once the error has
 * passed through `load`, an {@link Origin} naming the file, the document and the resource.
 * @module
 */

/**
 * A field path inside a resource, for example `['spec', 'ingress', 0, 'source', 'nets', 1]`.
 * @since 0.1.0
 */
export type Path = ReadonlyArray<string | number>

/**
 * Where a resource came from: the file (when known), the 1-based document number within that
 * file or text, and the resource's kind, namespace and name (when they could be read).
 * @since 0.1.0
 */
export interface Origin {
  readonly file?: string
  readonly document?: number
  readonly kind?: string
  readonly namespace?: string
  readonly name?: string
}

/**
 * Every recoverable error calico-policy returns.
 *
 * - `Decode`: a value has the wrong shape or type (`expected` is a noun phrase such as
 *   `a port, a port range or a named port`).
 * - `UnknownField`: a field that the resource kind does not have (strict decoding, as calicoctl).
 * - `Invalid`: a validation rule failed; `message` uses Calico's own wording where Calico has one.
 * - `InvalidCidr`: an IP address or CIDR could not be accepted; `reason` says why.
 * - `SelectorSyntax`: a selector did not parse; `message` is Calico's message, `offset` the
 *   0-based character offset where the problem was found and `expected` what would have been valid.
 * - `Parse`: the YAML or JSON text itself is malformed.
 * - `UnknownTier`: a policy names a tier that does not exist.
 * - `Unsupported`: a backend cannot express a feature.
 * @since 0.1.0
 */
export type CalicoError =
  | {
      readonly _tag: 'Decode'
      readonly path: Path
      readonly expected: string
      readonly actual: unknown
      readonly origin?: Origin
    }
  | { readonly _tag: 'UnknownField'; readonly path: Path; readonly origin?: Origin }
  | { readonly _tag: 'Invalid'; readonly path: Path; readonly message: string; readonly origin?: Origin }
  | {
      readonly _tag: 'InvalidCidr'
      readonly path: Path
      readonly input: string
      readonly reason: string
      readonly origin?: Origin
    }
  | {
      readonly _tag: 'SelectorSyntax'
      readonly path: Path
      readonly source: string
      readonly offset: number
      readonly expected: ReadonlyArray<string>
      readonly message: string
      readonly origin?: Origin
    }
  | {
      readonly _tag: 'Parse'
      readonly path: Path
      readonly message: string
      readonly line?: number
      readonly column?: number
      readonly origin?: Origin
    }
  | { readonly _tag: 'UnknownTier'; readonly path: Path; readonly tier: string; readonly origin?: Origin }
  | {
      readonly _tag: 'Unsupported'
      readonly path: Path
      readonly backend: string
      readonly feature: string
      readonly origin?: Origin
    }

/** Longest string shown whole inside a message; longer ones show their start and their length. */
const MAX_STRING = 100
/** Longest origin field (file, kind, namespace, name) shown whole. */
const MAX_ORIGIN = 256
/** Longest selector source shown whole in a syntax error. */
const MAX_SELECTOR = 200
/** How many of a syntax error's expected tokens are listed. */
const MAX_EXPECTED = 10
/** Longest free-text message (`Invalid`, `Parse`, ...) shown whole. */
const MAX_MESSAGE = 1000
/** Budget, in characters, for a rendered non-string value. */
const MAX_VALUE = 80
/** How deep a rendered array or object is followed. */
const MAX_DEPTH = 3
/** How many entries of an array or object are rendered. */
const MAX_ENTRIES = 5

/**
 * Characters that must not reach a terminal or a log line raw: C0 controls, DEL, C1 controls,
 * the line and paragraph separators and the bidirectional formatting characters (U+061C,
 * U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), which can reorder what a line shows.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const hex4 = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * `s` with every unsafe character (see `UNSAFE`) written as a `\uXXXX` escape; applied to JSON
 * text, the result is still JSON with the same value.
 * @internal
 */
export const escapeUnsafe = (s: string): string => s.replace(UNSAFE, hex4)

/** `s` cut to at most `max` UTF-16 units without splitting a surrogate pair. */
const cut = (s: string, max: number): string => {
  if (s.length <= max) return s
  const end = /[\ud800-\udbff]/.test(s.charAt(max - 1)) ? max - 1 : max
  return s.slice(0, end)
}

/**
 * Free text made safe to print on one line: unsafe characters (see `UNSAFE`) become `\n`, `\t`
 * or `\uXXXX` escapes, and text longer than `max` keeps its start followed by
 * `... (N characters)`.
 * @internal
 */
export const escapeText = (s: string, max: number = MAX_MESSAGE): string => {
  const head = cut(s, max).replace(UNSAFE, (c) => ESCAPES[c] ?? hex4(c))
  return s.length > max ? `${head}... (${s.length} characters)` : head
}

/**
 * A string in double quotes with JSON's escapes plus the unsafe characters above escaped; a
 * string longer than `max` shows its start and its length: `"AAAA..." (10000000 characters)`.
 * @internal
 */
export const quote = (s: string, max: number = MAX_STRING): string => {
  const head = JSON.stringify(cut(s, max)).replace(UNSAFE, hex4)
  return s.length > max ? `${head.slice(0, -1)}..." (${s.length} characters)` : head
}

/** A name printed as it is when it is short and plain, otherwise quoted (escaped and cut). */
const safeName = (s: string, max: number = MAX_ORIGIN): string => {
  UNSAFE.lastIndex = 0
  return s.length <= max && !UNSAFE.test(s) && !/["\\]/.test(s) ? s : quote(s, max)
}

/** Renders `u` as JSON-like text, spending at most `budget.left` characters and `depth` levels. */
const render = (u: unknown, depth: number, budget: { left: number }): string => {
  if (budget.left <= 0) return '...'
  let s: string
  switch (typeof u) {
    case 'string':
      s = quote(u, Math.max(8, Math.min(MAX_STRING, budget.left)))
      break
    case 'number':
      s = Object.is(u, -0) ? '-0' : String(u)
      break
    case 'bigint':
      s = `${u}n`
      break
    case 'boolean':
      s = String(u)
      break
    case 'undefined':
      s = 'undefined'
      break
    case 'symbol':
      s = 'a symbol'
      break
    case 'function':
      s = 'a function'
      break
    default: {
      if (u === null) {
        s = 'null'
        break
      }
      const isArray = Array.isArray(u)
      if (depth >= MAX_DEPTH) {
        s = isArray ? (u.length === 0 ? '[]' : '[...]') : '{...}'
        break
      }
      const parts: string[] = []
      let count = 0
      let more = false
      if (isArray) {
        for (const v of u as ReadonlyArray<unknown>) {
          if (count === MAX_ENTRIES || budget.left <= 0) {
            more = true
            break
          }
          count++
          parts.push(render(v, depth + 1, budget))
        }
      } else {
        for (const k in u as object) {
          if (!Object.prototype.hasOwnProperty.call(u, k)) continue
          if (count === MAX_ENTRIES || budget.left <= 0) {
            more = true
            break
          }
          count++
          const key = quote(k, 40)
          budget.left -= key.length + 1
          parts.push(`${key}:${render((u as Record<string, unknown>)[k], depth + 1, budget)}`)
        }
      }
      if (more) parts.push('...')
      s = isArray ? `[${parts.join(',')}]` : `{${parts.join(',')}}`
      return s
    }
  }
  budget.left -= s.length
  return s
}

const isPlainKey = (k: string): boolean => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)

/**
 * Prints a path the way a user would write it: `spec.ingress[0].source.nets[1]`; keys that are
 * not plain identifiers are bracketed and quoted: `metadata.labels["projectcalico.org/tier"]`.
 * @example
 * ```ts
 * formatPath(['spec', 'ingress', 0, 'action']) // 'spec.ingress[0].action'
 * ```
 * @since 0.1.0
 */
export const formatPath = (path: Path): string => {
  let out = ''
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`
    else if (isPlainKey(k)) out += out === '' ? k : `.${k}`
    else out += `[${quote(k)}]`
    if (out.length > MAX_MESSAGE) return `${cut(out, MAX_MESSAGE)}... (${path.length} keys)`
  }
  return out
}

/**
 * Shows a value inside a message: strings quoted and escaped (a long one as its start and its
 * length), numbers as JavaScript writes them (`NaN`, `Infinity`), arrays and objects as JSON cut
 * to a few levels and entries (`[[[...]]]`), `nothing` for a missing value. Never throws and never
 * returns more than a few hundred characters.
 * @example
 * ```ts
 * showValue('70000') // '"70000"'
 * ```
 * @since 0.1.0
 */
export const showValue = (u: unknown): string => {
  if (u === undefined) return 'nothing'
  if (typeof u === 'string') return quote(u)
  try {
    return render(u, 0, { left: MAX_VALUE })
  } catch {
    return 'a value that cannot be shown'
  }
}

/**
 * The prefix naming where an error comes from: `file.yaml, document 3, GlobalNetworkPolicy allow-ssh`.
 * @example
 * ```ts
 * formatOrigin({ document: 3, kind: 'GlobalNetworkPolicy', name: 'allow-ssh' })
 * // 'document 3, GlobalNetworkPolicy allow-ssh'
 * ```
 * @since 0.1.0
 */
export const formatOrigin = (o: Origin): string => {
  const parts: string[] = []
  if (o.file !== undefined) parts.push(safeName(o.file, MAX_MESSAGE))
  if (o.document !== undefined) parts.push(`document ${o.document}`)
  if (o.kind !== undefined || o.name !== undefined) {
    const name = o.name === undefined ? '' : o.namespace === undefined ? safeName(o.name) : `${safeName(o.namespace)}/${safeName(o.name)}`
    parts.push([o.kind === undefined ? 'resource' : safeName(o.kind), name].filter((s) => s !== '').join(' '))
  }
  return parts.join(', ')
}

/**
 * The error's message without its origin and path.
 * @example
 * ```ts
 * formatMessage({ _tag: 'UnknownField', path: ['spec', 'foo'] }) // 'unknown field "foo"'
 * ```
 * @since 0.1.0
 */
export const formatMessage = (e: CalicoError): string => {
  switch (e._tag) {
    case 'Decode':
      return e.actual === undefined ? `missing required field (${e.expected})` : `${showValue(e.actual)} is not ${e.expected}`
    case 'UnknownField': {
      const last = e.path[e.path.length - 1]
      return `unknown field ${quote(String(last))}`
    }
    case 'Invalid':
      return escapeText(e.message)
    case 'InvalidCidr':
      return `${showValue(e.input)} ${e.reason}`
    case 'SelectorSyntax':
      return `invalid selector ${quote(e.source, MAX_SELECTOR)}: ${escapeText(e.message)} (at offset ${e.offset}${
        e.expected.length > 0
          ? `; expected ${e.expected.slice(0, MAX_EXPECTED).map((x) => quote(x)).join(' or ')}${e.expected.length > MAX_EXPECTED ? ` or ${e.expected.length - MAX_EXPECTED} more` : ''}`
          : ''
      })`
    case 'Parse':
      return e.line === undefined ? escapeText(e.message) : `line ${e.line}${e.column === undefined ? '' : `:${e.column}`}: ${escapeText(e.message)}`
    case 'UnknownTier':
      return `tier ${showValue(e.tier)} does not exist`
    case 'Unsupported':
      return `${escapeText(e.backend, MAX_STRING)} cannot express ${escapeText(e.feature)}`
  }
}

/**
 * Builds a one-line message from an error:
 * `document 3, GlobalNetworkPolicy allow-ssh: spec.ingress[0].destination.ports[1]: "70000" is not a port, a port range or a named port`.
 * @example
 * ```ts
 * formatError({ _tag: 'Invalid', path: ['spec', 'types'], message: "'Ingress' type specified more than once" })
 * // "spec.types: 'Ingress' type specified more than once"
 * ```
 * @since 0.1.0
 */
export const formatError = (e: CalicoError): string => {
  try {
    const origin = e.origin === undefined ? '' : formatOrigin(e.origin)
    const path = formatPath(e.path)
    return [origin, path, formatMessage(e)].filter((s) => s !== '').join(': ')
  } catch {
    // Only a hand-made error that is not a CalicoError (a getter that throws, a missing path) gets here.
    return `${safeName(String((e as { _tag?: unknown } | undefined)?._tag ?? 'error'), MAX_STRING)}: the error cannot be shown`
  }
}

/**
 * Returns the error with `prefix` put in front of its path (used when a value is decoded inside
 * a larger one).
 * @example
 * ```ts
 * prefixPath(['spec'])({ _tag: 'UnknownField', path: ['foo'] }).path // ['spec', 'foo']
 * ```
 * @since 0.1.0
 */
export const prefixPath =
  (prefix: Path) =>
  (e: CalicoError): CalicoError => ({ ...e, path: [...prefix, ...e.path] })

/**
 * Returns the error with `origin` attached (fields already present on the error win).
 * @example
 * ```ts
 * withOrigin({ document: 1 })({ _tag: 'UnknownField', path: ['spec', 'x'] }).origin // { document: 1 }
 * ```
 * @since 0.1.0
 */
export const withOrigin =
  (origin: Origin) =>
  (e: CalicoError): CalicoError => ({ ...e, origin: { ...origin, ...(e.origin ?? {}) } })
