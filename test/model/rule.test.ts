// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/model/codec.js'
import { E } from '../../src/internal/fp.js'
import { Rule } from '../../src/model/rule.js'

const d = decodeWith(Rule)
const invalid = (path: ReadonlyArray<string | number>, message: string) => ({ _tag: 'Invalid', path, message })
const fails = (u: unknown, ...errors: ReadonlyArray<unknown>) => expect(d(u)).toEqual(E.left(errors))
const passes = (u: unknown) => expect(E.isRight(d(u))).toBe(true)
const p = (min: number, max = min) => ({ _tag: 'PortRange', min, max })

const SINGLE = 'rules with numeric port or port range must set protocol to TCP or UDP or SCTP'
const PORTS = 'rules that specify ports must set protocol to TCP or UDP or SCTP'

describe('Rule structure', () => {
  it('decodes a full rule', () => {
    expect(
      d({
        action: 'Allow',
        ipVersion: 4,
        protocol: '6',
        notProtocol: 'UDP',
        source: { nets: ['10.0.0.0/8'], ports: ['1024:65535'] },
        destination: { ports: [443, 'https'] },
        http: { methods: ['GET'] },
        metadata: { annotations: { 'example.com/owner': 'team-a' } },
      }),
    ).toEqual(
      E.right({
        action: 'Allow',
        ipVersion: 4,
        protocol: 6,
        notProtocol: 'UDP',
        source: { nets: ['10.0.0.0/8'], ports: [p(1024, 65535)] },
        destination: { ports: [p(443), { _tag: 'NamedPort', name: 'https' }] },
        http: { methods: ['GET'] },
        metadata: { annotations: { 'example.com/owner': 'team-a' } },
      }),
    )
  })
  it('V47: requires a known action and ipVersion', () => {
    fails(
      { action: 'Accept', ipVersion: 5 },
      { _tag: 'Decode', path: ['action'], expected: 'one of "Allow", "Deny", "Log", "Pass"', actual: 'Accept' },
      { _tag: 'Decode', path: ['ipVersion'], expected: 'one of 4, 6', actual: 5 },
    )
    fails({}, { _tag: 'Decode', path: ['action'], expected: 'one of "Allow", "Deny", "Log", "Pass"', actual: undefined })
    passes({ action: 'Log', ipVersion: 6 })
  })
  it('V20: reports protocol problems at protocol / notProtocol', () => {
    fails(
      { action: 'Allow', protocol: 'tcp', notProtocol: 0 },
      invalid(['protocol'], 'protocol name invalid'),
      invalid(['notProtocol'], 'protocol number invalid'),
    )
  })
  it('reports unknown fields at every level', () => {
    fails({ action: 'Allow', destination: { port: [80] }, bogus: 1 }, { _tag: 'UnknownField', path: ['bogus'] }, { _tag: 'UnknownField', path: ['destination', 'port'] })
  })
})

describe('Rule ports (V9, V10, V11)', () => {
  it('V9: numeric ports or ranges need a protocol', () => {
    fails({ action: 'Allow', destination: { ports: ['http', 80] } }, invalid(['destination', 'ports'], SINGLE))
    fails(
      { action: 'Allow', source: { ports: ['1:2'], notPorts: [3] }, destination: { notPorts: [4] } },
      invalid(['source', 'ports'], SINGLE),
      invalid(['source', 'notPorts'], SINGLE),
      invalid(['destination', 'notPorts'], SINGLE),
    )
    passes({ action: 'Allow', protocol: 'TCP', destination: { ports: [80] } })
  })
  it('V10: any ports need a port protocol', () => {
    fails({ action: 'Allow', protocol: 'ICMP', destination: { ports: ['http'] } }, invalid(['destination', 'ports'], PORTS))
    fails({ action: 'Allow', protocol: 1, source: { notPorts: [80] } }, invalid(['source', 'notPorts'], PORTS))
    passes({ action: 'Allow', protocol: 'SCTP', destination: { ports: ['http'] } })
    passes({ action: 'Allow', protocol: 17, destination: { notPorts: [53] } })
  })
  it('V11: named ports without a protocol are allowed', () => {
    passes({ action: 'Allow', destination: { ports: ['http'] }, source: { notPorts: ['metrics'] } })
  })
})

describe('Rule ICMP (V12, V13, V14)', () => {
  it('V12: icmp needs protocol ICMP or ICMPv6', () => {
    fails({ action: 'Allow', icmp: { type: 8 } }, invalid(['icmp'], 'ICMP fields require protocol to be ICMP or ICMPv6'))
    fails({ action: 'Allow', protocol: 'TCP', icmp: { type: 8 } }, invalid(['icmp'], 'ICMP fields require protocol to be ICMP or ICMPv6'))
    passes({ action: 'Allow', protocol: 'ICMP', icmp: { type: 8 } })
    passes({ action: 'Allow', protocol: 58, icmp: { type: 128 } })
  })
  it('V12: notICMP is not checked', () => {
    passes({ action: 'Allow', notICMP: { type: 8 } })
  })
  it('V13: ICMP requires ipVersion 4', () => {
    fails({ action: 'Allow', protocol: 'ICMP', ipVersion: 6 }, invalid(['protocol'], 'protocol ICMP requires ipVersion 4'))
    fails({ action: 'Allow', notProtocol: 1, ipVersion: 6 }, invalid(['notProtocol'], 'protocol ICMP requires ipVersion 4'))
    passes({ action: 'Allow', protocol: 'ICMP', ipVersion: 4 })
    passes({ action: 'Allow', protocol: 'ICMP' })
  })
  it('V14: ICMPv6 requires ipVersion 6', () => {
    fails({ action: 'Allow', protocol: 'ICMPv6', ipVersion: 4 }, invalid(['protocol'], 'protocol ICMPv6 requires ipVersion 6'))
    fails({ action: 'Allow', notProtocol: '58', ipVersion: 4 }, invalid(['notProtocol'], 'protocol ICMPv6 requires ipVersion 6'))
    passes({ action: 'Allow', protocol: 'ICMPv6', ipVersion: 6 })
  })
  it('V15: icmp fields are checked inside the rule', () => {
    fails({ action: 'Allow', protocol: 'ICMP', icmp: { code: 1 } }, invalid(['icmp'], 'ICMP code specified without an ICMP type'))
  })
})

describe('Rule nets (V16, V17, V18, V19)', () => {
  it('V16: all CIDRs of a rule are one family', () => {
    fails(
      { action: 'Allow', source: { nets: ['10.0.0.0/8'] }, destination: { notNets: ['2001:db8::/32'] } },
      invalid(['destination', 'notNets'], 'rule contains both IPv4 and IPv6 CIDRs'),
    )
    fails({ action: 'Allow', source: { nets: ['10.0.0.0/8', '::1'] } }, invalid(['source', 'nets'], 'rule contains both IPv4 and IPv6 CIDRs'))
    passes({ action: 'Allow', source: { nets: ['10.0.0.0/8'] }, destination: { notNets: ['192.168.0.0/16'] } })
  })
  it('V17: CIDR family matches ipVersion', () => {
    fails({ action: 'Allow', ipVersion: 6, source: { nets: ['10.0.0.0/8'] } }, invalid(['source', 'nets'], "rule IP version doesn't match CIDR version"))
    passes({ action: 'Allow', ipVersion: 6, source: { nets: ['2001:db8::/32'] } })
  })
  it('V18: notNets must not hold a catch-all CIDR', () => {
    fails(
      { action: 'Allow', source: { notNets: ['0.0.0.0/0'] }, destination: { notNets: ['10.0.0.0/8', '0.0.0.0/00'] } },
      invalid(['source', 'notNets', 0], 'catch-all CIDR in negation creates logical contradiction (matches no traffic)'),
      invalid(['destination', 'notNets', 1], 'catch-all CIDR in negation creates logical contradiction (matches no traffic)'),
    )
    fails({ action: 'Allow', destination: { notNets: ['0::0/0'] } }, invalid(['destination', 'notNets', 0], 'catch-all CIDR in negation creates logical contradiction (matches no traffic)'))
    passes({ action: 'Allow', source: { nets: ['0.0.0.0/0'], notNets: ['0.0.0.0/1'] } })
  })
  it('V19: rule nets must be strictly masked; a bare IP is a single-address CIDR', () => {
    fails(
      { action: 'Allow', source: { nets: ['10.0.0.1/8'] } },
      { _tag: 'InvalidCidr', path: ['source', 'nets', 0], input: '10.0.0.1/8', reason: 'has host bits set (did you mean 10.0.0.0/8?)' },
    )
    expect(d({ action: 'Allow', source: { nets: ['10.0.0.1'] } })).toEqual(E.right({ action: 'Allow', source: { nets: ['10.0.0.1/32'] } }))
  })
})

describe('Rule services and HTTP (V27, V31, V32)', () => {
  it('V27: destination services exclude destination ports', () => {
    fails(
      { action: 'Allow', protocol: 'TCP', destination: { services: { name: 's', namespace: 'n' }, ports: [80] } },
      invalid(['destination'], 'ports and notPorts cannot be specified with services'),
    )
    passes({ action: 'Allow', protocol: 'TCP', destination: { services: { name: 's', namespace: 'n' } }, source: { ports: [80] } })
  })
  it('V31: http only on Allow rules', () => {
    fails({ action: 'Deny', http: { methods: ['GET'] } }, invalid(['http'], 'HTTP match is only valid on Allow rules'))
    passes({ action: 'Allow', http: { methods: ['GET'] } })
  })
  it('V32: http needs protocol TCP or none', () => {
    fails({ action: 'Allow', protocol: 'UDP', http: { paths: [{ exact: '/' }] } }, invalid(['http'], 'rules with HTTP match must have protocol TCP or unset'))
    passes({ action: 'Allow', protocol: 6, http: { paths: [{ exact: '/' }] } })
    passes({ action: 'Allow', protocol: 'TCP', http: {} })
  })
})

describe('Rule metadata (V46)', () => {
  it('checks annotation keys and total size', () => {
    const r = d({ action: 'Allow', metadata: { annotations: { 'a/b/c': 'x' } } })
    expect(E.isLeft(r) && r.left.map((e) => [e._tag, e.path])).toEqual([['Invalid', ['metadata', 'annotations', 'a/b/c']]])
    fails(
      { action: 'Allow', metadata: { annotations: { big: 'x'.repeat(256 * 1024) } } },
      invalid(['metadata', 'annotations'], 'total size of annotations is too large by 3 bytes'),
    )
    passes({ action: 'Allow', metadata: { annotations: { 'Example.com/Owner': 'x'.repeat(1000) } } })
  })
})

describe('accumulation', () => {
  it('reports problems of every kind in one pass', () => {
    fails(
      { action: 'Allow', protocol: 'ICMP', ipVersion: 6, icmp: { type: 8 }, source: { ports: [80], notNets: ['::/0'] }, destination: { nets: ['10.0.0.0/8'] } },
      invalid(['source', 'ports'], PORTS),
      invalid(['protocol'], 'protocol ICMP requires ipVersion 4'),
      invalid(['source', 'notNets', 0], 'catch-all CIDR in negation creates logical contradiction (matches no traffic)'),
      invalid(['destination', 'nets'], "rule IP version doesn't match CIDR version"),
      invalid(['destination', 'nets'], 'rule contains both IPv4 and IPv6 CIDRs'),
    )
  })
})

describe('rule checks alongside field errors', () => {
  it('runs the rule-level checks on the fields that decode', () => {
    fails(
      { action: 'Allow', ipVersion: 6, destination: { ports: ['70000', 80], nets: ['10.0.0.1/8', '10.0.0.0/8'] } },
      { _tag: 'InvalidCidr', path: ['destination', 'nets', 0], input: '10.0.0.1/8', reason: 'has host bits set (did you mean 10.0.0.0/8?)' },
      { _tag: 'Decode', path: ['destination', 'ports', 0], expected: 'a port, a port range or a named port', actual: '70000' },
      invalid(['destination', 'ports'], SINGLE),
      invalid(['destination', 'nets'], "rule IP version doesn't match CIDR version"),
    )
  })
  it('skips checks that read a field that did not decode', () => {
    fails({ action: 'Allow', protocol: 'tcp', destination: { ports: [80] } }, invalid(['protocol'], 'protocol name invalid'))
    fails(
      { action: 'Deny!', http: { methods: ['GET'] }, protocol: 'UDP' },
      { _tag: 'Decode', path: ['action'], expected: 'one of "Allow", "Deny", "Log", "Pass"', actual: 'Deny!' },
    )
  })
})
