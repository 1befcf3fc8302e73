import { describe, expect, it } from 'vitest'
import { iptables } from '../../src/emit/iptables/emit.js'
import { E } from '../../src/internal/fp.js'
import { exampleNames, exampleSpecs, exampleWorld, felixExample } from './worlds.js'

const emitted = (w: Parameters<ReturnType<typeof iptables.emit>>[0]) => {
  const out = iptables.emit({})(w)
  if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
  return out.right
}

const chainLines = (text: string, table: string, chain: string): ReadonlyArray<string> => {
  const section = text.split('COMMIT\n').find((s) => s.startsWith(`*${table}\n`)) ?? ''
  return section.split('\n').filter((l) => l.startsWith(`-A ${chain} `) || l.startsWith(`-I ${chain} `))
}

describe('felix worked example (dataplanes: rendering validated against felix)', () => {
  const out = emitted(felixExample())
  it('renders the host endpoint ingress chain rule for rule, hash for hash', () => {
    expect(chainLines(out.iptables, 'filter', 'cali-fh-eth0')).toEqual([
      '-A cali-fh-eth0 -m comment --comment "cali:kX91ddsj1Tp4C4VQ" -m conntrack --ctstate RELATED,ESTABLISHED --jump ACCEPT',
      '-A cali-fh-eth0 -m comment --comment "cali:DYR69dNDT9feLmul" -m conntrack --ctstate INVALID --jump DROP',
      '-A cali-fh-eth0 -m comment --comment "cali:quxKiSbv8RfxxAso" --jump cali-failsafe-in',
      '-A cali-fh-eth0 -m comment --comment "cali:RiaJEBeYSpjRjWAh" --jump MARK --set-mark 0/0x30000',
      '-A cali-fh-eth0 -m comment --comment "cali:dbmUuzGDXRE1IWjh" -m comment --comment "Start of tier platform" --jump MARK --set-mark 0/0x20000',
      '-A cali-fh-eth0 -m comment --comment "cali:ixCRz2BNGzh_7gm3" -m mark --mark 0/0x20000 --jump cali-pi-gnp/pass-internal',
      '-A cali-fh-eth0 -m comment --comment "cali:bI-gyvkgRhV-J1ck" -m comment --comment "Return if policy accepted" -m mark --mark 0x10000/0x10000 --jump RETURN',
      '-A cali-fh-eth0 -m comment --comment "cali:Ys9hK6YLOCtdYYSn" -m comment --comment "End of tier platform. Drop if no policies passed packet" -m mark --mark 0/0x20000 --jump DROP',
      '-A cali-fh-eth0 -m comment --comment "cali:FSN3JLuJQMYoXugC" -m comment --comment "Start of tier default" --jump MARK --set-mark 0/0x20000',
      '-A cali-fh-eth0 -m comment --comment "cali:KMOlpL4Cu9KzyTOk" -m mark --mark 0/0x20000 --jump cali-pi-gnp/edge-fw',
      '-A cali-fh-eth0 -m comment --comment "cali:SVid4YPYkHDpinCo" -m comment --comment "Return if policy accepted" -m mark --mark 0x10000/0x10000 --jump RETURN',
      '-A cali-fh-eth0 -m comment --comment "cali:TyNdrmfzbxT4qX6c" -m comment --comment "End of tier default. Drop if no policies passed packet" -m mark --mark 0/0x20000 --jump DROP',
      '-A cali-fh-eth0 -m comment --comment "cali:yh3V6O9e6FRse5So" --jump cali-pri-_TI1Jm4dJqQzYb0Rx3u',
      '-A cali-fh-eth0 -m comment --comment "cali:kYj2ROp2yhAcpOO-" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 --jump RETURN',
      '-A cali-fh-eth0 -m comment --comment "cali:JoL5ce-tJCDh0YDD" -m comment --comment "Drop if no profiles matched" --jump DROP',
    ])
  })
  it('renders policy chains with a match block and an IP set', () => {
    expect(chainLines(out.iptables, 'filter', 'cali-pi-gnp/pass-internal')).toEqual([
      '-A cali-pi-gnp/pass-internal -m comment --comment "cali:n0C0lR29lQvffvl3" -m comment --comment "GlobalNetworkPolicy pass-internal ingress" --jump MARK --set-mark 0x0/0x180000',
      '-A cali-pi-gnp/pass-internal -m comment --comment "cali:cfCjQQvUF7xq3u3A" --source 10.0.0.0/8 --jump MARK --set-mark 0x80000/0x80000',
      '-A cali-pi-gnp/pass-internal -m comment --comment "cali:JL6UtgnkmCikp42d" --source 192.168.0.0/16 --jump MARK --set-mark 0x80000/0x80000',
      '-A cali-pi-gnp/pass-internal -m comment --comment "cali:iyL9TnR3ZsxwnJIV" -m mark --mark 0x80000/0x80000 --jump MARK --set-mark 0x20000/0x20000',
    ])
    expect(chainLines(out.iptables, 'filter', 'cali-pi-gnp/edge-fw')).toEqual([
      '-A cali-pi-gnp/edge-fw -m comment --comment "cali:YGmAghPVI7pFSqp5" -m comment --comment "GlobalNetworkPolicy edge-fw ingress" -p tcp -m multiport --destination-ports 23,2323 --jump MARK --set-mark 0x40000/0x40000',
      '-A cali-pi-gnp/edge-fw -m comment --comment "cali:SV9XbaeG5rQ4pn-a" -m mark --mark 0x40000/0x40000 --jump DROP',
      '-A cali-pi-gnp/edge-fw -m comment --comment "cali:pzLy44pHGaSSfoCf" -p tcp -m set --match-set cali40s:xrMI17eQWU5f0KVJM80t57z src -m multiport --destination-ports 22,80,443,8000:8100 --jump MARK --set-mark 0x10000/0x10000',
    ])
  })
  it('renders the kernel hooks and the ipset input', () => {
    expect(chainLines(out.iptables, 'filter', 'FORWARD')).toEqual([
      '-I FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" --jump cali-FORWARD',
      '-A FORWARD -m comment --comment "cali:S93hcgKJrXEqnTfs" -m comment --comment "Policy explicitly accepted packet." -m mark --mark 0x10000/0x10000 --jump ACCEPT',
      '-A FORWARD -m comment --comment "cali:mp77cMpurHhyjLrM" --jump MARK --set-mark 0x10000/0x10000',
    ])
    expect(out.ipsets).toBe(
      [
        'create cali40s:xrMI17eQWU5f0KVJM80t57z hash:net family inet maxelem 1048576',
        'add cali40s:xrMI17eQWU5f0KVJM80t57z 10.65.0.7/32',
        'create cali60s:xrMI17eQWU5f0KVJM80t57z hash:net family inet6 maxelem 1048576',
        '',
      ].join('\n'),
    )
  })
  it('traces every policy rule, end of tier and profile miss back through origins', () => {
    const fh = out.origins.filter((o) => o.family === 4 && o.table === 'filter' && o.chain === 'cali-fh-eth0')
    expect(fh.map((o) => [o.hash, o.origin._tag])).toEqual([
      ['kX91ddsj1Tp4C4VQ', 'Conntrack'],
      ['DYR69dNDT9feLmul', 'Conntrack'],
      ['Ys9hK6YLOCtdYYSn', 'EndOfTier'],
      ['TyNdrmfzbxT4qX6c', 'EndOfTier'],
      ['JoL5ce-tJCDh0YDD', 'NoProfileMatch'],
    ])
    expect(out.origins.find((o) => o.hash === 'pzLy44pHGaSSfoCf')).toEqual({
      hash: 'pzLy44pHGaSSfoCf',
      family: 4,
      table: 'filter',
      chain: 'cali-pi-gnp/edge-fw',
      origin: { _tag: 'PolicyRule', policy: { kind: 'GlobalNetworkPolicy', name: 'edge-fw' }, tier: 'default', direction: 'ingress', ruleIndex: 1, stages: ['forwardIngress', 'normal'] },
    })
  })
})

describe('golden files: every example', () => {
  it('has a node and interfaces for every example directory', () => {
    expect(exampleSpecs.map((s) => s.name)).toEqual(exampleNames())
  })
  it.each(exampleSpecs.map((s) => [s.name, s] as const))('%s', async (name, spec) => {
    const out = emitted(exampleWorld(spec))
    await expect(out.iptables).toMatchFileSnapshot(`./golden/${name}/iptables.restore`)
    await expect(out.ip6tables).toMatchFileSnapshot(`./golden/${name}/ip6tables.restore`)
    await expect(out.ipsets).toMatchFileSnapshot(`./golden/${name}/ipsets.restore`)
    await expect(`${JSON.stringify(out.origins, null, 2)}\n`).toMatchFileSnapshot(`./golden/${name}/origins.json`)
  })
  it('is deterministic', () => {
    for (const spec of exampleSpecs) expect(emitted(exampleWorld(spec))).toEqual(emitted(exampleWorld(spec)))
  })
})
