import { describe, expect, it } from 'vitest'
import { decodeNamespace } from '../../src/model/namespace.js'
import { dns1123LabelErrors } from '../../src/model/metadata.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const messages = (u: unknown) => {
  const r = decodeNamespace(u)
  return E.isLeft(r) ? r.left.map(formatError) : []
}

describe('Namespace (v1)', () => {
  it('decodes kubectl output, keeping status', () => {
    const kubectl = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        creationTimestamp: '2024-05-01T10:00:00Z',
        labels: { 'kubernetes.io/metadata.name': 'shop', team: 'web' },
        name: 'shop',
        resourceVersion: '311',
        uid: '0b1b3f0e-59c4-4a55-9d0b-3c5c0a8d8b6e',
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }
    expect(decodeNamespace(kubectl)).toEqual(E.right(kubectl))
  })
  it('defaults a missing spec', () => {
    expect(decodeNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).toEqual(
      E.right({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, spec: {} }),
    )
  })
  it('names are DNS-1123 labels (Kubernetes messages)', () => {
    expect(messages({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'my.shop' } })).toEqual(
      dns1123LabelErrors('my.shop').map((m) => `metadata.name: ${m}`),
    )
  })
  it('needs apiVersion v1', () => {
    expect(messages({ apiVersion: 'projectcalico.org/v3', kind: 'Namespace', metadata: { name: 'shop' } })).toEqual([
      'apiVersion: "projectcalico.org/v3" is not "v1"',
    ])
  })
})
