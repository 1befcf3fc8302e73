/**
 * The evaluator's acceptance scenarios (test/fixtures/scenarios) through a real kernel: for every
 * view of every scenario (iptables dataplane) and every backend, the view's World is rendered,
 * loaded into a lab with the view's interfaces and workloads, and every case that can be the first
 * packet of a flow is sent; what arrived must be what `Eval.evaluate` says (NoVerdict = accept).
 * Established and related cases are counted as unsendable (a lab packet always starts a flow).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { formatError, type CalicoError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import { decodePacket, type Packet } from '../../src/eval/packet.js'
import type { Probe } from './harness/lab.js'
import { load } from '../../src/model/load.js'
import { build } from '../../src/policy/build.js'
import { parseAddress } from '../../src/policy/address.js'
import type { World } from '../../src/policy/world.js'
import { BACKENDS, showRules } from './backends.js'
import { emptyTally, runWorld, showMismatches, showTally, type Tally } from './compare.js'
import { createLab, destroyAll, type Lab, type Link } from './harness/lab.js'
import { topologyOf } from './harness/topology.js'

const unavailable = inject('kernelUnavailable')

interface View {
  readonly node: string
  readonly interfaces: ReadonlyArray<{ readonly name: string; readonly addresses: ReadonlyArray<string> }>
  readonly felixConfig?: Readonly<Record<string, unknown>>
  readonly dataplane?: 'iptables' | 'bpf'
  readonly cases: ReadonlyArray<{ readonly name: string; readonly packet: unknown }>
}

const root = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url))
const dirs = readdirSync(root)
  .filter((d) => existsSync(join(root, d, 'cases.json')))
  .sort()

const orThrow = <A>(what: string, r: E.Either<ReadonlyArray<CalicoError>, A>): A => {
  if (E.isLeft(r)) throw new Error(`${what}:\n${r.left.map(formatError).join('\n')}`)
  return r.right
}

/**
 * The packet as the lab sends it: an ICMP packet of its family without a type is sent as an echo
 * request (the kernel has to send some type), and the evaluator is asked about that packet.
 */
const sendable = (p: Packet): Probe => {
  const family = parseAddress(p.src)?.family
  const icmp = (family === 4 && p.protocol === 1) || (family === 6 && p.protocol === 58)
  return icmp && p.icmpType === undefined ? { ...p, icmpType: family === 4 ? 8 : 128, icmpCode: 0 } : { ...p }
}

interface Prepared {
  readonly title: string
  readonly world: World
  readonly packets: ReadonlyArray<Probe>
  readonly links: ReadonlyArray<Link>
  readonly topology: ReturnType<typeof topologyOf>
}

const views: Array<Prepared> = []
let bpfViews = 0
for (const dir of dirs) {
  const scenario = JSON.parse(readFileSync(join(root, dir, 'cases.json'), 'utf8')) as { readonly views: ReadonlyArray<View> }
  const resources = orThrow(`${dir}: load`, load(readFileSync(join(root, dir, 'resources.yaml'), 'utf8'), { file: `${dir}/resources.yaml` }))
  scenario.views.forEach((v, i) => {
    if ((v.dataplane ?? 'iptables') !== 'iptables') {
      bpfViews++
      return
    }
    const world = orThrow(`${dir}: build`, build({ resources, node: v.node, interfaces: v.interfaces, felixConfig: v.felixConfig ?? {} }))
    const packets = v.cases.map((c) => sendable(orThrow(`${dir}: ${c.name}`, decodePacket(c.packet))))
    const topology = topologyOf({ resources, node: v.node, interfaces: v.interfaces, settings: world.settings, packets })
    views.push({ title: `${dir} view ${i} (${v.node})`, world, packets, links: topology.links, topology })
  })
}

describe.skipIf(unavailable !== '')('acceptance scenarios in a real kernel', () => {
  let lab: Lab
  const tallies = new Map<string, Tally>(BACKENDS.map((b) => [b.name, emptyTally()]))
  const unsupported = new Map<string, Array<string>>(BACKENDS.map((b) => [b.name, []]))

  beforeAll(async () => {
    // One lab with every interface any view names; each view then sets its own addresses and routes.
    const all = new Map<string, Link>()
    for (const v of views) for (const l of v.links) if (!all.has(l.name) || l.role === 'workload') all.set(l.name, { name: l.name, role: l.role, addresses: [] })
    lab = await createLab({ links: [...all.values()] })
  })
  afterAll(async () => {
    await destroyAll()
    for (const b of BACKENDS) {
      const u = unsupported.get(b.name) ?? []
      console.log(`kernel scenarios (${b.name}): ${views.length} views (${bpfViews} BPF-only views not run), ${u.length} unsupported by the backend; ${showTally(tallies.get(b.name) as Tally)}`)
    }
  })

  for (const backend of BACKENDS) {
    it.each(views.map((v) => [v.title, v] as const))(`${backend.name}: %s`, async (_title, v) => {
      const rules = backend.render(v.world)
      if (E.isLeft(rules)) {
        if (rules.left._tag !== 'Unsupported') throw new Error(`${backend.name} failed: ${formatError(rules.left)}`)
        ;(unsupported.get(backend.name) as Array<string>).push(`${v.title}: ${formatError(rules.left)}`)
        return
      }
      const mismatches = await runWorld(lab, v.world, v.topology, rules.right, v.packets, tallies.get(backend.name) as Tally)
      expect(mismatches, mismatches.length === 0 ? '' : `${showMismatches(mismatches)}\n${showRules(rules.right)}`).toEqual([])
    })

    it(`${backend.name}: sent most cases, and saw both verdicts`, () => {
      const t = tallies.get(backend.name) as Tally
      expect(t.allow).toBeGreaterThan(50)
      expect(t.deny).toBeGreaterThan(50)
    })
  }
})
