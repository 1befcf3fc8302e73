// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { decode, decodeStagedNetworkPolicy } from '../../src/model/staged-network-policy.js'

const snp = (spec: unknown) => ({ apiVersion: 'projectcalico.org/v3', kind: 'StagedNetworkPolicy', metadata: { name: 'p', namespace: 'shop' }, spec })

describe('decodeStagedNetworkPolicy', () => {
  it('defaults stagedAction, tier, types and the tier label', () => {
    expect(decodeStagedNetworkPolicy(snp({ stagedAction: 'Ignore', ingress: [{ action: 'Allow' }] }))).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'StagedNetworkPolicy',
        metadata: { name: 'p', namespace: 'shop', labels: { 'projectcalico.org/tier': 'default' } },
        spec: { stagedAction: 'Ignore', ingress: [{ action: 'Allow' }], tier: 'default', types: ['Ingress'] },
      }),
    )
    expect(decode(snp({}))).toEqual(decodeStagedNetworkPolicy(snp({})))
  })
  it('V38: Delete allows only tier', () => {
    expect(decodeStagedNetworkPolicy(snp({ stagedAction: 'Delete', selector: "app == 'x'" }))).toEqual(
      E.left([{ _tag: 'Invalid', path: ['spec'], message: 'Spec fields, except Tier, should all be zero-value if stagedAction is Delete' }]),
    )
    expect(E.isRight(decodeStagedNetworkPolicy(snp({ stagedAction: 'Delete', tier: 'sec' })))).toBe(true)
  })
  it('applies the NetworkPolicy checks and field set otherwise', () => {
    expect(decodeStagedNetworkPolicy(snp({ preDNAT: true, egress: [{ action: 'Allow', http: {} }] }))).toEqual(
      E.left([
        { _tag: 'UnknownField', path: ['spec', 'preDNAT'] },
        { _tag: 'Invalid', path: ['spec', 'egress', 0, 'http'], message: 'not allowed in egress rule' },
      ]),
    )
  })
})
