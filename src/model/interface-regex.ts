/**
 * The regular expressions of felix's `InterfaceExclude` (`/…/` entries). Felix compiles them with
 * Go's `regexp` package (`felix/config/param_types.go`): RE2 syntax, matched anywhere in the name,
 * in time linear in the name's length whatever the pattern. JavaScript's `RegExp` has another
 * syntax (no `(?i)`) and backtracks (`/(a+)+$/` takes exponential time), so patterns go through
 * re2js, a pure-JavaScript port of RE2 (the only module that imports it).
 * @module
 */
import { RE2JS } from 're2js'

/**
 * A compiled `InterfaceExclude` pattern, or why it does not compile.
 * @internal
 */
export type InterfaceRegex = { readonly _tag: 'Compiled'; readonly test: (name: string) => boolean } | { readonly _tag: 'Invalid'; readonly message: string }

/**
 * Compiles an `InterfaceExclude` pattern (the text between the slashes) with RE2's syntax and
 * linear-time matching; `test` is true when the pattern matches anywhere in the name, as Go's
 * `MatchString` does.
 * @example
 * ```ts
 * const r = compileInterfaceRegex('(?i)ETH0')
 * r._tag === 'Compiled' && r.test('eth0') // true
 * compileInterfaceRegex('(a') // { _tag: 'Invalid', message: 'error parsing regexp: missing closing ): `(a`' }
 * ```
 * @internal
 */
export const compileInterfaceRegex = (source: string): InterfaceRegex => {
  try {
    const re = RE2JS.compile(source)
    return { _tag: 'Compiled', test: (name) => re.test(name) }
  } catch (e) {
    return { _tag: 'Invalid', message: e instanceof Error ? e.message : String(e) }
  }
}

const cache = new WeakMap<object, (name: string) => boolean>()

/**
 * Whether the `Regex` pattern object `p` matches the interface name; the pattern is compiled
 * once per object (an uncompilable pattern, which load rejects, matches nothing).
 * @internal
 */
export const regexMatches = (p: { readonly source: string }, name: string): boolean => {
  let test = cache.get(p)
  if (test === undefined) {
    const r = compileInterfaceRegex(p.source)
    test = r._tag === 'Compiled' ? r.test : () => false
    cache.set(p, test)
  }
  return test(name)
}
