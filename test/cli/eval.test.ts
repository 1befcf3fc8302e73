import { describe, expect, it } from 'vitest'
import { FIX, cli } from './cli.js'

const PACKET = 'tcp 203.0.113.99:40000 -> 198.51.100.20:22 in eth0'
const usage = (message: string) => `calico-policy eval: ${message}\nRun 'calico-policy eval --help' for usage.\n`

describe('calico-policy eval --packets', () => {
  it('prints one JSON line per input line, in order, echoing ids; blank and invalid lines get an error line', async () => {
    const r = await cli(['eval', 'examples/bastion', '--packets', `${FIX}/bastion-packets.jsonl`, '--output', 'verdict'])
    expect(r).toEqual({
      code: 1,
      err: '',
      out: [
        '{"id":"ssh-admin","verdict":"Allow","trafficType":"ToHost"}',
        '{"error":"line 2: blank line"}',
        '{"verdict":"Deny","trafficType":"ToHost"}',
        '{"verdict":"Allow","trafficType":"FromHost"}',
        '{"id":7,"error":"line 5: src: \\"nope\\" is not an IPv4 or IPv6 address"}',
        `{"error":"line 6: not JSON: Expected property name or '}' in JSON at position 1"}`,
        '{"verdict":"NoVerdict","trafficType":"ToHost"}',
        '',
      ].join('\n'),
    })
  })
  it('adds the trace with --output full (the default)', async () => {
    const r = await cli(['eval', 'examples/bastion', '--packets', `${FIX}/bastion-packets.jsonl`])
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.map((l) => Object.keys(l))).toEqual([
      ['id', 'verdict', 'trafficType', 'trace'],
      ['error'],
      ['verdict', 'trafficType', 'trace'],
      ['verdict', 'trafficType', 'trace'],
      ['id', 'error'],
      ['error'],
      ['verdict', 'trafficType', 'trace'],
    ])
    expect(lines[6]).toEqual({ verdict: 'NoVerdict', trafficType: 'ToHost', trace: [{ stage: 'noHostEndpoint', interface: 'eth9', direction: 'ingress', result: 'None' }] })
  })
  it('reports a --packets file it cannot read in one line with exit status 1', async () => {
    expect(await cli(['eval', 'examples/bastion', '--packets', `${FIX}/none.jsonl`])).toEqual({ code: 1, out: '', err: `--packets "${FIX}/none.jsonl": no such file or directory\n` })
    expect(await cli(['eval', 'examples/bastion', '--packets', FIX])).toEqual({ code: 1, out: '', err: `--packets "${FIX}": is a directory\n` })
  })
  it('waits for standard output to drain before writing the next line', async () => {
    const events: string[] = []
    let release: () => void = () => {}
    const r = await cli(['eval', 'examples/bastion', '--packets', `${FIX}/bastion-packets.jsonl`, '--output', 'verdict'], {
      out: (s) => {
        events.push(s.slice(0, 12))
        if (events.length !== 1) return
        // The first write fills the pipe: nothing more may be written until it drains.
        return new Promise<void>((resolve) => {
          release = resolve
          setTimeout(() => {
            events.push('drained')
            release()
          }, 20)
        })
      },
    })
    expect(r.code).toBe(1)
    expect(events.slice(0, 3)).toEqual(['{"id":"ssh-a', 'drained', '{"error":"li'])
    expect(events).toHaveLength(8)
  })
  it('stops reading packets once standard output is closed', async () => {
    let written = 0
    const r = await cli(['eval', 'examples/bastion', '--packets', `${FIX}/bastion-packets.jsonl`], {
      out: () => {
        written++
      },
      closed: () => written >= 2,
    })
    expect([r.code, written]).toEqual([1, 2])
  })
  it('rejects --output without --packets and an unknown --output', async () => {
    expect(await cli(['eval', 'examples/bastion', '--output', 'verdict', '--packet', PACKET])).toEqual({ code: 2, out: '', err: usage('--output applies to --packets only') })
    expect(await cli(['eval', 'examples/bastion', '--output', 'short', '--packets', '-'])).toEqual({ code: 2, out: '', err: usage('--output must be full or verdict, not "short"') })
  })
})

describe('calico-policy eval --packet', () => {
  it('explains each packet in readable text', async () => {
    const r = await cli(['eval', 'examples/bastion', '--packet', PACKET])
    expect(r).toEqual({
      code: 0,
      err: '',
      out: [
        PACKET,
        '  Deny (ToHost)',
        '  1. normal ingress (HostEndpoint bastion-1.eth0 on eth0): Deny',
        '       tier security (default action Pass): Deny by rule',
        '         GlobalNetworkPolicy security.block-threats [index 0]: #0 Log (match), #1 Deny (match) -> Deny',
        '       enforced: 0|security|gnp:security.block-threats|deny|1',
        '',
        '',
      ].join('\n'),
    })
  })
  it('applies --felix-config in felix syntax and --json', async () => {
    const packet = 'tcp 10.1.2.3:40000 -> 198.51.100.20:22 in eth0'
    const before = JSON.parse((await cli(['eval', 'examples/bastion', '--json', '--packet', packet])).out)
    const after = JSON.parse((await cli(['eval', 'examples/bastion', '--json', '--felix-config', 'FailsafeInboundHostPorts=none', '--packet', packet])).out)
    expect([before.verdict, after.verdict]).toEqual(['Allow', 'Deny'])
  })
  it('reports usage errors with exit status 2', async () => {
    expect(await cli(['eval', 'examples/bastion'])).toEqual({ code: 2, out: '', err: usage('give either --packet SPEC (repeatable) or --packets FILE.jsonl') })
    expect(await cli(['eval', '--packet', PACKET])).toEqual({ code: 2, out: '', err: usage('eval needs at least one resource file or directory') })
    expect(await cli(['eval', 'examples/bastion', '--dataplane', 'xdp', '--packet', PACKET])).toEqual({ code: 2, out: '', err: usage('--dataplane must be iptables or bpf, not "xdp"') })
    expect((await cli(['eval', 'examples/bastion', '--felix-config', 'Nope=1', '--packet', PACKET])).code).toBe(2)
    expect(await cli(['eval', 'examples/k8s-node', '--packet', PACKET])).toEqual({
      code: 2,
      out: '',
      err: usage('--node is required (the resources name several nodes: "cp-1", "worker-1")'),
    })
  })
  it('reports a bad --felix-config InterfaceExclude regex as a usage error', async () => {
    expect(await cli(['eval', 'examples/bastion', '--felix-config', 'InterfaceExclude=/[/', '--packet', PACKET])).toEqual({
      code: 2,
      out: '',
      err: usage('--felix-config: felixConfig.interfaceExclude: list contains invalid Linux interface name or regex pattern: "/[/"'),
    })
  })
  it('reads --felix-config __proto__=x as an ordinary (unknown) name, never dropping it', async () => {
    for (const cmd of [['eval', 'examples/bastion', '--packet', PACKET], ['emit', 'iptables', 'examples/bastion', '--stdout']]) {
      const r = await cli([...cmd, '--felix-config', '__proto__=x'])
      expect(r.code).toBe(2)
      expect(r.err).toMatch(/^calico-policy e(val|mit): --felix-config: __proto__: unknown Felix parameter \(known: InterfacePrefix, /)
    }
  })
  it('rejects a --node that no endpoint names, listing the known nodes', async () => {
    expect(await cli(['eval', 'examples/bastion', '--node', 'bastion-2', '--packet', PACKET])).toEqual({
      code: 2,
      out: '',
      err: usage('--node "bastion-2": no endpoint in the resources names it (known nodes: "bastion-1")'),
    })
  })
  it('validates --interface names and addresses, taking ADDR/LEN as ADDR', async () => {
    const withCidr = await cli(['eval', 'examples/bastion', '--interface', 'eth0=198.51.100.20/24', '--json', '--packet', PACKET])
    const plain = await cli(['eval', 'examples/bastion', '--interface', 'eth0=198.51.100.20', '--json', '--packet', PACKET])
    expect(JSON.parse(withCidr.out).verdict).toBe('Deny')
    expect(withCidr.out).toBe(plain.out)
    expect(await cli(['eval', 'examples/bastion', '--interface', 'eth0=010.0.0.2', '--packet', PACKET])).toEqual({
      code: 2,
      out: '',
      err: usage('--interface "eth0=010.0.0.2": not an IPv4 or IPv6 address (optionally with /len): "010.0.0.2"'),
    })
    expect(await cli(['eval', 'examples/bastion', '--interface', 'eth0=10.0.0.2,not-an-ip', '--packet', PACKET])).toEqual({
      code: 2,
      out: '',
      err: usage('--interface "eth0=10.0.0.2,not-an-ip": not an IPv4 or IPv6 address (optionally with /len): "not-an-ip"'),
    })
    expect(await cli(['eval', 'examples/bastion', '--interface', 'eth0=10.0.0.2/33', '--packet', PACKET])).toEqual({
      code: 2,
      out: '',
      err: usage('--interface "eth0=10.0.0.2/33": not an IPv4 or IPv6 address (optionally with /len): "10.0.0.2/33"'),
    })
    expect(await cli(['eval', 'examples/bastion', '--interface', 'a b=10.0.0.2', '--packet', PACKET])).toEqual({
      code: 2,
      out: '',
      err: usage('--interface "a b=10.0.0.2": an interface name cannot contain white space, control characters, "/" or ":": "a b"'),
    })
    expect((await cli(['eval', 'examples/bastion', '--interface', '=10.0.0.2', '--packet', PACKET])).err).toBe(usage('--interface: "=10.0.0.2" is not NAME=VALUE'))
  })
  it('reports a packet it cannot read and invalid resources with exit status 1', async () => {
    expect(await cli(['eval', 'examples/bastion', '--packet', 'tcp 1.1.1.1 => 2.2.2.2'])).toEqual({
      code: 1,
      out: '',
      err: `--packet "tcp 1.1.1.1 => 2.2.2.2": line 1:13: expected '->'\n`,
    })
    const invalid = await cli(['eval', `${FIX}/broken/policies.yaml`, '--node', 'n', '--max-errors', '1', '--packet', PACKET])
    expect(invalid).toEqual({
      code: 1,
      out: '',
      err: `${FIX}/broken/policies.yaml, document 1, GlobalNetworkPolicy allow-ssh: spec.ingress[0].sourc: unknown field "sourc"\n... and 3 more errors\n`,
    })
  })
})
