// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, expectTypeOf, it } from 'vitest'
import { decodeResource, isKind, kindOf, supportedKinds, tierErrors, type Resource } from '../../src/model/resource.js'
import { formatError } from '../../src/errors.js'
import type { Tier } from '../../src/model/tier.js'
import { E } from '../../src/internal/fp.js'

const decoded = (u: unknown): Resource => {
  const r = decodeResource(u)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

const calicoNp = decoded({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'shop' }, spec: {} })
const k8sNp = decoded({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'shop' }, spec: { podSelector: {} } })
const tier = decoded({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 't' } })

describe('decodeResource', () => {
  it('dispatches on apiVersion and kind', () => {
    expect([calicoNp.apiVersion, k8sNp.apiVersion, tier.kind]).toEqual(['projectcalico.org/v3', 'networking.k8s.io/v1', 'Tier'])
  })
  it('reports unknown pairs and non-objects', () => {
    expect(decodeResource({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })).toEqual(
      E.left([{ _tag: 'Invalid', path: ['kind'], message: 'unknown kind "Pod" (apiVersion "v1")' }]),
    )
    expect(decodeResource({ apiVersion: 'v1', metadata: { name: 'p' } })).toEqual(E.left([{ _tag: 'Decode', path: ['kind'], expected: 'a string', actual: undefined }]))
    expect(decodeResource(null)).toEqual(
      E.left([{ _tag: 'Decode', path: [], expected: 'a resource (an object with apiVersion, kind and metadata)', actual: null }]),
    )
  })
  it('accepts exactly the supported kinds', () => {
    expect(supportedKinds.map((k) => `${k.apiVersion}/${k.kind}`)).toEqual([
      'projectcalico.org/v3/GlobalNetworkPolicy',
      'projectcalico.org/v3/NetworkPolicy',
      'projectcalico.org/v3/StagedGlobalNetworkPolicy',
      'projectcalico.org/v3/StagedNetworkPolicy',
      'projectcalico.org/v3/StagedKubernetesNetworkPolicy',
      'networking.k8s.io/v1/NetworkPolicy',
      'projectcalico.org/v3/Tier',
      'projectcalico.org/v3/HostEndpoint',
      'projectcalico.org/v3/WorkloadEndpoint',
      'projectcalico.org/v3/Profile',
      'projectcalico.org/v3/GlobalNetworkSet',
      'projectcalico.org/v3/NetworkSet',
      'projectcalico.org/v3/FelixConfiguration',
      'v1/Namespace',
      'v1/ServiceAccount',
    ])
  })
})

describe('kindOf / isKind', () => {
  it('tells the two NetworkPolicy kinds apart', () => {
    expect([kindOf(calicoNp), kindOf(k8sNp), kindOf(tier)]).toEqual(['NetworkPolicy', 'KubernetesNetworkPolicy', 'Tier'])
    expect([calicoNp, k8sNp, tier].filter(isKind('KubernetesNetworkPolicy'))).toEqual([k8sNp])
  })
  it('narrows the type', () => {
    const tiers = [calicoNp, tier].filter(isKind('Tier'))
    expectTypeOf(tiers).toEqualTypeOf<Tier[]>()
    expect(tiers.map((t) => t.spec.order)).toEqual([1_000_000])
  })
})

describe('tierErrors (V42)', () => {
  const gnp = (name: string, tier?: string) =>
    decoded({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec: tier === undefined ? {} : { tier } })
  const np = decoded({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'shop' }, spec: { tier: 'gone' } })
  it('accepts policies in built-in tiers and in loaded tiers', () => {
    const security = decoded({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' } })
    expect(tierErrors([gnp('a'), gnp('b', 'kube-admin'), gnp('security.c', 'security'), security, k8sNp])).toEqual([])
  })
  it('reports policies whose tier does not exist', () => {
    expect(tierErrors([gnp('security.c', 'security'), np]).map(formatError)).toEqual([
      'GlobalNetworkPolicy security.c: spec.tier: tier "security" does not exist',
      'NetworkPolicy shop/p: spec.tier: tier "gone" does not exist',
    ])
  })
})
