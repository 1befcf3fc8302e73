/**
 * A lab: one node's network, rebuilt from a World's inputs inside network namespaces that the
 * suite creates and always deletes.
 *
 * - A "host" namespace plays the node. Each of its interfaces is a veth whose other end lives in a
 *   namespace of its own: for a host interface that peer is "the network behind it"; for a
 *   workload interface (`cali…`) it is the pod. Host interfaces carry the node's addresses (/32,
 *   /128); each workload's addresses are routed to its interface with a permanent neighbour entry,
 *   as Calico's CNI plugin and felix set them up (the pod side needs no address: frames are
 *   crafted with the right MACs). The host forwards (IPv4 and IPv6), has reverse-path filtering
 *   off and accepts packets from its own addresses, so the only thing that drops a packet is the
 *   ruleset under test.
 * - Packets are sent by agent.py: from a peer namespace as an Ethernet frame on the peer end
 *   (packets that enter the node), from the host namespace through a raw socket (packets the node
 *   sends, which cross the OUTPUT hooks). Arrival is observed on the peer end of the packet's
 *   outgoing interface (AF_PACKET), or, for packets to the node itself, by a raw socket of the
 *   packet's protocol in the host namespace, which sees a packet only after the INPUT hooks.
 * - Per batch, the destinations the packets need are placed (routed out of an interface, or made
 *   local on `lo`), DNAT rules are added in the nat table (PREROUTING, or OUTPUT for packets the
 *   node sends) for packets with `preDnatDst`, conntrack is flushed, and packets whose conntrack
 *   tuples or placements would clash go to separate rounds.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { formatAddress, parseAddress, type Family } from '../../../src/policy/address.js'
import { startAgent, type Agent, type Sighting } from './agent.js'
import { inNs, ipBatch, nsPath, run } from './exec.js'
import { evaluatorState, kernelState } from './conntrack.js'
import { ethernet, ipPacket, IPV6_EXTENSION_HEADERS, markerOffset } from './wire.js'

/** One interface of the node: a host interface (with the node's addresses) or a workload interface (with the addresses routed to it). */
export interface Link {
  readonly name: string
  readonly role: 'host' | 'workload'
  /** Host interfaces: the node's addresses on it. Workload interfaces: the pod's addresses, routed to it. */
  readonly addresses: ReadonlyArray<string>
}

/**
 * A packet as the lab sends it: the fields of `Eval`'s packet as plain data (an `Eval.Packet` is
 * one), with `in`/`out` (`null` = the node itself) and the conntrack state it should have.
 */
export interface Probe {
  readonly protocol: number
  readonly src: string
  readonly dst: string
  readonly srcPort?: number
  readonly dstPort?: number
  readonly in: string | null
  readonly out: string | null
  readonly icmpType?: number
  readonly icmpCode?: number
  readonly conntrack: 'new' | 'established' | 'related' | 'invalid'
  readonly preDnatDst?: string
  readonly preDnatDstPort?: number
}

export interface Topology {
  readonly links: ReadonlyArray<Link>
}

/** What happened to a packet: it arrived where it was going, it did not, or it could not be sent faithfully (with why). */
export type Outcome =
  | { readonly _tag: 'Arrived' }
  | { readonly _tag: 'Dropped' }
  | { readonly _tag: 'Unsendable'; readonly reason: string }

interface LinkState {
  readonly link: Link
  readonly peerNs: string
  readonly hostMac: string
  readonly peerMac: string
  readonly socket: string
}

type Placement = 'local' | { readonly link: string }

export interface Lab {
  readonly id: string
  readonly hostNs: string
  readonly links: ReadonlyMap<string, LinkState>
  /** Removes every rule, set and conntrack entry from the host namespace. */
  readonly reset: () => Promise<void>
  /** Loads rules: `ipset restore`, then `iptables-restore` / `ip6tables-restore`, or `nft -f`. */
  readonly load: (rules: Rules) => Promise<void>
  /** Sends the packets and reports, per packet, whether it arrived (a packet that did not is sent up to `attempts` times, default 1). */
  readonly send: (packets: ReadonlyArray<Probe>, options?: { readonly attempts?: number }) => Promise<ReadonlyArray<Outcome>>
  readonly destroy: () => Promise<void>
  /** Moves the node's addresses and workload routes to another topology whose interfaces the lab has. */
  readonly configure: (topology: Topology) => void
  /** Packets that were missed once and arrived when sent again (a sign of a busy machine, not of the rules). */
  readonly stats: { retriedArrivals: number; rounds: number; sent: number }
}

export interface Rules {
  readonly ipsets?: string
  readonly iptables?: string
  readonly ip6tables?: string
  readonly nft?: string
}

/** Names the lab can create: Linux interface names (1–15 bytes, no '/', ':', whitespace, not '.' or '..'), except `lo`, which every namespace has. */
export const isLinkName = (n: string): boolean => /^[A-Za-z0-9_.+@-]{1,15}$/.test(n) && n !== '.' && n !== '..' && n !== 'lo'

const PREFIX = 'cpk'
let counter = 0

/** A name prefix unique to this process: `cpk-<pid>-<random>`. */
const RUN = `${PREFIX}-${process.pid}-${randomBytes(2).toString('hex')}`

const mac = (index: number, side: 1 | 2): string =>
  ['02', 'c9', (index >> 8) & 0xff, index & 0xff, side, 0].map((x) => (typeof x === 'string' ? x : x.toString(16).padStart(2, '0'))).join(':')

const canon = (a: string): string => {
  const p = parseAddress(a)
  if (p === undefined) throw new Error(`not an address: ${a}`)
  return formatAddress(p)
}

const familyOf = (a: string): Family => (parseAddress(a) as { family: Family }).family

const hostBits = (f: Family): number => (f === 4 ? 32 : 128)

/**
 * Deletes namespaces whose names carry this suite's prefix and the pid of a process that no longer
 * runs (left behind by a killed run). Only ever touches `cpk-<pid>-…` namespaces.
 */
export const sweepStale = (): ReadonlyArray<string> => {
  if (!existsSync('/run/netns')) return []
  const gone: Array<string> = []
  for (const n of readdirSync('/run/netns')) {
    const m = /^cpk-([0-9]+)-[0-9a-f]{4}-/.exec(n)
    if (m === null) continue
    const pid = Number(m[1])
    if (pid === process.pid) continue
    try {
      process.kill(pid, 0)
      continue // its process still runs: not ours to touch
    } catch {
      // the process is gone: the namespace is stale
    }
    run('ip', ['netns', 'del', n], { allowFailure: true })
    gone.push(n)
  }
  return gone
}

const live = new Set<Lab>()

/** Destroys every lab this process still has (for afterAll and exit handlers). */
export const destroyAll = async (): Promise<void> => {
  for (const lab of [...live]) await lab.destroy()
}

interface Planned {
  readonly index: number
  readonly packet: Probe
  readonly family: Family
  readonly preDst: string
  readonly placements: ReadonlyArray<readonly [string, Placement]>
  readonly tuples: ReadonlyArray<string>
}

const PORTED = new Set([6, 17, 132, 136])
/** Protocols whose DNAT may also rewrite the port (iptables' DNAT needs -p tcp/udp/sctp for that). */
const DNAT_PORTS = new Set([6, 17, 132])

/**
 * The conntrack flow of a packet in either direction (so that a packet and one that would be its
 * reply never share a round: the second would be ESTABLISHED). ICMP queries carry an identifier
 * unique to the packet, so they never share a flow.
 */
const flowKey = (p: Probe, dst: string, dport: number | undefined): string | undefined => {
  const family = familyOf(p.src)
  if ((family === 4 && p.protocol === 1) || (family === 6 && p.protocol === 58)) return undefined
  const a = PORTED.has(p.protocol) ? `${canon(p.src)}|${p.srcPort ?? 0}` : canon(p.src)
  const b = PORTED.has(p.protocol) ? `${canon(dst)}|${dport ?? 0}` : canon(dst)
  return `${p.protocol}|${a < b ? a : b}|${a < b ? b : a}`
}

/**
 * Creates the lab for a topology. Everything it creates is named `cpk-<pid>-<random>-<n>…`.
 */
export const createLab = async (topology: Topology): Promise<Lab> => {
  const id = `${RUN}-${counter++}`
  const hostNs = `${id}-h`
  const names = new Set<string>()
  for (const l of topology.links) {
    if (!isLinkName(l.name)) throw new Error(`not a Linux interface name: ${JSON.stringify(l.name)}`)
    if (names.has(l.name)) throw new Error(`interface ${l.name} twice`)
    names.add(l.name)
  }
  const links = new Map<string, LinkState>()
  topology.links.forEach((link, i) => links.set(link.name, { link, peerNs: `${id}-p${i}`, hostMac: mac(i, 1), peerMac: mac(i, 2), socket: `pk${i}` }))
  const namespaces = [hostNs, ...[...links.values()].map((l) => l.peerNs)]
  let agent: Agent | undefined
  const stats = { retriedArrivals: 0, rounds: 0, sent: 0 }

  const destroy = async (): Promise<void> => {
    live.delete(lab)
    if (agent !== undefined) await agent.close()
    agent = undefined
    for (const ns of namespaces) if (existsSync(nsPath(ns))) run('ip', ['netns', 'del', ns], { allowFailure: true })
  }

  const lab: Lab = {
    id,
    hostNs,
    links,
    stats,
    destroy,
    reset: async () => {
      inNs(hostNs, 'nft', ['flush', 'ruleset'])
      inNs(hostNs, 'ipset', ['destroy'], { allowFailure: true })
      await (agent as Agent).request({ op: 'flushct', ns: nsPath(hostNs) })
      dnatReady.clear()
    },
    load: async (rules: Rules) => {
      if (rules.ipsets !== undefined && rules.ipsets.trim() !== '') inNs(hostNs, 'ipset', ['restore'], { input: rules.ipsets })
      if (rules.iptables !== undefined && rules.iptables.trim() !== '') inNs(hostNs, 'iptables-restore', [], { input: rules.iptables })
      if (rules.ip6tables !== undefined && rules.ip6tables.trim() !== '') inNs(hostNs, 'ip6tables-restore', [], { input: rules.ip6tables })
      if (rules.nft !== undefined && rules.nft.trim() !== '') inNs(hostNs, 'nft', ['-f', '-'], { input: rules.nft })
      dnatReady.clear()
    },
    send: (packets, options) => sendAll(packets, options?.attempts ?? 1),
    configure: (t) => configure(t),
  }
  live.add(lab)

  // Current placement of addresses in the host namespace (beyond the fixed host addresses).
  const placed = new Map<string, Placement>()
  const fixedLocal = new Set<string>()
  const base = new Map<string, Placement>()
  const hostAddresses = new Map<string, Set<string>>()
  const dnatReady = new Set<Family>()
  const rawSockets = new Set<string>()
  let seq = 1

  try {
    run('ip', ['-force', '-batch', '-'], { input: namespaces.map((n) => `netns add ${n}`).join('\n') + '\n' })
    // Defaults first, so that interfaces created afterwards inherit them.
    const sysctl = (ns: string, settings: ReadonlyArray<string>) => inNs(ns, 'sysctl', ['-q', '-w', ...settings])
    sysctl(hostNs, [
      'net.ipv4.ip_forward=1',
      'net.ipv6.conf.all.forwarding=1',
      'net.ipv4.conf.all.rp_filter=0',
      'net.ipv4.conf.default.rp_filter=0',
      'net.ipv4.conf.all.accept_local=1',
      'net.ipv4.conf.default.accept_local=1',
      'net.ipv4.conf.all.send_redirects=0',
      'net.ipv4.conf.default.send_redirects=0',
      'net.ipv6.conf.all.accept_dad=0',
      'net.ipv6.conf.default.accept_dad=0',
      'net.ipv6.conf.default.accept_ra=0',
    ])
    const cmds: Array<string> = ['link set lo up']
    for (const s of links.values()) {
      cmds.push(`link add ${s.link.name} address ${s.hostMac} type veth peer name p address ${s.peerMac} netns ${s.peerNs}`)
    }
    ipBatch(hostNs, cmds)
    for (const s of links.values()) {
      sysctl(s.peerNs, ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'])
      ipBatch(s.peerNs, ['link set lo up', 'link set p up'])
    }
    const perLink: Array<string> = []
    for (const s of links.values()) {
      const n = s.link.name
      // The slash form keeps dots in interface names (vxlan.calico) intact.
      perLink.push(`net/ipv4/conf/${n}/rp_filter=0`, `net/ipv4/conf/${n}/accept_local=1`)
      if (s.link.role === 'workload') perLink.push(`net/ipv4/conf/${n}/proxy_arp=1`, `net/ipv6/conf/${n}/proxy_ndp=1`)
    }
    if (perLink.length > 0) sysctl(hostNs, perLink)
    ipBatch(hostNs, [...links.values()].map((s) => `link set ${s.link.name} up`))
    agent = startAgent()
    for (const s of links.values()) await agent.request({ op: 'packet', id: s.socket, ns: nsPath(s.peerNs), iface: 'p' })
    await agent.request({ op: 'tx', id: 'tx4', ns: nsPath(hostNs), family: 4 })
    await agent.request({ op: 'tx', id: 'tx6', ns: nsPath(hostNs), family: 6 })
    configure(topology)
  } catch (e) {
    await destroy()
    throw e
  }

  /** Moves the node's addresses and the workload routes to those of another topology over the same interfaces. */
  function configure(t: Topology): void {
    for (const l of t.links) if (!links.has(l.name)) throw new Error(`the lab has no interface ${l.name}`)
    base.clear()
    applyPlacements(new Map())
    const cmds: Array<string> = []
    const wanted = new Map<string, Set<string>>()
    for (const l of t.links) if (l.role === 'host') wanted.set(l.name, new Set(l.addresses.map(canon)))
    for (const name of links.keys()) {
      const cur = hostAddresses.get(name) ?? new Set<string>()
      const next = wanted.get(name) ?? new Set<string>()
      for (const a of cur) if (!next.has(a)) cmds.push(`addr del ${a}/${hostBits(familyOf(a))} dev ${name}`)
      for (const a of next) if (!cur.has(a)) cmds.push(`addr add ${a}/${hostBits(familyOf(a))} dev ${name}${familyOf(a) === 6 ? ' nodad' : ''}`)
      hostAddresses.set(name, next)
    }
    ipBatch(hostNs, cmds)
    fixedLocal.clear()
    for (const set of wanted.values()) for (const a of set) fixedLocal.add(a)
    for (const l of t.links) if (l.role === 'workload') for (const a of l.addresses.map(canon)) if (!fixedLocal.has(a) && !base.has(a)) base.set(a, { link: l.name })
    applyPlacements(new Map())
  }

  function applyPlacements(wanted: ReadonlyMap<string, Placement>): void {
    const desired = new Map(base)
    for (const [a, p] of wanted) desired.set(a, p)
    const cmds: Array<string> = []
    const same = (x: Placement | undefined, y: Placement | undefined) =>
      x === y || (x !== undefined && y !== undefined && x !== 'local' && y !== 'local' && x.link === y.link)
    for (const [a, p] of placed) {
      if (same(desired.get(a), p)) continue
      const f = familyOf(a)
      if (p === 'local') cmds.push(`addr del ${a}/${hostBits(f)} dev lo`)
      else cmds.push(`route del ${a}/${hostBits(f)} dev ${p.link}`, `neigh del ${a} dev ${p.link}`)
      placed.delete(a)
    }
    for (const [a, p] of desired) {
      if (same(placed.get(a), p)) continue
      const f = familyOf(a)
      if (p === 'local') cmds.push(`addr add ${a}/${hostBits(f)} dev lo${f === 6 ? ' nodad' : ''}`)
      else {
        const s = links.get(p.link) as LinkState
        cmds.push(`route replace ${a}/${hostBits(f)} dev ${p.link}`, `neigh replace ${a} lladdr ${s.peerMac} dev ${p.link} nud permanent`)
      }
      placed.set(a, p)
    }
    ipBatch(hostNs, cmds)
  }

  const plan = (p: Probe, index: number): Planned | string => {
    const family = familyOf(p.src)
    if (((family === 4 && p.protocol === 1) || (family === 6 && p.protocol === 58)) && p.icmpType === undefined) return 'an ICMP packet needs a type to be sent'
    const state = evaluatorState(p)
    if (p.conntrack !== state) return `the kernel's conntrack sees this packet as ${kernelState(p)}, not ${p.conntrack}`
    if ((p.in !== null && !links.has(p.in)) || (p.out !== null && !links.has(p.out))) return 'it names an interface the lab cannot create (lo, or not a Linux name)'
    if (p.in !== null && p.in === p.out) return 'in and out are the same interface'
    if (family === 6 && IPV6_EXTENSION_HEADERS.has(p.protocol)) return `IPv6 next header ${p.protocol} is an extension header`
    if (p.out === null && (p.protocol === 0 || p.protocol === 255)) return `a raw socket cannot observe local delivery of protocol ${p.protocol}`
    const dst = canon(p.dst)
    const preDst = p.preDnatDst === undefined ? dst : canon(p.preDnatDst)
    const dnat = preDst !== dst || (p.preDnatDstPort !== undefined && p.preDnatDstPort !== p.dstPort)
    // This kernel forwards no DNATed UDP-Lite packet even without rules (harness.test.ts would show it).
    if (dnat && p.protocol === 136) return 'the lab cannot DNAT UDP-Lite'
    if (dnat && kernelState(p) !== 'new') return `the kernel only NATs tracked packets (this one is ${kernelState(p)})`
    if (dnat && p.preDnatDstPort !== undefined && p.preDnatDstPort !== p.dstPort && !DNAT_PORTS.has(p.protocol))
      return `DNAT cannot rewrite the port of protocol ${p.protocol}`
    const placements: Array<readonly [string, Placement]> = []
    const place = (a: string, where: Placement): string | undefined => {
      if (fixedLocal.has(a)) return where === 'local' ? undefined : 'its destination is an address of the node, which the kernel always delivers locally'
      placements.push([a, where])
      return undefined
    }
    // A packet from a workload passes felix's reverse-path check only if its source is routed back
    // to that workload's interface, as the workload's own addresses are: keep it so in this round.
    if (p.in !== null && (links.get(p.in) as LinkState).link.role === 'workload' && !fixedLocal.has(canon(p.src))) placements.push([canon(p.src), { link: p.in }])
    const err = place(dst, p.out === null ? 'local' : { link: p.out }) ?? (dnat && p.in === null && preDst !== dst ? place(preDst, p.out === null ? 'local' : { link: p.out }) : undefined)
    if (err !== undefined) return err
    const tuples = [flowKey(p, preDst, p.preDnatDstPort ?? p.dstPort), ...(dnat ? [flowKey(p, dst, p.dstPort)] : [])].filter((k): k is string => k !== undefined)
    return { index, packet: p, family, preDst, placements, tuples }
  }

  const rounds = (planned: ReadonlyArray<Planned>): Array<Array<Planned>> => {
    const out: Array<{ readonly items: Array<Planned>; readonly where: Map<string, Placement>; readonly tuples: Set<string> }> = []
    const key = (p: Placement) => (p === 'local' ? 'local' : p.link)
    for (const pl of planned) {
      let r = out.find(
        (r) =>
          pl.tuples.every((t) => !r.tuples.has(t)) &&
          pl.placements.every(([a, w]) => {
            const cur = r.where.get(a)
            return cur === undefined || key(cur) === key(w)
          }),
      )
      if (r === undefined) {
        r = { items: [], where: new Map(), tuples: new Set() }
        out.push(r)
      }
      r.items.push(pl)
      for (const t of pl.tuples) r.tuples.add(t)
      for (const [a, w] of pl.placements) r.where.set(a, w)
    }
    return out.map((r) => r.items)
  }

  const dnatRules = (items: ReadonlyArray<Planned>): void => {
    for (const family of [4, 6] as const) {
      const lines: Array<string> = []
      for (const pl of items) {
        const p = pl.packet
        if (pl.family !== family) continue
        const dst = canon(p.dst)
        const dnat = pl.preDst !== dst || (p.preDnatDstPort !== undefined && p.preDnatDstPort !== p.dstPort)
        if (!dnat) continue
        const bits = hostBits(family)
        const ported = DNAT_PORTS.has(p.protocol)
        const proto = p.protocol === 6 ? 'tcp' : p.protocol === 17 ? 'udp' : p.protocol === 132 ? 'sctp' : String(p.protocol)
        const match = [
          p.in === null ? '' : `-i ${p.in}`,
          `-s ${canon(p.src)}/${bits} -d ${pl.preDst}/${bits} -p ${proto}`,
          ported && p.srcPort !== undefined ? `--sport ${p.srcPort}` : '',
          ported && (p.preDnatDstPort ?? p.dstPort) !== undefined ? `--dport ${String(p.preDnatDstPort ?? p.dstPort)}` : '',
        ]
          .filter((s) => s !== '')
          .join(' ')
        const to = ported && p.dstPort !== undefined ? (family === 4 ? `${dst}:${p.dstPort}` : `[${dst}]:${p.dstPort}`) : dst
        lines.push(`-A ${p.in === null ? 'CPK-DNAT-OUT' : 'CPK-DNAT-PRE'} ${match} -j DNAT --to-destination ${to}`)
      }
      if (lines.length === 0 && !dnatReady.has(family)) continue
      const header = dnatReady.has(family)
        ? ['*nat', '-F CPK-DNAT-PRE', '-F CPK-DNAT-OUT']
        : ['*nat', ':CPK-DNAT-PRE - [0:0]', ':CPK-DNAT-OUT - [0:0]', '-A PREROUTING -j CPK-DNAT-PRE', '-A OUTPUT -j CPK-DNAT-OUT']
      inNs(hostNs, family === 4 ? 'iptables-restore' : 'ip6tables-restore', ['--noflush'], { input: [...header, ...lines, 'COMMIT', ''].join('\n') })
      dnatReady.add(family)
    }
  }

  const observer = async (pl: Planned): Promise<string> => {
    const p = pl.packet
    if (p.out !== null) return (links.get(p.out) as LinkState).socket
    const id = `raw${pl.family}-${p.protocol}`
    if (!rawSockets.has(id)) {
      await (agent as Agent).request({ op: 'raw', id, ns: nsPath(hostNs), family: pl.family, proto: p.protocol })
      rawSockets.add(id)
    }
    return id
  }

  const sendRound = async (items: ReadonlyArray<Planned>): Promise<Map<number, boolean>> => {
    const a = agent as Agent
    stats.rounds++
    const wanted = new Map<string, Placement>()
    for (const pl of items) for (const [addr, w] of pl.placements) wanted.set(addr, w)
    applyPlacements(wanted)
    dnatRules(items)
    await a.request({ op: 'flushct', ns: nsPath(hostNs) })
    const tag = randomBytes(4)
    const expect = new Map<number, { readonly pl: Planned; readonly socket: string; readonly offset: number }>()
    const wire: Array<[string, string, string | null]> = []
    for (const pl of items) {
      const s = seq++
      const p = pl.packet
      const ip = ipPacket(p, tag, s)
      expect.set(s, { pl, socket: await observer(pl), offset: markerOffset(pl.family, p.protocol) })
      if (p.in === null) wire.push([pl.family === 4 ? 'tx4' : 'tx6', ip.toString('hex'), pl.preDst])
      else {
        const l = links.get(p.in) as LinkState
        wire.push([l.socket, ethernet(l.hostMac, l.peerMac, pl.family, ip).toString('hex'), null])
      }
    }
    const seen: Array<Sighting> = []
    for (let i = 0; i < wire.length; i += 200) {
      await a.request({ op: 'send', items: wire.slice(i, i + 200) })
      stats.sent += Math.min(200, wire.length - i)
      if (i + 200 >= wire.length) break
      // Read between chunks so that no receive queue overflows.
      const r = await a.request({ op: 'drain', tag: tag.toString('hex'), quiet_ms: 20, max_ms: 2000 })
      seen.push(...(r['seen'] as Array<Sighting>))
    }
    const r = await a.request({ op: 'drain', tag: tag.toString('hex'), quiet_ms: 30, max_ms: 3000 })
    seen.push(...(r['seen'] as Array<Sighting>))
    const arrived = new Map<number, boolean>()
    for (const [, e] of expect) arrived.set(e.pl.index, false)
    for (const [socket, s, offset] of seen) {
      const e = expect.get(s)
      // Elsewhere it may be a reply that echoes the payload (ICMP echo): only the observer counts.
      if (e === undefined || offset !== e.offset || socket !== e.socket) continue
      arrived.set(e.pl.index, true)
    }
    return arrived
  }

  const sendAll = async (packets: ReadonlyArray<Probe>, attempts: number): Promise<ReadonlyArray<Outcome>> => {
    const outcomes: Array<Outcome> = packets.map(() => ({ _tag: 'Dropped' }))
    const planned: Array<Planned> = []
    packets.forEach((p, i) => {
      const r = plan(p, i)
      if (typeof r === 'string') outcomes[i] = { _tag: 'Unsendable', reason: r }
      else planned.push(r)
    })
    let pending = planned
    for (let attempt = 0; attempt < attempts && pending.length > 0; attempt++) {
      const missed: Array<Planned> = []
      for (const round of rounds(pending)) {
        const arrived = await sendRound(round)
        for (const pl of round) {
          if (arrived.get(pl.index) === true) {
            outcomes[pl.index] = { _tag: 'Arrived' }
            if (attempt > 0) stats.retriedArrivals++
          } else missed.push(pl)
        }
      }
      pending = missed
    }
    return outcomes
  }

  return lab
}
