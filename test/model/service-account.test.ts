import { describe, expect, it } from 'vitest'
import { decodeServiceAccount } from '../../src/model/service-account.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

describe('ServiceAccount (v1)', () => {
  it('decodes kubectl output', () => {
    const sa = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'api', namespace: 'shop', labels: { tier: 'backend' }, uid: 'u', resourceVersion: '9' },
      secrets: [{ name: 'api-token-x7k2p' }],
      imagePullSecrets: [{ name: 'registry' }],
      automountServiceAccountToken: false,
    }
    expect(decodeServiceAccount(sa)).toEqual(E.right(sa))
  })
  it('defaults the namespace', () => {
    expect(decodeServiceAccount({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } })).toEqual(
      E.right({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }),
    )
  })
  it('rejects a spec (service accounts have none) and bad names', () => {
    const r = decodeServiceAccount({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'API' }, spec: {} })
    expect(E.isLeft(r) ? r.left.map(formatError) : []).toEqual([
      'spec: unknown field "spec"',
      "metadata.name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ])
  })
})
