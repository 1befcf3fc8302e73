import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { felixParamField, felixParamNames, parseFelixParams } from '../../src/model/felix-params.js'

describe('parseFelixParams', () => {
  it('parses names case-insensitively, with or without FELIX_, and values as felix does', () => {
    expect(
      parseFelixParams({
        DefaultEndpointToHostAction: 'accept',
        FELIX_FAILSAFEINBOUNDHOSTPORTS: 'tcp:22, udp:68',
        failsafeOutboundHostPorts: 'none',
        InterfacePrefix: 'cali, tap',
        DisableConntrackInvalidCheck: 'yes',
        VXLANEnabled: 'f',
        IpInIpEnabled: '',
        IptablesMarkMask: '0xff000000',
        VXLANPort: '0x12b5',
        LogActionRateLimitBurst: '010',
        IptablesBackend: 'nft',
        ChainInsertMode: 'APPEND',
      }),
    ).toEqual(
      E.right({
        defaultEndpointToHostAction: 'Accept',
        failsafeInboundHostPorts: [
          { protocol: 'TCP', port: 22 },
          { protocol: 'UDP', port: 68 },
        ],
        failsafeOutboundHostPorts: [],
        interfacePrefix: 'cali,tap',
        disableConntrackInvalidCheck: true,
        vxlanEnabled: false,
        iptablesMarkMask: 0xff000000,
        vxlanPort: 4789,
        logActionRateLimitBurst: 8,
        iptablesBackend: 'NFT',
        chainInsertMode: 'Append',
      }),
    )
  })
  it('reports every unknown name and bad value with the name as path', () => {
    expect(parseFelixParams({ Bogus: '1', DefaultEndpointToHostAction: 'allow', VXLANPort: 'x', BPFEnabled: 'maybe', IptablesMarkMask: '0' })).toEqual(
      E.left([
        { _tag: 'Invalid', path: ['Bogus'], message: `unknown Felix parameter (known: ${felixParamNames.join(', ')})` },
        { _tag: 'Invalid', path: ['DefaultEndpointToHostAction'], message: '"allow": unknown option (one of Drop, Accept, Return)' },
        { _tag: 'Invalid', path: ['VXLANPort'], message: '"x": invalid int' },
        { _tag: 'Invalid', path: ['BPFEnabled'], message: '"maybe": invalid boolean' },
        { _tag: 'Invalid', path: ['IptablesMarkMask'], message: '"0": invalid mark: needs to have bits set' },
      ]),
    )
  })
  it('rejects out-of-range integers and bad failsafe lists', () => {
    const r = parseFelixParams({ LogActionRateLimitBurst: '10000', FailsafeInboundHostPorts: 'icmp:1' })
    expect(E.isLeft(r) && r.left.map((e) => e.path[0])).toEqual(['LogActionRateLimitBurst', 'FailsafeInboundHostPorts'])
    expect(E.isLeft(r) && r.left[0]).toEqual({ _tag: 'Invalid', path: ['LogActionRateLimitBurst'], message: '"10000": value must be at most 9999' })
  })
})

describe('parseFelixParams on names of Object.prototype members and on garbage', () => {
  const unknown = (name: string) => ({ _tag: 'Invalid', path: [name], message: `unknown Felix parameter (known: ${felixParamNames.join(', ')})` })
  it('reports constructor, __proto__, toString and their FELIX_/case variants as unknown names', () => {
    const params = JSON.parse('{"constructor":"x","__proto__":"x","CONSTRUCTOR":"x","felix_constructor":"x","toString":"x","hasOwnProperty":"x"}') as Record<string, string>
    expect(parseFelixParams(params)).toEqual(
      E.left(['constructor', '__proto__', 'CONSTRUCTOR', 'felix_constructor', 'toString', 'hasOwnProperty'].map(unknown)),
    )
  })
  it('maps no prototype member to a field', () => {
    expect(['constructor', '__proto__', 'toString', 'FELIX_valueOf'].map(felixParamField)).toEqual([undefined, undefined, undefined, undefined])
  })
  it('returns a Left for a non-object or a non-string value instead of throwing', () => {
    const call = parseFelixParams as (u: unknown) => unknown
    expect([null, 42, 'x', []].map(call)).toEqual(
      [null, 42, 'x', []].map((actual) => E.left([{ _tag: 'Decode', path: [], expected: 'an object of felix parameter names to string values', actual }])),
    )
    expect(call({ BPFEnabled: true, VXLANPort: null })).toEqual(
      E.left([
        { _tag: 'Decode', path: ['BPFEnabled'], expected: 'a string', actual: true },
        { _tag: 'Decode', path: ['VXLANPort'], expected: 'a string', actual: null },
      ]),
    )
  })
})

describe('felixParamField', () => {
  it('maps felix names, any case and with FELIX_, to FelixConfiguration spec fields', () => {
    expect(['IpInIpEnabled', 'FELIX_VXLANPORT', 'defaultEndpointToHostAction', 'NodeSelector'].map(felixParamField)).toEqual([
      'ipipEnabled',
      'vxlanPort',
      'defaultEndpointToHostAction',
      undefined,
    ])
    expect(felixParamNames.every((n) => felixParamField(n) !== undefined)).toBe(true)
  })
})
