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
 * verdict (Note F, §13 X5); and a profile rule with action `Pass` denies (§6.9).
 * @since 0.1.0
 */
export interface Options {
  readonly dataplane?: 'iptables' | 'bpf'
}

/**
 * Decides what Calico does with a packet on the world's node: `Allow`, `Deny` or `NoVerdict`
 * (Calico does not decide; the host's own rules do), with the traffic type and the trace of
 * every stage that ran. The trace is computed when first read (evaluating again with recording
 * on), so a caller that only needs verdicts pays only for the verdict.
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
    const bpf = options.dataplane === 'bpf'
    const type = trafficType(world.settings, packet.in, packet.out)
    const { pre, post } = viewOf(packet)
    const ctx: Ctx = { world, bpf, trace: null }
    const verdict = runPath(ctx, type, pre, post, packet.in, packet.out)
    let steps: ReadonlyArray<Step> | undefined
    return {
      verdict,
      trafficType: type,
      get trace(): ReadonlyArray<Step> {
        if (steps === undefined) {
          const rec: Array<Step> = []
          runPath({ world, bpf, trace: rec }, type, pre, post, packet.in, packet.out)
          steps = rec
        }
        return steps
      },
    }
  }
