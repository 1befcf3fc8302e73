// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { evaluate, type Options } from '../../src/eval/evaluate.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import type { Decision } from '../../src/eval/trace.js'
import type { World } from '../../src/policy/world.js'
import { allowAll, builtinTiers, evaluateOk, hep, missingProfile, nets, pkt, policy, ports, profile, tier, wep, world } from './hand-world.js'

const TCP = 6
const UDP = 17

const verdictOf = (w: World, text: string, options?: Options): Pick<Decision, 'verdict' | 'trafficType'> => {
  const d = evaluateOk(w, options)(pkt(text))
  return { verdict: d.verdict, trafficType: d.trafficType }
}

const eth0 = { name: 'hep-eth0', interfaceName: 'eth0' }
const eth1 = { name: 'hep-eth1', interfaceName: 'eth1' }

describe('host endpoints: traffic to and from the host', () => {
  it('a HEP without policy or profile denies, except failsafe ports (S1)', () => {
    const w = world({ heps: [hep(eth0)] })
    expect(verdictOf(w, 'tcp 10.0.0.5:40000 -> 10.0.0.1:8055 in eth0')).toEqual({ verdict: 'Deny', trafficType: 'ToHost' })
    expect(verdictOf(w, 'tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0')).toEqual({ verdict: 'Allow', trafficType: 'ToHost' })
    expect(verdictOf(w, 'tcp 10.0.0.1:40000 -> 10.0.0.5:22 out eth0')).toEqual({ verdict: 'Deny', trafficType: 'FromHost' })
    expect(verdictOf(w, 'udp 10.0.0.1:40000 -> 10.0.0.5:53 out eth0')).toEqual({ verdict: 'Allow', trafficType: 'FromHost' })
  })

  it('records the whole trace of an end-of-tier deny', () => {
    const p = policy({ name: 'allow-http', order: 10, ingress: [{ action: 'Allow', protocol: TCP, dst: { ports: ports(80) } }] })
    const w = world({ heps: [hep({ ...eth0, policies: [p], profiles: [allowAll] })] })
    const d = evaluateOk(w)(pkt('tcp 10.0.0.5:40000 -> 10.0.0.1:8055 in eth0'))
    expect({ verdict: d.verdict, trafficType: d.trafficType, trace: d.trace }).toEqual({
      verdict: 'Deny',
      trafficType: 'ToHost',
      trace: [
        {
          stage: 'normal',
          endpoint: { kind: 'HostEndpoint', name: 'hep-eth0', interface: 'eth0' },
          direction: 'ingress',
          tiers: [
            {
              tier: 'default',
              defaultAction: 'Deny',
              policies: [
                { kind: 'GlobalNetworkPolicy', name: 'allow-http', policyIndex: 0, staged: false, rules: [{ index: 0, action: 'Allow', matched: false }], result: 'NoMatch' },
              ],
              action: 'Deny',
              trigger: 'end-of-tier',
            },
          ],
          enforced: [{ kind: 'GlobalNetworkPolicy', name: 'allow-http', tier: 'default', action: 'Deny', policyIndex: 0, ruleIndex: -1, trigger: 'end-of-tier' }],
          pending: [{ kind: 'GlobalNetworkPolicy', name: 'allow-http', tier: 'default', action: 'Deny', policyIndex: 0, ruleIndex: -1, trigger: 'end-of-tier' }],
          result: 'Deny',
        },
      ],
    })
  })

  it('the failsafe step is recorded and ends the chain', () => {
    const p = policy({ name: 'deny-all', ingress: [{ action: 'Deny' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [p] })] })
    const d = evaluateOk(w)(pkt('tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0'))
    expect({ verdict: d.verdict, trace: d.trace }).toEqual({
      verdict: 'Allow',
      trace: [
        {
          stage: 'failsafe',
          chain: 'normal',
          table: 'filter',
          endpoint: { kind: 'HostEndpoint', name: 'hep-eth0', interface: 'eth0' },
          direction: 'ingress',
          entry: { list: 'inbound', protocol: 'tcp', port: 22 },
          matchedOn: 'destination-port',
          result: 'Allow',
        },
      ],
    })
  })

  it('established and related packets are accepted by conntrack; invalid ones dropped', () => {
    const p = policy({ name: 'deny-all', ingress: [{ action: 'Deny' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [p] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:40000 -> 10.0.0.1:8055 in eth0 established').verdict).toBe('Allow')
    expect(verdictOf(w, 'icmp 10.0.0.5 -> 10.0.0.1 type 3 code 4 in eth0 related').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0 invalid').verdict).toBe('Deny')
    const relaxed = world({ heps: [hep({ ...eth0, policies: [p] })], settings: { disableConntrackInvalidCheck: true } })
    expect(verdictOf(relaxed, 'tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0 invalid').verdict).toBe('Allow')
  })

  it('an interface without host endpoint is not policed (NoVerdict)', () => {
    const w = world({ heps: [hep(eth0)] })
    const d = evaluateOk(w)(pkt('tcp 10.0.0.5:40000 -> 10.0.0.1:8055 in eth1'))
    expect({ verdict: d.verdict, trafficType: d.trafficType, trace: d.trace }).toEqual({
      verdict: 'NoVerdict',
      trafficType: 'ToHost',
      trace: [{ stage: 'noHostEndpoint', interface: 'eth1', direction: 'ingress', result: 'None' }],
    })
  })

  it('custom failsafe lists: empty disables, nets narrow by source (inbound) or destination (outbound)', () => {
    const none = world({ heps: [hep(eth0)], settings: { failsafeInbound: [], failsafeOutbound: [] } })
    expect(verdictOf(none, 'tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0').verdict).toBe('Deny')
    const netted = world({
      heps: [hep(eth0)],
      settings: {
        failsafeInbound: [{ protocol: 'tcp', port: 22, net: '10.0.0.0/24', prefix: { family: 4, lo: 167772160, hi: 167772415 } }],
        failsafeOutbound: [{ protocol: 'udp', port: 53, net: '10.0.0.53/32', prefix: { family: 4, lo: 167772213, hi: 167772213 } }],
      },
    })
    expect(verdictOf(netted, 'tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0').verdict).toBe('Allow')
    expect(verdictOf(netted, 'tcp 10.9.0.5:40000 -> 10.0.0.1:22 in eth0').verdict).toBe('Deny')
    expect(verdictOf(netted, 'tcp [fd00::5]:40000 -> [fd00::1]:22 in eth0').verdict).toBe('Deny')
    expect(verdictOf(netted, 'udp 10.0.0.1:5000 -> 10.0.0.53:53 out eth0').verdict).toBe('Allow')
    expect(verdictOf(netted, 'udp 10.0.0.1:5000 -> 10.0.0.54:53 out eth0').verdict).toBe('Deny')
  })
})

describe('tiers, policies and rules', () => {
  const tiers = [tier('t1', 100), tier('t2', 200, 'Pass'), ...builtinTiers]

  it('Allow and Deny are final; the first matching rule wins; Log continues', () => {
    const p = policy({
      name: 'p',
      ingress: [
        { action: 'Log' },
        { action: 'Deny', protocol: TCP, dst: { ports: ports(23) } },
        { action: 'Allow', protocol: TCP },
        { action: 'Deny' },
      ],
    })
    const w = world({ heps: [hep({ ...eth0, policies: [p] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:23 in eth0').verdict).toBe('Deny')
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Allow')
    expect(verdictOf(w, 'udp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Deny')
    const d = evaluateOk(w)(pkt('tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0'))
    const step = d.trace[0]
    expect(step !== undefined && 'tiers' in step ? step.tiers[0]?.policies[0]?.rules : undefined).toEqual([
      { index: 0, action: 'Log', matched: true },
      { index: 1, action: 'Deny', matched: false },
      { index: 2, action: 'Allow', matched: true },
    ])
  })

  it('end-of-tier deny in a Deny tier; a Pass tier falls through to the next tier (S16)', () => {
    const p1 = policy({ name: 'p1', tier: 't1', ingress: [{ action: 'Allow', protocol: TCP, dst: { ports: ports(80) } }] })
    const w = world({ heps: [hep({ ...eth0, policies: [p1], tiers, profiles: [allowAll] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:8055 in eth0').verdict).toBe('Deny')
    const passTiers = [tier('t1', 100, 'Pass'), ...builtinTiers]
    const w2 = world({ heps: [hep({ ...eth0, policies: [p1], tiers: passTiers, profiles: [allowAll] })] })
    expect(verdictOf(w2, 'tcp 10.0.0.5:4000 -> 10.0.0.1:8055 in eth0').verdict).toBe('Allow')
  })

  it('Pass skips the rest of the tier and continues with the next tier, then profiles (C3, X1)', () => {
    const pass = policy({ name: 'a-pass', tier: 't1', order: 1, ingress: [{ action: 'Pass' }] })
    const deny = policy({ name: 'b-deny', tier: 't1', order: 2, ingress: [{ action: 'Deny' }] })
    const denyDefault = policy({ name: 'default-deny', tier: 'default', ingress: [{ action: 'Deny', protocol: UDP }] })
    const w = world({ heps: [hep({ ...eth0, policies: [pass, deny, denyDefault], tiers, profiles: [allowAll] })] })
    // TCP: t1 passes, default tier has no matching rule => end-of-tier deny
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Deny')
    const w2 = world({ heps: [hep({ ...eth0, policies: [pass, deny], tiers, profiles: [allowAll] })] })
    expect(verdictOf(w2, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Allow')
    const w3 = world({ heps: [hep({ ...eth0, policies: [pass, deny], tiers })] })
    expect(verdictOf(w3, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Deny')
  })

  it('policy order: lower first, ties by name/namespace/kind, unset last (C12)', () => {
    const b = policy({ name: 'b', order: 10, ingress: [{ action: 'Deny' }] })
    const a = policy({ name: 'a', order: 10, ingress: [{ action: 'Allow' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [b, a] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Allow')
    const z = policy({ name: 'z', order: 5, ingress: [{ action: 'Deny' }] })
    const w2 = world({ heps: [hep({ ...eth0, policies: [b, a, z] })] })
    expect(verdictOf(w2, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Deny')
    const unordered = policy({ name: '0-first-by-name', ingress: [{ action: 'Deny' }] })
    const w3 = world({ heps: [hep({ ...eth0, policies: [unordered, a] })] })
    expect(verdictOf(w3, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Allow')
  })

  it('a policy governs only the directions in its types (C13)', () => {
    const egressOnly = policy({ name: 'e', types: ['Egress'], egress: [{ action: 'Allow' }], ingress: [{ action: 'Allow' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [egressOnly] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Deny')
    expect(verdictOf(w, 'tcp 10.0.0.1:4000 -> 10.0.0.5:80 out eth0').verdict).toBe('Allow')
  })

  it('a direction governed by a policy without rules is a default deny marker (D1)', () => {
    const marker = policy({ name: 'empty-default-deny', types: ['Ingress', 'Egress'] })
    const w = world({ heps: [hep({ ...eth0, policies: [marker], profiles: [allowAll] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Deny')
    expect(verdictOf(w, 'tcp 10.0.0.1:4000 -> 10.0.0.5:80 out eth0').verdict).toBe('Deny')
  })

  it('staged policies never enforce and a staged-only tier is transparent (C1); the trace reports them as pending', () => {
    const staged = policy({ name: 'sdeny', kind: 'StagedGlobalNetworkPolicy', ingress: [{ action: 'Deny' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [staged], profiles: [allowAll] })] })
    const d = evaluateOk(w)(pkt('tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0'))
    expect(d.verdict).toBe('Allow')
    expect(d.trace[0]).toEqual({
      stage: 'normal',
      endpoint: { kind: 'HostEndpoint', name: 'hep-eth0', interface: 'eth0' },
      direction: 'ingress',
      tiers: [
        {
          tier: 'default',
          defaultAction: 'Deny',
          policies: [{ kind: 'StagedGlobalNetworkPolicy', name: 'sdeny', policyIndex: 0, staged: true, rules: [{ index: 0, action: 'Deny', matched: true }], result: 'Deny' }],
          action: 'Pass',
          trigger: 'staged-only',
        },
      ],
      enforced: [],
      pending: [{ kind: 'StagedGlobalNetworkPolicy', name: 'sdeny', tier: 'default', action: 'Deny', policyIndex: 0, ruleIndex: 0, trigger: 'rule' }],
      result: 'None',
    })
  })

  it('iptables: a staged AoF or pre-DNAT policy still gives its HEP a forward or pre-DNAT tier (quirk Q2)', () => {
    const stagedAof = policy({ name: 's', kind: 'StagedGlobalNetworkPolicy', applyOnForward: true, ingress: [{ action: 'Deny' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [stagedAof] })] })
    // the HEP now has a forward tier (of staged policies only): no default allow, the chain falls through
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth0 out eth9').verdict).toBe('NoVerdict')
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth0 out eth9', { dataplane: 'bpf' }).verdict).toBe('Allow')
    const stagedPre = policy({ name: 's', kind: 'StagedGlobalNetworkPolicy', preDnat: true, ingress: [{ action: 'Allow' }] })
    const preDeny = policy({ name: 'pre', preDnat: true, ingress: [{ action: 'Deny', protocol: TCP, dst: { ports: ports(8080) } }] })
    const allow = policy({ name: 'allow', ingress: [{ action: 'Allow' }] })
    const w2 = world({ heps: [hep({ ...eth0, policies: [stagedPre, allow] })], wildcard: hep({ name: 'all', interfaceName: '*', policies: [preDeny] }) })
    // the named HEP's (staged-only) pre-DNAT tier takes the mangle dispatch from the wildcard
    expect(verdictOf(w2, 'tcp 1.2.3.4:4000 -> 10.0.0.1:8080 in eth0').verdict).toBe('Allow')
    const w3 = world({ heps: [hep({ ...eth0, policies: [allow] })], wildcard: hep({ name: 'all', interfaceName: '*', policies: [preDeny] }) })
    expect(verdictOf(w3, 'tcp 1.2.3.4:4000 -> 10.0.0.1:8080 in eth0').verdict).toBe('Deny')
    // BPF attaches the named HEP to eth0: the wildcard's pre-DNAT policy does not apply there (no Q1)
    expect(verdictOf(w3, 'tcp 1.2.3.4:4000 -> 10.0.0.1:8080 in eth0', { dataplane: 'bpf' }).verdict).toBe('Allow')
  })

  it('match indices: enforced policies share the tier slot, staged ones take their own, profiles last', () => {
    const s1 = policy({ name: 'a-staged', kind: 'StagedGlobalNetworkPolicy', order: 1, ingress: [{ action: 'Log' }] })
    const e1 = policy({ name: 'b', order: 2, ingress: [{ action: 'Log' }] })
    const e2 = policy({ name: 'c', order: 3, ingress: [{ action: 'Pass' }] })
    const t1 = policy({ name: 'd', tier: 't1', ingress: [{ action: 'Pass' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [s1, e1, e2, t1], tiers, profiles: [allowAll] })] })
    const d = evaluateOk(w)(pkt('tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0'))
    expect(d.trace.flatMap((s) => ('enforced' in s ? s.enforced : 'hit' in s ? [s.hit] : []))).toEqual([
      { kind: 'GlobalNetworkPolicy', name: 'd', tier: 't1', action: 'Pass', policyIndex: 0, ruleIndex: 0, trigger: 'rule' },
      { kind: 'GlobalNetworkPolicy', name: 'c', tier: 'default', action: 'Pass', policyIndex: 2, ruleIndex: 0, trigger: 'rule' },
      { kind: 'Profile', name: 'projectcalico-default-allow', tier: '__PROFILE__', action: 'Allow', policyIndex: 3, ruleIndex: 0, trigger: 'rule' },
    ])
  })

  it('a missing profile denies everything and hides later profiles (C2)', () => {
    const w = world({ heps: [hep({ ...eth0, profiles: [missingProfile('does-not-exist'), allowAll] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Deny')
  })

  it('profile Pass continues with the next profile (iptables) but denies in BPF (§6.9)', () => {
    const passer = profile('passer', [{ action: 'Pass' }], [{ action: 'Pass' }])
    const w = world({ heps: [hep({ ...eth0, profiles: [passer, allowAll] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:80 in eth0', { dataplane: 'bpf' }).verdict).toBe('Deny')
  })

  it('rules are omitted per family (C4: notNets without ipVersion never matches IPv6)', () => {
    const p = policy({
      name: 'c4',
      ingress: [{ action: 'Deny', src: { notNets: nets('10.0.0.0/8') }, family: 4 }, { action: 'Allow' }],
    })
    const w = world({ heps: [hep({ ...eth0, policies: [p] })] })
    expect(verdictOf(w, 'tcp 192.168.1.1:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Deny')
    expect(verdictOf(w, 'tcp 10.1.1.1:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp [fd00::1]:4000 -> [fd00::2]:80 in eth0').verdict).toBe('Allow')
  })
})

describe('untracked and pre-DNAT policy', () => {
  it('an untracked Deny drops even established packets; a normal Deny would not (C10, D4)', () => {
    const dnt = policy({ name: 'dnt', doNotTrack: true, ingress: [{ action: 'Deny', protocol: TCP, dst: { ports: ports(2222) } }] })
    const allow = policy({ name: 'allow', ingress: [{ action: 'Allow' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [dnt, allow] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:2222 in eth0 established').verdict).toBe('Deny')
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:2223 in eth0 established').verdict).toBe('Allow')
    const normalDeny = policy({ name: 'deny', ingress: [{ action: 'Deny', protocol: TCP, dst: { ports: ports(2222) } }] })
    const w2 = world({ heps: [hep({ ...eth0, policies: [normalDeny, allow] })] })
    expect(verdictOf(w2, 'tcp 10.0.0.5:4000 -> 10.0.0.1:2222 in eth0 established').verdict).toBe('Allow')
  })

  it('an untracked Allow is final for host traffic and skips normal policy', () => {
    const dnt = policy({ name: 'dnt', doNotTrack: true, ingress: [{ action: 'Allow', protocol: TCP, dst: { ports: ports(12211) } }] })
    const w = world({ heps: [hep({ ...eth0, policies: [dnt] })] })
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:12211 in eth0').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp 10.0.0.5:4000 -> 10.0.0.1:12212 in eth0').verdict).toBe('Deny')
  })

  it('the raw failsafe chain also accepts replies to outbound failsafe flows', () => {
    const dnt = policy({ name: 'dnt', doNotTrack: true, ingress: [{ action: 'Deny' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [dnt] })] })
    // reply from an etcd server (outbound failsafe tcp:2379) => raw failsafe by source port, then conntrack
    expect(verdictOf(w, 'tcp 10.0.0.9:2379 -> 10.0.0.1:40000 in eth0 established').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp 10.0.0.9:2380 -> 10.0.0.1:40000 in eth0 established').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp 10.0.0.9:8080 -> 10.0.0.1:40000 in eth0 established').verdict).toBe('Deny')
  })

  it('pre-DNAT policy sees the pre-DNAT destination and its Allow skips normal policy (C5)', () => {
    const pre = policy({ name: 'pre', preDnat: true, ingress: [{ action: 'Allow', protocol: TCP, dst: { ports: ports(80) } }] })
    const deny = policy({ name: 'deny', ingress: [{ action: 'Deny' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [pre, deny] })] })
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 10.0.0.1:80 in eth0').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 10.0.0.1:81 in eth0').verdict).toBe('Deny')
    // DNATed from :80 to :8080: pre-DNAT policy matches the original port
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 10.0.0.1:8080 in eth0 dnat 10.0.0.1:80').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 10.0.0.1:80 in eth0 dnat 10.0.0.1:8080').verdict).toBe('Deny')
  })

  it('a pre-DNAT Deny is final; a pre-DNAT policy never sees established packets', () => {
    const pre = policy({ name: 'pre', preDnat: true, ingress: [{ action: 'Deny', protocol: TCP, dst: { ports: ports(8080) } }] })
    const allow = policy({ name: 'allow', ingress: [{ action: 'Allow' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [pre, allow] })] })
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 10.0.0.1:8080 in eth0').verdict).toBe('Deny')
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 10.0.0.1:8080 in eth0 established').verdict).toBe('Allow')
  })

  it('wildcard pre-DNAT policy applies on a named interface whose HEP has none (C7, quirk Q1)', () => {
    const pre = policy({ name: 'pre', preDnat: true, ingress: [{ action: 'Deny', protocol: TCP, dst: { ports: ports(8080) } }] })
    const allow = policy({ name: 'allow', ingress: [{ action: 'Allow' }] })
    const named = hep({ ...eth0, policies: [allow] })
    const wildcard = hep({ name: 'all', interfaceName: '*', policies: [pre] })
    const w = world({ heps: [named], wildcard })
    const d = evaluateOk(w)(pkt('tcp 1.2.3.4:4000 -> 10.0.0.1:8080 in eth0'))
    expect(d.verdict).toBe('Deny')
    expect(d.trace[0]).toMatchObject({ stage: 'preDnat', endpoint: { kind: 'HostEndpoint', name: 'all', interface: 'eth0', wildcard: true }, result: 'Deny' })
  })
})

describe('forwarded traffic', () => {
  it('HEPs without AoF policy are transparent for forwarded traffic; no HEP at all is NoVerdict (S17)', () => {
    const deny = policy({ name: 'deny', types: ['Ingress', 'Egress'], ingress: [{ action: 'Deny' }], egress: [{ action: 'Deny' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [deny] }), hep({ ...eth1, policies: [deny] })] })
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth0 out eth1')).toEqual({ verdict: 'Allow', trafficType: 'Forwarded' })
    expect(verdictOf(world({}), 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth0 out eth1')).toEqual({ verdict: 'NoVerdict', trafficType: 'Forwarded' })
  })

  it('AoF policy applies to forwarded traffic and must pass on both sides (D2)', () => {
    const ssh = policy({ name: 'ssh', applyOnForward: true, types: ['Egress'], egress: [{ action: 'Allow', protocol: TCP, dst: { ports: ports(22) } }] })
    const w = world({ heps: [hep(eth0), hep({ ...eth1, policies: [ssh] })] })
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 192.168.0.5:22 in eth0 out eth1').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth0 out eth1').verdict).toBe('Deny')
    // entering via eth1: its HEP has AoF policy only for egress => iptables NoVerdict, BPF Allow (Note F, X5)
    expect(verdictOf(w, 'tcp 192.168.0.5:4000 -> 1.2.3.4:80 in eth1 out eth2').verdict).toBe('NoVerdict')
    expect(verdictOf(w, 'tcp 192.168.0.5:4000 -> 1.2.3.4:80 in eth1 out eth2', { dataplane: 'bpf' }).verdict).toBe('Allow')
    // ... but a HEP without any AoF policy on the way out allows it (its forward chain sets the mark)
    expect(verdictOf(w, 'tcp 192.168.0.5:4000 -> 1.2.3.4:80 in eth1 out eth0').verdict).toBe('Allow')
    // the AoF policy is also normal policy for host traffic
    expect(verdictOf(w, 'tcp 192.168.0.1:4000 -> 192.168.0.5:22 out eth1').verdict).toBe('Allow')
    expect(verdictOf(w, 'tcp 192.168.0.1:4000 -> 192.168.0.5:80 out eth1').verdict).toBe('Deny')
  })

  it('a pre-DNAT Allow skips only the ingress-side AoF policy (C6, X4)', () => {
    const pre = policy({ name: 'pre', preDnat: true, ingress: [{ action: 'Allow' }] })
    const aofIn = policy({ name: 'aof-in', applyOnForward: true, ingress: [{ action: 'Deny' }] })
    const aofOut = policy({ name: 'aof-out', applyOnForward: true, types: ['Egress'], egress: [{ action: 'Deny' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [pre, aofIn] }), hep({ ...eth1, policies: [aofOut] })] })
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth0 out eth1').verdict).toBe('Deny')
    const w2 = world({ heps: [hep({ ...eth0, policies: [pre, aofIn] }), hep(eth1)] })
    expect(verdictOf(w2, 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth0 out eth1').verdict).toBe('Allow')
    const w3 = world({ heps: [hep({ ...eth0, policies: [aofIn] }), hep(eth1)] })
    expect(verdictOf(w3, 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth0 out eth1').verdict).toBe('Deny')
  })

  it('forward tiers that only pass return no verdict in iptables and allow in BPF (Note F)', () => {
    const pass = policy({ name: 'pass', applyOnForward: true, types: ['Ingress', 'Egress'], ingress: [{ action: 'Pass' }], egress: [{ action: 'Pass' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [pass], tiers: [tier('default', 1_000_000, 'Pass')] }), hep(eth1)] })
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth1 out eth0').verdict).toBe('NoVerdict')
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 192.168.0.5:80 in eth1 out eth0', { dataplane: 'bpf' }).verdict).toBe('Allow')
  })

  it('forwarded traffic is not protected by failsafes (only pre-DNAT failsafes apply)', () => {
    const aof = policy({ name: 'aof', applyOnForward: true, ingress: [{ action: 'Deny' }] })
    const pre = policy({ name: 'pre', preDnat: true, ingress: [{ action: 'Deny' }] })
    const w = world({ heps: [hep({ ...eth0, policies: [aof] })] })
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 192.168.0.5:22 in eth0 out eth1').verdict).toBe('Deny')
    const w2 = world({ heps: [hep({ ...eth0, policies: [pre] })] })
    expect(verdictOf(w2, 'tcp 1.2.3.4:4000 -> 192.168.0.5:22 in eth0 out eth1').verdict).toBe('Allow')
    expect(verdictOf(w2, 'tcp 1.2.3.4:4000 -> 192.168.0.5:23 in eth0 out eth1').verdict).toBe('Deny')
  })
})

describe('workloads', () => {
  const kns = profile('kns.default', [{ action: 'Allow' }], [{ action: 'Allow' }])
  const p0 = wep({ name: 'p0', interfaceName: 'cali0', profiles: [kns] })
  const p1 = wep({ name: 'p1', interfaceName: 'cali1', profiles: [kns] })

  it('derives the traffic types from the interfaces', () => {
    const w = world({ weps: [p0, p1], heps: [hep(eth0)] })
    expect(verdictOf(w, 'tcp 10.65.0.2:4000 -> 10.65.0.3:80 in cali0 out cali1')).toEqual({ verdict: 'Allow', trafficType: 'WorkloadToWorkload' })
    expect(verdictOf(w, 'tcp 10.65.0.2:4000 -> 1.2.3.4:80 in cali0 out eth0')).toEqual({ verdict: 'Allow', trafficType: 'ForwardedFromWorkload' })
    expect(verdictOf(w, 'tcp 1.2.3.4:4000 -> 10.65.0.2:80 in eth0 out cali0')).toEqual({ verdict: 'Allow', trafficType: 'ForwardedToWorkload' })
    expect(verdictOf(w, 'tcp 10.0.0.1:4000 -> 10.65.0.2:80 out cali0')).toEqual({ verdict: 'NoVerdict', trafficType: 'HostToWorkload' })
    expect(verdictOf(w, 'tcp 10.65.0.2:4000 -> 10.0.0.1:80 in cali0')).toEqual({ verdict: 'Deny', trafficType: 'WorkloadToHost' })
  })

  it('workload policy: egress of the sender, ingress of the receiver', () => {
    const denyIn = policy({ name: 'deny-in', namespace: 'default', kind: 'NetworkPolicy', ingress: [{ action: 'Deny', protocol: TCP, dst: { ports: ports(80) } }] })
    const guarded = wep({ name: 'p1', interfaceName: 'cali1', policies: [denyIn], profiles: [kns] })
    const w = world({ weps: [p0, guarded] })
    expect(verdictOf(w, 'tcp 10.65.0.2:4000 -> 10.65.0.3:80 in cali0 out cali1').verdict).toBe('Deny')
    // selected by a policy without a matching rule: end-of-tier deny, the profile is not reached
    expect(verdictOf(w, 'tcp 10.65.0.2:4000 -> 10.65.0.3:81 in cali0 out cali1').verdict).toBe('Deny')
    expect(verdictOf(w, 'tcp 10.65.0.3:4000 -> 10.65.0.2:80 in cali1 out cali0').verdict).toBe('Allow')
  })

  it('an unknown workload interface is dropped', () => {
    const w = world({ weps: [p0] })
    expect(verdictOf(w, 'tcp 10.65.0.2:4000 -> 10.65.0.9:80 in cali0 out cali9').verdict).toBe('Deny')
  })

  it('DefaultEndpointToHostAction decides workload-to-host traffic after egress policy (§8.6)', () => {
    const base = { weps: [p0] }
    expect(verdictOf(world(base), 'tcp 10.65.0.2:4000 -> 10.0.0.1:80 in cali0').verdict).toBe('Deny')
    expect(verdictOf(world({ ...base, settings: { defaultEndpointToHostAction: 'Accept' } }), 'tcp 10.65.0.2:4000 -> 10.0.0.1:80 in cali0').verdict).toBe('Allow')
    expect(verdictOf(world({ ...base, settings: { defaultEndpointToHostAction: 'Return' } }), 'tcp 10.65.0.2:4000 -> 10.0.0.1:80 in cali0').verdict).toBe('NoVerdict')
    // established replies are accepted by conntrack before the default action
    expect(verdictOf(world(base), 'tcp 10.65.0.2:80 -> 10.0.0.1:4000 in cali0 established').verdict).toBe('Allow')
    const denyEgress = policy({ name: 'deny-out', types: ['Egress'], egress: [{ action: 'Deny' }] })
    const blocked = wep({ name: 'p0', interfaceName: 'cali0', policies: [denyEgress], profiles: [kns] })
    expect(verdictOf(world({ weps: [blocked], settings: { defaultEndpointToHostAction: 'Accept' } }), 'tcp 10.65.0.2:4000 -> 10.0.0.1:80 in cali0').verdict).toBe('Deny')
  })

  it('IPv6 router and neighbour ICMPv6 from a workload to the host is always allowed', () => {
    const w = world({ weps: [p0] })
    expect(verdictOf(w, 'icmpv6 fd00::2 -> fd00::1 type 135 in cali0').verdict).toBe('Allow')
    expect(verdictOf(w, 'icmpv6 fd00::2 -> fd00::1 type 128 in cali0').verdict).toBe('Deny')
  })

  it('the wildcard HEP: normal policy never applies to workload-to-host, pre-DNAT and AoF do (C11, X7)', () => {
    const normalAllow = policy({ name: 'allow', ingress: [{ action: 'Allow' }] })
    const preDeny = policy({ name: 'pre-deny', preDnat: true, ingress: [{ action: 'Deny', protocol: TCP, dst: { ports: ports(9090) } }] })
    const aofDeny = policy({ name: 'aof-deny', applyOnForward: true, ingress: [{ action: 'Deny' }] })
    const w = world({ weps: [p0, p1], wildcard: hep({ name: 'all', interfaceName: '*', policies: [normalAllow] }) })
    expect(verdictOf(w, 'tcp 10.65.0.2:4000 -> 10.0.0.1:80 in cali0').verdict).toBe('Deny')
    const w2 = world({ weps: [p0, p1], wildcard: hep({ name: 'all', interfaceName: '*', policies: [preDeny] }), settings: { defaultEndpointToHostAction: 'Accept' } })
    expect(verdictOf(w2, 'tcp 10.65.0.2:4000 -> 10.0.0.1:9090 in cali0').verdict).toBe('Deny')
    expect(verdictOf(w2, 'tcp 10.65.0.2:4000 -> 10.0.0.1:9091 in cali0').verdict).toBe('Allow')
    expect(verdictOf(w2, 'tcp 10.65.0.2:4000 -> 10.65.0.3:9090 in cali0 out cali1').verdict).toBe('Deny')
    const w3 = world({ weps: [p0, p1], wildcard: hep({ name: 'all', interfaceName: '*', policies: [aofDeny] }) })
    expect(verdictOf(w3, 'tcp 10.65.0.2:4000 -> 10.65.0.3:80 in cali0 out cali1').verdict).toBe('Deny')
    expect(verdictOf(w3, 'tcp 10.0.0.1:4000 -> 10.65.0.3:80 out cali1').verdict).toBe('NoVerdict')
  })

  it('VXLAN and IP-in-IP from workloads are dropped unless allowed', () => {
    const w = world({ weps: [p0], heps: [hep(eth0)] })
    expect(verdictOf(w, 'udp 10.65.0.2:4000 -> 1.2.3.4:4789 in cali0 out eth0').verdict).toBe('Deny')
    expect(verdictOf(w, '4 10.65.0.2 -> 1.2.3.4 in cali0 out eth0').verdict).toBe('Deny')
    const allowed = world({ weps: [p0], heps: [hep(eth0)], settings: { allowVXLANPacketsFromWorkloads: true, allowIPIPPacketsFromWorkloads: true } })
    expect(verdictOf(allowed, 'udp 10.65.0.2:4000 -> 1.2.3.4:4789 in cali0 out eth0').verdict).toBe('Allow')
    expect(verdictOf(allowed, '4 10.65.0.2 -> 1.2.3.4 in cali0 out eth0').verdict).toBe('Allow')
  })

  it('untracked and pre-DNAT policy selecting a workload has no effect on it (§5)', () => {
    const dnt = policy({ name: 'dnt', doNotTrack: true, ingress: [{ action: 'Deny' }] })
    const pre = policy({ name: 'pre', preDnat: true, ingress: [{ action: 'Deny' }] })
    const w = world({ weps: [p0, wep({ name: 'p1', interfaceName: 'cali1', policies: [dnt, pre], profiles: [kns] })] })
    expect(verdictOf(w, 'tcp 10.65.0.2:4000 -> 10.65.0.3:80 in cali0 out cali1').verdict).toBe('Allow')
  })
})

describe('evaluate refuses what it cannot trust', () => {
  const p = policy({
    name: 'p',
    order: 10,
    ingress: [
      { action: 'Deny', src: { nets: nets('192.0.2.0/24') } },
      { action: 'Allow', protocol: TCP, dst: { ports: ports(443) } },
    ],
  })
  const w = world({ heps: [hep({ ...eth0, policies: [p] })] })
  const decoded = pkt('tcp 198.51.100.1:1000 -> 10.0.0.1:443 in eth0')
  const plain = { protocol: 6, src: '198.51.100.1', dst: '10.0.0.1', srcPort: 1000, dstPort: 443, in: 'eth0', out: null, conntrack: 'new' }
  const run = (u: unknown, world: unknown = w, options?: unknown) => (evaluate as (w: unknown, o?: unknown) => (p: unknown) => unknown)(world, options)(u)
  const messages = (r: unknown) => {
    const e = r as E.Either<ReadonlyArray<Parameters<typeof formatError>[0]>, unknown>
    return E.isLeft(e) ? e.left.map(formatError) : []
  }

  it('answers a decoded packet, and a plain object of valid fields alike', () => {
    const d = evaluateOk(w)(decoded)
    expect(d.verdict).toBe('Allow')
    expect(run(plain)).toEqual(E.right(d))
    expect(run({ ...decoded })).toEqual(E.right(d))
  })

  it('refuses forged packets with a message quoting the value, never answering or throwing', () => {
    const cases: ReadonlyArray<readonly [unknown, ReadonlyArray<string>]> = [
      [{ ...plain, src: 'evil' }, ['src: "evil" is not an IPv4 or IPv6 address']],
      [{ ...plain, src: 'fd00::9' }, ['src "fd00::9" (IPv6) and dst "10.0.0.1" (IPv4) must be addresses of the same IP family']],
      [{ ...decoded, dstPort: 70000 }, ['dstPort: 70000 is not a port number 0-65535']],
      [{ ...plain, dstPort: 443.5 }, ['dstPort: 443.5 is not a port number 0-65535']],
      [{ ...plain, protocol: 'TCP' }, ['protocol: "TCP" is not a protocol number 0-255 (names such as "TCP" are for decodePacket)']],
      [{ ...plain, protocol: 999 }, ['protocol: 999 is not a protocol number 0-255 (names such as "TCP" are for decodePacket)']],
      [{ ...plain, conntrack: 'bogus' }, ['conntrack: "bogus" is not a conntrack state (new, established, related or invalid)']],
      [{ ...plain, in: null }, ['in and out cannot both be null (one side must be an interface)']],
      [{ ...plain, in: 'eth0\u001b' }, ['in: "eth0\\u001b" is not an interface name (1-15 bytes; no white space, control characters, "/" or ":"; not "." or "..") or null']],
      [Object.create(decoded, { dstPort: { value: 70000, enumerable: true } }) as unknown, [
          'protocol: missing required field (a protocol number 0-255 (names such as "TCP" are for decodePacket))',
          'src: missing required field (an IPv4 or IPv6 address)',
          'dst: missing required field (an IPv4 or IPv6 address)',
          'dstPort: 70000 is not a port number 0-65535',
        ],
      ],
      [null, ['null is not an object (Packet)']],
      [42, ['42 is not an object (Packet)']],
      ['tcp 10.0.0.5:1 -> 10.0.0.1:443 in eth0', ['"tcp 10.0.0.5:1 -> 10.0.0.1:443 in eth0" is not an object (Packet)']],
    ]
    for (const [u, expected] of cases) expect(messages(run(u))).toEqual(expected)
  })

  it('refuses a world or options that evaluate cannot use', () => {
    expect(run(decoded, null)).toEqual(E.left([{ _tag: 'Decode', path: ['world'], expected: 'a world from Policy.build or Policy.update', actual: null }]))
    expect(run(decoded, {})).toEqual(E.left([{ _tag: 'Decode', path: ['world'], expected: 'a world from Policy.build or Policy.update', actual: {} }]))
    expect(run(decoded, w, null)).toEqual(E.left([{ _tag: 'Decode', path: ['options'], expected: 'an object of options', actual: null }]))
    expect(run(decoded, w, { dataplane: 'BPF', trace: 'no' })).toEqual(
      E.left([
        { _tag: 'Decode', path: ['options', 'dataplane'], expected: 'one of "iptables", "bpf"', actual: 'BPF' },
        { _tag: 'Decode', path: ['options', 'trace'], expected: 'a boolean', actual: 'no' },
      ]),
    )
  })
})
