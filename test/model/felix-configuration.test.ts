import { describe, expect, it } from 'vitest'
import { decodeFelixConfiguration, felixConfigurationFields } from '../../src/model/felix-configuration.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const fc = (spec: unknown, name = 'default') => ({ apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name }, spec })
const specOf = (spec: unknown, name = 'default') => {
  const r = decodeFelixConfiguration(fc(spec, name))
  if (E.isLeft(r)) throw new Error(r.left.map(formatError).join('\n'))
  return r.right.spec
}
const messages = (spec: unknown, name = 'default') => {
  const r = decodeFelixConfiguration(fc(spec, name))
  return E.isLeft(r) ? r.left.map(formatError) : []
}

describe('FelixConfiguration fields', () => {
  it('accepts every field of FelixConfigurationSpec (188) plus 3 removed ones', () => {
    expect(felixConfigurationFields.length).toBe(191)
    expect(felixConfigurationFields).toEqual(expect.arrayContaining(['bpfMaglevMaxServices', 'healthTimeoutOverrides', 'iptablesLockTimeout', 'nodeSelector']))
  })
  it('decodes a realistic default configuration as calicoctl prints it', () => {
    const spec = {
      bpfConnectTimeLoadBalancing: 'TCP',
      bpfHostNetworkedNATWithoutCTLB: 'Enabled',
      bpfLogLevel: '',
      floatingIPs: 'Disabled',
      healthPort: 9099,
      logSeverityScreen: 'Info',
      reportingInterval: '0s',
      routeTableRanges: [{ min: 1, max: 250 }],
      healthTimeoutOverrides: [{ name: 'InternalDataplaneMainLoop', timeout: '1m30s' }],
      bpfConntrackTimeouts: { tcpEstablished: '1h', tcpFinsSeen: 'Auto' },
      bpfLogFilters: { all: 'tcp' },
      kubeNodePortRanges: ['30000:32767', 30080],
      vxlanVNI: 4096,
      natPortRange: '32768:65000',
      featureDetectOverride: 'SNATFullyRandom=true,MASQFullyRandom=false',
    }
    const { bpfLogLevel: _dropped, ...expected } = spec
    expect(specOf(spec)).toEqual(expected)
  })
  it('empty strings in plain string fields count as absent; in pointer fields they stay', () => {
    expect(specOf({ interfacePrefix: '', defaultEndpointToHostAction: '' })).toEqual({})
    expect(messages({ logActionRateLimit: '' })).toEqual([
      'spec.logActionRateLimit: "" is not a rate such as "10/second" (1-9999 per second, minute, hour or day)',
    ])
  })
  it('unknown fields are errors', () => {
    expect(messages({ defaultEndpointToHostActon: 'Accept' })).toEqual(['spec.defaultEndpointToHostActon: unknown field "defaultEndpointToHostActon"'])
  })
  it('checks the CRD schema of other fields (enums, durations, ranges)', () => {
    expect(messages({ bpfAttachType: 'XDP', reportingInterval: 'soon', logActionRateLimitBurst: 10000, routeTableRange: { min: 0, max: 10 } })).toEqual([
      'spec.logActionRateLimitBurst: 10000 is not an integer from 0 to 9999',
      'spec.bpfAttachType: "XDP" is not one of "TC", "TCX", "Netkit"',
      'spec.reportingInterval: "soon" is not a duration such as "90s"',
      'spec.routeTableRange: must be a range of route table indices within 1..250',
    ])
    expect(messages({ routeTableRanges: [{ min: 5, max: 1 }] })).toEqual(['spec.routeTableRanges[0]: min must not be greater than max'])
  })
})

describe('FelixConfiguration policy fields', () => {
  it('normalises case-insensitive actions and modes to canonical spelling', () => {
    expect(
      specOf({
        defaultEndpointToHostAction: 'ACCEPT',
        chainInsertMode: 'append',
        iptablesFilterAllowAction: 'return',
        iptablesMangleAllowAction: 'Accept',
        iptablesFilterDenyAction: 'reject',
        nftablesFilterAllowAction: 'RETURN',
        nftablesMangleAllowAction: 'return',
        nftablesFilterDenyAction: 'DROP',
        serviceLoopPrevention: 'reject',
        iptablesBackend: 'nft',
      }),
    ).toEqual({
      defaultEndpointToHostAction: 'Accept',
      chainInsertMode: 'Append',
      iptablesFilterAllowAction: 'Return',
      iptablesMangleAllowAction: 'Accept',
      iptablesFilterDenyAction: 'Reject',
      nftablesFilterAllowAction: 'Return',
      nftablesMangleAllowAction: 'Return',
      nftablesFilterDenyAction: 'Drop',
      serviceLoopPrevention: 'Reject',
      iptablesBackend: 'NFT',
    })
  })
  it('rejects unknown actions', () => {
    expect(messages({ defaultEndpointToHostAction: 'Allow', iptablesFilterDenyAction: 'Return' })).toEqual([
      'spec.defaultEndpointToHostAction: "Allow" is not one of "Drop", "Accept", "Return"',
      'spec.iptablesFilterDenyAction: "Return" is not one of "Drop", "Reject"',
    ])
  })
  it('decodes failsafe lists with canonical nets', () => {
    expect(
      specOf({
        failsafeInboundHostPorts: [{ protocol: 'TCP', port: 22 }, { protocol: 'UDP', port: 53, net: 'fd00::1/8' }],
        failsafeOutboundHostPorts: [],
      }),
    ).toEqual({
      failsafeInboundHostPorts: [{ protocol: 'TCP', port: 22 }, { protocol: 'UDP', port: 53, net: 'fd00::/8' }],
      failsafeOutboundHostPorts: [],
    })
  })
  it('failsafe entries: SCTP is rejected (felix only parses tcp/udp), lowercase and missing protocols too', () => {
    expect(
      messages({
        failsafeInboundHostPorts: [{ protocol: 'SCTP', port: 9 }, { protocol: 'tcp', port: 22 }, { port: 80 }, { protocol: 'UDP', port: 70000, net: 'x' }],
      }),
    ).toEqual([
      "spec.failsafeInboundHostPorts[0].protocol: SCTP failsafe ports pass Calico's API validation but felix rejects them (only TCP and UDP)",
      "spec.failsafeInboundHostPorts[1].protocol: protocol must be 'TCP' or 'UDP' or 'SCTP'.",
      "spec.failsafeInboundHostPorts[2].protocol: missing required field ('TCP' or 'UDP')",
      'spec.failsafeInboundHostPorts[3].port: 70000 is not an integer from 0 to 65535',
      expect.stringMatching(/^spec\.failsafeInboundHostPorts\[3\]\.net: "x" /),
    ])
  })
  it('mark masks need two bits set', () => {
    expect(specOf({ iptablesMarkMask: 0xff000000, nftablesMarkMask: 3 })).toEqual({ iptablesMarkMask: 0xff000000, nftablesMarkMask: 3 })
    expect(messages({ iptablesMarkMask: 0x10000, nftablesMarkMask: 0x1_0000_0000 })).toEqual([
      'spec.iptablesMarkMask: invalid mark: needs to have 2 bits set',
      'spec.nftablesMarkMask: 4294967296 is not an integer from 0 to 4294967295',
    ])
  })
  it('interface lists follow felix syntax', () => {
    expect(specOf({ interfacePrefix: 'cali,tap', interfaceExclude: 'kube-ipvs0,/^veth.*$/' })).toEqual({
      interfacePrefix: 'cali,tap',
      interfaceExclude: 'kube-ipvs0,/^veth.*$/',
    })
    expect(messages({ interfacePrefix: 'cali, tap', interfaceExclude: 'eth0.100' })).toEqual([
      'spec.interfacePrefix: invalid Linux interface name "cali, tap"',
      'spec.interfaceExclude: list contains invalid Linux interface name or regex pattern: "eth0.100"',
    ])
  })
  it('interfaceExclude regexes are RE2, as felix compiles them with Go regexp', () => {
    expect(specOf({ interfaceExclude: '/(?i)ETH0/,/\\Aveth\\z/' })).toEqual({ interfaceExclude: '/(?i)ETH0/,/\\Aveth\\z/' })
    expect(messages({ interfaceExclude: '/(?<=a)b/' })).toEqual(['spec.interfaceExclude: list contains invalid Linux interface name or regex pattern: "/(?<=a)b/"'])
  })
  it('log prefix and rate limit', () => {
    expect(specOf({ logPrefix: 'calico-drop %t/%n:', logActionRateLimit: '10/second' })).toEqual({ logPrefix: 'calico-drop %t/%n:', logActionRateLimit: '10/second' })
    expect(messages({ logPrefix: 'bad"quote', logActionRateLimit: '0/second' })).toEqual([
      `spec.logPrefix: "bad\\"quote" is not a log prefix of letters, digits, '%', ':', ' ', '/', '_' and '-'`,
      'spec.logActionRateLimit: "0/second" is not a rate such as "10/second" (1-9999 per second, minute, hour or day)',
    ])
  })
})

describe('FelixConfiguration CEL rules', () => {
  it('routeTableRange and routeTableRanges cannot both be set', () => {
    expect(messages({ routeTableRange: { min: 1, max: 250 }, routeTableRanges: [{ min: 1, max: 250 }] })).toEqual([
      'spec: routeTableRange and routeTableRanges cannot both be set',
    ])
    expect(messages({ routeTableRange: { min: 1, max: 250 } })).toEqual([])
  })
  it('address families of natOutgoingAddress and device route sources', () => {
    expect(messages({ natOutgoingAddress: '2001:db8::1', deviceRouteSourceAddress: 'x', deviceRouteSourceAddressIPv6: '10.0.0.1' })).toEqual([
      'spec.natOutgoingAddress: natOutgoingAddress must be a valid IPv4 address',
      'spec.deviceRouteSourceAddress: deviceRouteSourceAddress must be a valid IPv4 address',
      'spec.deviceRouteSourceAddressIPv6: deviceRouteSourceAddressIPv6 must be a valid IPv6 address',
    ])
    expect(messages({ natOutgoingAddress: '10.0.0.1', deviceRouteSourceAddressIPv6: '2001:db8::1' })).toEqual([])
  })
  it('nodeSelector only on selector-scoped configurations', () => {
    expect(messages({ nodeSelector: "zone == 'a'" }, 'node.worker-1')).toEqual([
      "spec.nodeSelector: nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration",
    ])
    expect(messages({ nodeSelector: "zone == 'a'" }, 'zone-a')).toEqual([])
  })
})
