import { describe, expect, it } from 'vitest'
import { failsafeMatch } from '../../src/eval/failsafe.js'
import { viewOf } from '../../src/eval/packet.js'
import { parsePrefix, type Prefix } from '../../src/policy/address.js'
import { defaultSettings } from '../../src/policy/settings.js'
import { pkt } from './hand-world.js'

const view = (text: string) => viewOf(pkt(text)).post

describe('failsafeMatch', () => {
  it('filter and mangle: inbound entries by destination port on ingress, outbound on egress', () => {
    expect(failsafeMatch(defaultSettings, 'filter', 'ingress', view('tcp 1.1.1.1:5000 -> 2.2.2.2:22 in eth0'))).toEqual({
      list: 'inbound',
      entry: { protocol: 'tcp', port: 22 },
      matchedOn: 'destination-port',
    })
    expect(failsafeMatch(defaultSettings, 'mangle', 'ingress', view('udp 1.1.1.1:5000 -> 2.2.2.2:68 in eth0'))?.entry).toEqual({ protocol: 'udp', port: 68 })
    expect(failsafeMatch(defaultSettings, 'filter', 'ingress', view('udp 1.1.1.1:5000 -> 2.2.2.2:22 in eth0'))).toBeUndefined()
    expect(failsafeMatch(defaultSettings, 'filter', 'egress', view('tcp 2.2.2.2:5000 -> 1.1.1.1:22 out eth0'))).toBeUndefined()
    expect(failsafeMatch(defaultSettings, 'filter', 'egress', view('udp 2.2.2.2:5000 -> 1.1.1.1:53 out eth0'))?.entry).toEqual({ protocol: 'udp', port: 53 })
    // replies are only accepted in raw (filter relies on conntrack)
    expect(failsafeMatch(defaultSettings, 'filter', 'ingress', view('udp 1.1.1.1:53 -> 2.2.2.2:5000 in eth0'))).toBeUndefined()
  })

  it('raw also accepts replies: outbound entries by source port on ingress, inbound on egress', () => {
    expect(failsafeMatch(defaultSettings, 'raw', 'ingress', view('udp 1.1.1.1:53 -> 2.2.2.2:5000 in eth0'))).toEqual({
      list: 'outbound',
      entry: { protocol: 'udp', port: 53 },
      matchedOn: 'source-port',
    })
    expect(failsafeMatch(defaultSettings, 'raw', 'egress', view('tcp 2.2.2.2:22 -> 1.1.1.1:5000 out eth0'))).toEqual({
      list: 'inbound',
      entry: { protocol: 'tcp', port: 22 },
      matchedOn: 'source-port',
    })
  })

  it('a net narrows an entry to one family and to the remote network', () => {
    const net = (n: string) => ({ net: n, prefix: parsePrefix(n) as Prefix })
    const settings = {
      ...defaultSettings,
      failsafeInbound: [{ protocol: 'tcp' as const, port: 22, ...net('fd00::/64') }],
      failsafeOutbound: [{ protocol: 'tcp' as const, port: 443, ...net('10.0.0.0/8') }],
    }
    expect(failsafeMatch(settings, 'filter', 'ingress', view('tcp [fd00::5]:1 -> [fd00:1::1]:22 in eth0'))?.entry.net).toBe('fd00::/64')
    expect(failsafeMatch(settings, 'filter', 'ingress', view('tcp [fd01::5]:1 -> [fd00:1::1]:22 in eth0'))).toBeUndefined()
    expect(failsafeMatch(settings, 'filter', 'ingress', view('tcp 10.0.0.5:1 -> 10.0.0.1:22 in eth0'))).toBeUndefined()
    expect(failsafeMatch(settings, 'filter', 'egress', view('tcp 192.168.0.1:1 -> 10.1.1.1:443 out eth0'))?.entry.net).toBe('10.0.0.0/8')
    expect(failsafeMatch(settings, 'raw', 'ingress', view('tcp 10.1.1.1:443 -> 192.168.0.1:1 in eth0'))?.matchedOn).toBe('source-port')
    expect(failsafeMatch(settings, 'raw', 'ingress', view('tcp 11.1.1.1:443 -> 192.168.0.1:1 in eth0'))).toBeUndefined()
    expect(failsafeMatch(settings, 'raw', 'egress', view('tcp [fd00:1::1]:22 -> [fd00::5]:1 out eth0'))?.matchedOn).toBe('source-port')
  })
})
