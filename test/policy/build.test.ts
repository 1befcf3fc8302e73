// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { evaluateOk } from '../eval/hand-world.js'
import { parsePacket } from '../../src/eval/packet.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import { build, type BuildInput } from '../../src/policy/build.js'
import type { World } from '../../src/policy/world.js'
import { resources } from './yaml.js'

const world = (yaml: string, extra: Partial<BuildInput> = {}): World => {
  const w = build({ resources: resources(yaml), node: 'n0', interfaces: [{ name: 'eth0', addresses: ['10.0.0.10'] }], ...extra })
  if (E.isLeft(w)) throw new Error(w.left.map(formatError).join('\n'))
  return w.right
}

const verdict = (w: World, text: string, dataplane: 'iptables' | 'bpf' = 'iptables'): string => {
  const p = parsePacket(text)
  if (E.isLeft(p)) throw new Error('bad packet')
  return evaluateOk(w, { dataplane })(p.right).verdict
}

const hep = (name: string, extra: string) => `
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: ${name}
  labels: { host-endpoint: "true", name: ${name} }
spec:
  node: n0
${extra}
`

const pod = (name: string, ns: string, iface: string, ip: string, labels = '{}', node = 'n0', extra = '') => `
apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata:
  name: ${name}
  namespace: ${ns}
  labels: ${labels}
spec:
  orchestrator: k8s
  node: ${node}
  serviceAccountName: default
  interfaceName: ${iface}
  ipNetworks: [${ip}/32]
  profiles: [kns.${ns}, ksa.${ns}.default]
${extra}
`

const namespaces = `
apiVersion: v1
kind: Namespace
metadata: { name: ns-a, labels: { team: a } }
---
apiVersion: v1
kind: Namespace
metadata: { name: ns-b, labels: { team: b } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: ns-a }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: ns-b }
`

describe('build: host endpoints', () => {
  it('binds named HEPs by interface name or by expectedIPs, the smallest name winning, and the wildcard', () => {
    const w = world(
      [
        hep('b-by-name', '  interfaceName: eth0'),
        hep('a-by-ip', '  expectedIPs: [10.0.0.10]'),
        hep('c-eth1', '  interfaceName: eth1'),
        hep('z-star', '  interfaceName: "*"'),
        hep('y-star', '  interfaceName: "*"'),
        hep('other-node', '  interfaceName: eth0').replace('node: n0', 'node: n1'),
      ].join('---'),
    )
    expect([...w.hostEndpoints.byInterface].map(([i, e]) => [i, e.name])).toEqual([['eth0', 'a-by-ip']])
    expect([...w.hostEndpoints.byName].map(([i, e]) => [i, e.name])).toEqual([['eth1', 'c-eth1']])
    expect(w.hostEndpoints.wildcard?.name).toBe('y-star')
  })

  it('a HEP with no expectedIPs is invisible to rule selectors (C9)', () => {
    const yaml = (ips: string) =>
      [
        hep('gw', `  interfaceName: eth0${ips}`).replace('labels: {', 'labels: { role: gw,'),
        namespaces,
        pod('p0', 'ns-a', 'cali0', '10.65.0.2'),
        `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: from-gw }
spec:
  selector: projectcalico.org/namespace == 'ns-a'
  ingress: [{ action: Allow, source: { selector: role == 'gw' } }]
`,
      ].join('---')
    expect(verdict(world(yaml('')), 'tcp 10.0.0.10:4000 -> 10.65.0.2:80 out cali0 in eth0')).toBe('Deny')
    expect(verdict(world(yaml('\n  expectedIPs: [10.0.0.10]')), 'tcp 10.0.0.10:4000 -> 10.65.0.2:80 out cali0 in eth0')).toBe('Allow')
  })

  it('named ports on HEPs need expectedIPs and a matching protocol (S15)', () => {
    const yaml = (rule: string) =>
      [
        hep('h0', '  interfaceName: eth0\n  expectedIPs: [10.0.0.10]\n  ports: [{ name: http, protocol: TCP, port: 8055 }]'),
        `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: in }
spec:
  selector: has(host-endpoint)
  ingress: [${rule}]
`,
      ].join('---')
    const tcp = world(yaml('{ action: Allow, protocol: TCP, destination: { ports: [http] } }'))
    expect(verdict(tcp, 'tcp 10.0.0.11:4000 -> 10.0.0.10:8055 in eth0')).toBe('Allow')
    expect(verdict(tcp, 'tcp 10.0.0.11:4000 -> 10.0.0.10:8056 in eth0')).toBe('Deny')
    expect(verdict(tcp, 'tcp 10.0.0.11:4000 -> 10.0.0.99:8055 in eth0')).toBe('Deny')
    const udp = world(yaml('{ action: Allow, protocol: UDP, destination: { ports: [http] } }'))
    expect(verdict(udp, 'tcp 10.0.0.11:4000 -> 10.0.0.10:8055 in eth0')).toBe('Deny')
    const any = world(yaml('{ action: Allow, destination: { ports: [http] } }'))
    expect(verdict(any, 'tcp 10.0.0.11:4000 -> 10.0.0.10:8055 in eth0')).toBe('Allow')
    expect(verdict(any, 'udp 10.0.0.11:4000 -> 10.0.0.10:8055 in eth0')).toBe('Deny')
  })
})

describe('build: selectors, namespaces and labels', () => {
  const base = [namespaces, pod('web', 'ns-a', 'cali1', '10.65.0.10', '{ app: web }'), pod('bad', 'ns-a', 'cali2', '10.65.0.12', '{ role: bad }'), pod('b', 'ns-b', 'cali3', '10.65.1.10', '{}', 'n1')]

  it('NetworkPolicy notSelector is scoped to the namespace; in a GNP it is not (C8, X11)', () => {
    const np = `
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: not-bad, namespace: ns-a }
spec:
  selector: app == 'web'
  ingress: [{ action: Allow, source: { notSelector: role == 'bad' } }]
`
    const w = world([...base, np].join('---'))
    expect(verdict(w, 'tcp 10.0.0.10:4000 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Deny')
    expect(verdict(w, 'tcp 10.65.1.10:4000 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Deny')
    expect(verdict(w, 'tcp 10.65.0.12:4000 -> 10.65.0.10:80 in cali2 out cali1')).toBe('Deny')
    const gnp = np.replace('kind: NetworkPolicy', 'kind: GlobalNetworkPolicy').replace(', namespace: ns-a', '')
    const w2 = world([...base, gnp].join('---'))
    expect(verdict(w2, 'tcp 192.0.2.1:4000 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Allow')
    expect(verdict(w2, 'tcp 10.65.1.10:4000 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Allow')
    expect(verdict(w2, 'tcp 10.65.0.12:4000 -> 10.65.0.10:80 in cali2 out cali1')).toBe('Deny')
  })

  it('namespaceSelector matches namespace labels inherited from kns profiles; global() selects non-namespaced things', () => {
    const gnp = `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: team-b }
spec:
  selector: app == 'web'
  ingress:
  - { action: Allow, source: { namespaceSelector: team == 'b' } }
  - { action: Allow, source: { namespaceSelector: global(), selector: role == 'gw' } }
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: { name: gws, labels: { role: gw } }
spec: { nets: [198.51.100.0/24] }
---
apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata: { name: gws, namespace: ns-b, labels: { role: gw } }
spec: { nets: [203.0.113.0/24] }
`
    const w = world([...base, gnp].join('---'))
    expect(verdict(w, 'tcp 10.65.1.10:4000 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Allow')
    expect(verdict(w, 'tcp 10.65.0.12:4000 -> 10.65.0.10:80 in cali2 out cali1')).toBe('Deny')
    expect(verdict(w, 'tcp 198.51.100.7:4000 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Allow')
    // the namespaced NetworkSet is in ns-b (team b) so the first rule matches it
    expect(verdict(w, 'tcp 203.0.113.7:4000 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Allow')
    expect(verdict(w, 'tcp 192.0.2.1:4000 -> 10.65.0.10:80 in eth0 out cali1')).toBe('Deny')
  })

  it('service accounts and serviceAccountSelector', () => {
    const yaml = [
      namespaces,
      `
apiVersion: v1
kind: ServiceAccount
metadata: { name: api, namespace: ns-a, labels: { tier: backend } }
`,
      pod('web', 'ns-a', 'cali1', '10.65.0.10', '{ app: web }'),
      pod('api', 'ns-a', 'cali2', '10.65.0.11', '{}').replace('serviceAccountName: default', 'serviceAccountName: api').replace('ksa.ns-a.default', 'ksa.ns-a.api'),
      `
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: from-api, namespace: ns-a }
spec:
  selector: app == 'web'
  ingress: [{ action: Allow, source: { serviceAccounts: { names: [api] } } }]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: backend-egress }
spec:
  serviceAccountSelector: tier == 'backend'
  egress: [{ action: Deny, protocol: TCP, destination: { ports: [25] } }, { action: Pass }]
`,
    ].join('---')
    const w = world(yaml)
    expect(verdict(w, 'tcp 10.65.0.11:4000 -> 10.65.0.10:80 in cali2 out cali1')).toBe('Allow')
    expect(verdict(w, 'tcp 10.65.0.11:4000 -> 10.65.0.10:25 in cali2 out cali1')).toBe('Deny')
    expect(verdict(w, 'tcp 10.65.0.10:4000 -> 10.65.0.11:80 in cali1 out cali2')).toBe('Allow')
  })

  it('a NetworkPolicy never selects a host endpoint', () => {
    const yaml = [
      hep('h0', '  interfaceName: eth0'),
      `
apiVersion: projectcalico.org/v3
kind: Profile
metadata: { name: allow }
spec: { ingress: [{ action: Allow }], egress: [{ action: Allow }] }
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: deny, namespace: default }
spec:
  selector: all()
  ingress: [{ action: Deny }]
`,
    ]
      .join('---')
      .replace('  interfaceName: eth0', '  interfaceName: eth0\n  profiles: [allow]')
    expect(verdict(world(yaml), 'tcp 10.0.0.11:4000 -> 10.0.0.10:80 in eth0')).toBe('Allow')
  })
})

describe('build: rules per family, tiers, profiles and settings', () => {
  it('protocol names infer the family; ipVersion restricts it (§2.8, §6.4)', () => {
    const yaml = [
      hep('h0', '  interfaceName: eth0'),
      `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: icmp }
spec:
  selector: all()
  ingress:
  - { action: Allow, protocol: ICMP, icmp: { type: 8 } }
  - { action: Allow, protocol: 58 }
  - { action: Allow, ipVersion: 6, protocol: TCP }
`,
    ].join('---')
    const w = world(yaml)
    expect(verdict(w, 'icmp 10.0.0.11 -> 10.0.0.10 type 8 in eth0')).toBe('Allow')
    expect(verdict(w, 'icmp 10.0.0.11 -> 10.0.0.10 type 0 in eth0')).toBe('Deny')
    expect(verdict(w, 'icmpv6 fd00::1 -> fd00::2 type 128 in eth0')).toBe('Allow')
    expect(verdict(w, 'tcp [fd00::1]:1 -> [fd00::2]:80 in eth0')).toBe('Allow')
    expect(verdict(w, 'tcp 10.0.0.11:1 -> 10.0.0.10:80 in eth0')).toBe('Deny')
  })

  it('tiers from resources, built-in tiers always present, missing tier acts as Deny and sorts last', () => {
    const yaml = [
      hep('h0', '  interfaceName: eth0\n  profiles: [projectcalico-default-allow]'),
      `
apiVersion: projectcalico.org/v3
kind: Tier
metadata: { name: security }
spec: { order: 100, defaultAction: Pass }
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: sec }
spec: { tier: security, selector: all(), ingress: [{ action: Deny, protocol: TCP, destination: { ports: [24] } }] }
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: admin }
spec: { tier: kube-admin, selector: all(), ingress: [{ action: Allow, protocol: TCP, destination: { ports: [23] } }] }
`,
    ].join('---')
    const w = world(yaml)
    // security (order 100, Pass) denies 24, then kube-admin (1000, Pass) allows 23, then default, then the profile
    expect(verdict(w, 'tcp 10.0.0.11:1 -> 10.0.0.10:24 in eth0')).toBe('Deny')
    expect(verdict(w, 'tcp 10.0.0.11:1 -> 10.0.0.10:23 in eth0')).toBe('Allow')
    expect(verdict(w, 'tcp 10.0.0.11:1 -> 10.0.0.10:80 in eth0')).toBe('Allow')
    // a tier without a Tier resource sorts last and ends in Deny
    const ghost = world(yaml.replace('tier: kube-admin', 'tier: ghost'))
    expect(verdict(ghost, 'tcp 10.0.0.11:1 -> 10.0.0.10:23 in eth0')).toBe('Allow')
    expect(verdict(ghost, 'tcp 10.0.0.11:1 -> 10.0.0.10:80 in eth0')).toBe('Deny')
  })

  it('felix settings from FelixConfiguration resources and caller overrides', () => {
    const yaml = [
      namespaces,
      pod('p0', 'ns-a', 'cali0', '10.65.0.2'),
      `
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata: { name: default }
spec: { defaultEndpointToHostAction: Accept }
`,
    ].join('---')
    expect(verdict(world(yaml), 'tcp 10.65.0.2:1 -> 10.0.0.10:80 in cali0')).toBe('Allow')
    expect(verdict(world(yaml, { felixConfig: { DefaultEndpointToHostAction: 'Return' } }), 'tcp 10.65.0.2:1 -> 10.0.0.10:80 in cali0')).toBe('NoVerdict')
    expect(world(yaml, { felixConfig: { failsafeInboundHostPorts: 'tcp:2222' } }).settings.failsafeInbound).toEqual([{ protocol: 'tcp', port: 2222 }])
  })

  it('reports invalid selectors with resource and path, and invalid overrides', () => {
    const bad = `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: broken }
spec:
  selector: "a b"
  ingress: [{ action: Allow, source: { selector: "x ==" } }]
`
    const r = build({ resources: resources(bad), node: 'n0', interfaces: [] })
    expect(E.isLeft(r) ? r.left.map(formatError) : []).toEqual([
      'GlobalNetworkPolicy broken: spec.selector: invalid selector "a b": expected operator after label "a" (at offset 2; expected "==" or "!=" or "in" or "not in" or "contains" or "starts with" or "ends with")',
      'GlobalNetworkPolicy broken: spec.ingress[0].source.selector: invalid selector "x ==": expected string (at offset 4; expected "string")',
    ])
    const r2 = build({ resources: [], node: 'n0', interfaces: [], felixConfig: { defaultEndpointToHostAction: 'Maybe' } })
    expect(E.isLeft(r2) ? r2.left.map((e) => e.path) : []).toEqual([['felixConfig', 'defaultEndpointToHostAction']])
  })

  it('keeps felix IP-set ids for rule selectors', () => {
    const yaml = [
      hep('h0', '  interfaceName: eth0'),
      `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: p }
spec: { selector: all(), ingress: [{ action: Allow, source: { selector: role == "admin" } }] }
`,
    ].join('---')
    expect(world(yaml).sets.map((s) => [s._tag, s.selector, s.id])).toEqual([['Selector', 'role == "admin"', 's:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ']])
  })
})
