// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/model/codec.js'
import { E } from '../../src/internal/fp.js'
import { EntityRule, ServiceMatch } from '../../src/model/entity-rule.js'

const d = decodeWith(EntityRule)
const invalid = (path: ReadonlyArray<string | number>, message: string) => ({ _tag: 'Invalid', path, message })

describe('EntityRule', () => {
  it('decodes every field, canonicalising nets and ports', () => {
    expect(
      d({
        nets: ['10.0.0.1', '10.0.0.0/8'],
        notNets: ['10.1.0.0/16'],
        selector: "app == 'web'",
        notSelector: 'has(x)',
        namespaceSelector: 'global()',
        serviceAccounts: { names: ['api'], selector: "team == 'a'" },
        ports: [80, '8080:8089', 'http'],
        notPorts: ['81'],
      }),
    ).toEqual(
      E.right({
        nets: ['10.0.0.1/32', '10.0.0.0/8'],
        notNets: ['10.1.0.0/16'],
        selector: "app == 'web'",
        notSelector: 'has(x)',
        namespaceSelector: 'global()',
        serviceAccounts: { names: ['api'], selector: "team == 'a'" },
        ports: [
          { _tag: 'PortRange', min: 80, max: 80 },
          { _tag: 'PortRange', min: 8080, max: 8089 },
          { _tag: 'NamedPort', name: 'http' },
        ],
        notPorts: [{ _tag: 'PortRange', min: 81, max: 81 }],
      }),
    )
  })
  it('reports bad nets and ports at their index', () => {
    expect(d({ nets: ['10.0.0.0/8', '10.0.0.1/8'], ports: [80, '70000'] })).toEqual(
      E.left([
        { _tag: 'InvalidCidr', path: ['nets', 1], input: '10.0.0.1/8', reason: 'has host bits set (did you mean 10.0.0.0/8?)' },
        { _tag: 'Decode', path: ['ports', 1], expected: 'a port, a port range or a named port', actual: '70000' },
      ]),
    )
  })
  it('V6: rejects global() in selector (not in notSelector)', () => {
    expect(d({ selector: 'global()' })).toEqual(E.left([invalid(['selector'], 'global() can only be used in an EntityRule namespaceSelector')]))
    expect(d({ notSelector: 'global()' })).toEqual(E.right({ notSelector: 'global()' }))
  })
  it('V7: global() in namespaceSelector must stand alone', () => {
    expect(d({ namespaceSelector: "global() && a == 'b'" })).toEqual(
      E.left([invalid(['namespaceSelector'], 'global() cannot be combined with other selectors')]),
    )
    expect(d({ namespaceSelector: ' global( ) ' })).toEqual(E.right({ namespaceSelector: ' global( ) ' }))
  })
  it('V22: services exclude namespaceSelector', () => {
    expect(d({ services: { name: 's', namespace: 'n' }, namespaceSelector: 'all()' })).toEqual(
      E.left([invalid([], 'cannot specify NamespaceSelector and Services on the same rule')]),
    )
    expect(d({ services: { name: 's', namespace: 'n' }, namespaceSelector: '' })).toEqual(
      E.right({ services: { name: 's', namespace: 'n' }, namespaceSelector: '' }),
    )
  })
  it('V23: services exclude serviceAccounts', () => {
    expect(d({ services: { name: 's' }, serviceAccounts: {} })).toEqual(E.left([invalid([], 'cannot specify ServiceAccounts and Services on the same rule')]))
    expect(d({ services: { name: 's' } })).toEqual(E.right({ services: { name: 's' } }))
  })
  it('V24: services need a name', () => {
    expect(d({ services: { namespace: 'n' } })).toEqual(E.left([invalid([], 'services must specify a service name')]))
    expect(d({ services: { name: '' } })).toEqual(E.left([invalid([], 'services must specify a service name')]))
  })
  it('V25: services exclude selector and notSelector', () => {
    expect(d({ services: { name: 's' }, notSelector: 'a == "b"' })).toEqual(
      E.left([invalid([], 'cannot specify Selector/NotSelector and Services on the same rule')]),
    )
    expect(d({ services: { name: 's' }, selector: '' })).toEqual(E.right({ services: { name: 's' }, selector: '' }))
  })
  it('V26: services exclude nets and notNets', () => {
    expect(d({ services: { name: 's' }, notNets: ['10.0.0.0/8'] })).toEqual(E.left([invalid([], 'cannot specify Nets/NotNets and Services on the same rule')]))
    expect(d({ services: { name: 's' }, nets: [] })).toEqual(E.right({ services: { name: 's' }, nets: [] }))
  })
  it('reports every services conflict at once', () => {
    expect(d({ services: {}, namespaceSelector: 'x == "y"', serviceAccounts: {}, selector: 'a == "b"', nets: ['10.0.0.0/8'] })).toEqual(
      E.left([
        invalid([], 'cannot specify NamespaceSelector and Services on the same rule'),
        invalid([], 'cannot specify ServiceAccounts and Services on the same rule'),
        invalid([], 'services must specify a service name'),
        invalid([], 'cannot specify Selector/NotSelector and Services on the same rule'),
        invalid([], 'cannot specify Nets/NotNets and Services on the same rule'),
      ]),
    )
  })
  it('V36: limits nets to 256, ports to 50 and selectors to 1024 characters', () => {
    const nets = Array.from({ length: 257 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`)
    const ports = Array.from({ length: 51 }, (_, i) => i + 1)
    expect(d({ nets, notPorts: ports, selector: `a == '${'x'.repeat(1020)}'` })).toEqual(
      E.left([
        invalid(['nets'], 'Too many: 257: must have at most 256 items'),
        invalid(['selector'], 'Too long: may not be more than 1024 bytes'),
        invalid(['notPorts'], 'Too many: 51: must have at most 50 items'),
      ]),
    )
    expect(E.isRight(d({ nets: nets.slice(0, 256), ports: ports.slice(0, 50) }))).toBe(true)
  })
  it('rejects unknown fields', () => {
    expect(d({ net: ['10.0.0.0/8'] })).toEqual(E.left([{ _tag: 'UnknownField', path: ['net'] }]))
  })
})

describe('ServiceMatch', () => {
  it('checks names as Kubernetes object names', () => {
    expect(decodeWith(ServiceMatch)({ name: 'Kube_DNS', namespace: 'kube-system' })).toEqual(
      E.left([
        invalid(['name'], "must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)"),
      ]),
    )
    expect(decodeWith(ServiceMatch)({ name: 'kube-dns', namespace: 'kube-system' })).toEqual(E.right({ name: 'kube-dns', namespace: 'kube-system' }))
  })
})

describe('serviceAccounts (W2, C2)', () => {
  const SUBDOMAIN =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
  it('names must be DNS subdomains: a quote cannot reach the selector text', () => {
    expect(d({ serviceAccounts: { names: ['frontend', "frontend' } || all() || a in { 'x", "x'", ''] } })).toEqual(
      E.left([
        invalid(['serviceAccounts', 'names', 1], SUBDOMAIN),
        invalid(['serviceAccounts', 'names', 2], SUBDOMAIN),
        invalid(['serviceAccounts', 'names', 3], SUBDOMAIN),
      ]),
    )
    expect(E.isRight(d({ serviceAccounts: { names: ['api', 'a.b-c', 'x'.repeat(253)] } }))).toBe(true)
  })
  it('selector is bounded to 1024 characters like the other selector fields', () => {
    const deep = `${'('.repeat(2100)}a == 'x'${')'.repeat(2100)}`
    expect(d({ serviceAccounts: { selector: deep } })).toEqual(E.left([invalid(['serviceAccounts', 'selector'], 'Too long: may not be more than 1024 bytes')]))
  })
})
