import { describe, expect, it } from 'vitest'
import { nft } from '../../src/emit/nft/emit.js'
import { E } from '../../src/internal/fp.js'
import type { World } from '../../src/policy/world.js'
import { EVIL, rename, resources, worldOf } from './hostile-worlds.js'
import { exampleSpecs, exampleWorld, felixExample } from './worlds.js'

const emitted = (w: World) => {
  const out = nft.emit({})(w)
  if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
  return out.right
}

const chainRules = (text: string, family: 'ip' | 'ip6', chain: string): ReadonlyArray<string> =>
  text.split('\n').filter((l) => l.startsWith(`add rule ${family} calico ${chain} `))

describe('felix worked example in nftables (dataplanes: rendering validated against felix)', () => {
  const out = emitted(felixExample())
  it('renders the host endpoint ingress chain rule for rule, hash for hash', () => {
    expect(chainRules(out.ruleset, 'ip', 'filter-cali-fh-eth0')).toEqual([
      'add rule ip calico filter-cali-fh-eth0 ct state related,established counter accept comment "cali:IsqZ1zu2UeoGqBPs;"',
      'add rule ip calico filter-cali-fh-eth0 ct state invalid counter drop comment "cali:HWgcAFF_FycqX_5C;"',
      'add rule ip calico filter-cali-fh-eth0 counter jump filter-cali-failsafe-in comment "cali:l3CELwn5RPaegfPS;"',
      'add rule ip calico filter-cali-fh-eth0 counter meta mark set mark & 0xfffcffff comment "cali:7ccMKmnghAs5GKKT;"',
      'add rule ip calico filter-cali-fh-eth0 counter meta mark set mark & 0xfffdffff comment "cali:0GPXBC-NE68oYpM3; Start of tier platform"',
      'add rule ip calico filter-cali-fh-eth0 meta mark & 0x20000 == 0 counter jump filter-cali-pi-gnp/pass-internal comment "cali:SW7-HeZcMw66eqxb;"',
      'add rule ip calico filter-cali-fh-eth0 meta mark & 0x10000 == 0x10000 counter return comment "cali:RUyImOdLQbUWeWY9; Return if policy accepted"',
      'add rule ip calico filter-cali-fh-eth0 meta mark & 0x20000 == 0 counter drop comment "cali:7UwDy3YW7xKdm1t_; End of tier platform. Drop if no policies passed packet"',
      'add rule ip calico filter-cali-fh-eth0 counter meta mark set mark & 0xfffdffff comment "cali:yhmMTeCkB0Sr4Odh; Start of tier default"',
      'add rule ip calico filter-cali-fh-eth0 meta mark & 0x20000 == 0 counter jump filter-cali-pi-gnp/edge-fw comment "cali:QG_0SHgl9yGRuIjI;"',
      'add rule ip calico filter-cali-fh-eth0 meta mark & 0x10000 == 0x10000 counter return comment "cali:NOZwZ3FcISUAg4fn; Return if policy accepted"',
      'add rule ip calico filter-cali-fh-eth0 meta mark & 0x20000 == 0 counter drop comment "cali:7Zm4dUKPm-YGCqft; End of tier default. Drop if no policies passed packet"',
      'add rule ip calico filter-cali-fh-eth0 counter jump filter-cali-pri-projectcalico-default-allow comment "cali:Dlfr8R8Ci08vkaoW;"',
      'add rule ip calico filter-cali-fh-eth0 meta mark & 0x10000 == 0x10000 counter return comment "cali:awmguD8752OCpspj; Return if profile accepted"',
      'add rule ip calico filter-cali-fh-eth0 counter drop comment "cali:MNKBepeF3TB9RbFy; Drop if no profiles matched"',
    ])
  })
  it('renders policy chains, sets and base-chain hooks', () => {
    expect(chainRules(out.ruleset, 'ip', 'filter-cali-pi-gnp/pass-internal')).toEqual([
      'add rule ip calico filter-cali-pi-gnp/pass-internal counter meta mark set mark & 0xffe7ffff ^ 0x0 comment "cali:_Q00FX0q1zc-y-Xl; GlobalNetworkPolicy pass-internal ingress"',
      'add rule ip calico filter-cali-pi-gnp/pass-internal ip saddr 10.0.0.0/8 counter meta mark set mark or 0x80000 comment "cali:6ERiGivBQ98MLI9O;"',
      'add rule ip calico filter-cali-pi-gnp/pass-internal ip saddr 192.168.0.0/16 counter meta mark set mark or 0x80000 comment "cali:MxsIGp_0sZkYyhLT;"',
      'add rule ip calico filter-cali-pi-gnp/pass-internal meta mark & 0x80000 == 0x80000 counter meta mark set mark or 0x20000 comment "cali:DHt3uORXjcFw1-tv;"',
    ])
    expect(chainRules(out.ruleset, 'ip', 'filter-cali-pi-gnp/edge-fw')[2]).toBe(
      'add rule ip calico filter-cali-pi-gnp/edge-fw meta l4proto tcp ip saddr @cali40s-xrMI17eQWU5f0KVJM80t57z tcp dport { 22, 80, 443, 8000-8100 } counter meta mark set mark or 0x10000 comment "cali:pNMoM4vc8aGrCIPW;"',
    )
    expect(chainRules(out.ruleset, 'ip', 'filter-FORWARD')).toEqual([
      'add rule ip calico filter-FORWARD counter jump filter-cali-FORWARD comment "cali:dpfqBgJrpRwlrqw1;"',
      'add rule ip calico filter-FORWARD meta mark & 0x10000 == 0x10000 counter accept comment "cali:yp7iNUYNEhDmKF6E; Policy explicitly accepted packet."',
      'add rule ip calico filter-FORWARD counter meta mark set mark or 0x10000 comment "cali:fXaqbwKfGHq5dvHP;"',
    ])
    expect(out.ruleset).toContain('add set ip calico cali40s-xrMI17eQWU5f0KVJM80t57z { type ipv4_addr ; flags interval ; }\nadd element ip calico cali40s-xrMI17eQWU5f0KVJM80t57z { 10.65.0.7/32 }\n')
    expect(out.ruleset).toContain('add chain ip calico filter-FORWARD { type filter hook forward priority 0 ; }\n')
  })
})

describe('packets without a conntrack entry in nftables', () => {
  it('meet host endpoint egress policy as in iptables: felix\'s "ct status != dnat" rule is followed by one for them', () => {
    // nft's `ct status` matches nothing without an entry (invalid or untracked packets, such as
    // ICMPv6 neighbour discovery), where iptables' `! --ctstate DNAT` matches them.
    const out = emitted(felixExample())
    for (const family of ['ip', 'ip6'] as const) {
      expect(chainRules(out.ruleset, family, 'filter-cali-OUTPUT')).toEqual([
        `add rule ${family} calico filter-cali-OUTPUT meta mark & 0x10000 == 0x10000 counter accept comment "cali:98uiW9xxCe92G9L3;"`,
        `add rule ${family} calico filter-cali-OUTPUT oifname cali* counter return comment "cali:XeexzRpdwsnmqftJ;"`,
        `add rule ${family} calico filter-cali-OUTPUT counter meta mark set mark & 0xffe4ffff comment "cali:CG2tcTTN3DS2FC_s;"`,
        `add rule ${family} calico filter-cali-OUTPUT ct status != dnat counter jump filter-cali-to-host-endpoint comment "cali:OEg1D1yn2B2IRfVG;"`,
        `add rule ${family} calico filter-cali-OUTPUT ct state invalid,untracked counter jump filter-cali-to-host-endpoint comment "cali:EQjkUviXLbwP65lc;"`,
        `add rule ${family} calico filter-cali-OUTPUT meta mark & 0x10000 == 0x10000 counter accept comment "cali:flhpMtqZIzIVY0qL; Host endpoint policy accepted packet."`,
      ])
    }
    expect(chainRules(out.ruleset, 'ip', 'mangle-cali-POSTROUTING')).toContain(
      'add rule ip calico mangle-cali-POSTROUTING ct status dnat counter jump mangle-cali-to-host-endpoint comment "cali:QNi0wuz0doF36FlX;"',
    )
  })
})

describe('golden files: every example in nftables', () => {
  it.each(exampleSpecs.map((s) => [s.name, s] as const))('%s', async (name, spec) => {
    const out = emitted(exampleWorld(spec))
    await expect(out.ruleset).toMatchFileSnapshot(`./golden/${name}/ruleset.nft`)
    await expect(`${JSON.stringify(out.origins, null, 2)}\n`).toMatchFileSnapshot(`./golden/${name}/nft-origins.json`)
  })
})

describe('hostile names in nftables', () => {
  it.each(EVIL.map((e) => [JSON.stringify(e).slice(0, 40), e] as const))('%s stays inside comments', (_label, evil) => {
    const text = emitted(worldOf(rename(resources(), evil))).ruleset
    for (const line of text.split('\n')) {
      if (line === '') continue
      expect(line).toMatch(/^(add|delete) (table|chain|set|element|rule) ip6? calico/)
      const rest = line.replace(/comment "cali:[A-Za-z0-9_-]{16};[\w @%+=:,./-]{0,111}"$/, '').replace(/log prefix "[\w @%+=:,./-]{0,125}: "/g, '')
      expect(rest).not.toContain('"')
      expect(rest).not.toMatch(/[^\x20-\x7e]/)
    }
  })
})

describe('what nft cannot express is Unsupported', () => {
  it('a negated ICMP type with a code', () => {
    const rs = resources().map((r) =>
      r.kind === 'GlobalNetworkPolicy'
        ? ({ ...r, spec: { ...r.spec, ingress: [{ action: 'Deny', protocol: 'ICMP', notICMP: { type: 8, code: 0 } }] } } as typeof r)
        : r,
    )
    expect(nft.emit({})(worldOf(rs))).toEqual(
      E.left({
        _tag: 'Unsupported',
        path: ['policies', 'GlobalNetworkPolicy', 't1.g', 'spec', 'ingress', 0],
        backend: 'nft',
        feature: 'notICMP with a code (felix renders it as "type != T code != C", which differs from iptables)',
      }),
    )
  })
})
