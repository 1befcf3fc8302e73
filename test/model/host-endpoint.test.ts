// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeHostEndpoint } from '../../src/model/host-endpoint.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const hep = (spec: unknown, metadata: unknown = { name: 'node1-eth0' }) => ({ apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata, spec })
const messages = (u: unknown) => {
  const r = decodeHostEndpoint(u)
  return E.isLeft(r) ? r.left.map(formatError) : []
}

describe('HostEndpoint', () => {
  it('decodes a full host endpoint, canonicalising expectedIPs', () => {
    expect(
      decodeHostEndpoint(
        hep(
          {
            node: 'node1',
            interfaceName: 'eth0',
            expectedIPs: ['192.0.2.10', '2001:DB8::10'],
            profiles: ['projectcalico-default-allow'],
            ports: [{ name: 'https', protocol: 'TCP', port: 443 }, { name: 'snmp', protocol: 17, port: 161 }],
          },
          { name: 'node1-eth0', labels: { role: 'k8s-worker' } },
        ),
      ),
    ).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'HostEndpoint',
        metadata: { name: 'node1-eth0', labels: { role: 'k8s-worker' } },
        spec: {
          node: 'node1',
          interfaceName: 'eth0',
          expectedIPs: ['192.0.2.10', '2001:db8::10'],
          profiles: ['projectcalico-default-allow'],
          ports: [{ name: 'https', protocol: 'TCP', port: 443 }, { name: 'snmp', protocol: 17, port: 161 }],
        },
      }),
    )
  })
  it('accepts a wildcard interface and an expectedIPs-only endpoint', () => {
    expect(messages(hep({ node: 'node1', interfaceName: '*' }))).toEqual([])
    expect(messages(hep({ node: 'node1', expectedIPs: ['10.0.0.1'] }))).toEqual([])
  })
  it('spec is required', () => {
    expect(messages({ apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: { name: 'x' } })).toEqual([
      'spec: missing required field (an object (HostEndpointSpec))',
    ])
  })
})

describe('HostEndpoint validation (V40)', () => {
  it('CEL: node must be specified', () => {
    expect(messages(hep({ interfaceName: 'eth0' }))).toEqual(['spec: node must be specified'])
    expect(messages(hep({ node: '', interfaceName: 'eth0' }))).toEqual(['spec: node must be specified'])
  })
  it('CEL: at least one of interfaceName or expectedIPs', () => {
    expect(messages(hep({ node: 'node1', interfaceName: '', expectedIPs: [] }))).toEqual(['spec: at least one of interfaceName or expectedIPs must be specified'])
  })
  it('interfaceName syntax and length', () => {
    expect(messages(hep({ node: 'node1', interfaceName: 'eth0:1' }))).toEqual([
      `spec.interfaceName: "eth0:1" is not "*" or an interface name of 1-15 letters, digits, '_', '.' or '-'`,
    ])
    expect(messages(hep({ node: 'node1', interfaceName: 'a234567890123456' }))).toEqual([
      `spec.interfaceName: "a234567890123456" is not "*" or an interface name of 1-15 letters, digits, '_', '.' or '-'`,
    ])
    expect(messages(hep({ node: 'node1', interfaceName: 'a23456789012345' }))).toEqual([])
  })
  it('expectedIPs are addresses, not CIDRs', () => {
    expect(messages(hep({ node: 'node1', expectedIPs: ['10.0.0.0/24'] }))).toEqual([expect.stringMatching(/^spec\.expectedIPs\[0\]: "10\.0\.0\.0\/24" /)])
  })
  it('node and profile names are resource names', () => {
    expect(messages(hep({ node: 'Node_1', interfaceName: 'eth0', profiles: ['ok', 'Bad'] }))).toEqual([
      "spec.node: node name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)",
      "spec.profiles[1]: profile name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)",
    ])
  })
  it('ports: protocol must support ports, port 1-65535, valid name', () => {
    expect(
      messages(
        hep({
          node: 'node1',
          interfaceName: 'eth0',
          ports: [
            { name: 'ping', protocol: 'ICMP', port: 1 },
            { name: 'zero', protocol: 'TCP', port: 0 },
            { name: 'Bad_Name', protocol: 'UDP', port: 53 },
            { name: 'sctp', protocol: 'SCTP', port: 9 },
          ],
        }),
      ),
    ).toEqual([
      'spec.ports[0].protocol: EndpointPort protocol does not support ports.',
      'spec.ports[1].port: 0 is not a port number from 1 to 65535',
      'spec.ports[2].name: invalid port name "Bad_Name": must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)',
    ])
  })
  it('ports: missing fields are reported', () => {
    expect(messages(hep({ node: 'node1', interfaceName: 'eth0', ports: [{ port: 80 }] }))).toEqual([
      'spec.ports[0].name: missing required field (a string)',
      'spec.ports[0].protocol: missing required field (a protocol name or number)',
    ])
  })
  it('metadata rules apply (names, labels, scope)', () => {
    expect(messages(hep({ node: 'n', interfaceName: 'eth0' }, { name: 'My_HEP', namespace: 'x' }))).toEqual([
      "metadata.name: name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)",
    ])
    expect(messages(hep({ node: 'n', interfaceName: 'eth0' }, { name: 'hep', namespace: 'x' }))).toEqual([
      'metadata.namespace: HostEndpoint is cluster-scoped and cannot have a namespace',
    ])
  })
})
