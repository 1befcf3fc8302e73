/**
 * The public selector constructors. Each checks its input and returns an `Either`, so that every
 * selector a program builds is one Calico's language can write: its canonical text (`print`)
 * parses back to the same tree (except that a `Not` directly inside a `Not` prints as `!!`,
 * which reads back as the inner operand, as in Calico), its unique id is the one felix computes,
 * and it is at most `MAX_DEPTH` deep, like a parsed selector, so that matching, printing and
 * indexing it cannot exhaust the stack.
 * @module
 */
import type { CalicoError } from '../errors.js'
import { E, type Either } from '../internal/fp.js'
import { canonicalSet, type And, type Contains, type EndsWith, type Eq, type Has, type In, type Ne, type Not, type NotIn, type Or, type Selector, type StartsWith } from './ast.js'
import { depthOf, MAX_DEPTH } from './depth.js'
import { MAX_LABEL_LENGTH } from './tokenize.js'

const LABEL_KEY = /^[A-Za-z0-9_./-]+$/

const invalid = (path: ReadonlyArray<string | number>, message: string): CalicoError => ({ _tag: 'Invalid', path, message })

const shown = (s: string): string => JSON.stringify(s.length <= 64 ? s : `${s.slice(0, 64)}…`) + (s.length <= 64 ? '' : ` (${s.length} characters)`)

const keyError = (key: string): CalicoError | undefined => {
  if (typeof key !== 'string') return invalid(['key'], 'a label key must be a string')
  if (key.length > MAX_LABEL_LENGTH) return invalid(['key'], `label key ${shown(key)} is longer than ${MAX_LABEL_LENGTH} characters`)
  if (!LABEL_KEY.test(key)) return invalid(['key'], `label key ${shown(key)} must be one or more of A-Z, a-z, 0-9, '_', '.', '/' and '-'`)
  return undefined
}

const valueError = (value: string, path: ReadonlyArray<string | number>): CalicoError | undefined => {
  if (typeof value !== 'string') return invalid(path, 'a value must be a string')
  // Selector strings have no escapes: a value is quoted with whichever quote it does not contain.
  if (value.includes('"') && value.includes("'")) return invalid(path, `value ${shown(value)} holds both quote characters, which a selector cannot write`)
  return undefined
}

const comparison =
  <T extends Eq | Ne | Contains | StartsWith | EndsWith>(tag: T['_tag']) =>
  (key: string, value: string): Either<CalicoError, T> => {
    const e = keyError(key) ?? valueError(value, ['value'])
    return e === undefined ? E.right({ _tag: tag, key, value } as T) : E.left(e)
  }

const setTerm =
  <T extends In | NotIn>(tag: T['_tag']) =>
  (key: string, values: ReadonlyArray<string>): Either<CalicoError, T> => {
    const k = keyError(key)
    if (k !== undefined) return E.left(k)
    if (!Array.isArray(values)) return E.left(invalid(['values'], 'the values must be an array of strings'))
    for (let i = 0; i < values.length; i++) {
      const e = valueError(values[i] as string, ['values', i])
      if (e !== undefined) return E.left(e)
    }
    return E.right({ _tag: tag, key, values: canonicalSet(values) } as T)
  }

const nested = <T extends Not | And | Or>(node: T): Either<CalicoError, T> =>
  depthOf(node) > MAX_DEPTH ? E.left(invalid([], `selector nested too deeply (a tree deeper than ${MAX_DEPTH} levels)`)) : E.right(node)

/**
 * Builds `has(key)`; the key must be a label as selectors write it (1–512 characters of
 * `A-Z a-z 0-9 _ . / -`), otherwise an `Invalid` error at `['key']`.
 * @example
 * ```ts
 * pipe(Selector.has('app'), E.map(Selector.print)) // right('has(app)')
 * Selector.has('a b') // left({ _tag: 'Invalid', path: ['key'], message: ... })
 * ```
 * @since 0.1.0
 */
export const has = (key: string): Either<CalicoError, Has> => {
  const e = keyError(key)
  return e === undefined ? E.right({ _tag: 'Has', key }) : E.left(e)
}

/**
 * Builds `key == "value"`. The key is checked as for {@link has}; a value must not hold both `'`
 * and `"` (selector strings have no escapes; `Invalid` at `['value']`).
 * @example
 * ```ts
 * pipe(Selector.eq('role', 'db'), E.map(Selector.print)) // right('role == "db"')
 * ```
 * @since 0.1.0
 */
export const eq: (key: string, value: string) => Either<CalicoError, Eq> = comparison<Eq>('Eq')

/**
 * Builds `key != "value"`, checked as {@link eq}.
 * @example
 * ```ts
 * pipe(Selector.ne('role', 'db'), E.map(Selector.print)) // right('role != "db"')
 * ```
 * @since 0.1.0
 */
export const ne: (key: string, value: string) => Either<CalicoError, Ne> = comparison<Ne>('Ne')

/**
 * Builds `key contains "value"`, checked as {@link eq}.
 * @example
 * ```ts
 * pipe(Selector.contains('image', 'nginx'), E.map(Selector.print)) // right('image contains "nginx"')
 * ```
 * @since 0.1.0
 */
export const contains: (key: string, value: string) => Either<CalicoError, Contains> = comparison<Contains>('Contains')

/**
 * Builds `key starts with "value"`, checked as {@link eq}.
 * @example
 * ```ts
 * pipe(Selector.startsWith('zone', 'eu-'), E.map(Selector.print)) // right('zone starts with "eu-"')
 * ```
 * @since 0.1.0
 */
export const startsWith: (key: string, value: string) => Either<CalicoError, StartsWith> = comparison<StartsWith>('StartsWith')

/**
 * Builds `key ends with "value"`, checked as {@link eq}.
 * @example
 * ```ts
 * pipe(Selector.endsWith('host', '.internal'), E.map(Selector.print)) // right('host ends with ".internal"')
 * ```
 * @since 0.1.0
 */
export const endsWith: (key: string, value: string) => Either<CalicoError, EndsWith> = comparison<EndsWith>('EndsWith')

/**
 * Builds `key in {…}`; members are sorted by code point and de-duplicated, and each is checked
 * as a value of {@link eq} (`Invalid` at `['values', i]`).
 * @example
 * ```ts
 * pipe(Selector.inSet('role', ['web', 'db', 'web']), E.map(Selector.print)) // right('role in {"db", "web"}')
 * ```
 * @since 0.1.0
 */
export const inSet: (key: string, values: ReadonlyArray<string>) => Either<CalicoError, In> = setTerm<In>('In')

/**
 * Builds `key not in {…}`, checked as {@link inSet}.
 * @example
 * ```ts
 * pipe(Selector.notInSet('role', ['web']), E.map(Selector.print)) // right('role not in {"web"}')
 * ```
 * @since 0.1.0
 */
export const notInSet: (key: string, values: ReadonlyArray<string>) => Either<CalicoError, NotIn> = setTerm<NotIn>('NotIn')

/**
 * Builds `!operand`. It never simplifies: `not(not(x))` keeps both negations, like Calico's
 * `!(!x)`. A tree deeper than {@link MAX_DEPTH} is an `Invalid` error.
 * @example
 * ```ts
 * pipe(Selector.eq('a', 'x'), E.flatMap(Selector.not), E.map(Selector.print)) // right('!a == "x"')
 * ```
 * @since 0.1.0
 */
export const not = (operand: Selector): Either<CalicoError, Not> => nested<Not>({ _tag: 'Not', operand })

/**
 * Builds `(a && b && …)` from two or more operands. Operands that are themselves `And` nodes
 * stay nested, exactly as when Calico parses `(A) && (B)`. A tree deeper than
 * {@link MAX_DEPTH} is an `Invalid` error.
 * @example
 * ```ts
 * pipe(Selector.parse('has(a)'), E.flatMap((a) => Selector.and(a, Selector.all)), E.map(Selector.print))
 * // right('(has(a) && all())')
 * ```
 * @since 0.1.0
 */
export const and = (first: Selector, second: Selector, ...rest: ReadonlyArray<Selector>): Either<CalicoError, And> => {
  const operands = [first, second, ...rest]
  return nested<And>({ _tag: 'And', operands })
}

/**
 * Builds `(a || b || …)` from two or more operands, as {@link and} does.
 * @example
 * ```ts
 * pipe(Selector.parse('has(a)'), E.flatMap((a) => Selector.or(a, Selector.global)), E.map(Selector.print))
 * // right('(has(a) || global())')
 * ```
 * @since 0.1.0
 */
export const or = (first: Selector, second: Selector, ...rest: ReadonlyArray<Selector>): Either<CalicoError, Or> => {
  const operands = [first, second, ...rest]
  return nested<Or>({ _tag: 'Or', operands })
}
