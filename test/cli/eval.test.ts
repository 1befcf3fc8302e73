import { describe, expect, it } from 'vitest'
import { nodeIo, type Io } from '../../src/cli/io.js'
import { run } from '../../src/cli/run.js'

const cli = async (...argv: string[]) => {
  let out = ''
  let err = ''
  const io: Io = { ...nodeIo, out: (s) => (out += s), err: (s) => (err += s) }
  const code = await run(io, argv)
  return { code, out, err }
}

describe('calico-policy eval --packets', () => {
  it('prints one JSON decision or error per non-empty input line, in order, and exits 1 on bad lines', async () => {
    const r = await cli('eval', 'examples/bastion', '--packets', 'test/fixtures/cli/bastion-packets.jsonl')
    expect(r.code).toBe(1)
    expect(r.err).toBe('')
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.map((l) => l['verdict'] ?? 'error')).toEqual(['Allow', 'Deny', 'Allow', 'error', 'error', 'NoVerdict'])
    expect(lines.map((l) => l['trafficType'] ?? null)).toEqual(['ToHost', 'ToHost', 'FromHost', null, null, 'ToHost'])
    expect(lines[3]).toEqual({ error: 'line 5: src: "nope" is not an IPv4 or IPv6 address' })
    expect(String(lines[4]?.['error'])).toMatch(/^line 6: not JSON: /)
    expect(Object.keys(lines[0] ?? {})).toEqual(['verdict', 'trafficType', 'trace'])
  })
})

describe('calico-policy eval --packet', () => {
  it('explains each packet in readable text', async () => {
    const r = await cli('eval', 'examples/bastion', '--packet', 'tcp 203.0.113.99:40000 -> 198.51.100.20:22 in eth0')
    expect(r).toEqual({
      code: 0,
      err: '',
      out: [
        'tcp 203.0.113.99:40000 -> 198.51.100.20:22 in eth0',
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
    const before = JSON.parse((await cli('eval', 'examples/bastion', '--json', '--packet', packet)).out)
    const after = JSON.parse((await cli('eval', 'examples/bastion', '--json', '--felix-config', 'FailsafeInboundHostPorts=none', '--packet', packet)).out)
    expect([before.verdict, after.verdict]).toEqual(['Allow', 'Deny'])
  })
  it('reports usage errors with exit status 2', async () => {
    expect((await cli('eval', 'examples/bastion')).err).toMatch(/give either --packet SPEC/)
    expect((await cli('eval', '--packet', 'tcp 1.1.1.1 -> 2.2.2.2')).code).toBe(2)
    expect((await cli('eval', 'examples/bastion', '--dataplane', 'xdp', '--packet', 'tcp 1.1.1.1 -> 2.2.2.2')).code).toBe(2)
    expect((await cli('eval', 'examples/bastion', '--felix-config', 'Nope=1', '--packet', 'tcp 1.1.1.1 -> 2.2.2.2')).code).toBe(2)
    const several = await cli('eval', 'examples/k8s-node', '--packet', 'tcp 1.1.1.1 -> 2.2.2.2')
    expect(several).toEqual({
      code: 2,
      out: '',
      err: "calico-policy eval: --node is required (the resources name several nodes: cp-1, worker-1)\nRun 'calico-policy help' for usage.\n",
    })
  })
  it('reports a packet it cannot read and invalid resources with exit status 1', async () => {
    const bad = await cli('eval', 'examples/bastion', '--packet', 'tcp 1.1.1.1 => 2.2.2.2')
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/^--packet "tcp 1\.1\.1\.1 => 2\.2\.2\.2": /)
    const invalid = await cli('eval', 'test/fixtures/cli/broken/policies.yaml', '--node', 'n', '--packet', 'tcp 1.1.1.1 -> 2.2.2.2')
    expect(invalid.code).toBe(1)
    expect(invalid.err.split('\n')[0]).toBe(
      'test/fixtures/cli/broken/policies.yaml, document 1, GlobalNetworkPolicy allow-ssh: spec.ingress[0].sourc: unknown field "sourc"',
    )
  })
})
