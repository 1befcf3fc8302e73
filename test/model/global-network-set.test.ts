// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeGlobalNetworkSet } from '../../src/model/global-network-set.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const gns = (metadata: unknown, spec?: unknown) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'GlobalNetworkSet',
  metadata,
  ...(spec === undefined ? {} : { spec }),
})
const messages = (u: unknown) => {
  const r = decodeGlobalNetworkSet(u)
  return E.isLeft(r) ? r.left.map(formatError) : []
}

describe('GlobalNetworkSet', () => {
  it('decodes nets of both families to canonical, masked CIDRs', () => {
    expect(decodeGlobalNetworkSet(gns({ name: 'blocklist', labels: { role: 'blocked' } }, { nets: ['198.51.100.7', '203.0.113.9/24', '2001:DB8::/32', '0.0.0.0/0'] }))).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkSet',
        metadata: { name: 'blocklist', labels: { role: 'blocked' } },
        spec: { nets: ['198.51.100.7/32', '203.0.113.0/24', '2001:db8::/32', '0.0.0.0/0'] },
      }),
    )
  })
  it('defaults a missing spec to {}', () => {
    expect(decodeGlobalNetworkSet(gns({ name: 'empty' }))).toEqual(
      E.right({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: { name: 'empty' }, spec: {} }),
    )
  })
  it('V43: nets must be CIDRs or IPs', () => {
    expect(messages(gns({ name: 'x' }, { nets: ['10.0.0.300', 'example.com'] }))).toEqual([
      'spec.nets[0]: "10.0.0.300" is not a dotted-quad IPv4 address',
      expect.stringMatching(/^spec\.nets\[1\]: "example\.com" /),
    ])
  })
  it('V43: the projectcalico.org/namespace label is rejected, other labels pass', () => {
    expect(messages(gns({ name: 'x', labels: { 'projectcalico.org/namespace': 'shop' } }, {}))).toEqual([
      'metadata.labels["projectcalico.org/namespace"]: projectcalico.org/namespace is not a valid label name',
    ])
    expect(messages(gns({ name: 'x', labels: { 'projectcalico.org/name': 'shop' } }, {}))).toEqual([])
  })
  it('is cluster-scoped and strict', () => {
    expect(messages(gns({ name: 'x', namespace: 'a' }, { nets: [], allowedEgressDomains: ['x'] }))).toEqual([
      'spec.allowedEgressDomains: unknown field "allowedEgressDomains"',
    ])
    expect(messages(gns({ name: 'x', namespace: 'a' }, { nets: [] }))).toEqual([
      'metadata.namespace: GlobalNetworkSet is cluster-scoped and cannot have a namespace',
    ])
  })
})
