/**
 * Differential test against a real kernel: fast-check generates clusters (test/policy/cluster-
 * arbitrary.ts) and packets on every path; for each backend, the World's rules are loaded into a
 * lab and every packet must arrive exactly when `Eval.evaluate` does not deny it. A disagreement is
 * shrunk and reported with the resources, the packet, the evaluator's trace and the rules. Worlds
 * a backend cannot express (`Unsupported`) are skipped and counted. CPK_KERNEL_WORLDS sets the
 * number of Worlds per backend (default 50; at least 20 packets each).
 */
import fc from 'fast-check'
import { stringify } from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import type { Resource } from '../../src/model/resource.js'
import { build } from '../../src/policy/build.js'
import { clusterArb, INTERFACES, NODE } from '../policy/cluster-arbitrary.js'
import { BACKENDS, showRules } from './backends.js'
import { emptyTally, runWorld, showMismatches, showTally, type Tally } from './compare.js'
import { evaluatorState, kernelState } from './harness/conntrack.js'
import { createLab, destroyAll, type Lab, type Link, type Probe, type Topology } from './harness/lab.js'
import { topologyOf } from './harness/topology.js'
import { IPV6_EXTENSION_HEADERS } from './harness/wire.js'

const unavailable = inject('kernelUnavailable')
const WORLDS = Number(process.env['CPK_KERNEL_WORLDS'] ?? 50)
const SHRINK_MS = 150_000

const WORKLOAD_LINKS = ['cali0', 'cali1', 'cali2', 'cali3', 'cali9'] // cali9 never has an endpoint
const LINKS: ReadonlyArray<Link> = [
  ...INTERFACES.map((i) => ({ name: i.name, role: 'host' as const, addresses: [] })),
  ...WORKLOAD_LINKS.map((name) => ({ name, role: 'workload' as const, addresses: [] })),
]
const IFACES: ReadonlyArray<string | null> = [null, ...LINKS.map((l) => l.name)]

const HOST = { 4: ['10.0.0.10', '10.1.0.10'], 6: ['fd00::10'] } as const
const OTHERS = {
  4: ['10.65.0.1', '10.65.0.2', '10.65.0.3', '10.65.1.1', '10.0.0.11', '10.0.0.99', '192.0.2.1', '192.0.2.200', '198.51.100.5'],
  6: ['fd00::11', 'fd00::99', 'fd00:65::1', 'fd00:65::2'],
} as const
const SERVICES = { 4: ['10.96.0.1', '10.0.0.10', '192.0.2.1'], 6: ['fd00:96::1', 'fd00::10'] } as const

/** A packet drawn as choices, turned into a packet once the World's topology is known. */
const seedArb = fc.record({
  v6: fc.boolean(),
  in: fc.constantFrom(...IFACES),
  out: fc.constantFrom(...IFACES),
  kind: fc.constantFrom('tcp', 'tcp', 'udp', 'udp', 'sctp', 'udplite', 'icmp', 'icmp', 'other'),
  other: fc.constantFrom(4, 47, 50, 89, 112, 253, 1, 58),
  src: fc.nat(99),
  dst: fc.nat(99),
  srcPort: fc.constantFrom(40000, 2379, 53, 8080),
  dstPort: fc.constantFrom(80, 443, 22, 8080, 8055, 53, 4789, 179, 32010),
  icmp4: fc.constantFrom(8, 8, 0, 3, 11, 13, 17, 42),
  icmp6: fc.constantFrom(128, 128, 129, 1, 133, 135, 136, 139, 200),
  code: fc.constantFrom(0, 0, 1, 5),
  dnat: fc.option(fc.record({ to: fc.nat(99), port: fc.constantFrom(30080, 443, 80) }), { freq: 4, nil: undefined }),
})
type Seed = typeof seedArb extends fc.Arbitrary<infer S> ? S : never

const pick = <A>(xs: ReadonlyArray<A>, i: number): A => xs[i % xs.length] as A

/**
 * The packet for a seed: sources and destinations consistent with the path (the node's own address
 * when it sends, a workload's own address when the workload sends, never one of the node's
 * addresses as a destination it would forward), and the conntrack state the kernel will give it.
 */
const packetOf = (topology: Topology, s: Seed): Probe | undefined => {
  if (s.in === null && s.out === null) return undefined
  if (s.in !== null && s.in === s.out) return undefined
  const f = s.v6 ? 6 : 4
  const addressesOf = (iface: string) => (topology.links.find((l) => l.name === iface)?.addresses ?? []).filter((a) => a.includes(':') === s.v6)
  const any = [...HOST[f], ...OTHERS[f]]
  // A workload sends from its own addresses: felix drops spoofed sources (reverse-path check in
  // raw PREROUTING), which the evaluator does not model. An interface without endpoint sends from
  // any address but the node's (the lab routes that source back to it).
  const endpoint = s.in !== null && WORKLOAD_LINKS.includes(s.in) && topology.links.some((l) => l.name === s.in)
  if (endpoint && addressesOf(s.in as string).length === 0) return undefined
  const workload = s.in !== null && WORKLOAD_LINKS.includes(s.in)
  const src = s.in === null ? pick(HOST[f], s.src) : endpoint ? pick(addressesOf(s.in as string), s.src) : pick(workload ? OTHERS[f] : any, s.src)
  const dst = s.out === null ? pick(any, s.dst) : pick(OTHERS[f], s.dst)
  if (src === dst) return undefined
  // IPv6 extension-header numbers are not upper-layer protocols there: PIM (103) instead.
  const other = s.v6 && IPV6_EXTENSION_HEADERS.has(s.other) ? 103 : s.other
  const protocol = { tcp: 6, udp: 17, sctp: 132, udplite: 136, icmp: s.v6 ? 58 : 1, other }[s.kind]
  const ported = protocol === 6 || protocol === 17 || protocol === 132 || protocol === 136
  const icmp = protocol === (s.v6 ? 58 : 1)
  const dnatPorts = protocol === 6 || protocol === 17 || protocol === 132
  const base: Probe = {
    protocol,
    src,
    dst,
    in: s.in,
    out: s.out,
    conntrack: 'new',
    ...(ported ? { srcPort: s.srcPort, dstPort: s.dstPort } : {}),
    ...(icmp ? { icmpType: s.v6 ? s.icmp6 : s.icmp4, icmpCode: s.code } : {}),
  }
  // Only tracked packets are NATed: no DNAT for packets conntrack calls invalid or does not track,
  // nor for UDP-Lite, which the lab cannot DNAT.
  const to = s.dnat === undefined || kernelState(base) !== 'new' || protocol === 136 ? undefined : pick(SERVICES[f], s.dnat.to)
  const dnat = s.dnat === undefined || to === undefined || to === dst ? {} : { preDnatDst: to as string, ...(dnatPorts ? { preDnatDstPort: s.dnat.port } : {}) }
  const p: Probe = { ...base, ...dnat }
  // The node's own addresses before DNAT would be delivered locally when the node sends.
  if (p.in === null && p.preDnatDst !== undefined && (HOST[f] as ReadonlyArray<string>).includes(p.preDnatDst)) return undefined
  return { ...p, conntrack: evaluatorState(p) }
}

describe.skipIf(unavailable !== '')('differential: emitted rules in a real kernel agree with Eval.evaluate', () => {
  let lab: Lab
  const tallies = new Map<string, Tally>(BACKENDS.map((b) => [b.name, emptyTally()]))
  const worlds = new Map<string, number>(BACKENDS.map((b) => [b.name, 0]))
  const unsupported = new Map<string, Map<string, number>>(BACKENDS.map((b) => [b.name, new Map()]))

  beforeAll(async () => {
    lab = await createLab({ links: LINKS })
  })
  let smallest: { readonly size: number; readonly report: string } | undefined
  afterAll(async () => {
    await destroyAll()
    if (smallest !== undefined) console.log(`kernel differential: smallest disagreement found\n${smallest.report}`)
    for (const b of BACKENDS) {
      const u = unsupported.get(b.name) as Map<string, number>
      console.log(
        `kernel differential (${b.name}): ${String(worlds.get(b.name))} worlds agree, ${[...u.values()].reduce((a, n) => a + n, 0)} unsupported (${[...u].map(([k, n]) => `${n} × ${k}`).join('; ') || 'none'}); ${showTally(tallies.get(b.name) as Tally)}; lab: ${lab.stats.rounds} rounds, ${lab.stats.sent} packets sent, ${lab.stats.retriedArrivals} arrived only when sent again`,
      )
    }
  })

  for (const backend of BACKENDS) {
    it(`${backend.name}: ${WORLDS} generated worlds`, async () => {
      const tally = tallies.get(backend.name) as Tally
      await fc.assert(
        fc.asyncProperty(clusterArb, fc.array(seedArb, { minLength: 36, maxLength: 44 }), async (resources: ReadonlyArray<Resource>, seeds) => {
          const built = build({ resources, node: NODE, interfaces: INTERFACES })
          if (E.isLeft(built)) throw new Error(`build failed: ${built.left.map(formatError).join('; ')}`)
          const world = built.right
          const rules = backend.render(world)
          if (E.isLeft(rules)) {
            if (rules.left._tag !== 'Unsupported') throw new Error(`${backend.name} failed: ${formatError(rules.left)}`)
            const u = unsupported.get(backend.name) as Map<string, number>
            u.set(rules.left.feature, (u.get(rules.left.feature) ?? 0) + 1)
            fc.pre(false)
            return
          }
          const topology = topologyOf({ resources, node: NODE, interfaces: INTERFACES, settings: world.settings })
          const packets = seeds.map((s) => packetOf(topology, s)).filter((p): p is Probe => p !== undefined)
          const mismatches = await runWorld(lab, world, topology, rules.right, packets, tally)
          if (mismatches.length > 0) {
            const report = `${mismatches.length} of ${packets.length} packets disagree\n${showMismatches(mismatches)}\n--- resources (node ${NODE}, interfaces ${JSON.stringify(INTERFACES)}) ---\n${stringify(resources)}\n${showRules(rules.right)}`
            const size = resources.length * 100 + packets.length
            if (smallest === undefined || size < smallest.size) smallest = { size, report }
            throw new Error(report)
          }
          worlds.set(backend.name, (worlds.get(backend.name) as number) + 1)
        }),
        // Shrinking runs the kernel too: it stops after SHRINK_MS and reports the smallest case so far.
        { numRuns: WORLDS, maxSkipsPerRun: 10, interruptAfterTimeLimit: SHRINK_MS, markInterruptAsFailure: true },
      )
      expect(worlds.get(backend.name)).toBeGreaterThanOrEqual(WORLDS)
      expect(tally.agree).toBeGreaterThanOrEqual(WORLDS * 20)
      expect(tally.allow).toBeGreaterThan(0)
      expect(tally.deny).toBeGreaterThan(0)
    })
  }
})
