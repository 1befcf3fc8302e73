/**
 * fast-check generators for small random clusters (endpoints, sets, tiers, profiles and policies
 * of every kind, drawn from small vocabularies so that selectors, IPs and ports collide), changes
 * to them, and packets through the node `n0`.
 */
import fc from 'fast-check'
import { E } from '../../src/internal/fp.js'
import { decodeResource, type Resource } from '../../src/model/resource.js'
import { packet, type Packet } from '../../src/eval/packet.js'
import type { Change } from '../../src/policy/update.js'

export const NODE = 'n0'
export const INTERFACES = [
  { name: 'eth0', addresses: ['10.0.0.10', 'fd00::10'] },
  { name: 'eth1', addresses: ['10.1.0.10'] },
]

const IPS = ['10.65.0.1', '10.65.0.2', '10.65.0.3', '10.65.1.1', '10.0.0.10', '10.0.0.11', '10.1.0.10', '192.0.2.1', '198.51.100.5']
const IPS6 = ['fd00::10', 'fd00::11', 'fd00:65::1', 'fd00:65::2']
const SELECTORS = ['', 'all()', "app == 'web'", "app == 'db'", "role == 'x'", 'has(app)', "app in {'web', 'api'}", "!has(role)", "team == 'a'"]
const NS = ['ns-a', 'ns-b']

const maybe = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: undefined })
const strip = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

const labels = fc.record({ app: maybe(fc.constantFrom('web', 'db', 'api')), role: maybe(fc.constant('x')) }).map((l) => strip(l))

const port = fc.constantFrom<number | string>(80, 443, 22, 8080, 'http', '8000:8100')

const entity = fc
  .record({
    selector: maybe(fc.constantFrom(...SELECTORS.filter((s) => s !== ''))),
    notSelector: maybe(fc.constantFrom("role == 'x'", "app == 'db'")),
    namespaceSelector: maybe(fc.constantFrom("team == 'a'", 'all()', 'global()')),
    nets: maybe(fc.constantFrom(['10.65.0.0/24'], ['10.0.0.0/8'], ['192.0.2.0/24'], ['fd00::/16'])),
    notNets: maybe(fc.constantFrom(['10.65.0.2/32'], ['198.51.100.0/24'])),
    ports: maybe(fc.array(port, { minLength: 1, maxLength: 2 })),
  })
  .map((e) => strip(e))

const rule = fc
  .record({
    action: fc.constantFrom('Allow', 'Deny', 'Pass', 'Log', 'Allow', 'Deny'),
    protocol: maybe(fc.constantFrom('TCP', 'UDP', 'ICMP', 6, 17)),
    ipVersion: maybe(fc.constantFrom(4, 6)),
    source: maybe(entity),
    destination: maybe(entity),
  })
  .map((r) => {
    const out = strip(r) as Record<string, unknown>
    // keep rules valid: ports need TCP/UDP, ICMP has no ports
    const hasPorts = (e: unknown) => e !== undefined && (e as { ports?: unknown }).ports !== undefined
    if ((hasPorts(out['source']) || hasPorts(out['destination'])) && (out['protocol'] === undefined || out['protocol'] === 'ICMP')) out['protocol'] = 'TCP'
    if (out['protocol'] === 'ICMP') delete out['ipVersion']
    return out
  })

const rules = fc.array(rule, { maxLength: 3 })

const meta = (name: string, namespace?: string) => (namespace === undefined ? { name } : { name, namespace })

const policySpec = fc.record({
  tier: fc.constantFrom('default', 't1', 'kube-admin'),
  order: maybe(fc.constantFrom(1, 10, 10, 100)),
  selector: fc.constantFrom(...SELECTORS),
  ingress: rules,
  egress: rules,
  types: maybe(fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress'])),
})

const gnp = fc
  .record({
    name: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
    staged: fc.boolean(),
    spec: policySpec,
    flag: fc.constantFrom('none', 'none', 'aof', 'prednat', 'dnt'),
    namespaceSelector: maybe(fc.constantFrom("team == 'a'", 'all()')),
  })
  .map(({ name, staged, spec, flag, namespaceSelector }) => {
    const s: Record<string, unknown> = strip({ ...spec, namespaceSelector })
    if (flag === 'aof') s['applyOnForward'] = true
    if (flag === 'prednat') Object.assign(s, { applyOnForward: true, preDNAT: true, egress: [], types: ['Ingress'] })
    if (flag === 'dnt') Object.assign(s, { applyOnForward: true, doNotTrack: true })
    return { apiVersion: 'projectcalico.org/v3', kind: staged ? 'StagedGlobalNetworkPolicy' : 'GlobalNetworkPolicy', metadata: meta(name), spec: s }
  })

const np = fc
  .record({ name: fc.constantFrom('n1', 'n2'), namespace: fc.constantFrom(...NS), staged: fc.boolean(), spec: policySpec })
  .map(({ name, namespace, staged, spec }) => ({
    apiVersion: 'projectcalico.org/v3',
    kind: staged ? 'StagedNetworkPolicy' : 'NetworkPolicy',
    metadata: meta(name, namespace),
    spec: strip(spec),
  }))

const knp = fc
  .record({
    name: fc.constantFrom('k1', 'k2'),
    namespace: fc.constantFrom(...NS),
    app: maybe(fc.constantFrom('web', 'db')),
    from: fc.constantFrom<ReadonlyArray<unknown> | undefined>(undefined, [{ podSelector: { matchLabels: { app: 'api' } } }], [{ namespaceSelector: {} }], [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.65.0.0/16'] } }]),
    port: maybe(fc.constantFrom(80, 443, 'http')),
    egress: fc.boolean(),
  })
  .map(({ name, namespace, app, from, port, egress }) => {
    const r = strip({ from, ports: port === undefined ? undefined : [{ protocol: 'TCP', port }] })
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(name, namespace),
      spec: {
        podSelector: app === undefined ? {} : { matchLabels: { app } },
        policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'],
        ingress: [r],
        ...(egress ? { egress: [{}] } : {}),
      },
    }
  })

const wep = fc
  .record({
    i: fc.integer({ min: 0, max: 3 }),
    node: fc.constantFrom(NODE, NODE, 'n1'),
    namespace: fc.constantFrom(...NS),
    labels,
    ip: fc.constantFrom('10.65.0.1', '10.65.0.2', '10.65.0.3', '10.65.1.1'),
    ip6: maybe(fc.constantFrom('fd00:65::1', 'fd00:65::2')),
    withPort: fc.boolean(),
    profiles: fc.constantFrom('kns', 'missing', 'allow'),
  })
  .map(({ i, node, namespace, labels, ip, ip6, withPort, profiles }) => ({
    apiVersion: 'projectcalico.org/v3',
    kind: 'WorkloadEndpoint',
    metadata: { ...meta(`w${i}`, namespace), labels },
    spec: strip({
      orchestrator: 'k8s',
      node,
      interfaceName: `cali${i}`,
      ipNetworks: ip6 === undefined ? [`${ip}/32`] : [`${ip}/32`, `${ip6}/128`],
      profiles: profiles === 'kns' ? [`kns.${namespace}`] : profiles === 'missing' ? ['nope', `kns.${namespace}`] : ['projectcalico-default-allow'],
      ports: withPort ? [{ name: 'http', protocol: 'TCP', port: 8080 }] : undefined,
    }),
  }))

const hep = fc
  .record({
    name: fc.constantFrom('h-a', 'h-b', 'h-star'),
    node: fc.constantFrom(NODE, NODE, 'n1'),
    iface: fc.constantFrom('eth0', 'eth1', '*', ''),
    labels,
    expected: maybe(fc.constantFrom(['10.0.0.10'], ['10.1.0.10', 'fd00::10'])),
    profile: fc.boolean(),
  })
  .map(({ name, node, iface, labels, expected, profile }) => ({
    apiVersion: 'projectcalico.org/v3',
    kind: 'HostEndpoint',
    metadata: { name, labels },
    spec: strip({
      node,
      interfaceName: iface === '' && expected === undefined ? 'eth0' : iface,
      expectedIPs: expected,
      profiles: profile ? ['projectcalico-default-allow'] : undefined,
      ports: [{ name: 'http', protocol: 'TCP', port: 8055 }],
    }),
  }))

const sets = fc.oneof(
  fc.record({ labels, nets: fc.constantFrom(['192.0.2.0/24'], ['198.51.100.5'], ['fd00::11']) }).map(({ labels, nets }) => ({
    apiVersion: 'projectcalico.org/v3',
    kind: 'GlobalNetworkSet',
    metadata: { name: 'gns', labels },
    spec: { nets },
  })),
  fc.record({ labels, namespace: fc.constantFrom(...NS) }).map(({ labels, namespace }) => ({
    apiVersion: 'projectcalico.org/v3',
    kind: 'NetworkSet',
    metadata: { name: 'ns', namespace, labels },
    spec: { nets: ['192.0.2.128/25'] },
  })),
)

const tier = fc.record({ order: maybe(fc.constantFrom(50, 2000000)), action: fc.constantFrom('Deny', 'Pass') }).map(({ order, action }) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'Tier',
  metadata: { name: 't1' },
  spec: strip({ order, defaultAction: action }),
}))

const namespace = fc.record({ name: fc.constantFrom(...NS), team: fc.constantFrom('a', 'b') }).map(({ name, team }) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { team } },
}))

const profile = fc.record({ deny: fc.boolean() }).map(({ deny }) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'Profile',
  metadata: { name: 'kns.ns-b' },
  spec: { ingress: [{ action: deny ? 'Deny' : 'Allow' }], egress: [{ action: 'Allow' }], labelsToApply: { 'pcns.team': deny ? 'x' : 'b' } },
}))

const felix = fc.constantFrom('Drop', 'Accept', 'Return').map((a) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'FelixConfiguration',
  metadata: { name: 'default' },
  spec: { defaultEndpointToHostAction: a },
}))

const decoded = (u: unknown): Resource | undefined => {
  const r = decodeResource(u)
  return E.isRight(r) ? r.right : undefined
}

/** One random resource (decoded; invalid combinations are skipped). */
export const resourceArb: fc.Arbitrary<Resource> = fc
  .oneof(
    { arbitrary: gnp, weight: 4 },
    { arbitrary: np, weight: 2 },
    { arbitrary: knp, weight: 1 },
    { arbitrary: wep, weight: 4 },
    { arbitrary: hep, weight: 2 },
    { arbitrary: sets, weight: 1 },
    { arbitrary: tier, weight: 1 },
    { arbitrary: namespace, weight: 1 },
    { arbitrary: profile, weight: 1 },
    { arbitrary: felix, weight: 1 },
  )
  .map(decoded)
  .filter((r): r is Resource => r !== undefined)

const base: ReadonlyArray<Resource> = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-a', labels: { team: 'a' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-b', labels: { team: 'b' } } },
].map((u) => decoded(u) as Resource)

/** A random cluster. */
export const clusterArb: fc.Arbitrary<ReadonlyArray<Resource>> = fc.array(resourceArb, { minLength: 2, maxLength: 14 }).map((rs) => [...base, ...rs])

/** A random change: upsert of a random resource or removal of one of the cluster's resources. */
export const changeArb = (cluster: ReadonlyArray<Resource>): fc.Arbitrary<Change> =>
  fc.oneof(
    resourceArb.map((resource): Change => ({ _tag: 'Upsert', resource })),
    fc.constantFrom(...cluster).map((r): Change => {
      const kind = r.apiVersion === 'networking.k8s.io/v1' ? 'KubernetesNetworkPolicy' : r.kind
      const namespace = (r.metadata as { readonly namespace?: string }).namespace
      return { _tag: 'Remove', kind: kind as never, name: r.metadata.name, ...(namespace === undefined ? {} : { namespace }) }
    }),
    fc.constantFrom<Change>({ _tag: 'Interfaces', interfaces: [{ name: 'eth0', addresses: ['10.0.0.10'] }] }),
  )

const IFACES = [null, 'eth0', 'eth1', 'cali0', 'cali1', 'cali2', 'cali3']

/** A random packet through n0. */
export const packetArb: fc.Arbitrary<Packet> = fc
  .record({
    v6: fc.boolean(),
    protocol: fc.constantFrom(6, 17, 6, 1, 58),
    src4: fc.constantFrom(...IPS),
    dst4: fc.constantFrom(...IPS),
    src6: fc.constantFrom(...IPS6),
    dst6: fc.constantFrom(...IPS6),
    srcPort: fc.constantFrom(40000, 2379, 53),
    dstPort: fc.constantFrom(80, 443, 22, 8080, 8055, 53, 8050),
    in: fc.constantFrom(...IFACES),
    out: fc.constantFrom(...IFACES),
    conntrack: fc.constantFrom('new', 'new', 'new', 'established', 'invalid'),
    icmpType: fc.constantFrom(8, 0, 135),
  })
  .filter((p) => p.in !== null || p.out !== null)
  .map((p): Packet => {
    // ICMP for IPv4, ICMPv6 for IPv6: a packet of the other combination does not decode.
    const protocol = p.protocol === 1 || p.protocol === 58 ? (p.v6 ? 58 : 1) : p.protocol
    const ports = protocol === 6 || protocol === 17
    const icmp = protocol === 1 || protocol === 58
    const r = packet({
      protocol,
      src: p.v6 ? p.src6 : p.src4,
      dst: p.v6 ? p.dst6 : p.dst4,
      in: p.in,
      out: p.out,
      conntrack: p.conntrack as Packet['conntrack'],
      ...(ports ? { srcPort: p.srcPort, dstPort: p.dstPort } : {}),
      ...(icmp ? { icmpType: p.icmpType } : {}),
    })
    if (E.isLeft(r)) throw new Error(`packetArb made an invalid packet: ${JSON.stringify(r.left)}`)
    return r.right
  })
