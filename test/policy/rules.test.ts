import { describe, expect, it } from 'vitest'
import { setOf } from '../../src/policy/address.js'
import { compileRule, compileRules, type SetRegistry } from '../../src/policy/rules.js'

const calls: Array<string> = []
const reg: SetRegistry = {
  selector: (t) => (calls.push(`s ${t}`), calls.length - 1),
  namedPort: (t, p, n) => (calls.push(`n ${t} ${p} ${n}`), calls.length - 1),
}

describe('compileRule', () => {
  it('numbers protocols, merges port ranges and compiles both families for a family-free rule', () => {
    calls.length = 0
    expect(compileRule({ action: 'Allow', protocol: 'TCP', destination: { ports: [{ _tag: 'PortRange', min: 443, max: 443 }, { _tag: 'PortRange', min: 80, max: 81 }, { _tag: 'PortRange', min: 82, max: 90 }] } }, 3, '', reg)).toEqual({
      v4: { index: 3, action: 'Allow', protocol: 6, src: {}, dst: { ports: { ranges: [80, 90, 443, 443], named: [] } }, http: false },
      v6: { index: 3, action: 'Allow', protocol: 6, src: {}, dst: { ports: { ranges: [80, 90, 443, 443], named: [] } }, http: false },
    })
  })
  it('drops the rule for a family whose CIDRs are all filtered out, and for ipVersion / ICMP names', () => {
    expect(Object.keys(compileRule({ action: 'Deny', source: { notNets: ['10.0.0.0/8' as never] } }, 0, '', reg))).toEqual(['v4'])
    expect(compileRule({ action: 'Deny', source: { notNets: ['10.0.0.0/8' as never] } }, 0, '', reg).v4?.src).toEqual({ notNets: setOf(['10.0.0.0/8']) })
    expect(Object.keys(compileRule({ action: 'Allow', ipVersion: 6 }, 0, '', reg))).toEqual(['v6'])
    expect(Object.keys(compileRule({ action: 'Allow', protocol: 'ICMPv6' }, 0, '', reg))).toEqual(['v6'])
    expect(Object.keys(compileRule({ action: 'Allow', protocol: 'ICMP', icmp: { type: 8, code: 0 } }, 0, '', reg))).toEqual(['v4'])
    expect(Object.keys(compileRule({ action: 'Allow', protocol: 1 }, 0, '', reg))).toEqual(['v4', 'v6'])
  })
  it('registers folded selectors and named ports against the positive selector', () => {
    calls.length = 0
    const r = compileRule(
      {
        action: 'Allow',
        protocol: 'UDP',
        source: { selector: "a == 'b'", notSelector: 'has(c)' },
        destination: { notSelector: 'has(d)', ports: [{ _tag: 'NamedPort', name: 'dns' }] },
        notICMP: { type: 3 },
        http: { methods: ['GET'] },
      },
      0,
      'ns',
      reg,
    )
    expect(calls).toEqual([
      "s ((projectcalico.org/namespace == 'ns') && (a == 'b')) && (!(has(c)))",
      "s (projectcalico.org/namespace == 'ns') && (!(has(d)))",
      "n (projectcalico.org/namespace == 'ns') && (!(has(d))) udp dns",
    ])
    expect(r.v4).toEqual({ index: 0, action: 'Allow', protocol: 17, notIcmp: { type: 3 }, src: { selector: 0 }, dst: { selector: 1, ports: { ranges: [], named: [2] } }, http: true })
  })
  it('compileRules keeps original indices per family', () => {
    const r = compileRules([{ action: 'Allow', ipVersion: 6 }, { action: 'Deny' }], '', reg)
    expect([r.v4.map((x) => x.index), r.v6.map((x) => x.index)]).toEqual([[1], [0, 1]])
  })
})
