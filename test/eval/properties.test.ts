// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateOk } from './hand-world.js'
import type { Packet } from '../../src/eval/packet.js'
import { E } from '../../src/internal/fp.js'
import { decodeResource, type Resource } from '../../src/model/resource.js'
import { build } from '../../src/policy/build.js'
import { comparePolicies } from '../../src/policy/order.js'
import type { World } from '../../src/policy/world.js'
import { clusterArb, INTERFACES, NODE, packetArb } from '../policy/cluster-arbitrary.js'

const worldOf = (rs: ReadonlyArray<Resource>): World | undefined => {
  const w = build({ resources: rs, node: NODE, interfaces: INTERFACES })
  return E.isRight(w) ? w.right : undefined
}

const verdicts = (w: World, ps: ReadonlyArray<Packet>, dataplane: 'iptables' | 'bpf' = 'iptables') => ps.map((p) => evaluateOk(w, { dataplane, trace: false })(p).verdict)

const input = fc.tuple(clusterArb, fc.array(packetArb, { minLength: 20, maxLength: 20 }))

const resource = (u: unknown): Resource => {
  const r = decodeResource(u)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

describe('evaluation laws', () => {
  it('a Deny from untracked or pre-DNAT policy is final', () => {
    const edge = [
      resource({ apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: { name: 'h-edge', labels: { edge: 'true' } }, spec: { node: NODE, interfaceName: 'eth1' } }),
      resource({
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkPolicy',
        metadata: { name: 'dnt-deny' },
        spec: {
          selector: 'has(edge)',
          doNotTrack: true,
          applyOnForward: true,
          types: ['Ingress', 'Egress'],
          ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [8080] } }],
          egress: [{ action: 'Deny', protocol: 'UDP', destination: { ports: [53] } }],
        },
      }),
      resource({
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkPolicy',
        metadata: { name: 'pre-deny' },
        spec: { selector: 'has(edge)', preDNAT: true, applyOnForward: true, ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [443] } }] },
      }),
    ]
    let hits = 0
    fc.assert(
      fc.property(input, ([cluster, packets]) => {
        const w = worldOf([...cluster, ...edge])
        if (w === undefined) return
        for (const p of packets) {
          const d = evaluateOk(w)(p)
          const i = d.trace.findIndex((s) => (s.stage === 'untracked' || s.stage === 'preDnat') && s.result === 'Deny')
          if (i < 0) continue
          hits++
          expect({ verdict: d.verdict, last: i === d.trace.length - 1 }).toEqual({ verdict: 'Deny', last: true })
        }
      }),
      { numRuns: 150 },
    )
    expect(hits).toBeGreaterThan(0)
  }, 60_000)

  it('staged policies never change a verdict (BPF; iptables unless they are apply-on-forward or pre-DNAT)', () => {
    let staged = 0
    const seen = new Set<string>()
    // In iptables a staged AoF or pre-DNAT policy still gives its HEP a forward or pre-DNAT tier,
    // which changes the forward default (Note F) and the pre-DNAT dispatch (Q1); see evaluate.test.ts.
    const flagged = (r: Resource) => {
      const spec = (r as { readonly spec?: { readonly applyOnForward?: boolean; readonly preDNAT?: boolean } }).spec ?? {}
      return spec.applyOnForward === true || spec.preDNAT === true
    }
    fc.assert(
      fc.property(input, ([cluster, packets]) => {
        const w = worldOf(cluster)
        const enforcedOnly = cluster.filter((r) => !r.kind.startsWith('Staged'))
        if (w === undefined || enforcedOnly.length === cluster.length) return
        const w2 = worldOf(enforcedOnly)
        if (w2 === undefined) return
        staged++
        const a = verdicts(w, packets, 'bpf')
        a.forEach((v) => seen.add(v))
        expect(a).toEqual(verdicts(w2, packets, 'bpf'))
        if (cluster.some((r) => r.kind.startsWith('Staged') && flagged(r))) return
        expect(verdicts(w, packets)).toEqual(verdicts(w2, packets))
      }),
      { numRuns: 150 },
    )
    expect(staged).toBeGreaterThan(20)
    expect([...seen].sort()).toEqual(['Allow', 'Deny', 'NoVerdict'])
  }, 60_000)

  it('policies of a tier are ordered by order, then name/namespace/kind; resource order does not matter', () => {
    fc.assert(
      fc.property(input, fc.integer(), ([cluster, packets], seed) => {
        const w = worldOf(cluster)
        if (w === undefined) return
        const eps = [...w.workloads.values(), ...w.hostEndpoints.byInterface.values(), ...(w.hostEndpoints.wildcard === undefined ? [] : [w.hostEndpoints.wildcard])]
        for (const ep of eps)
          for (const list of [ep.normal, ep.forward, ep.preDnat, ep.untracked])
            for (const tier of [...list.ingress, ...list.egress]) {
              const pols = tier.policies.map((e) => e.policy)
              expect(pols).toEqual([...pols].sort(comparePolicies))
            }
        const shuffled = [...cluster].sort((a, b) => ((a.metadata.name.length * 31 + seed) % 7) - ((b.metadata.name.length * 31 + seed) % 7))
        const dedup = (rs: ReadonlyArray<Resource>) => rs.filter((r, i) => rs.findIndex((x) => x.kind === r.kind && x.apiVersion === r.apiVersion && x.metadata.name === r.metadata.name && (x.metadata as { namespace?: string }).namespace === (r.metadata as { namespace?: string }).namespace) === i)
        // with no duplicate keys, any order builds the same world
        const w1 = worldOf(dedup(cluster))
        const w2 = worldOf(dedup(shuffled).length === dedup(cluster).length ? [...dedup(cluster)].reverse() : dedup(cluster))
        if (w1 !== undefined && w2 !== undefined) expect(verdicts(w1, packets)).toEqual(verdicts(w2, packets))
      }),
      { numRuns: 100 },
    )
  }, 60_000)

  it('a tier whose only policy passes behaves as if absent', () => {
    const passTier = [
      resource({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'pass-only' }, spec: { order: 10 } }),
      resource({
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkPolicy',
        metadata: { name: 'pass-all' },
        spec: { tier: 'pass-only', selector: 'all()', types: ['Ingress', 'Egress'], ingress: [{ action: 'Pass' }], egress: [{ action: 'Pass' }] },
      }),
    ]
    let n = 0
    fc.assert(
      fc.property(input, ([cluster, packets]) => {
        const w = worldOf(cluster)
        const w2 = worldOf([...cluster, ...passTier])
        if (w === undefined || w2 === undefined) return
        n++
        expect(verdicts(w2, packets)).toEqual(verdicts(w, packets))
        expect(verdicts(w2, packets, 'bpf')).toEqual(verdicts(w, packets, 'bpf'))
      }),
      { numRuns: 150 },
    )
    expect(n).toBeGreaterThan(100)
  }, 60_000)
})
