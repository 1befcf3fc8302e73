/**
 * `calico-policy/eval`: the `Eval` namespace on its own, so a bundle that needs only it does not
 * carry the rest of the library; also the error types and `formatError`.
 * @module
 */
export type { CalicoError, Path, Origin } from '../errors.js'
export { formatError, formatPath } from '../errors.js'
export * as Eval from '../eval/index.js'
