/**
 * `calico-policy/emit`: the `Emit` namespace on its own (the iptables and nftables emitters, the
 * netfilter IR and the `Emitter` contract), so a bundle that needs only it does not carry the
 * resource model or the evaluator; also the error types and `formatError`.
 * @module
 */
export type { CalicoError, Path, Origin } from '../errors.js'
export { formatError, formatPath } from '../errors.js'
export * as Emit from '../emit/index.js'
