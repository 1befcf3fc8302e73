import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { decodeKubernetesNetworkPolicy } from '../../src/model/kubernetes-network-policy.js'
import { decodeStagedKubernetesNetworkPolicy } from '../../src/model/staged-kubernetes-network-policy.js'
import { fromKubernetes, fromStagedKubernetes, labelSelectorToCalico, simplifyPorts } from '../../src/policy/kubernetes.js'

const knp = (spec: unknown, name = 'np', namespace = 'shop') => {
  const r = decodeKubernetesNetworkPolicy({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
const range = (min: number, max = min) => ({ _tag: 'PortRange' as const, min, max })
const ORCH = "projectcalico.org/orchestrator == 'k8s'"

describe('labelSelectorToCalico', () => {
  it('prefixes pod selectors with the orchestrator term, sorts matchLabels and keeps expression order', () => {
    expect(
      labelSelectorToCalico('pod')({
        matchLabels: { tier: 'web', app: 'shop' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'zone', operator: 'NotIn', values: ['a'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'owner', operator: 'Exists' },
        ],
      }),
    ).toBe(`${ORCH} && app == 'shop' && tier == 'web' && env in { 'prod', 'dev' } && zone not in { 'a' } && ! has(canary) && has(owner)`)
  })
  it('gives the bare orchestrator term for a missing or empty pod selector', () => {
    expect(labelSelectorToCalico('pod')(undefined)).toBe(ORCH)
    expect(labelSelectorToCalico('pod')({})).toBe(ORCH)
  })
  it("maps a missing namespace selector to '' and an empty one to all()", () => {
    expect(labelSelectorToCalico('namespace')(undefined)).toBe('')
    expect(labelSelectorToCalico('namespace')({})).toBe('all()')
    expect(labelSelectorToCalico('namespace')({ matchLabels: { team: 'a' } })).toBe("team == 'a'")
  })
})

describe('simplifyPorts', () => {
  it('merges numeric ports into sorted ranges after the named ports', () => {
    expect(simplifyPorts([range(82), { _tag: 'NamedPort', name: 'http' }, range(80), range(81), range(9090), range(81)])).toEqual([
      { _tag: 'NamedPort', name: 'http' },
      range(80, 82),
      range(9090),
    ])
  })
  it('returns lists with at most one numeric port unchanged', () => {
    const ports = [{ _tag: 'NamedPort' as const, name: 'b' }, range(80), { _tag: 'NamedPort' as const, name: 'a' }]
    expect(simplifyPorts(ports)).toBe(ports)
  })
})

describe('fromKubernetes', () => {
  it('converts a policy with pod and namespace peers, grouped ports and ipBlocks', () => {
    const p = knp({
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Egress', 'Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'api' } } }, { namespaceSelector: {} }],
          ports: [{ protocol: 'UDP', port: 53 }, { port: 5433 }, { port: 5432 }, { protocol: 'TCP', port: 'pg' }],
        },
      ],
      egress: [{ to: [{ ipBlock: { cidr: '10.1.2.3/16', except: ['10.1.9.0/24'] } }] }],
    })
    expect(fromKubernetes(p)).toEqual({
      kind: 'KubernetesNetworkPolicy',
      name: 'np',
      namespace: 'shop',
      spec: {
        tier: 'default',
        order: 1000,
        selector: `${ORCH} && app == 'db'`,
        types: ['Ingress', 'Egress'],
        ingress: [
          {
            action: 'Allow',
            protocol: 'TCP',
            source: { selector: `${ORCH} && app == 'api'` },
            destination: { ports: [{ _tag: 'NamedPort', name: 'pg' }, range(5432, 5433)] },
          },
          {
            action: 'Allow',
            protocol: 'TCP',
            source: { selector: ORCH, namespaceSelector: 'all()' },
            destination: { ports: [{ _tag: 'NamedPort', name: 'pg' }, range(5432, 5433)] },
          },
          { action: 'Allow', protocol: 'UDP', source: { selector: `${ORCH} && app == 'api'` }, destination: { ports: [range(53)] } },
          { action: 'Allow', protocol: 'UDP', source: { selector: ORCH, namespaceSelector: 'all()' }, destination: { ports: [range(53)] } },
        ],
        egress: [{ action: 'Allow', destination: { nets: ['10.1.0.0/16'], notNets: ['10.1.9.0/24'] } }],
      },
    })
  })
  it('lets a port entry without a port open every port of its protocol, and an empty rule allow everything', () => {
    const p = knp({
      podSelector: {},
      ingress: [{ ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP' }, { protocol: 'SCTP', port: 9, endPort: 11 }] }, {}],
    })
    expect(fromKubernetes(p).spec.ingress).toEqual([
      { action: 'Allow', protocol: 'SCTP', destination: { ports: [range(9, 11)] } },
      { action: 'Allow', protocol: 'TCP' },
      { action: 'Allow' },
    ])
    expect(fromKubernetes(p).spec.types).toEqual(['Ingress'])
  })
  it('keeps egress rules but only the declared types', () => {
    const p = knp({ podSelector: {}, policyTypes: ['Ingress'], egress: [{ ports: [{ port: 443 }] }] })
    expect(fromKubernetes(p).spec).toEqual({
      tier: 'default',
      order: 1000,
      selector: ORCH,
      types: ['Ingress'],
      ingress: [],
      egress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [range(443)] } }],
    })
  })
})

describe('fromStagedKubernetes', () => {
  const staged = (spec: unknown) => {
    const r = decodeStagedKubernetesNetworkPolicy({
      apiVersion: 'projectcalico.org/v3',
      kind: 'StagedKubernetesNetworkPolicy',
      metadata: { name: 'sk', namespace: 'ns1' },
      spec,
    })
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    return r.right
  }
  it('converts like an enforced policy and keeps the staged action', () => {
    expect(fromStagedKubernetes(staged({ stagedAction: 'Set', podSelector: { matchLabels: { a: 'b' } }, ingress: [{}] }))).toEqual({
      kind: 'StagedKubernetesNetworkPolicy',
      name: 'sk',
      namespace: 'ns1',
      stagedAction: 'Set',
      spec: { tier: 'default', order: 1000, selector: `${ORCH} && a == 'b'`, types: ['Ingress'], ingress: [{ action: 'Allow' }], egress: [] },
    })
  })
  it('drops a staged Delete, which Calico never sends to felix', () => {
    expect(fromStagedKubernetes(staged({ stagedAction: 'Delete' }))).toBeUndefined()
  })
})
