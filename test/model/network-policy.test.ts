// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { decode, decodeNetworkPolicy } from '../../src/model/network-policy.js'

const np = (spec: unknown, name = 'p', namespace?: string) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'NetworkPolicy',
  metadata: namespace === undefined ? { name } : { name, namespace },
  spec,
})
const invalid = (path: ReadonlyArray<string | number>, message: string) => ({ _tag: 'Invalid', path, message })
const LABEL_MSG = "name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?)"

describe('decodeNetworkPolicy', () => {
  it('decodes, validates and defaults a policy (namespace, tier, types, tier label)', () => {
    expect(decodeNetworkPolicy(np({ selector: "app == 'db'", egress: [{ action: 'Allow', protocol: 'UDP', destination: { ports: [53] } }] }, 'db', 'shop'))).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'NetworkPolicy',
        metadata: { name: 'db', namespace: 'shop', labels: { 'projectcalico.org/tier': 'default' } },
        spec: {
          selector: "app == 'db'",
          egress: [{ action: 'Allow', protocol: 'UDP', destination: { ports: [{ _tag: 'PortRange', min: 53, max: 53 }] } }],
          tier: 'default',
          types: ['Egress'],
        },
      }),
    )
    expect(decode(np({}))).toEqual(decodeNetworkPolicy(np({})))
  })
  it('puts a policy without namespace in default', () => {
    const r = decodeNetworkPolicy(np({}))
    expect(E.isRight(r) && r.right.metadata.namespace).toBe('default')
  })
  it('V39: accepts label, label.label and knp.default./ossg.default. names only', () => {
    for (const name of ['a', 'a.b', 'knp.default.x.y.z', 'ossg.default.sg-1.rule']) expect(E.isRight(decodeNetworkPolicy(np({}, name)))).toBe(true)
    for (const name of ['a.b.c', 'knp.other.x', 'A']) expect(decodeNetworkPolicy(np({}, name))).toEqual(E.left([invalid(['metadata', 'name'], LABEL_MSG)]))
  })
  it('has no global-only fields', () => {
    expect(decodeNetworkPolicy(np({ namespaceSelector: '', applyOnForward: true, preDNAT: false, doNotTrack: false }))).toEqual(
      E.left([
        { _tag: 'UnknownField', path: ['spec', 'namespaceSelector'] },
        { _tag: 'UnknownField', path: ['spec', 'applyOnForward'] },
        { _tag: 'UnknownField', path: ['spec', 'preDNAT'] },
        { _tag: 'UnknownField', path: ['spec', 'doNotTrack'] },
      ]),
    )
  })
  it('V5: global() is not allowed in selector or serviceAccountSelector', () => {
    const msg = 'global() can only be used in an EntityRule namespaceSelector'
    expect(decodeNetworkPolicy(np({ selector: 'global()', serviceAccountSelector: 'global()' }))).toEqual(
      E.left([invalid(['spec', 'selector'], msg), invalid(['spec', 'serviceAccountSelector'], msg)]),
    )
  })
  it('V8: types are unique', () => {
    expect(decodeNetworkPolicy(np({ types: ['Egress', 'Egress'] }))).toEqual(E.left([invalid(['spec', 'types'], "'Egress' type specified more than once")]))
  })
  it('V28, V29: services only where they make sense', () => {
    expect(
      decodeNetworkPolicy(
        np({
          ingress: [{ action: 'Allow', destination: { services: { name: 's' } } }],
          egress: [{ action: 'Allow', source: { services: { name: 's' } } }],
        }),
      ),
    ).toEqual(
      E.left([
        invalid(['spec', 'egress', 0, 'source', 'services'], 'not allowed in egress rule source'),
        invalid(['spec', 'ingress', 0, 'destination', 'services'], 'not allowed in ingress rule destination'),
      ]),
    )
  })
  it('V30 does not apply: a namespaced policy may leave services.namespace empty', () => {
    expect(E.isRight(decodeNetworkPolicy(np({ egress: [{ action: 'Allow', destination: { services: { name: 's' } } }] })))).toBe(true)
  })
  it('V33: HTTP match is not allowed in egress rules (namespaced wording)', () => {
    expect(decodeNetworkPolicy(np({ egress: [{ action: 'Allow', http: { methods: ['GET'] } }] }))).toEqual(
      E.left([invalid(['spec', 'egress', 0, 'http'], 'not allowed in egress rule')]),
    )
    expect(E.isRight(decodeNetworkPolicy(np({ ingress: [{ action: 'Allow', http: { methods: ['GET'] } }] })))).toBe(true)
  })
})
