// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { decode, decodeGlobalNetworkPolicy } from '../../src/model/global-network-policy.js'

const gnp = (spec: unknown, name = 'p') => ({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec })
const invalid = (path: ReadonlyArray<string | number>, message: string) => ({ _tag: 'Invalid', path, message })
const fails = (spec: unknown, ...errors: ReadonlyArray<unknown>) => expect(decodeGlobalNetworkPolicy(gnp(spec))).toEqual(E.left(errors))
const passes = (spec: unknown) => expect(E.isRight(decodeGlobalNetworkPolicy(gnp(spec)))).toBe(true)
const LABEL_MSG = "name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?)"

describe('decodeGlobalNetworkPolicy', () => {
  it('decodes, validates and defaults a policy', () => {
    expect(
      decodeGlobalNetworkPolicy(
        gnp(
          {
            order: 10.5,
            selector: "role == 'node'",
            namespaceSelector: '',
            ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [22] } }],
            egress: [{ action: 'Deny', destination: { nets: ['10.0.0.1'] } }],
            applyOnForward: true,
            performanceHints: ['AssumeNeededOnEveryNode'],
          },
          'security.allow-ssh',
        ),
      ),
    ).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkPolicy',
        metadata: { name: 'security.allow-ssh', labels: { 'projectcalico.org/tier': 'default' } },
        spec: {
          order: 10.5,
          selector: "role == 'node'",
          namespaceSelector: '',
          ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [{ _tag: 'PortRange', min: 22, max: 22 }] } }],
          egress: [{ action: 'Deny', destination: { nets: ['10.0.0.1/32'] } }],
          applyOnForward: true,
          performanceHints: ['AssumeNeededOnEveryNode'],
          tier: 'default',
          types: ['Ingress', 'Egress'],
        },
      }),
    )
  })
  it('is also exported as decode', () => {
    expect(decode(gnp({}))).toEqual(decodeGlobalNetworkPolicy(gnp({})))
  })
  it('defaults an absent spec', () => {
    expect(decodeGlobalNetworkPolicy({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'x' } })).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkPolicy',
        metadata: { name: 'x', labels: { 'projectcalico.org/tier': 'default' } },
        spec: { tier: 'default', types: ['Ingress'] },
      }),
    )
  })
  it('keeps explicit types and tier, and overwrites the tier label', () => {
    expect(
      decodeGlobalNetworkPolicy({
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkPolicy',
        metadata: { name: 'x', labels: { 'projectcalico.org/tier': 'other', app: 'a' } },
        spec: { tier: 'security', types: ['Egress'], ingress: [{ action: 'Pass' }] },
      }),
    ).toEqual(
      E.right({
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkPolicy',
        metadata: { name: 'x', labels: { 'projectcalico.org/tier': 'security', app: 'a' } },
        spec: { tier: 'security', types: ['Egress'], ingress: [{ action: 'Pass' }] },
      }),
    )
  })
  it('derives types from the rules when they are empty (§2.1)', () => {
    const types = (spec: unknown) => {
      const r = decodeGlobalNetworkPolicy(gnp(spec))
      return E.isRight(r) ? r.right.spec.types : undefined
    }
    expect(types({})).toEqual(['Ingress'])
    expect(types({ types: [], ingress: [{ action: 'Allow' }] })).toEqual(['Ingress'])
    expect(types({ egress: [{ action: 'Allow' }] })).toEqual(['Egress'])
    expect(types({ ingress: [], egress: [{ action: 'Allow' }] })).toEqual(['Egress'])
    expect(types({ ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }] })).toEqual(['Ingress', 'Egress'])
  })
  it('V39: a name is one label or two labels joined by a dot', () => {
    expect(decodeGlobalNetworkPolicy(gnp({}, 'a.b.c'))).toEqual(E.left([invalid(['metadata', 'name'], LABEL_MSG)]))
    expect(E.isRight(decodeGlobalNetworkPolicy(gnp({}, 'a.b')))).toBe(true)
  })
  it('rejects a namespace, a wrong apiVersion and unknown spec fields', () => {
    expect(
      decodeGlobalNetworkPolicy({ apiVersion: 'v1', kind: 'GlobalNetworkPolicy', metadata: { name: 'x', namespace: 'n' }, spec: { ingres: [] } }),
    ).toEqual(
      E.left([
        { _tag: 'Decode', path: ['apiVersion'], expected: '"projectcalico.org/v3"', actual: 'v1' },
        { _tag: 'UnknownField', path: ['spec', 'ingres'] },
      ]),
    )
    expect(decodeGlobalNetworkPolicy({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'x', namespace: 'n' } })).toEqual(
      E.left([invalid(['metadata', 'namespace'], 'GlobalNetworkPolicy is cluster-scoped and cannot have a namespace')]),
    )
  })
  it('checks the tier reference and order type', () => {
    fails(
      { tier: 'Bad_Tier', order: 'first' },
      invalid(['spec', 'tier'], "must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)"),
      { _tag: 'Decode', path: ['spec', 'order'], expected: 'a number', actual: 'first' },
    )
  })
})

describe('GlobalNetworkPolicy checks', () => {
  it('V1: preDNAT and doNotTrack not both', () => {
    fails({ preDNAT: true, doNotTrack: true, applyOnForward: true }, invalid(['spec', 'doNotTrack'], 'preDNAT and doNotTrack cannot both be true'))
    passes({ doNotTrack: true, applyOnForward: true, egress: [{ action: 'Allow' }] })
  })
  it('V2: preDNAT has no egress rules', () => {
    fails(
      { preDNAT: true, applyOnForward: true, types: ['Ingress'], egress: [{ action: 'Deny' }] },
      invalid(['spec', 'egress'], 'preDNAT policy cannot have any egress rules'),
    )
    passes({ preDNAT: true, applyOnForward: true, egress: [] })
  })
  it("V3: preDNAT has no 'Egress' type (explicit or defaulted)", () => {
    fails({ preDNAT: true, applyOnForward: true, types: ['Ingress', 'Egress'] }, invalid(['spec', 'types'], "preDNAT policy cannot have 'Egress' type"))
    fails(
      { preDNAT: true, applyOnForward: true, egress: [{ action: 'Deny' }] },
      invalid(['spec', 'egress'], 'preDNAT policy cannot have any egress rules'),
      invalid(['spec', 'types'], "preDNAT policy cannot have 'Egress' type"),
    )
    passes({ preDNAT: true, applyOnForward: true, types: ['Ingress'], ingress: [{ action: 'Deny' }] })
  })
  it('V4: preDNAT or doNotTrack need applyOnForward', () => {
    fails({ preDNAT: true }, invalid(['spec', 'applyOnForward'], 'applyOnForward must be true if either preDNAT or doNotTrack is true'))
    fails({ doNotTrack: true, applyOnForward: false }, invalid(['spec', 'applyOnForward'], 'applyOnForward must be true if either preDNAT or doNotTrack is true'))
    passes({ applyOnForward: true })
  })
  it('V5: global() is not allowed in the policy selectors', () => {
    const msg = 'global() can only be used in an EntityRule namespaceSelector'
    fails(
      { selector: 'global()', namespaceSelector: 'global()', serviceAccountSelector: '!global()' },
      invalid(['spec', 'selector'], msg),
      invalid(['spec', 'serviceAccountSelector'], msg),
      invalid(['spec', 'namespaceSelector'], msg),
    )
    passes({ selector: 'all()', ingress: [{ action: 'Allow', source: { namespaceSelector: 'global()' } }] })
  })
  it('V8: types are unique', () => {
    fails({ types: ['Ingress', 'Ingress'] }, invalid(['spec', 'types'], "'Ingress' type specified more than once"))
    passes({ types: ['Egress', 'Ingress'] })
  })
  it('V28: no source services in egress rules', () => {
    fails(
      { egress: [{ action: 'Allow' }, { action: 'Allow', source: { services: { name: 's', namespace: 'n' } } }] },
      invalid(['spec', 'egress', 1, 'source', 'services'], 'not allowed in egress rule source'),
    )
    passes({ egress: [{ action: 'Allow', destination: { services: { name: 's', namespace: 'n' } } }] })
  })
  it('V29: no destination services in ingress rules', () => {
    fails(
      { ingress: [{ action: 'Allow', destination: { services: { name: 's', namespace: 'n' } } }] },
      invalid(['spec', 'ingress', 0, 'destination', 'services'], 'not allowed in ingress rule destination'),
    )
    passes({ ingress: [{ action: 'Allow', source: { services: { name: 's', namespace: 'n' } } }] })
  })
  it('V30: services need a namespace in a global policy', () => {
    fails(
      {
        ingress: [{ action: 'Allow', source: { services: { name: 's' } } }],
        egress: [{ action: 'Allow', destination: { services: { name: 's', namespace: '' } } }],
      },
      invalid(['spec', 'egress', 0, 'destination', 'services', 'namespace'], 'must specify a namespace'),
      invalid(['spec', 'ingress', 0, 'source', 'services', 'namespace'], 'must specify a namespace'),
    )
  })
  it('V33: no HTTP match in egress rules', () => {
    fails({ egress: [{ action: 'Allow', http: { methods: ['GET'] } }] }, invalid(['spec', 'egress', 0, 'http'], 'not allowed in egress rules'))
    passes({ ingress: [{ action: 'Allow', http: { methods: ['GET'] } }] })
  })
  it('V35: performance hints are known and unique', () => {
    fails(
      { performanceHints: ['AssumeNeededOnEveryNode', 'AssumeNeededOnEveryNode'] },
      invalid(['spec', 'performanceHints', 1], 'Duplicate value: "AssumeNeededOnEveryNode"'),
    )
    fails({ performanceHints: ['Fast'] }, { _tag: 'Decode', path: ['spec', 'performanceHints', 0], expected: 'one of "AssumeNeededOnEveryNode"', actual: 'Fast' })
  })
  it('V36: at most 1024 rules per direction, selectors of at most 1024 characters, at most 2 types', () => {
    const rules = Array.from({ length: 1025 }, () => ({ action: 'Allow' }))
    fails(
      { ingress: rules, selector: 'x'.repeat(1025), types: ['Ingress', 'Egress', 'Ingress'] },
      invalid(['spec', 'selector'], 'Too long: may not be more than 1024 bytes'),
      invalid(['spec', 'types'], 'Too many: 3: must have at most 2 items'),
      invalid(['spec', 'ingress'], 'Too many: 1025: must have at most 1024 items'),
      invalid(['spec', 'types'], "'Ingress' type specified more than once"),
    )
    passes({ ingress: rules.slice(0, 1024) })
  })
  it('reports rule errors with paths from the resource root, together with spec checks', () => {
    expect(
      decodeGlobalNetworkPolicy(
        gnp(
          {
            preDNAT: true,
            ingress: [{ action: 'Allow', destination: { ports: [80] } }, { action: 'Allow', protocol: 'TCP', destination: { ports: ['70000'] } }],
          },
          'Bad',
        ),
      ),
    ).toEqual(
      E.left([
        invalid(['metadata', 'name'], LABEL_MSG),
        invalid(['spec', 'ingress', 0, 'destination', 'ports'], 'rules with numeric port or port range must set protocol to TCP or UDP or SCTP'),
        { _tag: 'Decode', path: ['spec', 'ingress', 1, 'destination', 'ports', 0], expected: 'a port, a port range or a named port', actual: '70000' },
        invalid(['spec', 'applyOnForward'], 'applyOnForward must be true if either preDNAT or doNotTrack is true'),
      ]),
    )
  })
})
