/**
 * The `Selector` namespace of `calico-policy/selector`: everything `Selector` has in the package
 * root except `resourceSelectors` and `selectorErrors`, which read resources and so would bring
 * the whole resource model (and its YAML and regex engines) into a bundle that only needs
 * selectors. test/smoke/smoke.mjs checks that the two lists differ by exactly those two names.
 * @module
 */
export type { All, And, Contains, EndsWith, Eq, Global, Has, In, Ne, Not, NotIn, Or, Selector, StartsWith } from '../selector/ast.js'
export { all, global } from '../selector/ast.js'
export { and, contains, endsWith, eq, has, inSet, ne, not, notInSet, or, startsWith } from '../selector/builders.js'
export { MAX_DEPTH } from '../selector/depth.js'
export { parse, MAX_NESTING } from '../selector/parse.js'
export { print, NOT_A_SELECTOR } from '../selector/print.js'
export { matches, type Labels, type Matcher } from '../selector/match.js'
export { uniqueId } from '../selector/unique-id.js'
export { prefixLabels } from '../selector/rewrite.js'
export * as LabelIndex from '../selector/label-index.js'
