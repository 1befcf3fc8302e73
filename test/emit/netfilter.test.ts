import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { base64Url } from '../../src/emit/netfilter/base64url.js'
import { chainNames, lengthLimited, policyId } from '../../src/emit/netfilter/chain-names.js'
import { cidrsOf } from '../../src/emit/netfilter/cidrs.js'
import { ipsetName, nftSetName } from '../../src/emit/netfilter/ip-set-names.js'
import { allocateMarks } from '../../src/emit/netfilter/marks.js'
import { ruleHashes } from '../../src/emit/netfilter/rule-hash.js'
import { splitPorts } from '../../src/emit/netfilter/policy-rules.js'
import { sanitizeComment } from '../../src/emit/netfilter/comments.js'
import { setOf } from '../../src/policy/address.js'

describe('rule hashes (felix/iptables/table_test.go vectors)', () => {
  it('chains SHA-224 from the chain name', () => {
    expect(ruleHashes('FORWARD', ['-A FORWARD HASH --jump DROP'])).toEqual(['hecdSCslEjdBPBPo'])
    expect(ruleHashes('FORWARD', ['-A FORWARD HASH --jump cali-FORWARD'])).toEqual(['wUHhoiAYhphO9Mso'])
  })
  it('depends on every earlier rule', () => {
    const [a, b] = ruleHashes('c', ['x', 'y'])
    expect(ruleHashes('c', ['z', 'y'])[1]).not.toEqual(b)
    expect(ruleHashes('c', ['x'])).toEqual([a])
  })
})

describe('chain names', () => {
  it('shortens like GetLengthLimitedID', () => {
    expect(lengthLimited('cali-pi-', 'gnp/long-policy-name-that-gets-hashed', 28)).toBe('cali-pi-_PymyFHQQg3808jiz1OJ')
    expect(chainNames(28).profile('ingress', 'projectcalico-default-allow')).toBe('cali-pri-_TI1Jm4dJqQzYb0Rx3u')
    expect(chainNames(256).profile('ingress', 'projectcalico-default-allow')).toBe('cali-pri-projectcalico-default-allow')
    expect(chainNames(28).endpoint('cali-thfw-', '*')).toBe('cali-thfw-_Nqh4HyA73udmyanQI')
    expect(lengthLimited('felix', '', 100)).toBe('felix_')
  })
  it('hashes an exactly-full suffix that starts with _', () => {
    expect(lengthLimited('ab', '_cd', 5)).toMatch(/^ab_[A-Za-z0-9_-]{2}$/)
    expect(lengthLimited('ab', '_cd', 5)).not.toBe('ab_cd')
    expect(lengthLimited('ab', 'xcd', 5)).toBe('abxcd')
  })
  it('hashes suffixes with characters unsafe in a restore file', () => {
    for (const bad of ['a b', 'a"b', 'a\nb', 'x;y', 'é']) {
      const name = lengthLimited('cali-pi-', bad, 256)
      expect(name).toMatch(/^cali-pi-_[A-Za-z0-9_-]+$/)
    }
  })
  it('names policies by short kind and namespace', () => {
    expect(policyId({ kind: 'NetworkPolicy', namespace: 'default', name: 'allow-dns' })).toBe('np/default/allow-dns')
    expect(policyId({ kind: 'KubernetesNetworkPolicy', namespace: 'shop', name: 'web' })).toBe('knp/shop/web')
    expect(policyId({ kind: 'GlobalNetworkPolicy', name: 'edge-fw' })).toBe('gnp/edge-fw')
  })
})

describe('IP set names', () => {
  it('are cali40/cali60 plus the unique ID cut to 31 characters', () => {
    expect(ipsetName({ id: 's:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ', family: 4 })).toBe('cali40s:xrMI17eQWU5f0KVJM80t57z')
    expect(ipsetName({ id: 's:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ', family: 6 })).toBe('cali60s:xrMI17eQWU5f0KVJM80t57z')
    expect(nftSetName({ id: 's:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ', family: 4 })).toBe('cali40s-xrMI17eQWU5f0KVJM80t57z')
  })
})

describe('marks', () => {
  it('allocates accept, pass, drop, scratch0, scratch1 from the lowest mask bits', () => {
    expect(allocateMarks(0xffff0000)).toEqual(E.right({ accept: 0x10000, pass: 0x20000, drop: 0x40000, scratch0: 0x80000, scratch1: 0x100000 }))
    expect(allocateMarks(0xf1)).toEqual(E.right({ accept: 0x1, pass: 0x10, drop: 0x20, scratch0: 0x40, scratch1: 0x80 }))
  })
  it('rejects a mask with fewer than five bits', () => {
    expect(allocateMarks(0xf)).toEqual(E.left({ _tag: 'Invalid', path: ['markMask'], message: 'the mark mask 15 must be a 32-bit mask with at least 5 bits set' }))
  })
})

describe('multiport splits', () => {
  it('puts at most 15 slots in a group, a range taking two', () => {
    const ports = Array.from({ length: 16 }, (_, i) => [i + 1, i + 1]).flat()
    expect(splitPorts(ports).map((s) => s.length)).toEqual([15, 1])
    const seven = [1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 20]
    expect(splitPorts([...seven, 22, 22])).toHaveLength(1)
    expect(splitPorts([...seven, 22, 23])).toEqual([
      [[1, 2], [4, 5], [7, 8], [10, 11], [13, 14], [16, 17], [19, 20]],
      [[22, 23]],
    ])
  })
})

describe('CIDRs from address sets', () => {
  it('covers intervals with the fewest prefixes', () => {
    expect(cidrsOf(setOf(['10.0.0.0/8', '192.168.0.0/16', 'fd00::/8']), 4)).toEqual(['10.0.0.0/8', '192.168.0.0/16'])
    expect(cidrsOf(setOf(['10.0.0.0/8', '192.168.0.0/16', 'fd00::/8']), 6)).toEqual(['fd00::/8'])
    expect(cidrsOf(setOf(['10.0.0.0/25', '10.0.0.128/25', '10.0.1.0/32']), 4)).toEqual(['10.0.0.0/24', '10.0.1.0/32'])
    expect(cidrsOf(setOf(['0.0.0.0/0']), 4)).toEqual(['0.0.0.0/0'])
    expect(cidrsOf(setOf(['::/0']), 6)).toEqual(['::/0'])
  })
})

describe('comments', () => {
  it('replaces unsafe characters per code point and truncates', () => {
    expect(sanitizeComment('a"b\n-j ACCEPT; {x} #é', 256)).toBe('a_b_-j ACCEPT_ _x_ __')
    expect(sanitizeComment('x'.repeat(300), 256)).toHaveLength(256)
  })
  it('encodes base64url without padding', () => {
    expect(base64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
    expect(base64Url(new Uint8Array([]))).toBe('')
  })
})
