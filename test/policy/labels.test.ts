import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { build } from '../../src/policy/build.js'
import { effectiveLabels, networkSetLabels, workloadLabels } from '../../src/policy/labels.js'
import type { Resource } from '../../src/model/resource.js'
import { resources } from './yaml.js'

/** A label map whose keys include `__proto__` as an own key (as JSON.parse makes them). */
const protoLabels = (json: string): Readonly<Record<string, string>> => JSON.parse(json) as Readonly<Record<string, string>>

describe('effectiveLabels', () => {
  it('lets own labels win over parents, the first parent over later ones', () => {
    expect(effectiveLabels({ a: '1' }, [{ a: '2', b: '2' }, { b: '3', c: '3' }])).toEqual({ a: '1', b: '2', c: '3' })
  })
  it('keeps __proto__, constructor and toString as ordinary own keys', () => {
    const out = effectiveLabels(protoLabels('{"__proto__": "own"}'), [protoLabels('{"__proto__": "parent", "constructor": "c"}'), { toString: 't' }])
    expect(Object.entries(out)).toEqual([
      ['toString', 't'],
      ['__proto__', 'own'],
      ['constructor', 'c'],
    ])
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
  })
})

describe('workloadLabels / networkSetLabels', () => {
  it('keep a __proto__ key', () => {
    expect(Object.entries(workloadLabels(protoLabels('{"__proto__": "x"}'), 'prod', 'k8s', undefined))).toEqual([
      ['__proto__', 'x'],
      ['projectcalico.org/namespace', 'prod'],
      ['projectcalico.org/orchestrator', 'k8s'],
    ])
    expect(Object.entries(networkSetLabels(protoLabels('{"__proto__": "x"}'), 'prod'))).toEqual([
      ['__proto__', 'x'],
      ['projectcalico.org/namespace', 'prod'],
    ])
  })
})

describe('Policy.build with hand-built labels', () => {
  it('selects an endpoint by a __proto__ label inherited from a profile and its own', () => {
    const [hep, profile, policy] = resources(`
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: { name: h }
spec: { node: n0, interfaceName: eth0, profiles: [p] }
---
apiVersion: projectcalico.org/v3
kind: Profile
metadata: { name: p }
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: deny }
spec: { selector: "has(__proto__) && constructor == 'c'", ingress: [{ action: Deny }] }
`) as [Resource, Resource, Resource]
    const withLabels = { ...hep, metadata: { ...hep.metadata, labels: protoLabels('{"__proto__": "x"}') } } as Resource
    const withApply = { ...profile, spec: { labelsToApply: protoLabels('{"constructor": "c"}') } } as Resource
    const w = build({ resources: [withLabels, withApply, policy], node: 'n0', interfaces: [{ name: 'eth0', addresses: ['10.0.0.1'] }] })
    expect(E.isRight(w) && w.right.hostEndpoints.byInterface.get("eth0")?.normal.ingress.map((t) => t.policies.map((p) => p.policy.key.name))).toEqual([['deny']])
  })
})
