import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMAND_USAGE } from '../../src/cli/usage.js'
import { cli, tempDir } from './cli.js'

const golden = (example: string, file: string): string => readFileSync(join('test/emit/golden', example, file), 'utf8')
const FILES = ['ipsets.restore', 'iptables.restore', 'ip6tables.restore', 'origins.json'] as const
const hint = "\nRun 'calico-policy emit --help' for usage.\n"

describe('calico-policy emit', () => {
  it('documents itself', async () => {
    expect(await cli(['emit', '--help'])).toEqual({ code: 0, out: COMMAND_USAGE['emit'], err: '' })
    expect(await cli(['help', 'emit'])).toEqual({ code: 0, out: COMMAND_USAGE['emit'], err: '' })
  })
  it('writes the four files with the same defaults as eval (node and interfaces inferred)', async () => {
    const dir = tempDir()
    try {
      expect(await cli(['emit', 'iptables', '--out', join(dir, 'out'), 'examples/bastion'])).toEqual({ code: 0, out: '', err: '' })
      for (const f of FILES) expect(readFileSync(join(dir, 'out', f), 'utf8')).toBe(golden('bastion', f))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
  it('prints the files with --stdout, with the node and interfaces given', async () => {
    const r = await cli(['emit', 'iptables', '--stdout', '--node', 'worker-1', '--interface', 'eth0=192.168.1.21', '--interface', 'lo=127.0.0.1', 'examples/k8s-node'])
    expect(r).toEqual({ code: 0, out: FILES.map((f) => `==> ${f} <==\n${golden('k8s-node', f)}\n`).join(''), err: '' })
  })
  it('writes ruleset.nft and origins.json for nft', async () => {
    const dir = tempDir()
    try {
      expect(await cli(['emit', 'nft', '--out', dir, 'examples/nat-gateway'])).toEqual({ code: 0, out: '', err: '' })
      expect(readFileSync(join(dir, 'ruleset.nft'), 'utf8')).toBe(golden('nat-gateway', 'ruleset.nft'))
      expect(readFileSync(join(dir, 'origins.json'), 'utf8')).toBe(golden('nat-gateway', 'nft-origins.json'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const r = await cli(['emit', 'nft', '--stdout', '--felix-config', 'NftablesMarkMask=0xff000000', 'examples/bastion'])
    expect(r.code).toBe(0)
    expect(r.out.startsWith('==> ruleset.nft <==\nadd table ip calico\n')).toBe(true)
    expect(r.out).toContain('meta mark & 0x1000000 == 0x1000000')
    expect(await cli(['emit', 'nft', '--stdout', '--felix-config', 'NftablesMangleAllowAction=Return', 'examples/bastion'])).toEqual({
      code: 1,
      out: '',
      err: 'felixConfig: NftablesMangleAllowAction=Return is not supported by the nft backend\n',
    })
  })
  it('takes the mark mask and deny action from --felix-config', async () => {
    const r = await cli(['emit', 'iptables', '--stdout', '--felix-config', 'IptablesMarkMask=0xff000000', '--felix-config', 'IptablesFilterDenyAction=Reject', 'examples/bastion'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('--jump MARK --set-mark 0/0x1b000000')
    expect(r.out).toContain('End of tier platform. Reject if no policies passed packet" -m mark --mark 0/0x2000000 --jump REJECT')
    expect(r.out).not.toContain('0x10000/0x10000')
  })
  it('refuses felix settings the backend cannot render instead of ignoring them', async () => {
    expect(await cli(['emit', 'iptables', '--stdout', '--felix-config', 'IptablesFilterAllowAction=Return', 'examples/bastion'])).toEqual({
      code: 1,
      out: '',
      err: 'felixConfig: IptablesFilterAllowAction=Return is not supported by the iptables backend\n',
    })
  })
  it('reports a directory it cannot write', async () => {
    const r = await cli(['emit', 'iptables', '--out', '/dev/null/x', 'examples/bastion'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^--out "\/dev\/null\/x": cannot write ipsets.restore: /)
  })
  it('reports usage errors with exit status 2', async () => {
    expect(await cli(['emit', 'examples/bastion', '--stdout'])).toEqual({ code: 2, out: '', err: `calico-policy emit: emit needs a backend, iptables or nft, not "examples/bastion"${hint}` })
    expect(await cli(['emit', 'iptables', 'examples/bastion'])).toEqual({ code: 2, out: '', err: `calico-policy emit: give either --out DIR or --stdout${hint}` })
    expect(await cli(['emit', 'iptables', '--stdout'])).toEqual({ code: 2, out: '', err: `calico-policy emit: emit needs at least one resource file or directory${hint}` })
    expect(await cli(['emit', 'bpf', '--stdout', 'examples/bastion'])).toEqual({ code: 2, out: '', err: `calico-policy emit: emit needs a backend, iptables or nft, not "bpf"${hint}` })
  })
})
