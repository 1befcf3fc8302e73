// Flow-log policy hits: felix logs an end-of-tier rule only in normal and forward chains;
// untracked and pre-DNAT chains fall through without one (felix/rules/endpoints.go).
import { describe, expect, it } from 'vitest'
import { evaluateOk } from './hand-world.js'
import { parsePacket } from '../../src/eval/packet.js'
import { E } from '../../src/internal/fp.js'
import { build } from '../../src/policy/build.js'
import { resources } from '../policy/yaml.js'

const world = (() => {
  const w = build({
    node: 'gw',
    interfaces: [{ name: 'eth0', addresses: ['203.0.113.10'] }],
    resources: resources(`
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: gw.eth0, labels: {edge: 'true'}}
spec: {node: gw, interfaceName: eth0, expectedIPs: [203.0.113.10]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-list}
spec:
  order: 10
  selector: has(edge)
  doNotTrack: true
  applyOnForward: true
  types: [Ingress]
  ingress: [{action: Deny, source: {nets: [198.51.100.0/24]}}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: pinholes}
spec:
  order: 20
  selector: has(edge)
  preDNAT: true
  applyOnForward: true
  types: [Ingress]
  ingress: [{action: Deny, protocol: TCP, destination: {ports: [30000]}}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: host-in}
spec:
  order: 30
  selector: has(edge)
  types: [Ingress]
  ingress: [{action: Allow, protocol: ICMP}]
`),
  })
  if (E.isLeft(w)) throw new Error(JSON.stringify(w.left))
  return w.right
})()

const decide = (text: string) => {
  const p = parsePacket(text)
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
  return evaluateOk(world)(p.right)
}

describe('flow-log policy hits', () => {
  it('records no end-of-tier hit for untracked and pre-DNAT tiers that fall through', () => {
    const d = decide('tcp 192.0.2.1:40000 -> 203.0.113.10:443 in eth0')
    expect(d.verdict).toBe('Deny')
    const hits = d.trace.map((s) => ('enforced' in s ? [s.stage, s.enforced, s.pending] : [s.stage]))
    expect(hits).toEqual([
      ['untracked', [], []],
      ['preDnat', [], []],
      [
        'normal',
        [{ kind: 'GlobalNetworkPolicy', name: 'host-in', tier: 'default', action: 'Deny', policyIndex: 0, ruleIndex: -1, trigger: 'end-of-tier' }],
        [{ kind: 'GlobalNetworkPolicy', name: 'host-in', tier: 'default', action: 'Deny', policyIndex: 0, ruleIndex: -1, trigger: 'end-of-tier' }],
      ],
    ])
  })
  it('records the rule that decided in an untracked tier', () => {
    const d = decide('tcp 198.51.100.7:40000 -> 203.0.113.10:443 in eth0 established')
    const first = d.trace[0]
    expect(d.verdict).toBe('Deny')
    expect(first !== undefined && 'enforced' in first ? first.enforced : undefined).toEqual([
      { kind: 'GlobalNetworkPolicy', name: 'deny-list', tier: 'default', action: 'Deny', policyIndex: 0, ruleIndex: 0, trigger: 'rule' },
    ])
  })
})
