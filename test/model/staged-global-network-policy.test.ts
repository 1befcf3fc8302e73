// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { decode, decodeStagedGlobalNetworkPolicy } from '../../src/model/staged-global-network-policy.js'

const sgnp = (spec: unknown, name = 'p') => ({ apiVersion: 'projectcalico.org/v3', kind: 'StagedGlobalNetworkPolicy', metadata: { name }, spec })
const DELETE_MSG = 'Spec fields, except Tier, should all be zero-value if stagedAction is Delete'

describe('decodeStagedGlobalNetworkPolicy', () => {
  it('defaults stagedAction to Set and defaults like a GlobalNetworkPolicy', () => {
    expect(decodeStagedGlobalNetworkPolicy(sgnp({ selector: 'all()', egress: [{ action: 'Deny' }] }))).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'StagedGlobalNetworkPolicy',
        metadata: { name: 'p', labels: { 'projectcalico.org/tier': 'default' } },
        spec: { selector: 'all()', egress: [{ action: 'Deny' }], stagedAction: 'Set', tier: 'default', types: ['Egress'] },
      }),
    )
    expect(decode(sgnp({}))).toEqual(decodeStagedGlobalNetworkPolicy(sgnp({})))
  })
  it('V47: rejects unknown staged actions', () => {
    expect(decodeStagedGlobalNetworkPolicy(sgnp({ stagedAction: 'Remove' }))).toEqual(
      E.left([{ _tag: 'Decode', path: ['spec', 'stagedAction'], expected: 'one of "Set", "Delete", "Learn", "Ignore"', actual: 'Remove' }]),
    )
  })
  it('V38: Delete allows only tier (types are cleared; empty strings and false are zero)', () => {
    expect(decodeStagedGlobalNetworkPolicy(sgnp({ stagedAction: 'Delete', tier: 'security', types: ['Ingress'], selector: '', preDNAT: false }))).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'StagedGlobalNetworkPolicy',
        metadata: { name: 'p', labels: { 'projectcalico.org/tier': 'security' } },
        spec: { stagedAction: 'Delete', tier: 'security', types: [], selector: '', preDNAT: false },
      }),
    )
    for (const extra of [{ selector: 'all()' }, { order: 0 }, { ingress: [] }, { applyOnForward: true }]) {
      expect(decodeStagedGlobalNetworkPolicy(sgnp({ stagedAction: 'Delete', ...extra }))).toEqual(E.left([{ _tag: 'Invalid', path: ['spec'], message: DELETE_MSG }]))
    }
  })
  it('V38: Delete skips the Go policy checks but not the CEL checks', () => {
    expect(decodeStagedGlobalNetworkPolicy(sgnp({ stagedAction: 'Delete', preDNAT: true }))).toEqual(
      E.left([
        { _tag: 'Invalid', path: ['spec', 'applyOnForward'], message: 'applyOnForward must be true if either preDNAT or doNotTrack is true' },
        { _tag: 'Invalid', path: ['spec'], message: DELETE_MSG },
      ]),
    )
  })
  it('applies the GlobalNetworkPolicy checks (V1-V4, V30) and name rule otherwise', () => {
    expect(
      decodeStagedGlobalNetworkPolicy(sgnp({ stagedAction: 'Learn', doNotTrack: true, ingress: [{ action: 'Allow', source: { services: { name: 's' } } }] }, 'a.b.c')),
    ).toEqual(
      E.left([
        { _tag: 'Invalid', path: ['metadata', 'name'], message: "name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?)" },
        { _tag: 'Invalid', path: ['spec', 'applyOnForward'], message: 'applyOnForward must be true if either preDNAT or doNotTrack is true' },
        { _tag: 'Invalid', path: ['spec', 'ingress', 0, 'source', 'services', 'namespace'], message: 'must specify a namespace' },
      ]),
    )
  })
})
