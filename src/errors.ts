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
    else out += `[${JSON.stringify(k)}]`
  }
  return out
}

/**
 * Shows a value inside a message: strings in double quotes, everything else as JSON.
 * @example
 * ```ts
 * showValue('70000') // '"70000"'
 * ```
 * @since 0.1.0
 */
export const showValue = (u: unknown): string => {
  if (u === undefined) return 'nothing'
  if (typeof u === 'string') return JSON.stringify(u)
  try {
    const s = JSON.stringify(u)
    return s.length > 80 ? `${s.slice(0, 77)}...` : s
  } catch {
    return String(u)
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
  if (o.file !== undefined) parts.push(o.file)
  if (o.document !== undefined) parts.push(`document ${o.document}`)
  if (o.kind !== undefined || o.name !== undefined) {
    const name = o.name === undefined ? '' : o.namespace === undefined ? o.name : `${o.namespace}/${o.name}`
    parts.push([o.kind ?? 'resource', name].filter((s) => s !== '').join(' '))
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
      return `unknown field ${JSON.stringify(String(last))}`
    }
    case 'Invalid':
      return e.message
    case 'InvalidCidr':
      return `${showValue(e.input)} ${e.reason}`
    case 'SelectorSyntax':
      return `invalid selector ${showValue(e.source)}: ${e.message} (at offset ${e.offset}${
        e.expected.length > 0 ? `; expected ${e.expected.map((x) => JSON.stringify(x)).join(' or ')}` : ''
      })`
    case 'Parse':
      return e.line === undefined ? e.message : `line ${e.line}${e.column === undefined ? '' : `:${e.column}`}: ${e.message}`
    case 'UnknownTier':
      return `tier ${showValue(e.tier)} does not exist`
    case 'Unsupported':
      return `${e.backend} cannot express ${e.feature}`
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
  const origin = e.origin === undefined ? '' : formatOrigin(e.origin)
  const path = formatPath(e.path)
  return [origin, path, formatMessage(e)].filter((s) => s !== '').join(': ')
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
