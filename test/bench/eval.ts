/**
 * Evaluator benchmarks (not a test): for clusters of 10, 100, 1,000 and 10,000 policies with ten
 * times as many workload endpoints, the time to build the node's world, the mean time of one
 * update, and the decision throughput of `Eval.evaluate` with and without the trace.
 *
 * Run with `npm run bench eval`.
 */
import { E } from '../../src/internal/fp.js'
import { decodeResource, type Resource } from '../../src/model/resource.js'
import { packet, type Packet, type PacketInit } from '../../src/eval/packet.js'
import { evaluate } from '../../src/eval/evaluate.js'
import { build } from '../../src/policy/build.js'
import { update, type Change } from '../../src/policy/update.js'
import type { World } from '../../src/policy/world.js'

/** A deterministic pseudo-random generator (mulberry32), so every run measures the same data. */
const rng = (seed: number) => {
  let s = seed | 0
  return (): number => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const decode = (u: unknown): Resource => {
  const r = decodeResource(u)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

const NAMESPACES = 20
const APPS = 25
const LOCAL_WORKLOADS = 20
export const NODE = 'node-0'
/** Changes timed per cluster (after as many untimed ones to warm the JIT up). */
const CHANGES = 50

const ip = (i: number): string => `10.${64 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`

interface Cluster {
  readonly resources: ReadonlyArray<Resource>
  readonly packets: ReadonlyArray<Packet>
  readonly changes: ReadonlyArray<Change>
}


/** A generated cluster of `policies` policies (exported for profiling harnesses). */
export const cluster = (policies: number): Cluster => {
  const rand = rng(policies)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rand() * xs.length)] as A
  const endpoints = policies * 10
  const nodes = Math.max(2, Math.floor(endpoints / 100))
  const out: Array<Resource> = []
  const ns = (i: number) => `ns-${i % NAMESPACES}`
  // local workloads are spread over namespaces and apps
  const stride = Math.max(1, Math.floor(endpoints / LOCAL_WORKLOADS))
  const isLocal = (i: number) => i % stride === 0 && i / stride < LOCAL_WORKLOADS
  const locals = Array.from({ length: Math.min(LOCAL_WORKLOADS, endpoints) }, (_, k) => k * stride)
  const app = (i: number) => `app-${Math.floor(i / NAMESPACES) % APPS}`
  for (let i = 0; i < NAMESPACES; i++) out.push(decode({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns(i), labels: { team: `team-${i % 5}` } } }))
  out.push(decode({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 100, defaultAction: 'Pass' } }))
  out.push(
    decode({
      apiVersion: 'projectcalico.org/v3',
      kind: 'HostEndpoint',
      metadata: { name: `${NODE}-eth0`, labels: { 'host-endpoint': 'true' } },
      spec: { node: NODE, interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow'] },
    }),
  )
  const wepOf = (i: number, labels: Record<string, string>) =>
    decode({
      apiVersion: 'projectcalico.org/v3',
      kind: 'WorkloadEndpoint',
      metadata: { name: `w-${i}`, namespace: ns(i), labels },
      spec: {
        orchestrator: 'k8s',
        node: isLocal(i) ? NODE : `node-${1 + (i % (nodes - 1))}`,
        interfaceName: `cali${i.toString(16).padStart(11, '0')}`,
        ipNetworks: [`${ip(i)}/32`],
        profiles: [`kns.${ns(i)}`],
        ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
      },
    })
  for (let i = 0; i < endpoints; i++) out.push(wepOf(i, { app: app(i), version: `v${i % 3}` }))
  for (let p = 0; p < policies; p++) {
    const kind = p % 10
    if (kind === 0) {
      // a security-tier GNP selecting a namespace team
      out.push(
        decode({
          apiVersion: 'projectcalico.org/v3',
          kind: 'GlobalNetworkPolicy',
          metadata: { name: `sec-${p}` },
          spec: {
            tier: 'security',
            order: p,
            selector: `app == '${app(p)}'`,
            namespaceSelector: `team == 'team-${p % 5}'`,
            ingress: [{ action: 'Deny', source: { nets: ['192.0.2.0/24'] } }, { action: 'Pass' }],
            egress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [25] } }, { action: 'Pass' }],
          },
        }),
      )
    } else {
      const target = Math.floor(rand() * endpoints)
      out.push(
        decode({
          apiVersion: 'projectcalico.org/v3',
          kind: 'NetworkPolicy',
          metadata: { name: `np-${p}`, namespace: ns(target) },
          spec: {
            order: kind,
            selector: `app == '${app(target)}'`,
            ingress: [
              { action: 'Allow', protocol: 'TCP', source: { selector: `app == '${app(target + 1)}'` }, destination: { ports: [80, 443, 'http'] } },
              { action: 'Allow', protocol: 'UDP', source: { namespaceSelector: 'all()' }, destination: { ports: [53] } },
            ],
            egress: [{ action: 'Allow', destination: { selector: `app in {'${app(target + 2)}', '${app(target + 3)}'}` } }, { action: 'Allow', destination: { nets: ['0.0.0.0/0'] }, protocol: 'UDP' }],
          },
        }),
      )
    }
  }
  const iface = (i: number) => `cali${i.toString(16).padStart(11, '0')}`
  const packets: Array<Packet> = []
  for (let k = 0; k < 1000; k++) {
    const local = pick(locals)
    const remote = Math.floor(rand() * endpoints)
    const dstPort = pick([80, 443, 8080, 22, 53, 25])
    const protocol = dstPort === 53 ? 17 : 6
    const shape = pick(['to-local', 'from-local', 'to-host'])
    const init: PacketInit =
      shape === 'to-local'
        ? { protocol, src: ip(remote), dst: ip(local), srcPort: 40000, dstPort, in: 'eth0', out: iface(local), conntrack: 'new' }
        : shape === 'from-local'
          ? { protocol, src: ip(local), dst: ip(remote), srcPort: 40000, dstPort, in: iface(local), out: 'eth0', conntrack: 'new' }
          : { protocol, src: ip(remote), dst: '10.0.0.1', srcPort: 40000, dstPort, in: 'eth0', out: null, conntrack: 'new' }
    const p = packet(init)
    if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
    packets.push(p.right)
  }
  const changes: Array<Change> = []
  for (let k = 0; k < 2 * CHANGES; k++) {
    const i = Math.floor(rand() * endpoints)
    if (k % 2 === 0) changes.push({ _tag: 'Upsert', resource: wepOf(i, { app: app(i + 7), version: 'v9' }) })
    else {
      const p = 1 + Math.floor(rand() * (policies - 1))
      const r = out.find((x) => x.metadata.name === `np-${p}` || x.metadata.name === `sec-${p}`) as (Resource & { readonly spec: object }) | undefined
      if (r !== undefined) changes.push({ _tag: 'Upsert', resource: { ...r, spec: { ...r.spec, order: 42 } } as Resource })
    }
  }
  return { resources: out, packets, changes }
}

const now = (): number => performance.now()

const measure = (policies: number): Record<string, number | string> => {
  const c = cluster(policies)
  const t0 = now()
  const built = build({ resources: c.resources, node: NODE, interfaces: [{ name: 'eth0', addresses: ['10.0.0.1'] }] })
  const buildMs = now() - t0
  if (E.isLeft(built)) throw new Error(JSON.stringify(built.left.slice(0, 3)))
  let world: World = built.right
  // the changes: endpoints re-labelled (they move between IP sets) and policies re-ordered; the
  // first half warms up, the second half is timed
  const spent = { endpoint: 0, policy: 0 }
  const count = { endpoint: 0, policy: 0 }
  c.changes.forEach((ch, k) => {
    const which = ch._tag === 'Upsert' && ch.resource.kind === 'WorkloadEndpoint' ? 'endpoint' : 'policy'
    const t = now()
    const next = update(world)(ch)
    if (k >= CHANGES) {
      spent[which] += now() - t
      count[which]++
    }
    if (E.isLeft(next)) throw new Error(JSON.stringify(next.left))
    world = next.right
  })
  const updateMs = (spent.endpoint + spent.policy) / (count.endpoint + count.policy)
  const round = (ms: number) => Math.round(ms * 1000) / 1000
  const rate = (decide: (p: Packet) => E.Either<unknown, { readonly verdict: string }>): number => {
    let sink = 0
    const one = (p: Packet): number => {
      const d = decide(p)
      return E.isRight(d) ? d.right.verdict.length : -1
    }
    // warm up, then run for at least ~1 s
    for (const p of c.packets) sink += one(p)
    let n = 0
    const t = now()
    while (now() - t < 1000) {
      for (const p of c.packets) sink += one(p)
      n += c.packets.length
    }
    if (sink < 0) throw new Error('unreachable')
    return Math.round((n * 1000) / (now() - t))
  }
  return {
    case: 'eval',
    policies,
    endpoints: policies * 10,
    decisionsPerSec: rate(evaluate(world, { trace: false })),
    tracedDecisionsPerSec: rate(evaluate(world)),
    buildMs: Math.round(buildMs),
    updateMs: Math.round(updateMs * 1000) / 1000,
    updateEndpointMs: round(spent.endpoint / count.endpoint),
    updatePolicyMs: round(spent.policy / count.policy),
  }
}

/**
 * One record per cluster size: `{ case: 'eval', policies, endpoints, decisionsPerSec, buildMs,
 * updateMs, updateEndpointMs, updatePolicyMs }`. `BENCH_POLICIES=10000` measures one size only.
 */
export function benchEval(): ReadonlyArray<Record<string, number | string>> {
  const only = process.env['BENCH_POLICIES']
  return (only === undefined ? [10, 100, 1000, 10000] : only.split(',').map(Number)).map(measure)
}
