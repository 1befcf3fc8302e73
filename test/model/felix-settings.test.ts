import { describe, expect, it } from 'vitest'
import { decodeFelixConfiguration, type FelixConfiguration } from '../../src/model/felix-configuration.js'
import {
  effectiveFelixConfig,
  felixDefaults,
  formatFailsafePorts,
  isExcludedInterface,
  isWorkloadInterface,
  parseFailsafePorts,
  parseInterfaceExclude,
} from '../../src/model/felix-settings.js'
import { E } from '../../src/internal/fp.js'

const fc = (name: string, spec: unknown, creationTimestamp?: string): FelixConfiguration => {
  const r = decodeFelixConfiguration({
    apiVersion: 'projectcalico.org/v3',
    kind: 'FelixConfiguration',
    metadata: { name, ...(creationTimestamp === undefined ? {} : { creationTimestamp }) },
    spec,
  })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

describe('felixDefaults', () => {
  it('are felix’s built-in values', () => {
    expect(felixDefaults).toEqual({
      interfacePrefixes: ['cali'],
      interfaceExclude: [{ _tag: 'Exact', name: 'kube-ipvs0' }],
      chainInsertMode: 'Insert',
      defaultEndpointToHostAction: 'Drop',
      iptablesFilterAllowAction: 'Accept',
      iptablesMangleAllowAction: 'Accept',
      iptablesFilterDenyAction: 'Drop',
      nftablesFilterAllowAction: 'Accept',
      nftablesMangleAllowAction: 'Accept',
      nftablesFilterDenyAction: 'Drop',
      iptablesMarkMask: 0xffff0000,
      nftablesMarkMask: 0xffff0000,
      logPrefix: 'calico-packet',
      logActionRateLimit: null,
      logActionRateLimitBurst: 5,
      failsafeInboundHostPorts: E.getOrElseW(() => [])(parseFailsafePorts('tcp:22,udp:68,tcp:179,tcp:2379,tcp:2380,tcp:5473,tcp:6443,tcp:6666,tcp:6667')),
      failsafeOutboundHostPorts: E.getOrElseW(() => [])(parseFailsafePorts('udp:53,udp:67,tcp:179,tcp:2379,tcp:2380,tcp:5473,tcp:6443,tcp:6666,tcp:6667')),
      disableConntrackInvalidCheck: false,
      allowVXLANPacketsFromWorkloads: false,
      allowIPIPPacketsFromWorkloads: false,
      vxlanEnabled: null,
      vxlanPort: 4789,
      vxlanVNI: 4096,
      ipipEnabled: null,
      wireguardEnabled: false,
      wireguardEnabledV6: false,
      wireguardListeningPort: 51820,
      wireguardListeningPortV6: 51821,
      serviceLoopPrevention: 'Drop',
      workloadSourceSpoofing: 'Disabled',
      bpfEnabled: false,
      nftablesMode: 'Auto',
      iptablesBackend: 'Auto',
      ipv6Support: true,
      other: {},
    })
    expect(felixDefaults.failsafeInboundHostPorts.length).toBe(9)
  })
})

describe('parseFailsafePorts', () => {
  it('parses every entry form', () => {
    expect(parseFailsafePorts('tcp:22, udp:68, tcp:10.0.0.0/8:5000, udp:[fd00::/8]:53, 443, UDP:10.1.2.3:161')).toEqual(
      E.right([
        { protocol: 'TCP', port: 22 },
        { protocol: 'UDP', port: 68 },
        { protocol: 'TCP', port: 5000, net: '10.0.0.0/8' },
        { protocol: 'UDP', port: 53, net: 'fd00::/8' },
        { protocol: 'TCP', port: 443 },
        { protocol: 'UDP', port: 161, net: '10.1.2.3/32' },
      ]),
    )
  })
  it('none, empty text and empty entries', () => {
    expect(parseFailsafePorts('none')).toEqual(E.right([]))
    expect(parseFailsafePorts('NONE')).toEqual(E.right([]))
    expect(parseFailsafePorts('')).toEqual(E.right([]))
    expect(parseFailsafePorts('22,,')).toEqual(E.right([{ protocol: 'TCP', port: 22 }]))
  })
  it('reports felix’s reasons', () => {
    expect(parseFailsafePorts('sctp:9')).toEqual(E.left('unknown protocol: sctp'))
    expect(parseFailsafePorts('tcp:ssh')).toEqual(E.left('ports should be integers'))
    expect(parseFailsafePorts('tcp:70000')).toEqual(E.left('ports must be in range 0-65535'))
    expect(parseFailsafePorts('tcp:1:2:3:4')).toEqual(E.left('ports should be <protocol>:<net>:<number> or <protocol>:<number> or <number>'))
    expect(parseFailsafePorts('tcp:10.0.0.300:22')).toEqual(E.left('invalid CIDR or IP 10.0.0.300'))
  })
  it('formatFailsafePorts is its inverse', () => {
    const text = 'tcp:22,udp:[fd00::/8]:53,tcp:10.0.0.0/8:5000'
    const parsed = parseFailsafePorts(text)
    expect(E.map(formatFailsafePorts)(parsed)).toEqual(E.right(text))
    expect(formatFailsafePorts([])).toBe('none')
  })
})

describe('interface helpers', () => {
  it('parseInterfaceExclude reads names and /regex/ entries', () => {
    expect(parseInterfaceExclude('kube-ipvs0,/^veth.*$/')).toEqual([
      { _tag: 'Exact', name: 'kube-ipvs0' },
      { _tag: 'Regex', source: '^veth.*$' },
    ])
  })
  it('isExcludedInterface and isWorkloadInterface', () => {
    const s = { interfaceExclude: parseInterfaceExclude('kube-ipvs0,/^veth/'), interfacePrefixes: ['cali', 'tap'] }
    expect(['kube-ipvs0', 'kube-ipvs1', 'veth12', 'eth0'].map(isExcludedInterface(s))).toEqual([true, false, true, false])
    expect(['cali123', 'tap9', 'eth0'].map(isWorkloadInterface(s))).toEqual([true, true, false])
  })
})

describe('effectiveFelixConfig', () => {
  it('with no resources gives the defaults', () => {
    expect(effectiveFelixConfig([], 'node1')).toEqual(felixDefaults)
  })
  it('layers default < node.<name>, field by field, ignoring other nodes', () => {
    const configs = [
      fc('default', { defaultEndpointToHostAction: 'Accept', logPrefix: 'global', bpfLogLevel: 'Debug', failsafeInboundHostPorts: [] }),
      fc('node.node1', { logPrefix: 'node1', interfacePrefix: 'cali,tap', healthPort: 9100 }),
      fc('node.node2', { defaultEndpointToHostAction: 'Return' }),
    ]
    expect(effectiveFelixConfig(configs, 'node1')).toEqual({
      ...felixDefaults,
      defaultEndpointToHostAction: 'Accept',
      logPrefix: 'node1',
      interfacePrefixes: ['cali', 'tap'],
      failsafeInboundHostPorts: [],
      other: { bpfLogLevel: 'Debug', healthPort: 9100 },
    })
    expect(effectiveFelixConfig(configs, 'node2').defaultEndpointToHostAction).toBe('Return')
  })
  it('selector-scoped configurations sit between default and node, the oldest match wins', () => {
    const configs = [
      fc('default', { logPrefix: 'global', vxlanPort: 4790 }),
      fc('zone-a-new', { nodeSelector: "zone == 'a'", logPrefix: 'new' }, '2024-06-01T00:00:00Z'),
      fc('zone-a-old', { nodeSelector: "zone == 'a'", logPrefix: 'old', vxlanPort: 4791 }, '2024-01-01T00:00:00Z'),
      fc('zone-b', { nodeSelector: "zone == 'b'", logPrefix: 'b' }, '2023-01-01T00:00:00Z'),
      fc('node.node1', { vxlanPort: 4792 }),
    ]
    const matches = (s: string) => s === "zone == 'a'"
    const s = effectiveFelixConfig(configs, 'node1', { nodeSelectorMatches: matches })
    expect([s.logPrefix, s.vxlanPort, s.other]).toEqual(['old', 4792, {}])
    expect(effectiveFelixConfig(configs, 'node1').logPrefix).toBe('global')
  })
  it('overrides (config file, environment) beat every resource', () => {
    const configs = [fc('node.node1', { bpfEnabled: true })]
    const s = effectiveFelixConfig(configs, 'node1', { overrides: { bpfEnabled: false, failsafeOutboundHostPorts: [] } })
    expect([s.bpfEnabled, s.failsafeOutboundHostPorts]).toEqual([false, []])
  })
  it('keeps failsafe nets and typed booleans', () => {
    const s = effectiveFelixConfig(
      [fc('default', { failsafeOutboundHostPorts: [{ protocol: 'UDP', port: 53, net: '10.96.0.10' }], vxlanEnabled: true, ipipEnabled: false })],
      'n',
    )
    expect([s.failsafeOutboundHostPorts, s.vxlanEnabled, s.ipipEnabled]).toEqual([[{ protocol: 'UDP', port: 53, net: '10.96.0.10/32' }], true, false])
  })
})
