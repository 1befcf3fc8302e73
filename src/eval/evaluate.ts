/**
 * `evaluate`: what felix does with one packet on one node.
 * @module
 */
import type { CalicoError } from '../errors.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import type { World } from '../policy/world.js'
import type { Ctx } from './chain.js'
import { trusted, viewOf, type Packet } from './packet.js'
import { runPath, trafficType } from './paths.js'
import type { Decision, Step } from './trace.js'

/**
 * Evaluation options. `dataplane` selects felix's iptables/nftables semantics (default) or its
 * eBPF dataplane's, which differ in three places: a HEP with AoF policy only for the other
 * direction, and forward tiers that all pass, allow forwarded traffic instead of returning no
 * verdict (Note F, docs/reference.md §13 X5); and a profile rule with action `Pass` denies
 * (docs/reference.md §6.9). `trace: false` skips recording the trace (the decision's `trace` is
 * then empty), for callers that only need verdicts in bulk.
 * @since 0.1.0
 */
export interface Options {
  readonly dataplane?: 'iptables' | 'bpf'
  readonly trace?: boolean
}

const NO_TRACE: ReadonlyArray<Step> = []

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null

/** What is wrong with `evaluate`'s arguments (only JavaScript callers can get them wrong). */
const argumentErrors = (world: unknown, options: unknown): ReadonlyArray<CalicoError> => {
  const out: Array<CalicoError> = []
  if (!isObject(world) || !isObject(world['settings']) || !isObject(world['hostEndpoints']))
    out.push({ _tag: 'Decode', path: ['world'], expected: 'a world from Policy.build or Policy.update', actual: world })
  if (!isObject(options)) out.push({ _tag: 'Decode', path: ['options'], expected: 'an object of options', actual: options })
  else {
    const { dataplane, trace } = options
    if (dataplane !== undefined && dataplane !== 'iptables' && dataplane !== 'bpf')
      out.push({ _tag: 'Decode', path: ['options', 'dataplane'], expected: 'one of "iptables", "bpf"', actual: dataplane })
    if (trace !== undefined && typeof trace !== 'boolean') out.push({ _tag: 'Decode', path: ['options', 'trace'], expected: 'a boolean', actual: trace })
  }
  return out
}

/**
 * Decides what Calico does with a packet on the world's node: `Allow`, `Deny` or `NoVerdict`
 * (Calico does not decide; the host's own rules do), with the traffic type and the trace of
 * every stage that ran (unless `options.trace` is `false`). A packet from {@link decodePacket},
 * {@link parsePacket} or {@link packet} always gives a `Right`; anything else (a copy of a packet,
 * an object from JavaScript) is first checked as {@link packet} checks it, and a problem with it,
 * the world or the options is a `Left`, never a verdict.
 * @example
 * ```ts
 * const decide = Eval.evaluate(world)
 * pipe(Eval.parsePacket('tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0'), E.flatMap(decide), E.map((d) => d.verdict))
 * // right('Allow') (failsafe)
 * ```
 * @since 0.1.0
 */
export const evaluate = (world: World, options: Options = {}): ((packet: Packet) => Either<ReadonlyNonEmptyArray<CalicoError>, Decision>) => {
  const [first, ...rest] = argumentErrors(world, options)
  if (first !== undefined) {
    const refused = E.left<ReadonlyNonEmptyArray<CalicoError>>([first, ...rest])
    return () => refused
  }
  const bpf = options.dataplane === 'bpf'
  const tracing = options.trace !== false
  return (input) => {
    const checked = trusted(input)
    if (E.isLeft(checked)) return checked
    const packet = checked.right
    const type = trafficType(world.settings, packet.in, packet.out)
    const { pre, post } = viewOf(packet)
    const trace: Array<Step> | null = tracing ? [] : null
    const ctx: Ctx = { world, bpf, trace }
    const verdict = runPath(ctx, type, pre, post, packet.in, packet.out)
    return E.right({ verdict, trafficType: type, trace: trace ?? NO_TRACE })
  }
}
