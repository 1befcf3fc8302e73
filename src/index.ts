/**
 * calico-policy: model, select, evaluate and emit Calico network policy.
 * @module
 */
export type { CalicoError, Path, Origin } from './errors.js'
export { formatError, formatPath } from './errors.js'
export * as Selector from './selector/index.js'
export * as Model from './model/index.js'
export * as Policy from './policy/index.js'
export * as Eval from './eval/index.js'
export * as Emit from './emit/index.js'
export { load } from './load.js'
