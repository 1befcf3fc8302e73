// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeWorkloadEndpoint } from '../../src/model/workload-endpoint.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const wep = (spec: unknown, metadata: unknown = { name: 'node1-k8s-web--0-eth0', namespace: 'shop' }) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'WorkloadEndpoint',
  metadata,
  spec,
})
const messages = (u: unknown) => {
  const r = decodeWorkloadEndpoint(u)
  return E.isLeft(r) ? r.left.map(formatError) : []
}

const calicoctl = {
  apiVersion: 'projectcalico.org/v3',
  kind: 'WorkloadEndpoint',
  metadata: {
    creationTimestamp: '2024-05-01T10:00:00Z',
    generateName: 'web-5d8f7c9b6-',
    labels: {
      app: 'web',
      'pod-template-hash': '5d8f7c9b6',
      'projectcalico.org/namespace': 'shop',
      'projectcalico.org/orchestrator': 'k8s',
      'projectcalico.org/serviceaccount': 'web',
    },
    name: 'node1-k8s-web--5d8f7c9b6--x7k2p-eth0',
    namespace: 'shop',
    resourceVersion: '4711',
    uid: '5b3e7a2c-1d4f-4c8e-9a6b-2f0e1d3c4b5a',
  },
  spec: {
    containerID: '3f1c2b9a0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a',
    endpoint: 'eth0',
    interfaceName: 'cali3f1c2b9a0d1',
    ipNetworks: ['10.244.1.5/32', 'fd00:10:244:1::5/128'],
    node: 'node1',
    orchestrator: 'k8s',
    pod: 'web-5d8f7c9b6-x7k2p',
    ports: [
      { hostIP: '', hostPort: 0, name: 'http', port: 8080, protocol: 'TCP' },
      { hostIP: '192.0.2.10', hostPort: 30053, name: '', port: 53, protocol: 'UDP' },
    ],
    profiles: ['kns.shop', 'ksa.shop.web'],
    serviceAccountName: 'web',
  },
}

describe('WorkloadEndpoint', () => {
  it('decodes calicoctl output (empty hostIP means unset)', () => {
    expect(decodeWorkloadEndpoint(calicoctl)).toEqual(
      E.right({
        ...calicoctl,
        spec: {
          ...calicoctl.spec,
          ports: [
            { hostPort: 0, name: 'http', port: 8080, protocol: 'TCP' },
            { hostIP: '192.0.2.10', hostPort: 30053, name: '', port: 53, protocol: 'UDP' },
          ],
        },
      }),
    )
  })
  it('canonicalises bare IPs to /32 and /128 and defaults the namespace', () => {
    expect(decodeWorkloadEndpoint(wep({ interfaceName: 'cali1', ipNetworks: ['10.0.0.1', '2001:DB8::1'] }, { name: 'w' }))).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'WorkloadEndpoint',
        metadata: { name: 'w', namespace: 'default' },
        spec: { interfaceName: 'cali1', ipNetworks: ['10.0.0.1/32', '2001:db8::1/128'] },
      }),
    )
  })
})

describe('WorkloadEndpoint validation', () => {
  it('V44: ipNetworks must be single addresses', () => {
    expect(messages(wep({ interfaceName: 'cali1', ipNetworks: ['10.0.0.0/24', '10.0.0.7/32'] }))).toEqual([
      'spec.ipNetworks[0]: "10.0.0.0/24" is not a single address (IP network contains multiple addresses)',
    ])
  })
  it('interfaceName is required and checked', () => {
    expect(messages(wep({ ipNetworks: ['10.0.0.1/32'] }))).toEqual(['spec.interfaceName: interfaceName must be specified'])
    expect(messages(wep({ interfaceName: 'cali/1' }))).toEqual([
      `spec.interfaceName: "cali/1" is not "*" or an interface name of 1-15 letters, digits, '_', '.' or '-'`,
    ])
  })
  it('ports: unnamed needs a hostPort; protocol must have ports', () => {
    expect(
      messages(
        wep({
          interfaceName: 'cali1',
          ports: [
            { name: '', port: 80, protocol: 'TCP' },
            { name: 'ping', port: 1, protocol: 'ICMP' },
            { port: 53, protocol: 'UDP', hostPort: 53 },
          ],
        }),
      ),
    ).toEqual([
      'spec.ports[0].name: WorkloadEndpointPort name must not be empty if no HostPort is specified',
      'spec.ports[1].protocol: WorkloadEndpointPort protocol does not support ports.',
    ])
  })
  it('NATs must be inside the endpoint networks', () => {
    expect(messages(wep({ interfaceName: 'cali1', ipNetworks: ['10.0.0.1/32'], ipNATs: [{ internalIP: '10.0.0.2', externalIP: '192.0.2.1' }] }))).toEqual([
      'spec.ipNATs[0]: NAT is not in the endpoint networks',
    ])
    expect(messages(wep({ interfaceName: 'cali1', ipNetworks: ['10.0.0.1/32'], ipNATs: [{ internalIP: '10.0.0.1', externalIP: '192.0.2.1' }] }))).toEqual([])
  })
  it('gateways must be of their family; MAC and container ID syntax', () => {
    expect(messages(wep({ interfaceName: 'cali1', ipv4Gateway: '2001:db8::1', ipv6Gateway: '', mac: 'zz', containerID: '-x' }))).toEqual([
      'spec.containerID: invalid container ID "-x"',
      'spec.ipv4Gateway: "2001:db8::1" is not an IPv4 address',
      'spec.mac: "zz" is not a MAC address',
    ])
    expect(messages(wep({ interfaceName: 'cali1', ipv4Gateway: '169.254.1.1', mac: 'ee:ee:ee:ee:ee:ee' }))).toEqual([])
  })
  it('unknown fields are errors', () => {
    expect(messages(wep({ interfaceName: 'cali1', ipNetwork: ['10.0.0.1'] }))).toEqual(['spec.ipNetwork: unknown field "ipNetwork"'])
  })
})
