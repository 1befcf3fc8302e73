/**
 * `calico-policy/selector`: the `Selector` namespace on its own, so a bundle that needs only
 * selectors does not carry the rest of the library (docs/performance.md gives the sizes); also the
 * error types and `formatError`. `Selector.resourceSelectors` and `Selector.selectorErrors`, which
 * read resources, are only in the package root.
 * @module
 */
export type { CalicoError, Path, Origin } from '../errors.js'
export { formatError, formatPath } from '../errors.js'
export * as Selector from './selector-namespace.js'
