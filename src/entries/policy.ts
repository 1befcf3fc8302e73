/**
 * `calico-policy/policy`: the `Policy` namespace on its own, so a bundle that needs only it does not
 * carry the rest of the library; also the error types and `formatError`.
 * @module
 */
export type { CalicoError, Path, Origin } from '../errors.js'
export { formatError, formatPath } from '../errors.js'
export * as Policy from '../policy/index.js'
