/**
 * `evaluate`: what felix does with one packet on one node.
 * @module
 */
import type { World } from '../policy/world.js'
import type { Ctx } from './chain.js'
import { viewOf, type Packet } from './packet.js'
import { runPath, trafficType } from './paths.js'
import type { Decision, Step } from './trace.js'

/**
 * Evaluation options. `dataplane` selects felix's iptables/nftables semantics (default) or its
 * eBPF dataplane's, which differ in three places: a HEP with AoF policy only for the other
 * direction, and forward tiers that all pass, allow forwarded traffic instead of returning no
 * verdict (Note F, §13 X5); and a profile rule with action `Pass` denies (§6.9). `trace: false`
 * skips recording the trace (the decision's `trace` is then empty), for callers that only need
 * verdicts in bulk.
 * @since 0.1.0
 */
export interface Options {
  readonly dataplane?: 'iptables' | 'bpf'
  readonly trace?: boolean
}

const NO_TRACE: ReadonlyArray<Step> = []

/**
 * Decides what Calico does with a packet on the world's node: `Allow`, `Deny` or `NoVerdict`
 * (Calico does not decide; the host's own rules do), with the traffic type and the trace of
 * every stage that ran (unless `options.trace` is `false`).
 * @example
 * ```ts
 * const decide = Eval.evaluate(world)
 * decide({ protocol: 6, src: '10.0.0.5', dst: '10.0.0.1', dstPort: 22, in: 'eth0', out: null, conntrack: 'new' }).verdict
 * // 'Allow' (failsafe)
 * ```
 * @since 0.1.0
 */
export const evaluate =
  (world: World, options: Options = {}) =>
  (packet: Packet): Decision => {
    const type = trafficType(world.settings, packet.in, packet.out)
    const { pre, post } = viewOf(packet)
    const trace: Array<Step> | null = options.trace === false ? null : []
    const ctx: Ctx = { world, bpf: options.dataplane === 'bpf', trace }
    const verdict = runPath(ctx, type, pre, post, packet.in, packet.out)
    return { verdict, trafficType: type, trace: trace ?? NO_TRACE }
  }
