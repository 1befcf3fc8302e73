// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { decode, decodeStagedKubernetesNetworkPolicy } from '../../src/model/staged-kubernetes-network-policy.js'

const sknp = (spec: unknown) => ({ apiVersion: 'projectcalico.org/v3', kind: 'StagedKubernetesNetworkPolicy', metadata: { name: 'p', namespace: 'shop' }, spec })
const DELETE_MSG = 'Spec fields should all be zero-value if stagedAction is Delete'

describe('decodeStagedKubernetesNetworkPolicy', () => {
  it('defaults stagedAction and the Kubernetes spec', () => {
    expect(decodeStagedKubernetesNetworkPolicy(sknp({ egress: [{ ports: [{ port: 53 }] }] }))).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'StagedKubernetesNetworkPolicy',
        metadata: { name: 'p', namespace: 'shop' },
        spec: { stagedAction: 'Set', podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }], policyTypes: ['Ingress', 'Egress'] },
      }),
    )
    expect(decode(sknp({}))).toEqual(decodeStagedKubernetesNetworkPolicy(sknp({})))
  })
  it('V38: Delete allows nothing else', () => {
    expect(decodeStagedKubernetesNetworkPolicy(sknp({ stagedAction: 'Delete', podSelector: {} }))).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'StagedKubernetesNetworkPolicy',
        metadata: { name: 'p', namespace: 'shop' },
        spec: { stagedAction: 'Delete', podSelector: {}, policyTypes: [] },
      }),
    )
    expect(decodeStagedKubernetesNetworkPolicy(sknp({ stagedAction: 'Delete', policyTypes: ['Ingress'] }))).toEqual(
      E.left([{ _tag: 'Invalid', path: ['spec'], message: DELETE_MSG }]),
    )
    expect(decodeStagedKubernetesNetworkPolicy(sknp({ stagedAction: 'Delete', podSelector: { matchLabels: { a: 'b' } } }))).toEqual(
      E.left([{ _tag: 'Invalid', path: ['spec'], message: DELETE_MSG }]),
    )
  })
  it('applies the Kubernetes checks to the spec', () => {
    expect(decodeStagedKubernetesNetworkPolicy(sknp({ ingress: [{ from: [{}] }] }))).toEqual(
      E.left([{ _tag: 'Invalid', path: ['spec', 'ingress', 0, 'from', 0], message: 'must specify a peer' }]),
    )
  })
})
