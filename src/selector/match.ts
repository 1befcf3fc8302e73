/**
 * Selector evaluation: compiles a selector once into a tree of closures and caches it per
 * selector object, so matching never re-walks the syntax tree generically.
 * @module
 */
import { absurd } from '../internal/fp.js'
import type { Selector } from './ast.js'

/**
 * A label map: key to value. Only own properties count as labels, so keys such as
 * `constructor` or `__proto__` behave like any other key.
 * @example
 * ```ts
 * const labels: Labels = { app: 'web', 'projectcalico.org/namespace': 'prod' }
 * ```
 * @since 0.1.0
 */
export type Labels = Readonly<Record<string, string>>

/**
 * A compiled selector: `true` when the labels match.
 * @example
 * ```ts
 * const isDb: Matcher = Selector.matches({ _tag: 'Eq', key: 'role', value: 'db' })
 * isDb({ role: 'db' }) // true
 * ```
 * @since 0.1.0
 */
export type Matcher = (labels: Labels) => boolean

const hasOwn = Object.prototype.hasOwnProperty

/** The label's value when it is an own property holding a string, otherwise `undefined`. */
const lookup = (labels: Labels, key: string): string | undefined => {
  const v = labels[key]
  return typeof v === 'string' && hasOwn.call(labels, key) ? v : undefined
}

const always: Matcher = () => true

/** Sets up to this size are searched linearly; larger ones go through a `Set`. */
const LINEAR_SET_MAX = 8

const memberTest = (values: ReadonlyArray<string>): ((v: string) => boolean) => {
  if (values.length === 0) return () => false
  if (values.length === 1) {
    const only = values[0] as string
    return (v) => v === only
  }
  if (values.length <= LINEAR_SET_MAX) return (v) => values.includes(v)
  const set = new Set(values)
  return (v) => set.has(v)
}

const compileChain = (operands: ReadonlyArray<Selector>, isAnd: boolean): Matcher => {
  const ms = operands.map(compile)
  if (ms.length === 0) return isAnd ? always : () => false
  if (ms.length === 1) return ms[0] as Matcher
  if (ms.length === 2) {
    const a = ms[0] as Matcher
    const b = ms[1] as Matcher
    return isAnd ? (l) => a(l) && b(l) : (l) => a(l) || b(l)
  }
  return isAnd
    ? (l) => {
        for (let i = 0; i < ms.length; i++) if (!(ms[i] as Matcher)(l)) return false
        return true
      }
    : (l) => {
        for (let i = 0; i < ms.length; i++) if ((ms[i] as Matcher)(l)) return true
        return false
      }
}

/**
 * Compiles one node. Exported for the label index, which evaluates single terms on candidates.
 * @example
 * ```ts
 * compile(has('a'))({ a: '' }) // true
 * ```
 * @since 0.1.0
 * @internal
 */
export const compile = (sel: Selector): Matcher => {
  switch (sel._tag) {
    case 'All':
    case 'Global':
      return always
    case 'Has': {
      const k = sel.key
      return (l) => lookup(l, k) !== undefined
    }
    case 'Eq': {
      const { key: k, value: s } = sel
      return (l) => lookup(l, k) === s
    }
    case 'Ne': {
      // True when the label is absent.
      const { key: k, value: s } = sel
      return (l) => lookup(l, k) !== s
    }
    case 'In': {
      const k = sel.key
      const member = memberTest(sel.values)
      return (l) => {
        const v = lookup(l, k)
        return v !== undefined && member(v)
      }
    }
    case 'NotIn': {
      // True when the label is absent.
      const k = sel.key
      const member = memberTest(sel.values)
      return (l) => {
        const v = lookup(l, k)
        return v === undefined || !member(v)
      }
    }
    case 'Contains': {
      const { key: k, value: s } = sel
      return (l) => {
        const v = lookup(l, k)
        return v !== undefined && v.includes(s)
      }
    }
    case 'StartsWith': {
      const { key: k, value: s } = sel
      return (l) => {
        const v = lookup(l, k)
        return v !== undefined && v.startsWith(s)
      }
    }
    case 'EndsWith': {
      const { key: k, value: s } = sel
      return (l) => {
        const v = lookup(l, k)
        return v !== undefined && v.endsWith(s)
      }
    }
    case 'Not': {
      const m = compile(sel.operand)
      return (l) => !m(l)
    }
    case 'And':
      return compileChain(sel.operands, true)
    case 'Or':
      return compileChain(sel.operands, false)
    default:
      return absurd(sel)
  }
}

const cache = new WeakMap<Selector, Matcher>()

/**
 * Returns a function deciding whether a label map matches the selector, with Calico's semantics:
 * a label is present when its key exists (even with value `""`); `!=` and `not in` are true when
 * the label is absent; `in`, `==`, `contains`, `starts with` and `ends with` need the label; all
 * comparisons are exact and case-sensitive; `all()` and `global()` match everything. The
 * selector is compiled once and the result cached per selector object. For JavaScript callers:
 * labels that are not an object (`null`, a string) match nothing, and neither does a value that
 * is not a selector node (for example an `Either` from a builder).
 * @example
 * ```ts
 * const sel = Selector.parse("role == 'db' && env != 'prod'")
 * pipe(sel, E.map((s) => Selector.matches(s)({ role: 'db' })))              // right(true): env is absent
 * pipe(sel, E.map((s) => Selector.matches(s)({ role: 'db', env: 'prod' }))) // right(false)
 * ```
 * @since 0.1.0
 */
export const matches = (selector: Selector): Matcher => {
  if (!isNode(selector)) return never
  let m = cache.get(selector)
  if (m === undefined) {
    const compiled = compile(selector)
    m = (labels) => typeof labels === 'object' && labels !== null && compiled(labels)
    cache.set(selector, m)
  }
  return m
}

const never: Matcher = () => false

/** Whether a JavaScript caller passed something with a selector's tag (not, say, an Either). */
const isNode = (u: unknown): u is Selector => typeof u === 'object' && u !== null && typeof (u as { _tag?: unknown })._tag === 'string' && TAGS.has((u as { _tag: string })._tag)

const TAGS: ReadonlySet<string> = new Set(['All', 'Global', 'Has', 'Eq', 'Ne', 'In', 'NotIn', 'Contains', 'StartsWith', 'EndsWith', 'Not', 'And', 'Or'])
