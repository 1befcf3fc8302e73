import { describe, expect, it } from 'vitest'
import { ruleMatches } from '../../src/eval/match.js'
import { viewOf } from '../../src/eval/packet.js'
import { parsePrefix, setOf, type Prefix } from '../../src/policy/address.js'
import { membersOf } from '../../src/policy/member-set.js'
import { anySide, type IpSet, type Rule, type Side } from '../../src/policy/world.js'
import { pkt } from './hand-world.js'

const base: Rule = { index: 0, action: 'Allow', protocol: undefined, notProtocol: undefined, icmp: undefined, notIcmp: undefined, src: anySide, dst: anySide, http: false }
const view = (text: string) => viewOf(pkt(text)).post

const members = (cidrs: ReadonlyArray<string>) => membersOf(cidrs.map((c) => parsePrefix(c) as Prefix))

const sets: ReadonlyArray<IpSet> = [
  { _tag: 'Selector', selector: 'role == "db"', id: 's:db', members: members(['10.65.0.2', 'fd00::2']) },
  {
    _tag: 'NamedPort',
    selector: 'all()',
    port: 'http',
    protocol: undefined,
    id: 'n:http',
    members: new Map([
      [6 * 65536 + 8080, members(['10.65.0.2'])],
      [17 * 65536 + 5353, members(['10.65.0.3'])],
    ]),
  },
]

type Spec = Omit<Partial<Rule>, 'src' | 'dst'> & { readonly src?: Partial<Side>; readonly dst?: Partial<Side> }
const matches = (r: Spec, text: string) => ruleMatches({ ...base, ...r, src: { ...anySide, ...r.src }, dst: { ...anySide, ...r.dst } }, view(text), sets)

describe('ruleMatches', () => {
  it('an empty rule matches everything', () => {
    expect([matches({}, 'tcp 1.1.1.1:1 -> 2.2.2.2:2 in eth0'), matches({}, 'icmpv6 fd00::1 -> fd00::2 type 1 in eth0')]).toEqual([true, true])
  })

  it('protocol and notProtocol', () => {
    expect([
      matches({ protocol: 6 }, 'tcp 1.1.1.1:1 -> 2.2.2.2:2 in eth0'),
      matches({ protocol: 6 }, 'udp 1.1.1.1:1 -> 2.2.2.2:2 in eth0'),
      matches({ notProtocol: 6 }, 'tcp 1.1.1.1:1 -> 2.2.2.2:2 in eth0'),
      matches({ protocol: 17, notProtocol: 6 }, 'udp 1.1.1.1:1 -> 2.2.2.2:2 in eth0'),
    ]).toEqual([true, false, false, true])
  })

  it('ports: ranges, named ports (ip, protocol, port), and their negations', () => {
    const ranges = { ranges: [80, 80, 8000, 8100], named: [] }
    expect([
      matches({ dst: { ports: ranges } }, 'tcp 1.1.1.1:1 -> 2.2.2.2:80 in eth0'),
      matches({ dst: { ports: ranges } }, 'tcp 1.1.1.1:1 -> 2.2.2.2:8100 in eth0'),
      matches({ dst: { ports: ranges } }, 'tcp 1.1.1.1:1 -> 2.2.2.2:8101 in eth0'),
      matches({ dst: { ports: ranges } }, 'icmp 1.1.1.1 -> 2.2.2.2 type 8 in eth0'),
      matches({ dst: { notPorts: ranges } }, 'tcp 1.1.1.1:1 -> 2.2.2.2:81 in eth0'),
      matches({ src: { ports: ranges } }, 'tcp 1.1.1.1:80 -> 2.2.2.2:1 in eth0'),
    ]).toEqual([true, true, false, false, true, true])
    const named = { ranges: [], named: [1] }
    expect([
      matches({ dst: { ports: named } }, 'tcp 1.1.1.1:1 -> 10.65.0.2:8080 in eth0'),
      matches({ dst: { ports: named } }, 'udp 1.1.1.1:1 -> 10.65.0.2:8080 in eth0'),
      matches({ dst: { ports: named } }, 'tcp 1.1.1.1:1 -> 10.65.0.9:8080 in eth0'),
      matches({ dst: { ports: named } }, 'udp 1.1.1.1:1 -> 10.65.0.3:5353 in eth0'),
      matches({ dst: { notPorts: named } }, 'icmp 1.1.1.1 -> 10.65.0.2 type 8 in eth0'),
      matches({ dst: { notPorts: named } }, 'tcp 1.1.1.1:1 -> 10.65.0.2:8080 in eth0'),
    ]).toEqual([true, false, false, true, true, false])
  })

  it('nets and notNets', () => {
    const n = setOf(['10.0.0.0/8'])
    expect([
      matches({ src: { nets: n } }, 'tcp 10.1.1.1:1 -> 2.2.2.2:2 in eth0'),
      matches({ src: { nets: n } }, 'tcp 11.1.1.1:1 -> 2.2.2.2:2 in eth0'),
      matches({ dst: { notNets: n } }, 'tcp 1.1.1.1:1 -> 10.2.2.2:2 in eth0'),
      matches({ dst: { notNets: n } }, 'tcp 1.1.1.1:1 -> 11.2.2.2:2 in eth0'),
    ]).toEqual([true, false, false, true])
  })

  it('selector and notSelector IP sets', () => {
    expect([
      matches({ src: { selector: 0 } }, 'tcp 10.65.0.2:1 -> 2.2.2.2:2 in eth0'),
      matches({ src: { selector: 0 } }, 'tcp [fd00::2]:1 -> [fd00::9]:2 in eth0'),
      matches({ src: { selector: 0 } }, 'tcp 10.65.0.3:1 -> 2.2.2.2:2 in eth0'),
      matches({ src: { notSelector: 0 } }, 'tcp 10.65.0.3:1 -> 2.2.2.2:2 in eth0'),
      matches({ src: { notSelector: 0 } }, 'tcp 10.65.0.2:1 -> 2.2.2.2:2 in eth0'),
    ]).toEqual([true, true, false, true, false])
  })

  it('a service match never matches (EndpointSlices are not modelled)', () => {
    expect(matches({ dst: { service: { name: 'kube-dns', namespace: 'kube-system' } } }, 'udp 1.1.1.1:1 -> 2.2.2.2:53 in eth0')).toBe(false)
  })

  it('icmp and notICMP only match ICMP of the packet family', () => {
    expect([
      matches({ icmp: { type: 8 } }, 'icmp 1.1.1.1 -> 2.2.2.2 type 8 code 0 in eth0'),
      matches({ icmp: { type: 8, code: 1 } }, 'icmp 1.1.1.1 -> 2.2.2.2 type 8 code 0 in eth0'),
      matches({ icmp: { type: 8 } }, 'icmp 1.1.1.1 -> 2.2.2.2 type 0 in eth0'),
      matches({ icmp: { type: 128 } }, 'icmpv6 fd00::1 -> fd00::2 type 128 in eth0'),
      // protocol 1 over IPv6 carries no ICMP type in any packet a decoder makes; the view is built by hand.
      ruleMatches({ ...base, icmp: { type: 128 } }, { ...view('icmpv6 fd00::1 -> fd00::2 type 128 in eth0'), protocol: 1 }, sets),
      matches({ notIcmp: { type: 8 } }, 'icmp 1.1.1.1 -> 2.2.2.2 type 0 in eth0'),
      matches({ notIcmp: { type: 8 } }, 'icmp 1.1.1.1 -> 2.2.2.2 type 8 in eth0'),
      matches({ notIcmp: { type: 8, code: 1 } }, 'icmp 1.1.1.1 -> 2.2.2.2 type 8 code 0 in eth0'),
      matches({ notIcmp: { type: 8 } }, 'tcp 1.1.1.1:1 -> 2.2.2.2:2 in eth0'),
    ]).toEqual([true, false, false, true, false, true, false, true, false])
  })
})
