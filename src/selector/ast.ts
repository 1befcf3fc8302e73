/**
 * The selector syntax tree: a plain, readonly `_tag` union plus lower-case constructors.
 *
 * The tree has exactly the shape Calico's parser builds, so that printing it gives Calico's
 * canonical form: `&&` and `||` chains are n-ary nodes, parenthesised sub-groups stay nested
 * (`(a && b) && c` is an `And` whose first operand is an `And`), a run of `!` collapses by parity
 * into at most one `Not`, and a group with one operand is just that operand.
 * @module
 */

/**
 * `all()`: matches every label map.
 * @example
 * ```ts
 * const sel: All = all
 * ```
 * @since 0.1.0
 */
export interface All {
  readonly _tag: 'All'
}

/**
 * `global()`: matches every label map inside the selector engine (callers give it meaning by
 * rewriting it before parsing).
 * @example
 * ```ts
 * const sel: Global = global
 * ```
 * @since 0.1.0
 */
export interface Global {
  readonly _tag: 'Global'
}

/**
 * `has(key)`: the label is present (with any value, including `""`).
 * @example
 * ```ts
 * const sel: Has = has('app')
 * ```
 * @since 0.1.0
 */
export interface Has {
  readonly _tag: 'Has'
  readonly key: string
}

/**
 * `key == "value"`: the label is present with exactly this value.
 * @example
 * ```ts
 * const sel: Eq = eq('role', 'db')
 * ```
 * @since 0.1.0
 */
export interface Eq {
  readonly _tag: 'Eq'
  readonly key: string
  readonly value: string
}

/**
 * `key != "value"`: the label is absent or has a different value.
 * @example
 * ```ts
 * const sel: Ne = ne('role', 'db')
 * ```
 * @since 0.1.0
 */
export interface Ne {
  readonly _tag: 'Ne'
  readonly key: string
  readonly value: string
}

/**
 * `key in {…}`: the label is present and its value is one of `values` (sorted by code point,
 * without duplicates).
 * @example
 * ```ts
 * const sel: In = inSet('role', ['web', 'db'])   // values: ['db', 'web']
 * ```
 * @since 0.1.0
 */
export interface In {
  readonly _tag: 'In'
  readonly key: string
  readonly values: ReadonlyArray<string>
}

/**
 * `key not in {…}`: the label is absent or its value is not one of `values` (sorted by code
 * point, without duplicates).
 * @example
 * ```ts
 * const sel: NotIn = notInSet('role', ['web', 'db'])
 * ```
 * @since 0.1.0
 */
export interface NotIn {
  readonly _tag: 'NotIn'
  readonly key: string
  readonly values: ReadonlyArray<string>
}

/**
 * `key contains "s"`: the label is present and `s` is a substring of its value.
 * @example
 * ```ts
 * const sel: Contains = contains('image', 'nginx')
 * ```
 * @since 0.1.0
 */
export interface Contains {
  readonly _tag: 'Contains'
  readonly key: string
  readonly value: string
}

/**
 * `key starts with "s"`: the label is present and its value starts with `s`.
 * @example
 * ```ts
 * const sel: StartsWith = startsWith('zone', 'eu-')
 * ```
 * @since 0.1.0
 */
export interface StartsWith {
  readonly _tag: 'StartsWith'
  readonly key: string
  readonly value: string
}

/**
 * `key ends with "s"`: the label is present and its value ends with `s`.
 * @example
 * ```ts
 * const sel: EndsWith = endsWith('host', '.internal')
 * ```
 * @since 0.1.0
 */
export interface EndsWith {
  readonly _tag: 'EndsWith'
  readonly key: string
  readonly value: string
}

/**
 * `!operand`: negation. Printed as `!` directly followed by the operand's canonical form.
 * @example
 * ```ts
 * const sel: Not = not(has('a'))   // !has(a)
 * ```
 * @since 0.1.0
 */
export interface Not {
  readonly _tag: 'Not'
  readonly operand: Selector
}

/**
 * `(a && b && …)`: every operand matches. Parsed chains have at least two operands.
 * @example
 * ```ts
 * const sel: And = and(has('a'), has('b'))   // (has(a) && has(b))
 * ```
 * @since 0.1.0
 */
export interface And {
  readonly _tag: 'And'
  readonly operands: ReadonlyArray<Selector>
}

/**
 * `(a || b || …)`: at least one operand matches. Parsed chains have at least two operands.
 * @example
 * ```ts
 * const sel: Or = or(has('a'), has('b'))   // (has(a) || has(b))
 * ```
 * @since 0.1.0
 */
export interface Or {
  readonly _tag: 'Or'
  readonly operands: ReadonlyArray<Selector>
}

/**
 * A parsed Calico selector: one of the node types above.
 * @example
 * ```ts
 * const sel: Selector = and(eq('role', 'db'), not(has('legacy')))
 * ```
 * @since 0.1.0
 */
export type Selector = All | Global | Has | Eq | Ne | In | NotIn | Contains | StartsWith | EndsWith | Not | And | Or

/**
 * Compares two strings by Unicode code point, which is the order of their UTF-8 bytes (the order
 * Go's `sort.Strings` gives). JavaScript's `<` compares UTF-16 code units instead and puts
 * astral characters such as `😀` before U+E000–U+FFFF. A lone surrogate counts as its own code
 * point (U+D800–U+DFFF), the order of the bytes a Go string would hold for it.
 * @example
 * ```ts
 * ['😀', 'Ａ'].sort(compareCodePoints) // ['Ａ', '😀']
 * ```
 * @since 0.1.0
 * @internal
 */
export const compareCodePoints = (a: string, b: string): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) {
      // Below the surrogates, code units are code points.
      if (x < 0xd800 || y < 0xd800) return x - y
      // Compare the code points the two strings have here; if the shared unit before is a high
      // surrogate that pairs with this unit in either string, the code point starts there.
      const j = i > 0 && isHigh(a.charCodeAt(i - 1)) && (isLow(x) || isLow(y)) ? i - 1 : i
      return (a.codePointAt(j) as number) - (b.codePointAt(j) as number)
    }
  }
  return a.length - b.length
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff

const isSortedSet = (values: ReadonlyArray<string>): boolean => {
  for (let i = 1; i < values.length; i++) {
    if (compareCodePoints(values[i - 1] as string, values[i] as string) >= 0) return false
  }
  return true
}

/**
 * Sorts set members by code point and removes duplicates (Calico's canonical set order). Returns
 * the input itself when it is already canonical.
 * @example
 * ```ts
 * canonicalSet(['b', 'a', 'b']) // ['a', 'b']
 * ```
 * @since 0.1.0
 * @internal
 */
export const canonicalSet = (values: ReadonlyArray<string>): ReadonlyArray<string> => {
  if (isSortedSet(values)) return values
  const sorted = [...values].sort(compareCodePoints)
  const out: string[] = []
  for (const v of sorted) if (out.length === 0 || out[out.length - 1] !== v) out.push(v)
  return out
}

/**
 * The selector `all()`.
 * @example
 * ```ts
 * Selector.print(Selector.all) // 'all()'
 * ```
 * @since 0.1.0
 */
export const all: All = { _tag: 'All' }

/**
 * The selector `global()`.
 * @example
 * ```ts
 * Selector.print(Selector.global) // 'global()'
 * ```
 * @since 0.1.0
 */
export const global: Global = { _tag: 'Global' }

/**
 * Builds `has(key)` without checking the key (tests and internal code; the public, checking
 * constructors are in `builders.ts`).
 * @example
 * ```ts
 * print(has('app')) // 'has(app)'
 * ```
 * @since 0.1.0
 * @internal
 */
export const has = (key: string): Has => ({ _tag: 'Has', key })

/**
 * Builds `key == "value"`.
 * @example
 * ```ts
 * print(eq('role', 'db')) // 'role == "db"'
 * ```
 * @since 0.1.0
 * @internal
 */
export const eq = (key: string, value: string): Eq => ({ _tag: 'Eq', key, value })

/**
 * Builds `key != "value"`.
 * @example
 * ```ts
 * print(ne('role', 'db')) // 'role != "db"'
 * ```
 * @since 0.1.0
 * @internal
 */
export const ne = (key: string, value: string): Ne => ({ _tag: 'Ne', key, value })

/**
 * Builds `key in {…}`; the members are sorted by code point and de-duplicated.
 * @example
 * ```ts
 * print(inSet('role', ['web', 'db', 'web'])) // 'role in {"db", "web"}'
 * ```
 * @since 0.1.0
 * @internal
 */
export const inSet = (key: string, values: ReadonlyArray<string>): In => ({
  _tag: 'In',
  key,
  values: canonicalSet(values),
})

/**
 * Builds `key not in {…}`; the members are sorted by code point and de-duplicated.
 * @example
 * ```ts
 * print(notInSet('role', ['web'])) // 'role not in {"web"}'
 * ```
 * @since 0.1.0
 * @internal
 */
export const notInSet = (key: string, values: ReadonlyArray<string>): NotIn => ({
  _tag: 'NotIn',
  key,
  values: canonicalSet(values),
})

/**
 * Builds `key contains "value"`.
 * @example
 * ```ts
 * print(contains('image', 'nginx')) // 'image contains "nginx"'
 * ```
 * @since 0.1.0
 * @internal
 */
export const contains = (key: string, value: string): Contains => ({ _tag: 'Contains', key, value })

/**
 * Builds `key starts with "value"`.
 * @example
 * ```ts
 * print(startsWith('zone', 'eu-')) // 'zone starts with "eu-"'
 * ```
 * @since 0.1.0
 * @internal
 */
export const startsWith = (key: string, value: string): StartsWith => ({ _tag: 'StartsWith', key, value })

/**
 * Builds `key ends with "value"`.
 * @example
 * ```ts
 * print(endsWith('host', '.internal')) // 'host ends with ".internal"'
 * ```
 * @since 0.1.0
 * @internal
 */
export const endsWith = (key: string, value: string): EndsWith => ({ _tag: 'EndsWith', key, value })

/**
 * Builds `!operand`. It never simplifies: `not(not(x))` keeps both negations, like Calico's
 * `!(!x)`.
 * @example
 * ```ts
 * print(not(eq('a', 'x'))) // '!a == "x"'
 * ```
 * @since 0.1.0
 * @internal
 */
export const not = (operand: Selector): Not => ({ _tag: 'Not', operand })

/**
 * Builds `(a && b && …)` from two or more operands. Operands that are themselves `And` nodes
 * stay nested, exactly as when Calico parses `(A) && (B)`.
 * @example
 * ```ts
 * print(and(has('a'), has('b'))) // '(has(a) && has(b))'
 * ```
 * @since 0.1.0
 * @internal
 */
export const and = (first: Selector, second: Selector, ...rest: ReadonlyArray<Selector>): And => ({
  _tag: 'And',
  operands: [first, second, ...rest],
})

/**
 * Builds `(a || b || …)` from two or more operands. Operands that are themselves `Or` nodes stay
 * nested, exactly as when Calico parses `(A) || (B)`.
 * @example
 * ```ts
 * print(or(has('a'), has('b'))) // '(has(a) || has(b))'
 * ```
 * @since 0.1.0
 * @internal
 */
export const or = (first: Selector, second: Selector, ...rest: ReadonlyArray<Selector>): Or => ({
  _tag: 'Or',
  operands: [first, second, ...rest],
})
