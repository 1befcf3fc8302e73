// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { decodeGlobalNetworkPolicy } from '../../src/model/global-network-policy.js'
import { DEFAULT_TIER, TIER_LABEL, defaultTypes, isZero, policySelectors } from '../../src/model/policy-spec.js'

describe('defaultTypes (§2.1)', () => {
  it('derives types from the presence of rules', () => {
    expect(defaultTypes([], [])).toEqual(['Ingress'])
    expect(defaultTypes([1], [])).toEqual(['Ingress'])
    expect(defaultTypes([], [1])).toEqual(['Egress'])
    expect(defaultTypes([1], [1])).toEqual(['Ingress', 'Egress'])
  })
  it('names the default tier and the tier label', () => {
    expect([DEFAULT_TIER, TIER_LABEL]).toEqual(['default', 'projectcalico.org/tier'])
  })
})

describe('isZero', () => {
  it("follows Go's zero values as decoded", () => {
    expect([undefined, null, '', false, {}, { a: '', b: { c: false } }].every(isZero)).toBe(true)
    expect([0, 1, 'x', true, [], { a: [] }, { a: 'x' }].some(isZero)).toBe(false)
  })
})

describe('policySelectors', () => {
  it('lists every selector with its path from the resource root', () => {
    const r = decodeGlobalNetworkPolicy({
      apiVersion: 'projectcalico.org/v3',
      kind: 'GlobalNetworkPolicy',
      metadata: { name: 'p' },
      spec: {
        selector: 'all()',
        namespaceSelector: "team == 'a'",
        serviceAccountSelector: '',
        ingress: [{ action: 'Allow', source: { selector: "app == 'db'", notSelector: 'has(x)', namespaceSelector: 'global()' } }],
        egress: [{ action: 'Allow' }, { action: 'Deny', destination: { serviceAccounts: { selector: "sa == 'b'" } } }],
      },
    })
    if (E.isLeft(r)) throw new Error('fixture must decode')
    expect(policySelectors(r.right)).toEqual([
      { path: ['spec', 'selector'], selector: 'all()', role: 'Policy' },
      { path: ['spec', 'namespaceSelector'], selector: "team == 'a'", role: 'PolicyNamespace' },
      { path: ['spec', 'serviceAccountSelector'], selector: '', role: 'PolicyServiceAccount' },
      { path: ['spec', 'ingress', 0, 'source', 'selector'], selector: "app == 'db'", role: 'Rule' },
      { path: ['spec', 'ingress', 0, 'source', 'notSelector'], selector: 'has(x)', role: 'Rule' },
      { path: ['spec', 'ingress', 0, 'source', 'namespaceSelector'], selector: 'global()', role: 'RuleNamespace' },
      { path: ['spec', 'egress', 1, 'destination', 'serviceAccounts', 'selector'], selector: "sa == 'b'", role: 'RuleServiceAccount' },
    ])
  })
})
