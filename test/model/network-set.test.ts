// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeNetworkSet } from '../../src/model/network-set.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const ns = (metadata: unknown, spec?: unknown) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'NetworkSet',
  metadata,
  ...(spec === undefined ? {} : { spec }),
})
const messages = (u: unknown) => {
  const r = decodeNetworkSet(u)
  return E.isLeft(r) ? r.left.map(formatError) : []
}

describe('NetworkSet', () => {
  it('decodes nets and keeps the namespace', () => {
    expect(decodeNetworkSet(ns({ name: 'partners', namespace: 'shop' }, { nets: ['192.0.2.1/24'] }))).toEqual(
      E.right({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkSet', metadata: { name: 'partners', namespace: 'shop' }, spec: { nets: ['192.0.2.0/24'] } }),
    )
  })
  it('puts a resource without namespace into default', () => {
    expect(decodeNetworkSet(ns({ name: 'partners' }))).toEqual(
      E.right({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkSet', metadata: { name: 'partners', namespace: 'default' }, spec: {} }),
    )
  })
  it('V43: rejects bad nets and the projectcalico.org/namespace label', () => {
    expect(messages(ns({ name: 'x', namespace: 'shop', labels: { 'projectcalico.org/namespace': 'other' } }, { nets: ['300.1.1.1'] }))).toEqual([
      'spec.nets[0]: "300.1.1.1" is not a dotted-quad IPv4 address',
    ])
    expect(messages(ns({ name: 'x', namespace: 'shop', labels: { 'projectcalico.org/namespace': 'other' } }, { nets: ['10.0.0.1'] }))).toEqual([
      'metadata.labels["projectcalico.org/namespace"]: projectcalico.org/namespace is not a valid label name',
    ])
  })
})
