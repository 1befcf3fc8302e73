// The CLI as a process: standard input, pipes that close early and a full disk.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CLI, FIX, sh, tempDir } from './cli.js'

const PACKETS = readFileSync(`${FIX}/bastion-packets.jsonl`, 'utf8').split('\n')
const ONE_PACKET = PACKETS[2] as string

describe('calico-policy as a process', { timeout: 60_000 }, () => {
  it("reads resources from standard input as '-' and as /dev/stdin", () => {
    expect(sh(`${CLI} validate -`, 'kind: Tier\n')).toEqual({
      code: 1,
      out: '',
      err: '(standard input), document 1, Tier: apiVersion: missing required field (a string)\ninvalid: 1 file, 0 resources, 1 error\n',
    })
    expect(sh(`${CLI} validate /dev/stdin < ${FIX}/good.yaml`)).toEqual({ code: 0, out: 'ok: 1 file, 10 resources, 0 errors\n', err: '' })
  })
  it("reads packets from standard input with --packets -", () => {
    expect(sh(`${CLI} eval examples/bastion --output verdict --packets -`, `${ONE_PACKET}\n${ONE_PACKET}\n`)).toEqual({
      code: 0,
      out: '{"verdict":"Deny","trafficType":"ToHost"}\n{"verdict":"Deny","trafficType":"ToHost"}\n',
      err: '',
    })
  })
  it('stops quietly when the reader goes away (EPIPE), even with endless input', () => {
    const err = `${tempDir()}/err.txt`
    const r = sh(`yes '${ONE_PACKET}' | timeout 30 ${CLI} eval examples/bastion --packets - 2>${err} | head -n 1; echo "status \${PIPESTATUS[1]}"; cat ${err}`)
    expect(r.code).toBe(0)
    const [first, ...rest] = r.out.split('\n')
    expect(JSON.parse(first as string).verdict).toBe('Deny')
    expect(rest).toEqual(['status 0', ''])
  })
  it('reports a full disk in one line with exit status 74', () => {
    expect(sh(`${CLI} validate ${FIX}/good.yaml > /dev/full`)).toEqual({
      code: 74,
      out: '',
      err: 'calico-policy: cannot write to standard output: no space left on device\n',
    })
  })
})
