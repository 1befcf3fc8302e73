/**
 * Runs packets through a World twice, in the evaluator and in a lab loaded with a backend's rules,
 * and collects every disagreement with what is needed to reproduce it.
 */
import { formatError } from '../../src/errors.js'
import { evaluate } from '../../src/eval/evaluate.js'
import { explain } from '../../src/eval/explain.js'
import { packet } from '../../src/eval/packet.js'
import type { Decision } from '../../src/eval/trace.js'
import { E, pipe } from '../../src/internal/fp.js'
import type { World } from '../../src/policy/world.js'
import type { Lab, Outcome, Probe, Rules, Topology } from './harness/lab.js'

export interface Tally {
  agree: number
  allow: number
  deny: number
  unsendable: Map<string, number>
}

export const emptyTally = (): Tally => ({ agree: 0, allow: 0, deny: 0, unsendable: new Map() })

export interface Mismatch {
  readonly packet: Probe
  readonly evaluator: Decision['verdict']
  readonly kernel: 'Arrived' | 'Dropped'
  readonly trace: string
}

/** The kernel's answer as a verdict: `NoVerdict` leaves the packet to the namespace's default, accept. */
export const agrees = (d: Decision, o: Outcome): boolean => (d.verdict === 'Deny') === (o._tag === 'Dropped')

/** Loads `rules` into the lab (after clearing it), sends the packets and compares each with `Eval.evaluate`. */
export const runWorld = async (
  lab: Lab,
  world: World,
  topology: Topology,
  rules: Rules,
  packets: ReadonlyArray<Probe>,
  tally: Tally,
): Promise<ReadonlyArray<Mismatch>> => {
  await lab.reset()
  await lab.load(rules)
  lab.configure(topology)
  const evaluator = evaluate(world)
  const decide = (p: Probe): Decision => {
    const d = pipe(packet(p), E.flatMap(evaluator))
    if (E.isLeft(d)) throw new Error(`Eval refuses ${JSON.stringify(p)}: ${d.left.map(formatError).join('; ')}`)
    return d.right
  }
  const outcomes = [...(await lab.send(packets))]
  // A packet the kernel dropped although the evaluator lets it through is sent once more before it
  // counts: a busy machine can lose a packet, a ruleset drops it again.
  const again = packets.flatMap((p, i) => (outcomes[i]?._tag === 'Dropped' && decide(p).verdict !== 'Deny' ? [i] : []))
  if (again.length > 0) {
    const second = await lab.send(again.map((i) => packets[i] as Probe))
    again.forEach((i, k) => {
      if (second[k]?._tag === 'Arrived') {
        outcomes[i] = second[k] as Outcome
        lab.stats.retriedArrivals++
      }
    })
  }
  const mismatches: Array<Mismatch> = []
  packets.forEach((packet, i) => {
    const o = outcomes[i] as Outcome
    if (o._tag === 'Unsendable') {
      tally.unsendable.set(o.reason, (tally.unsendable.get(o.reason) ?? 0) + 1)
      return
    }
    const d = decide(packet)
    if (agrees(d, o)) {
      tally.agree++
      if (d.verdict === 'Deny') tally.deny++
      else tally.allow++
      return
    }
    mismatches.push({ packet, evaluator: d.verdict, kernel: o._tag, trace: explain(d) })
  })
  return mismatches
}

export const showMismatches = (ms: ReadonlyArray<Mismatch>): string =>
  ms.map((m) => `packet ${JSON.stringify(m.packet)}\n  evaluator: ${m.evaluator}, kernel: ${m.kernel}\n  trace:\n${m.trace.replace(/^/gm, '    ')}`).join('\n')

export const showTally = (t: Tally): string =>
  `${t.agree} packets agree (${t.allow} allowed, ${t.deny} denied); unsendable: ${
    t.unsendable.size === 0 ? 'none' : [...t.unsendable].map(([r, n]) => `${n} × ${r}`).join('; ')
  }`
