import { describe, expect, it } from 'vitest'
import { convertKubernetesPolicy, kubernetesSelector, simplifyPorts } from '../../src/policy/kubernetes.js'

const range = (min: number, max = min) => ({ _tag: 'PortRange' as const, min, max })

describe('kubernetesSelector', () => {
  it('converts pod and namespace selectors as Calico does', () => {
    expect(kubernetesSelector(undefined, 'pod')).toBe("projectcalico.org/orchestrator == 'k8s'")
    expect(kubernetesSelector(undefined, 'namespace')).toBe('')
    expect(kubernetesSelector({}, 'namespace')).toBe('all()')
    expect(
      kubernetesSelector(
        {
          matchLabels: { z: '1', a: '2' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['a', 'b'] },
            { key: 'env', operator: 'NotIn', values: ['dev'] },
            { key: 'x', operator: 'Exists' },
            { key: 'y', operator: 'DoesNotExist' },
          ],
        },
        'pod',
      ),
    ).toBe("projectcalico.org/orchestrator == 'k8s' && a == '2' && z == '1' && tier in { 'a', 'b' } && env not in { 'dev' } && has(x) && ! has(y)")
  })
})

describe('simplifyPorts', () => {
  it('merges numeric ports into ranges after the named ports', () => {
    expect(simplifyPorts([range(82), { _tag: 'NamedPort', name: 'http' }, range(80), range(81), range(9090), range(80)])).toEqual([
      { _tag: 'NamedPort', name: 'http' },
      range(80, 82),
      range(9090),
    ])
    expect(simplifyPorts([{ _tag: 'NamedPort', name: 'b' }, range(80)])).toEqual([{ _tag: 'NamedPort', name: 'b' }, range(80)])
  })
})

describe('convertKubernetesPolicy', () => {
  it('produces default-tier order-1000 rules per protocol and peer', () => {
    expect(
      convertKubernetesPolicy({
        podSelector: { matchLabels: { app: 'db' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'api' } } }, { namespaceSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } as never }],
            ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 5433 }],
          },
        ],
        egress: [{}],
      }),
    ).toEqual({
      tier: 'default',
      order: 1000,
      selector: "projectcalico.org/orchestrator == 'k8s' && app == 'db'",
      types: ['Ingress', 'Egress'],
      ingress: [
        { action: 'Allow', protocol: 'TCP', source: { selector: "projectcalico.org/orchestrator == 'k8s' && app == 'api'" }, destination: { ports: [range(5432, 5433)] } },
        { action: 'Allow', protocol: 'TCP', source: { selector: "projectcalico.org/orchestrator == 'k8s'", namespaceSelector: 'all()' }, destination: { ports: [range(5432, 5433)] } },
        { action: 'Allow', protocol: 'TCP', source: { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16'] }, destination: { ports: [range(5432, 5433)] } },
        { action: 'Allow', protocol: 'UDP', source: { selector: "projectcalico.org/orchestrator == 'k8s' && app == 'api'" }, destination: { ports: [range(53)] } },
        { action: 'Allow', protocol: 'UDP', source: { selector: "projectcalico.org/orchestrator == 'k8s'", namespaceSelector: 'all()' }, destination: { ports: [range(53)] } },
        { action: 'Allow', protocol: 'UDP', source: { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16'] }, destination: { ports: [range(53)] } },
      ],
      egress: [{ action: 'Allow' }],
    })
  })

  it('a port without number allows all ports of that protocol; no types means Ingress; named and ranged ports', () => {
    expect(
      convertKubernetesPolicy({
        ingress: [{ ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP' }, { protocol: 'UDP', port: 'dns' }, { protocol: 'SCTP', port: 100, endPort: 110 }] }],
      }),
    ).toEqual({
      tier: 'default',
      order: 1000,
      selector: "projectcalico.org/orchestrator == 'k8s'",
      types: ['Ingress'],
      ingress: [
        { action: 'Allow', protocol: 'SCTP', destination: { ports: [range(100, 110)] } },
        { action: 'Allow', protocol: 'TCP' },
        { action: 'Allow', protocol: 'UDP', destination: { ports: [{ _tag: 'NamedPort', name: 'dns' }] } },
      ],
      egress: [],
    })
    expect(convertKubernetesPolicy({ policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] }).egress).toEqual([
      { action: 'Allow', destination: { selector: "projectcalico.org/orchestrator == 'k8s'" } },
    ])
  })
})
