import { describe, expect, it } from 'vitest'
import { explain } from '../../src/eval/explain.js'
import { formatHit } from '../../src/eval/trace.js'
import { allowAll, evaluateOk, hep, missingProfile, pkt, policy, ports, profile, wep, world } from './hand-world.js'

describe('explain', () => {
  const http = policy({ name: 'allow-http', order: 10, ingress: [{ action: 'Allow', protocol: 6, dst: { ports: ports(80) } }] })
  const staged = policy({ name: 'sdeny', kind: 'StagedGlobalNetworkPolicy', ingress: [{ action: 'Deny' }] })
  const kns = profile('kns.default', [{ action: 'Allow' }], [{ action: 'Allow' }])
  const w = world({
    heps: [hep({ name: 'hep-eth0', interfaceName: 'eth0', policies: [http, staged], profiles: [allowAll] })],
    weps: [wep({ name: 'p0', interfaceName: 'cali0', profiles: [kns] }), wep({ name: 'p1', interfaceName: 'cali1', profiles: [missingProfile('kns.gone')] })],
  })
  const text = (p: string) => explain(evaluateOk(w)(pkt(p)))

  it('renders tiers, policies, rules, and enforced and pending hits', () => {
    expect(text('tcp 10.0.0.5:40000 -> 10.0.0.1:8055 in eth0')).toBe(
      [
        'Deny (ToHost)',
        '1. normal ingress (HostEndpoint hep-eth0 on eth0): Deny',
        '     tier default (default action Deny): end of tier: Deny',
        '       GlobalNetworkPolicy allow-http [index 0]: #0 Allow -> no match',
        '       StagedGlobalNetworkPolicy sdeny [index 0] (staged, not enforced): #0 Deny (match) -> would Deny',
        '     enforced: 1|default|gnp:allow-http|deny|-1',
        '     pending: 0|default|sgnp:sdeny|deny|0',
      ].join('\n'),
    )
  })

  it('renders failsafes, profiles, default actions and unpoliced interfaces', () => {
    expect(text('tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0')).toBe(
      ['Allow (ToHost)', '1. failsafe (filter table, normal ingress, HostEndpoint hep-eth0 on eth0): inbound tcp:22 on destination-port -> Allow'].join('\n'),
    )
    expect(text('tcp 10.65.0.2:1 -> 10.0.0.1:80 in cali0')).toBe(
      [
        'Deny (WorkloadToHost)',
        '1. workload egress (WorkloadEndpoint default/p0 on cali0): no decision',
        '     no policies',
        '2. profiles egress (WorkloadEndpoint default/p0 on cali0): Allow',
        '     profile kns.default: #0 Allow (match) -> Allow',
        '     hit: 0|__PROFILE__|pro:kns.default|allow|0',
        '3. DefaultEndpointToHostAction Drop -> Deny',
      ].join('\n'),
    )
    expect(text('tcp 10.65.0.2:1 -> 10.65.0.3:80 in cali0 out cali1').split('\n').slice(-3)).toEqual([
      '4. profiles ingress (WorkloadEndpoint default/p1 on cali1): Deny',
      '     profile kns.gone (missing: deny all): #0 Deny (match) -> Deny',
      '     hit: 0|__PROFILE__|pro:kns.gone|deny|0',
    ])
    expect(text('tcp 10.0.0.5:40000 -> 10.0.0.1:8055 in eth1')).toBe(
      ['No verdict (the host decides) (ToHost)', '1. no host endpoint covers eth1 (ingress): not policed by Calico -> no verdict'].join('\n'),
    )
    expect(text('tcp 10.0.0.1:40000 -> 10.65.0.2:80 out cali0')).toBe(
      ['No verdict (the host decides) (HostToWorkload)', '1. host to local workload on cali0: not policed by Calico -> no verdict'].join('\n'),
    )
  })
})

describe('formatHit', () => {
  it('uses the flow-log label format', () => {
    expect(
      formatHit({ kind: 'NetworkPolicy', name: 'allow-dns', namespace: 'kube-system', tier: 'default', action: 'Allow', policyIndex: 2, ruleIndex: 1, trigger: 'rule' }),
    ).toBe('2|default|np:kube-system/allow-dns|allow|1')
  })
})
