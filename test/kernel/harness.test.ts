/**
 * The harness tested on its own, with hand-written rulesets whose effect is known: every traffic
 * path, protocol and family arrives without rules; a small ruleset drops exactly the packets it
 * names (including by the port before and after DNAT); and the kernel's conntrack classifies every
 * ICMP and ICMPv6 type as conntrack.ts says.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { packet, type PacketInit } from '../../src/eval/packet.js'
import { E } from '../../src/internal/fp.js'
import { evaluatorState, kernelState } from './harness/conntrack.js'
import { createLab, destroyAll, type Lab, type Probe, type Topology } from './harness/lab.js'

const unavailable = inject('kernelUnavailable')

const TOPOLOGY: Topology = {
  links: [
    { name: 'eth0', role: 'host', addresses: ['10.0.0.10', 'fd00::10'] },
    { name: 'eth1', role: 'host', addresses: ['10.1.0.10', 'fd00:1::10'] },
    { name: 'cali0', role: 'workload', addresses: ['10.65.0.1', 'fd00:65::1'] },
    { name: 'cali1', role: 'workload', addresses: ['10.65.0.2', 'fd00:65::2'] },
  ],
}

/** Every traffic path of Eval.evaluate: in, out, source and destination per family. */
const PATHS: ReadonlyArray<{ readonly in: string | null; readonly out: string | null; readonly v4: readonly [string, string]; readonly v6: readonly [string, string] }> = [
  { in: 'eth0', out: null, v4: ['10.0.0.99', '10.0.0.10'], v6: ['fd00::99', 'fd00::10'] }, // ToHost
  { in: null, out: 'eth0', v4: ['10.0.0.10', '10.0.0.99'], v6: ['fd00::10', 'fd00::99'] }, // FromHost
  { in: 'eth0', out: 'eth1', v4: ['10.0.0.99', '10.1.0.99'], v6: ['fd00::99', 'fd00:1::99'] }, // Forwarded
  { in: 'eth0', out: 'cali0', v4: ['10.0.0.99', '10.65.0.1'], v6: ['fd00::99', 'fd00:65::1'] }, // ForwardedToWorkload
  { in: 'cali0', out: 'eth1', v4: ['10.65.0.1', '10.1.0.99'], v6: ['fd00:65::1', 'fd00:1::99'] }, // ForwardedFromWorkload
  { in: 'cali0', out: 'cali1', v4: ['10.65.0.1', '10.65.0.2'], v6: ['fd00:65::1', 'fd00:65::2'] }, // WorkloadToWorkload
  { in: 'cali1', out: null, v4: ['10.65.0.2', '10.0.0.10'], v6: ['fd00:65::2', 'fd00::10'] }, // WorkloadToHost
  { in: null, out: 'cali1', v4: ['10.0.0.10', '10.65.0.2'], v6: ['fd00::10', 'fd00:65::2'] }, // HostToWorkload
]

type Shape = Omit<PacketInit, 'src' | 'dst' | 'in' | 'out' | 'conntrack'>

/** A packet from its fields (Eval.packet), failing the test if they are not a packet. */
const made = (init: PacketInit): Probe => {
  const r = packet(init)
  if (E.isLeft(r)) throw new Error(`not a packet: ${JSON.stringify(r.left)}`)
  return r.right
}

const shapes = (v6: boolean): ReadonlyArray<Shape> => [
  { protocol: 6, srcPort: 40000, dstPort: 22 },
  { protocol: 6, srcPort: 40001, dstPort: 80 },
  { protocol: 6, srcPort: 40002, dstPort: 8443 },
  { protocol: 17, srcPort: 40003, dstPort: 53 },
  { protocol: 132, srcPort: 40004, dstPort: 9 },
  { protocol: 136, srcPort: 40005, dstPort: 7 },
  v6 ? { protocol: 58, icmpType: 128, icmpCode: 0 } : { protocol: 1, icmpType: 8, icmpCode: 0 },
  v6 ? { protocol: 58, icmpType: 135, icmpCode: 0 } : { protocol: 1, icmpType: 13, icmpCode: 0 },
  { protocol: 47 },
  { protocol: 4 },
  { protocol: 89 },
  { protocol: v6 ? 1 : 58 }, // the other family's ICMP number is just another protocol
]

const withState = (p: Omit<PacketInit, 'conntrack'>): Probe => made({ ...p, conntrack: evaluatorState(made(p)) })

const CORPUS: ReadonlyArray<Probe> = [
  ...PATHS.flatMap((path) =>
    ([false, true] as const).flatMap((v6) =>
      shapes(v6).map((s) => {
        const [src, dst] = v6 ? path.v6 : path.v4
        return withState({ ...s, src, dst, in: path.in, out: path.out })
      }),
    ),
  ),
  // DNAT: a service address and port rewritten in nat PREROUTING (OUTPUT for the host's own packets).
  withState({ protocol: 6, src: '10.0.0.99', dst: '10.65.0.1', srcPort: 41000, dstPort: 80, in: 'eth0', out: 'cali0', preDnatDst: '10.96.0.1', preDnatDstPort: 443 }),
  withState({ protocol: 6, src: '10.0.0.99', dst: '10.65.0.1', srcPort: 41001, dstPort: 8080, in: 'eth0', out: 'cali0', preDnatDst: '10.96.0.1', preDnatDstPort: 8443 }),
  withState({ protocol: 17, src: '10.0.0.99', dst: '10.65.0.2', srcPort: 41002, dstPort: 53, in: 'eth0', out: 'cali1', preDnatDst: '10.0.0.10', preDnatDstPort: 30053 }),
  withState({ protocol: 6, src: 'fd00::99', dst: 'fd00:65::1', srcPort: 41003, dstPort: 8080, in: 'eth0', out: 'cali0', preDnatDst: 'fd00:96::1', preDnatDstPort: 8443 }),
  withState({ protocol: 6, src: '10.0.0.99', dst: '10.0.0.10', srcPort: 41004, dstPort: 22, in: 'eth0', out: null, preDnatDst: '10.96.0.2', preDnatDstPort: 2222 }),
  withState({ protocol: 6, src: '10.0.0.99', dst: '10.0.0.10', srcPort: 41005, dstPort: 8022, in: 'eth0', out: null, preDnatDst: '10.96.0.2', preDnatDstPort: 22 }),
  withState({ protocol: 6, src: '10.0.0.10', dst: '10.65.0.2', srcPort: 41006, dstPort: 80, in: null, out: 'cali1', preDnatDst: '10.96.0.3', preDnatDstPort: 443 }),
  withState({ protocol: 1, src: '10.65.0.1', dst: '10.65.0.2', icmpType: 8, icmpCode: 0, in: 'cali0', out: 'cali1', preDnatDst: '10.96.0.4' }),
]

const RULES = (v6: boolean): string =>
  [
    '*raw',
    ':PREROUTING ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A PREROUTING -p tcp --dport 8443 -j DROP',
    'COMMIT',
    '*mangle',
    ':PREROUTING ACCEPT [0:0]',
    '-A PREROUTING -p udplite -j DROP',
    'COMMIT',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -p tcp --dport 22 -j DROP',
    ...(v6 ? ['-A INPUT -p icmpv6 --icmpv6-type 135 -j DROP'] : []),
    '-A FORWARD -o cali1 -p udp -j DROP',
    '-A FORWARD -i cali0 -o eth1 -p 47 -j DROP',
    '-A FORWARD -p tcp --dport 80 -j DROP',
    '-A OUTPUT -o eth0 -p sctp -j DROP',
    'COMMIT',
    '',
  ].join('\n')

/** What RULES drop, written independently of them. */
const droppedByRules = (p: Probe): boolean => {
  const v6 = p.src.includes(':')
  const forwarded = p.in !== null && p.out !== null
  return (
    (p.in !== null && p.protocol === 6 && (p.preDnatDstPort ?? p.dstPort) === 8443) || // raw PREROUTING, before DNAT
    (p.in !== null && p.protocol === 136) || // mangle PREROUTING
    (p.out === null && p.protocol === 6 && p.dstPort === 22) || // INPUT, after DNAT
    (v6 && p.out === null && p.protocol === 58 && p.icmpType === 135) ||
    (forwarded && p.out === 'cali1' && p.protocol === 17) ||
    (forwarded && p.in === 'cali0' && p.out === 'eth1' && p.protocol === 47) ||
    (forwarded && p.protocol === 6 && p.dstPort === 80) || // FORWARD, after DNAT
    (p.in === null && p.out === 'eth0' && p.protocol === 132)
  )
}

const show = (p: Probe): string => JSON.stringify(p)

describe.skipIf(unavailable !== '')('kernel harness', () => {
  let lab: Lab
  beforeAll(async () => {
    lab = await createLab(TOPOLOGY)
  })
  afterAll(async () => {
    await destroyAll()
  })

  it('covers every path, protocol and family, each packet arriving when no rule drops it', async () => {
    await lab.reset()
    const out = await lab.send(CORPUS)
    expect(CORPUS.length).toBeGreaterThan(190)
    expect(out.map((o, i) => `${o._tag} ${show(CORPUS[i] as Probe)}`)).toEqual(CORPUS.map((p) => `Arrived ${show(p)}`))
  })

  it('sees exactly the drops of a hand-written ruleset (before and after DNAT)', async () => {
    await lab.reset()
    await lab.load({ iptables: RULES(false), ip6tables: RULES(true) })
    const out = await lab.send(CORPUS)
    const expected = CORPUS.map((p) => `${droppedByRules(p) ? 'Dropped' : 'Arrived'} ${show(p)}`)
    expect(out.map((o, i) => `${o._tag} ${show(CORPUS[i] as Probe)}`)).toEqual(expected)
    expect(expected.filter((e) => e.startsWith('Dropped')).length).toBeGreaterThan(30)
  })

  it('sends every packet as the first of a new flow (conntrack calls none invalid unless conntrack.ts says so)', async () => {
    await lab.reset()
    const rules = `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${['INPUT', 'FORWARD', 'OUTPUT'].map((c) => `-A ${c} -m conntrack --ctstate INVALID -j DROP\n-A ${c} -m conntrack ! --ctstate NEW,UNTRACKED -j DROP\n`).join('')}COMMIT\n`
    await lab.load({ iptables: rules, ip6tables: rules })
    const out = await lab.send(CORPUS)
    expect(out.map((o, i) => `${o._tag} ${show(CORPUS[i] as Probe)}`)).toEqual(
      CORPUS.map((p) => `${kernelState(p) === 'invalid' ? 'Dropped' : 'Arrived'} ${show(p)}`),
    )
  })

  it('classifies every ICMP and ICMPv6 type as the kernel conntrack does', async () => {
    const icmp: ReadonlyArray<Probe> = Array.from({ length: 512 }, (_, i) => {
      const v6 = i >= 256
      const init: PacketInit = {
        protocol: v6 ? 58 : 1,
        src: v6 ? 'fd00::99' : '10.0.0.99',
        dst: v6 ? 'fd00:1::99' : '10.1.0.99',
        icmpType: i % 256,
        icmpCode: 0,
        in: 'eth0',
        out: 'eth1',
        conntrack: 'new',
      }
      return made({ ...init, conntrack: evaluatorState(made(init)) })
    })
    const observed: Record<string, Array<string>> = {}
    for (const state of ['INVALID', 'UNTRACKED'] as const) {
      await lab.reset()
      const rules = (v6: boolean) => `*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -p ${v6 ? 'icmpv6' : 'icmp'} -m conntrack --ctstate ${state} -j DROP\nCOMMIT\n`
      await lab.load({ iptables: rules(false), ip6tables: rules(true) })
      const out = await lab.send(icmp)
      observed[state] = icmp.flatMap((p, i) => (out[i]?._tag === 'Dropped' ? [`${p.protocol}/${String(p.icmpType)}`] : []))
    }
    const table = (s: 'invalid' | 'untracked') => icmp.flatMap((p) => (kernelState(p) === s ? [`${p.protocol}/${String(p.icmpType)}`] : []))
    expect(observed).toEqual({ INVALID: table('invalid'), UNTRACKED: table('untracked') })
  })
})
