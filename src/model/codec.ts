/**
 * Codec building blocks shared by every resource module: strict object codecs (unknown fields
 * are errors, as with calicoctl's strict decoding), scalar codecs that fail with one clear
 * message, and the conversion of io-ts errors into {@link CalicoError}s with field paths.
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError, Path } from '../errors.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import { pushAll } from '../internal/array.js'

const UNKNOWN_FIELD = '\u0000unknown-field'

/** Marks a validation error whose message is a full sentence rather than an expected noun phrase. */
const INVALID_PREFIX = '\u0000invalid:'

/** Marks a validation error that is an `InvalidCidr` (the rest of the message is JSON `{input, reason}`). */
const CIDR_PREFIX = '\u0000cidr:'

/**
 * Fails decoding with an `InvalidCidr` error: `input` is the text that was rejected and `reason`
 * a predicate phrase such as `has host bits set (did you mean 10.0.0.0/8?)`.
 * @internal
 */
export const failCidr = <A>(u: unknown, c: t.Context, input: string, reason: string): t.Validation<A> =>
  t.failure(u, c, CIDR_PREFIX + JSON.stringify({ input, reason }))

/**
 * Fails decoding with a whole validation message (reported as an `Invalid` error).
 * @internal
 */
export const failInvalid = <A>(u: unknown, c: t.Context, message: string): t.Validation<A> =>
  t.failure(u, c, INVALID_PREFIX + message)

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/**
 * An object codec with required and optional fields that reports every field it does not know
 * as an `UnknownField` error. Optional fields whose value is `null` are treated as absent (as Go's
 * JSON decoder does).
 * @internal
 */
export const strict = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): t.Type<t.TypeOfProps<R> & t.TypeOfPartialProps<O>, unknown, unknown> => {
  const req = t.type(required)
  const opt = t.partial(optional)
  const known = new Set([...Object.keys(required), ...Object.keys(optional)])
  const optionalKeys = new Set(Object.keys(optional))
  type A = t.TypeOfProps<R> & t.TypeOfPartialProps<O>
  return new t.Type<A, unknown, unknown>(
    name,
    (u): u is A => req.is(u) && opt.is(u),
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c, `an object (${name})`)
      const errors: t.ValidationError[] = []
      const cleaned: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(u)) {
        if (!known.has(k)) {
          errors.push({ value: v, context: [...c, { key: k, type: t.unknown, actual: v }], message: UNKNOWN_FIELD })
          continue
        }
        if (v === null && optionalKeys.has(k)) continue
        cleaned[k] = v
      }
      const r1 = req.validate(cleaned, c)
      const r2 = opt.validate(cleaned, c)
      if (r1._tag === 'Left') pushAll(errors, r1.left)
      if (r2._tag === 'Left') pushAll(errors, r2.left)
      if (errors.length > 0) return t.failures(errors)
      if (r1._tag === 'Left' || r2._tag === 'Left') return t.failures(errors)
      const out: Record<string, unknown> = {}
      const a = r1.right as Record<string, unknown>
      const b = r2.right as Record<string, unknown>
      for (const k of Object.keys(cleaned)) out[k] = optionalKeys.has(k) ? b[k] : a[k]
      return t.success(out as A)
    },
    t.identity,
  )
}

/**
 * A scalar codec from a plain decoding function: `decode` returns the value or a noun phrase
 * describing what was expected (reported as `"<value>" is not <expected>`), or an object with a
 * whole `invalid` message.
 * @internal
 */
export const scalar = <A>(
  name: string,
  is: (u: unknown) => u is A,
  decode: (u: unknown) => { readonly ok: A } | { readonly expected: string } | { readonly invalid: string },
): t.Type<A, unknown, unknown> =>
  new t.Type<A, unknown, unknown>(
    name,
    is,
    (u, c) => {
      const r = decode(u)
      if ('ok' in r) return t.success(r.ok)
      if ('expected' in r) return t.failure(u, c, r.expected)
      return failInvalid(u, c, r.invalid)
    },
    t.identity,
  )

const SKIP_CHILDREN_OF = new Set(['IntersectionType', 'UnionType'])

const pathOf = (context: t.Context): Path => {
  const path: Array<string | number> = []
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]?.type as { _tag?: string } | undefined
    const entry = context[i]
    if (entry === undefined) continue
    if (parent?._tag !== undefined && SKIP_CHILDREN_OF.has(parent._tag)) continue
    const tag = parent?._tag
    if ((tag === 'ArrayType' || tag === 'ReadonlyArrayType') && /^\d+$/.test(entry.key)) path.push(Number(entry.key))
    else if (entry.key !== '') path.push(entry.key)
  }
  return path
}

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  Int: 'an integer',
  UnknownRecord: 'an object',
  UnknownArray: 'a list',
}

const expectedOf = (e: t.ValidationError): string => {
  if (e.message !== undefined) return e.message
  const name = e.context[e.context.length - 1]?.type.name ?? 'a valid value'
  if (NOUNS[name] !== undefined) return NOUNS[name]
  if (name.startsWith('ReadonlyArray<') || name.startsWith('Array<') || name.endsWith('[]')) return 'a list'
  if (name.startsWith('{') || name.startsWith('Partial<') || name.startsWith('{ [K in')) return 'an object'
  if (/^"[^"]*"( \| "[^"]*")*$/.test(name)) return `one of ${name.split(' | ').join(', ')}`
  return name
}

/**
 * Converts io-ts validation errors into {@link CalicoError}s, one per distinct path; several
 * alternatives failing at the same path are merged into one `Decode` error.
 * @internal
 */
export const fromValidationErrors = (errors: t.Errors): ReadonlyArray<CalicoError> => {
  const out: CalicoError[] = []
  const decodeAt = new Map<string, number>()
  for (const e of errors) {
    const path = pathOf(e.context)
    const key = JSON.stringify(path)
    if (e.message === UNKNOWN_FIELD) {
      out.push({ _tag: 'UnknownField', path })
      continue
    }
    if (e.message !== undefined && e.message.startsWith(INVALID_PREFIX)) {
      out.push({ _tag: 'Invalid', path, message: e.message.slice(INVALID_PREFIX.length) })
      continue
    }
    if (e.message !== undefined && e.message.startsWith(CIDR_PREFIX)) {
      const { input, reason } = JSON.parse(e.message.slice(CIDR_PREFIX.length)) as { input: string; reason: string }
      out.push({ _tag: 'InvalidCidr', path, input, reason })
      continue
    }
    const expected = expectedOf(e)
    const at = decodeAt.get(key)
    const prev = at === undefined ? undefined : out[at]
    if (prev !== undefined && prev._tag === 'Decode') {
      if (!prev.expected.split(' or ').includes(expected)) out[at as number] = { ...prev, expected: `${prev.expected} or ${expected}` }
      continue
    }
    decodeAt.set(key, out.length)
    out.push({ _tag: 'Decode', path, expected, actual: e.value })
  }
  return out
}

/**
 * Decodes `u` with `codec`, returning every problem as a {@link CalicoError}.
 * @internal
 */
export const decodeWith =
  <A>(codec: t.Decoder<unknown, A>) =>
  (u: unknown): Either<ReadonlyNonEmptyArray<CalicoError>, A> => {
    const r = codec.decode(u)
    if (E.isRight(r)) return E.right(r.right)
    const errs = fromValidationErrors(r.left)
    return E.left(errs.length > 0 ? (errs as ReadonlyNonEmptyArray<CalicoError>) : [{ _tag: 'Decode', path: [], expected: codec.name, actual: u }])
  }

/** A problem found by a cross-field check: the path below the checked value and a whole message. */
type Check<A> = (a: A) => ReadonlyArray<{ readonly path: Path; readonly message: string }>

const ANY_LIST = t.readonlyArray(t.unknown)

/** The io-ts context that `pathOf` turns back into `c`'s path followed by `path`. */
const contextAt = (c: t.Context, path: Path, actual: unknown): t.Context => {
  const out: t.ContextEntry[] = [...c]
  path.forEach((k, i) => {
    const next = path[i + 1]
    out.push({ key: String(k), type: typeof next === 'number' ? ANY_LIST : t.unknown, actual: i === path.length - 1 ? actual : undefined })
  })
  // A numeric first key needs an array parent for pathOf to keep it a number.
  if (typeof path[0] === 'number' && out.length > c.length) {
    const parent = out[c.length - 1]
    if (parent !== undefined) out[c.length - 1] = { ...parent, type: ANY_LIST }
  }
  return out
}

/**
 * Adds cross-field checks to a codec: when `codec` decodes, `check` runs on the value and every
 * issue becomes an `Invalid` error at the issue's path below the value.
 * @internal
 */
export const withChecks = <A, O>(codec: t.Type<A, O, unknown>, check: Check<A>, name: string = codec.name): t.Type<A, O, unknown> =>
  new t.Type<A, O, unknown>(
    name,
    (u): u is A => codec.is(u) && check(u).length === 0,
    (u, c) => {
      // The inner codec sees itself as the current context entry, so paths and nouns come out as
      // if it had been used directly.
      const last = c[c.length - 1]
      const inner = last === undefined ? c : [...c.slice(0, -1), { ...last, type: codec }]
      const r = codec.validate(u, inner)
      if (r._tag === 'Left') return r
      const issues = check(r.right)
      if (issues.length === 0) return r
      return t.failures(
        issues.map((i) => ({ value: undefined, context: contextAt(c, i.path, undefined), message: INVALID_PREFIX + i.message })),
      )
    },
    codec.encode,
  )

/**
 * A list codec with Kubernetes' `maxItems` limit (`Too many: 21: must have at most 20 items`);
 * every item is decoded and every failure reported.
 * @internal
 */
export const boundedList = <C extends t.Mixed>(item: C, maxItems: number, name = `ReadonlyArray<${item.name}>`) =>
  withChecks(t.readonlyArray(item, name), (xs) => (xs.length > maxItems ? [{ path: [], message: `Too many: ${xs.length}: must have at most ${maxItems} items` }] : []))

/**
 * A string codec with Kubernetes' `maxLength` limit (`Too long: may not be more than 1024 bytes`).
 * @internal
 */
export const boundedString = (maxLength: number, name = 'string'): t.Type<string, string, unknown> =>
  withChecks(t.string as t.Type<string, string, unknown>, (s) =>
    s.length > maxLength ? [{ path: [], message: `Too long: may not be more than ${maxLength} bytes` }] : [],
  name)
