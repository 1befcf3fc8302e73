import { describe, expect, it } from 'vitest'
import { bind, isExcluded } from '../../src/policy/binding.js'

const wl = (n: string) => n.startsWith('cali')

describe('bind', () => {
  it('matches by name (never by IP for named HEPs), by expectedIPs for unnamed ones, smallest name first', () => {
    const b = bind(
      [
        { name: 'eth0', addresses: ['10.0.0.1', 'fd00::1'] },
        { name: 'eth1', addresses: ['10.1.0.1'] },
        { name: 'cali0', addresses: [] },
        { name: 'kube-ipvs0', addresses: ['10.96.0.1'] },
      ],
      [
        { name: 'z-eth0', interfaceName: 'eth0', expectedIPs: [] },
        { name: 'b-v6', interfaceName: '', expectedIPs: ['fd00:0::1'] },
        { name: 'a-named-eth1', interfaceName: 'eth1', expectedIPs: ['10.0.0.1'] },
        { name: 'c-cali', interfaceName: 'cali0', expectedIPs: [] },
        { name: 'd-ipvs', interfaceName: '', expectedIPs: ['10.96.0.1'] },
        { name: 'e-eth9', interfaceName: 'eth9', expectedIPs: [] },
        { name: 'f-eth9', interfaceName: 'eth9', expectedIPs: [] },
        { name: 'w2', interfaceName: '*', expectedIPs: [] },
        { name: 'w1', interfaceName: '*', expectedIPs: [] },
      ],
      wl,
      [{ _tag: 'Exact', name: 'kube-ipvs0' }],
    )
    expect({ byInterface: [...b.byInterface], byName: [...b.byName], wildcard: b.wildcard }).toEqual({
      byInterface: [
        ['eth0', 'b-v6'],
        ['eth1', 'a-named-eth1'],
      ],
      byName: [['eth9', 'e-eth9']],
      wildcard: 'w1',
    })
  })
  it('isExcluded handles names and regular expressions', () => {
    expect([isExcluded([{ _tag: 'Regex', source: '^veth' }], 'veth12'), isExcluded([{ _tag: 'Regex', source: '^veth' }], 'eth0')]).toEqual([true, false])
  })
  it('isExcluded reads RE2 syntax and never backtracks', () => {
    const t0 = performance.now()
    const got = [isExcluded([{ _tag: 'Regex', source: '(?i)ETH0' }], 'eth0'), isExcluded([{ _tag: 'Regex', source: '(a+)+$' }], `${'a'.repeat(40)}!`)]
    expect([...got, performance.now() - t0 < 500]).toEqual([true, false, true])
  })
})
