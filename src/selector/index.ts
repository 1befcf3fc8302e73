/**
 * Calico's label-selector language, exactly: parse, print (canonical form), match, unique ids,
 * and the syntax tree with its constructors.
 *
 * ```ts
 * import { Selector } from 'calico-policy'
 * import { either as E } from 'fp-ts'
 *
 * const parsed = Selector.parse("role == 'db' && !has(legacy)")
 * if (E.isRight(parsed)) {
 *   Selector.print(parsed.right)                 // '(role == "db" && !has(legacy))'
 *   Selector.matches(parsed.right)({ role: 'db' }) // true
 *   Selector.uniqueId(parsed.right)              // 's:…' (felix's IP set id)
 * }
 * ```
 * @module
 */
export type {
  All,
  And,
  Contains,
  EndsWith,
  Eq,
  Global,
  Has,
  In,
  Ne,
  Not,
  NotIn,
  Or,
  Selector,
  StartsWith,
} from './ast.js'
export { all, global } from './ast.js'
export { and, contains, endsWith, eq, has, inSet, ne, not, notInSet, or, startsWith } from './builders.js'
export { MAX_DEPTH } from './depth.js'
export { parse, MAX_NESTING } from './parse.js'
export { print, NOT_A_SELECTOR } from './print.js'
export { matches, type Labels, type Matcher } from './match.js'
export { uniqueId } from './unique-id.js'
export { prefixLabels } from './rewrite.js'
export { resourceSelectors, selectorErrors } from './resource-selectors.js'
/**
 * An immutable inverted index from labels to endpoint ids: `empty`, `insert`, `insertAll`,
 * `remove`, `removeAll`, `select`, `size` and `labelsOf`.
 * @example
 * ```ts
 * const index = pipe(
 *   Selector.LabelIndex.empty,
 *   Selector.LabelIndex.insert('ep1', { app: 'web' }),
 *   Selector.LabelIndex.insert('ep2', { app: 'db' }),
 * )
 * pipe(Selector.parse("app == 'db'"), E.map((sel) => Selector.LabelIndex.select(sel)(index))) // right(Set { 'ep2' })
 * ```
 * @since 0.1.0
 */
export * as LabelIndex from './label-index.js'
