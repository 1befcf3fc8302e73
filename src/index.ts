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
/**
 * Reads every Calico (and Kubernetes) resource in YAML or JSON text; also available as
 * `Model.load`. See the resources guide for the accepted forms and error reporting.
 * @example
 * ```ts
 * import { load, formatError } from 'calico-policy'
 * const r = load(text, { file: 'policies.yaml' })
 * if (r._tag === 'Left') r.left.map(formatError).forEach((m) => console.error(m))
 * ```
 * @since 0.1.0
 */
export { load } from './model/load.js'
