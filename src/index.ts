/**
 * calico-policy: model, select, evaluate and emit Calico network policy.
 * @module
 */
export type { CalicoError, Path, Origin } from './errors.js'
export { formatError, formatPath } from './errors.js'
