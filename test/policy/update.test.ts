import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateOk } from '../eval/hand-world.js'
import { parsePacket } from '../../src/eval/packet.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import type { Resource } from '../../src/model/resource.js'
import { build, type State } from '../../src/policy/build.js'
import { update, type Change } from '../../src/policy/update.js'
import type { World } from '../../src/policy/world.js'
import { changeArb, clusterArb, INTERFACES, NODE, packetArb } from './cluster-arbitrary.js'
import { resources } from './yaml.js'

const must = <A>(e: E.Either<ReadonlyArray<Parameters<typeof formatError>[0]>, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.map(formatError).join('\n'))
  return e.right
}

const verdict = (w: World, text: string): string => evaluateOk(w)(must(parsePacket(text))).verdict

const yaml = `
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: { name: h0, labels: { role: host } }
spec: { node: n0, interfaceName: eth0, profiles: [projectcalico-default-allow] }
---
apiVersion: v1
kind: Namespace
metadata: { name: prod, labels: { team: a } }
---
apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata: { name: web, namespace: prod, labels: { app: web } }
spec: { node: n0, orchestrator: k8s, interfaceName: cali1, ipNetworks: [10.65.0.10/32], profiles: [kns.prod] }
---
apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata: { name: db, namespace: prod, labels: { app: db } }
spec: { node: n1, orchestrator: k8s, interfaceName: cali9, ipNetworks: [10.65.1.10/32], profiles: [kns.prod] }
`

describe('update', () => {
  const w0 = must(build({ resources: resources(yaml), node: 'n0', interfaces: [{ name: 'eth0', addresses: ['10.0.0.10'] }] }))
  const gnp = resources(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: web-from-db }
spec:
  selector: app == 'web'
  ingress: [{ action: Allow, source: { selector: app == 'db' } }]
`)[0] as Resource

  it('adds, changes and removes a policy', () => {
    const w1 = must(update(w0)({ _tag: 'Upsert', resource: gnp }))
    expect([verdict(w1, 'tcp 10.65.1.10:1 -> 10.65.0.10:80 in eth0 out cali1'), verdict(w1, 'tcp 10.65.1.11:1 -> 10.65.0.10:80 in eth0 out cali1')]).toEqual(['Allow', 'Deny'])
    const w2 = must(update(w1)({ _tag: 'Remove', kind: 'GlobalNetworkPolicy', name: 'web-from-db' }))
    expect(verdict(w2, 'tcp 10.65.1.11:1 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Allow')
    // the older worlds are unchanged
    expect(verdict(w1, 'tcp 10.65.1.11:1 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Deny')
    expect(verdict(w0, 'tcp 10.65.1.11:1 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Allow')
  })

  it('moves a remote endpoint in and out of IP sets', () => {
    const w1 = must(update(w0)({ _tag: 'Upsert', resource: gnp }))
    const moved = resources(yaml.split('---')[3]?.replace('10.65.1.10', '10.65.1.20') ?? '')[0] as Resource
    const w2 = must(update(w1)({ _tag: 'Upsert', resource: moved }))
    expect([verdict(w2, 'tcp 10.65.1.10:1 -> 10.65.0.10:80 in eth0 out cali1'), verdict(w2, 'tcp 10.65.1.20:1 -> 10.65.0.10:80 in eth0 out cali1')]).toEqual(['Deny', 'Allow'])
    // updating an older world is still correct (it rebuilds)
    const w3 = must(update(w1)({ _tag: 'Remove', kind: 'WorkloadEndpoint', name: 'db', namespace: 'prod' }))
    expect(verdict(w3, 'tcp 10.65.1.10:1 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Deny')
    expect(verdict(w2, 'tcp 10.65.1.20:1 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Allow')
  })

  it('re-labels through namespaces and changes settings, tiers and interfaces', () => {
    const nsPolicy = resources(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: team-a }
spec: { selector: all(), ingress: [{ action: Allow, source: { namespaceSelector: team == 'a' } }] }
`)[0] as Resource
    const w1 = must(update(w0)({ _tag: 'Upsert', resource: nsPolicy }))
    expect(verdict(w1, 'tcp 10.65.1.10:1 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Allow')
    const relabel = resources('apiVersion: v1\nkind: Namespace\nmetadata: { name: prod, labels: { team: b } }')[0] as Resource
    const w2 = must(update(w1)({ _tag: 'Upsert', resource: relabel }))
    expect(verdict(w2, 'tcp 10.65.1.10:1 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Deny')
    const accept = resources('apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: { name: default }\nspec: { defaultEndpointToHostAction: Accept }')[0] as Resource
    const w3 = must(update(w0)({ _tag: 'Upsert', resource: accept }))
    expect([verdict(w0, 'tcp 10.65.0.10:1 -> 10.0.0.10:80 in cali1'), verdict(w3, 'tcp 10.65.0.10:1 -> 10.0.0.10:80 in cali1')]).toEqual(['Deny', 'Allow'])
    const w4 = must(update(w3)({ _tag: 'Interfaces', interfaces: [] }))
    expect(verdict(w4, 'tcp 1.2.3.4:1 -> 10.0.0.10:80 in eth0')).toBe('Allow')
  })

  it('reports invalid selectors and refuses hand-built worlds', () => {
    const bad = resources(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: bad }
spec: { selector: "a b" }
`)[0] as Resource
    const r = update(w0)({ _tag: 'Upsert', resource: bad })
    expect(E.isLeft(r) ? r.left.map((e) => e.path) : []).toEqual([['spec', 'selector']])
    const { state: _state, ...bare } = w0
    expect(update(bare)({ _tag: 'Interfaces', interfaces: [] })).toEqual(
      E.left([{ _tag: 'Invalid', path: [], message: 'this world was not made by Policy.build and cannot be updated' }]),
    )
  })
})

/**
 * Builds `cluster`, applies `changes` one by one and calls `step` after each with the updated
 * world and a fresh build of the same resources; stops at the first build or change refused.
 * Returns how many changes were applied.
 */
const replay = (cluster: ReadonlyArray<Resource>, changes: ReadonlyArray<Change>, step: (world: World, fresh: () => World, last: boolean) => void): number => {
  const built = build({ resources: cluster, node: NODE, interfaces: INTERFACES })
  if (E.isLeft(built)) return 0
  let world = built.right
  let current: Array<Resource> = [...cluster]
  let interfaces: ReadonlyArray<{ readonly name: string; readonly addresses: ReadonlyArray<string> }> = INTERFACES
  let applied = 0
  for (const change of changes) {
    const next = update(world)(change)
    if (E.isLeft(next)) return applied
    world = next.right
    applied++
    current = applyToList(current, change)
    if (change._tag === 'Interfaces') interfaces = change.interfaces
    const resources = current
    const ifaces = interfaces
    step(world, () => must(build({ resources, node: NODE, interfaces: ifaces })), applied === changes.length)
  }
  return applied
}

describe('update (property)', () => {
  it('gives the same verdicts as rebuilding from scratch', () => {
    const seen = new Set<string>()
    let applied = 0
    fc.assert(
      fc.property(
        clusterArb.chain((cluster) => fc.tuple(fc.constant(cluster), fc.array(changeArb(cluster), { minLength: 1, maxLength: 5 }), fc.array(packetArb, { minLength: 10, maxLength: 10 }))),
        ([cluster, changes, packets]) => {
          applied += replay(cluster, changes, (world, fresh, last) => {
            if (!last) return
            const rebuilt = fresh()
            for (const p of packets) {
              for (const dataplane of ['iptables', 'bpf'] as const) {
                const a = evaluateOk(world, { dataplane })(p)
                const b = evaluateOk(rebuilt, { dataplane })(p)
                seen.add(a.verdict)
                expect({ verdict: a.verdict, trace: a.trace }).toEqual({ verdict: b.verdict, trace: b.trace })
              }
            }
          })
        },
      ),
      { numRuns: 80 },
    )
    expect([...seen].sort()).toEqual(['Allow', 'Deny', 'NoVerdict'])
    expect(applied).toBeGreaterThan(100)
  }, 60_000)
})

/** What a world's lineage keeps: its live IP sets (by felix id) and the sizes of every cache. */
const retained = (w: World) => {
  const s = w.state as State
  const t = s.shared.table
  const live = w.sets.filter((_, id) => t.entries[id] !== undefined)
  return {
    sets: [...live].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    byKey: [...t.byKey.keys()].sort(),
    byText: [...t.byText.keys()].sort(),
    textRefs: [...t.textRefs].sort(),
    atoms: [...t.byAtom].map(([a, ids]) => [a, ids.size] as const).sort(),
    unkeyed: t.unkeyed.size,
    items: [...t.items.keys()].sort(),
    inputs: [...s.shared.items.keys()].sort(),
    profiles: [...s.shared.compiledProfiles.values()].map((p) => [p.profile.name, p.users] as const).sort(),
    missing: [...s.shared.missingProfiles.keys()].sort(),
  }
}

describe('update (property: bounded state)', () => {
  it('keeps exactly what a fresh build keeps, and World.sets within twice its size, through random churn', () => {
    let steps = 0
    fc.assert(
      fc.property(
        clusterArb.chain((cluster) => fc.tuple(fc.constant(cluster), fc.array(changeArb(cluster), { minLength: 1, maxLength: 25 }))),
        ([cluster, changes]) => {
          steps += replay(cluster, changes, (world, fresh) => {
            const rebuilt = fresh()
            expect(retained(world)).toEqual(retained(rebuilt))
            expect(world.sets.length).toBeLessThanOrEqual(2 * rebuilt.sets.length)
          })
        },
      ),
      { numRuns: 60 },
    )
    expect(steps).toBeGreaterThan(300)
  }, 60_000)

  it('keeps one set when one policy changes its rule selector again and again', () => {
    const base = resources(yaml)
    const gnp0 = resources(`apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: churn }\nspec: { selector: all(), ingress: [{ action: Allow, source: { selector: "app == 'v0'" } }] }\n`)[0] as Resource & { readonly spec: object }
    const gnp = (i: number) => ({ ...gnp0, spec: { ...gnp0.spec, ingress: [{ action: 'Allow', source: { selector: `app == 'v${i}'` } }] } }) as Resource
    let w = must(build({ resources: base, node: 'n0', interfaces: [] }))
    let compactions = 0
    for (let i = 0; i < 200; i++) {
      const next = must(update(w)({ _tag: 'Upsert', resource: gnp(i) }))
      if ((next.state as State).shared !== (w.state as State).shared) compactions++
      w = next
    }
    const fresh = must(build({ resources: [...base, gnp(199)], node: 'n0', interfaces: [] }))
    // one live set: each replacement (from the second on) leaves one dead slot, and the second
    // dead slot triggers a rebuild: after updates 2, 4, …, 198; the last one left one dead slot
    expect([w.sets.length, compactions, retained(w)]).toEqual([2, 99, retained(fresh)])
  }, 30_000)
})

const keyOf = (r: Resource) => `${r.apiVersion === 'networking.k8s.io/v1' ? 'KubernetesNetworkPolicy' : r.kind}/${(r.metadata as { readonly namespace?: string }).namespace ?? ''}/${r.metadata.name}`

const applyToList = (rs: ReadonlyArray<Resource>, change: Change): Array<Resource> => {
  if (change._tag === 'Interfaces') return [...rs]
  if (change._tag === 'Upsert') return [...rs.filter((r) => keyOf(r) !== keyOf(change.resource)), change.resource]
  const namespaced = ['WorkloadEndpoint', 'NetworkPolicy', 'StagedNetworkPolicy', 'StagedKubernetesNetworkPolicy', 'KubernetesNetworkPolicy', 'NetworkSet', 'ServiceAccount'].includes(change.kind)
  const k = `${change.kind}/${namespaced ? (change.namespace ?? 'default') : ''}/${change.name}`
  return rs.filter((r) => keyOf(r) !== k)
}
