import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/model/codec.js'
import { E } from '../../src/internal/fp.js'
import { IPBlock, LabelSelector, NetworkPolicyPeer, NetworkPolicyPort, decode, decodeKubernetesNetworkPolicy } from '../../src/model/kubernetes-network-policy.js'

const knp = (spec: unknown, metadata: unknown = { name: 'web', namespace: 'shop' }) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec })
const invalid = (path: ReadonlyArray<string | number>, message: string) => ({ _tag: 'Invalid', path, message })

describe('decodeKubernetesNetworkPolicy', () => {
  it('decodes and defaults a policy as the API server stores it', () => {
    expect(
      decodeKubernetesNetworkPolicy(
        knp({
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [
            {
              from: [
                { podSelector: { matchExpressions: [{ key: 'role', operator: 'In', values: ['fe'] }] }, namespaceSelector: {} },
                { ipBlock: { cidr: '10.0.0.1/8', except: ['10.1.0.0/16'] } },
              ],
              ports: [{ port: 80 }, { protocol: 'UDP', port: 'dns' }, { port: 32000, endPort: 32768 }],
            },
          ],
          egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }],
        }),
      ),
    ).toEqual(
      E.right({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [
            {
              from: [
                { podSelector: { matchExpressions: [{ key: 'role', operator: 'In', values: ['fe'] }] }, namespaceSelector: {} },
                { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
              ],
              ports: [{ port: 80, protocol: 'TCP' }, { protocol: 'UDP', port: 'dns' }, { port: 32000, endPort: 32768, protocol: 'TCP' }],
            },
          ],
          egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }],
          policyTypes: ['Ingress', 'Egress'],
        },
      }),
    )
    expect(decode(knp({}))).toEqual(decodeKubernetesNetworkPolicy(knp({})))
  })
  it('defaults podSelector, policyTypes and namespace, and drops status', () => {
    expect(decodeKubernetesNetworkPolicy({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all' }, status: {} })).toEqual(
      E.right({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny-all', namespace: 'default' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      }),
    )
    const r = decodeKubernetesNetworkPolicy(knp({ policyTypes: ['Egress'], ingress: [{}] }))
    expect(E.isRight(r) && r.right.spec.policyTypes).toEqual(['Egress'])
  })
  it('checks policyTypes', () => {
    expect(decodeKubernetesNetworkPolicy(knp({ policyTypes: ['Ingress', 'Egress', 'Ingress'] }))).toEqual(
      E.left([invalid(['spec', 'policyTypes'], 'may not specify more than two policyTypes')]),
    )
    expect(decodeKubernetesNetworkPolicy(knp({ policyTypes: ['ingress'] }))).toEqual(
      E.left([invalid(['spec', 'policyTypes', 0], 'Unsupported value: "ingress": supported values: "Egress", "Ingress"')]),
    )
  })
  it('uses the Kubernetes name rule and Calico-only fields are unknown', () => {
    const r = decodeKubernetesNetworkPolicy(knp({ tier: 'default' }, { name: 'Web' }))
    expect(E.isLeft(r) && r.left.map((e) => [e._tag, e.path])).toEqual([
      ['Invalid', ['metadata', 'name']],
      ['UnknownField', ['spec', 'tier']],
    ])
  })
})

describe('Kubernetes NetworkPolicy parts', () => {
  it('LabelSelector: operators and their values', () => {
    const d = decodeWith(LabelSelector)
    expect(
      d({
        matchExpressions: [
          { key: 'a', operator: 'NotIn' },
          { key: 'b', operator: 'DoesNotExist', values: ['x'] },
          { key: 'c', operator: 'Equals', values: ['x'] },
        ],
      }),
    ).toEqual(
      E.left([
        invalid(['matchExpressions', 0, 'values'], "must be specified when `operator` is 'In' or 'NotIn'"),
        invalid(['matchExpressions', 1, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        invalid(['matchExpressions', 2, 'operator'], 'not a valid selector operator'),
      ]),
    )
    expect(d({ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'In', values: ['x', ''] }] })).toEqual(
      E.right({ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'In', values: ['x', ''] }] }),
    )
  })
  it('LabelSelector: keys and values follow the label rules', () => {
    const r = decodeWith(LabelSelector)({ matchLabels: { '-a': 'b' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['-v'] }] })
    expect(E.isLeft(r) && r.left.map((e) => e.path)).toEqual([['matchLabels', '-a'], ['matchExpressions', 0, 'values', 0]])
  })
  it('NetworkPolicyPeer: one peer kind, ipBlock alone', () => {
    const d = decodeWith(NetworkPolicyPeer)
    expect(d({})).toEqual(E.left([invalid([], 'must specify a peer')]))
    expect(d({ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} })).toEqual(E.left([invalid([], 'may not specify both ipBlock and another peer')]))
    expect(d({ podSelector: {}, namespaceSelector: {} })).toEqual(E.right({ podSelector: {}, namespaceSelector: {} }))
  })
  it('IPBlock: except entries are strict subsets of cidr, of the same family', () => {
    const d = decodeWith(IPBlock)
    expect(d({ cidr: '10.0.0.0/8', except: ['10.0.0.0/8', '11.0.0.0/16', '2001:db8::/32', '10.0.0.0/9'] })).toEqual(
      E.left([
        invalid(['except', 0], 'must be a strict subset of `cidr`'),
        invalid(['except', 1], 'must be a strict subset of `cidr`'),
        invalid(['except', 2], 'must be a strict subset of `cidr`'),
      ]),
    )
    expect(d({ cidr: '10.0.0.1' })).toEqual(
      E.left([{ _tag: 'InvalidCidr', path: ['cidr'], input: '10.0.0.1', reason: 'is an IP address, not a CIDR (did you mean 10.0.0.1/32?)' }]),
    )
    expect(d({})).toEqual(E.left([{ _tag: 'Decode', path: ['cidr'], expected: 'a CIDR', actual: undefined }]))
  })
  it('NetworkPolicyPort: protocol, port and endPort rules', () => {
    const d = decodeWith(NetworkPolicyPort)
    expect(d({ protocol: 'ICMP', port: 0, endPort: 70000 })).toEqual(
      E.left([
        invalid(['protocol'], 'Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'),
        invalid(['port'], 'must be between 1 and 65535, inclusive'),
        invalid(['endPort'], 'must be between 1 and 65535, inclusive'),
      ]),
    )
    expect(d({ port: 90, endPort: 80 })).toEqual(E.left([invalid(['endPort'], 'must be greater than or equal to `port`')]))
    expect(d({ port: 'http', endPort: 80 })).toEqual(E.left([invalid(['endPort'], 'may not be specified when `port` is non-numeric')]))
    expect(d({ endPort: 80 })).toEqual(E.left([invalid(['endPort'], 'may not be specified when `port` is not specified')]))
    expect(d({ port: '80' })).toEqual(E.left([invalid(['port'], 'must contain at least one letter (a-z)')]))
    expect(d({ port: 1.5 })).toEqual(E.left([{ _tag: 'Decode', path: ['port'], expected: 'an integer or a string', actual: 1.5 }]))
    expect(d({ protocol: 'SCTP', port: 'web', })).toEqual(E.right({ protocol: 'SCTP', port: 'web' }))
  })
})

describe('NetworkPolicyPeer with a broken ipBlock', () => {
  it('still reports an ipBlock combined with another peer', () => {
    expect(decodeWith(NetworkPolicyPeer)({ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] }, podSelector: {} })).toEqual(
      E.left([
        invalid(['ipBlock', 'except', 0], 'must be a strict subset of `cidr`'),
        invalid([], 'may not specify both ipBlock and another peer'),
      ]),
    )
  })
})
