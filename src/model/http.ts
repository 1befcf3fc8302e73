/**
 * HTTP matches on rules (`HTTPMatch`, docs/reference.md §1.12, V34, V36). They only take effect
 * with application-layer policy; the model validates them as Calico does.
 * @module
 */
import * as t from 'io-ts'
import { boundedList, boundedString, strict, withChecks } from './codec.js'
import type { Issue } from './kind.js'

/**
 * One HTTP path match: exactly one of `exact` or `prefix` (at most 1024 characters), starting
 * with `/` and containing no `?`, `#` or space.
 * @example
 * ```ts
 * HTTPPath.decode({ prefix: '/api' }) // right({ prefix: '/api' })
 * ```
 * @since 0.1.0
 */
export const HTTPPath = withChecks(strict('HTTPPath', {}, { exact: boundedString(1024), prefix: boundedString(1024) }), (p): ReadonlyArray<Issue> => {
  const exact = p.exact ?? ''
  const prefix = p.prefix ?? ''
  if (exact !== '' && prefix !== '') return [{ path: [], message: "Invalid path match. Both 'exact' and 'prefix' are set" }]
  const v = exact !== '' ? exact : prefix
  if (v === '') return [{ path: [], message: "Invalid path match. Either 'exact' or 'prefix' must be set" }]
  if (!v.startsWith('/') || /[? #]/.test(v)) return [{ path: [], message: `Invalid path ${v}. (must start with \`/\` and not contain \`?\` or \`#\`` }]
  return []
})
/**
 * One HTTP path match.
 * @example
 * ```ts
 * const p: HTTPPath = { exact: '/healthz' }
 * ```
 * @since 0.1.0
 */
export type HTTPPath = t.TypeOf<typeof HTTPPath>

/**
 * HTTP request criteria: `methods` (at most 20, no duplicates) and `paths` (at most 20); the two
 * are ANDed, the entries of each ORed.
 * @example
 * ```ts
 * HTTPMatch.decode({ methods: ['GET', 'GET'] }) // left: Invalid methods (duplicates): [GET GET]
 * ```
 * @since 0.1.0
 */
export const HTTPMatch = withChecks(
  strict('HTTPMatch', {}, { methods: boundedList(t.string, 20), paths: boundedList(HTTPPath, 20) }),
  (h): ReadonlyArray<Issue> => {
    const methods = h.methods ?? []
    return new Set(methods).size !== methods.length ? [{ path: ['methods'], message: `Invalid methods (duplicates): [${methods.join(' ')}]` }] : []
  },
)
/**
 * HTTP request criteria of a rule.
 * @example
 * ```ts
 * const h: HTTPMatch = { methods: ['GET'], paths: [{ prefix: '/api' }] }
 * ```
 * @since 0.1.0
 */
export type HTTPMatch = t.TypeOf<typeof HTTPMatch>
