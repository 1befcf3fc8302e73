import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIFO_WAIT_MS, describeError } from '../../src/cli/io.js'
import { FIX, cli, tempDir } from './cli.js'

const GOOD = `${FIX}/good.yaml`

describe('calico-policy validate: files, directories and links', () => {
  it('walks a directory with links to its parents once, counting each file once', async () => {
    const d = tempDir()
    mkdirSync(join(d, 'sub'))
    copyFileSync(GOOD, join(d, 'sub', 'a.yaml'))
    symlinkSync('..', join(d, 'sub', 'up1'))
    symlinkSync('..', join(d, 'sub', 'up2'))
    symlinkSync('a.yaml', join(d, 'sub', 'same.yaml'))
    expect(await cli(['validate', d, join(d, 'sub', 'a.yaml')])).toEqual({ code: 0, out: 'ok: 1 file, 10 resources, 0 errors\n', err: '' })
  })
  it('reports dangling and looping links named like resource files, and skips FIFOs met in a walk', async () => {
    const d = tempDir()
    symlinkSync('missing.yaml', join(d, 'dangling.yaml'))
    symlinkSync('loop.yaml', join(d, 'loop.yaml'))
    symlinkSync('missing', join(d, 'other-link'))
    const r = await cli(['validate', d, join(d, 'dangling.yaml')])
    expect(r).toEqual({
      code: 1,
      out: '',
      err: [
        `${d}/dangling.yaml: dangling symbolic link (its target does not exist)`,
        `${d}/loop.yaml: symbolic link loop`,
        `${d}/dangling.yaml: dangling symbolic link (its target does not exist)`,
        'invalid: 0 files, 0 resources, 3 errors',
        '',
      ].join('\n'),
    })
  })
  it('reads a FIFO named on the command line, and skips one found in a walk', async () => {
    const d = tempDir()
    const fifo = join(d, 'fifo.yaml')
    await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`mkfifo ${c}`)))))
    const writer = new Promise((resolve) => spawn('sh', ['-c', `cat ${GOOD} > ${fifo}`]).on('exit', resolve))
    expect(await cli(['validate', fifo])).toEqual({ code: 0, out: 'ok: 1 file, 10 resources, 0 errors\n', err: '' })
    await writer
    expect(await cli(['validate', d])).toEqual({ code: 0, out: 'ok: 0 files, 0 resources, 0 errors\n', err: '' })
  })
  it('reports a FIFO that nothing writes to instead of waiting forever', async () => {
    const d = tempDir()
    const fifo = join(d, 'fifo.yaml')
    await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`mkfifo ${c}`)))))
    expect(await cli(['validate', fifo])).toEqual({
      code: 1,
      out: '',
      err: `${fifo}: nothing opened it for writing within ${FIFO_WAIT_MS / 1000} s\ninvalid: 0 files, 0 resources, 1 error\n`,
    })
    expect(await cli(['eval', 'examples/bastion', '--packets', fifo])).toEqual({
      code: 1,
      out: '',
      err: `--packets "${fifo}": nothing opened it for writing within ${FIFO_WAIT_MS / 1000} s\n`,
    })
  }, 30_000)
  it('reads packets from a FIFO', async () => {
    const d = tempDir()
    const fifo = join(d, 'packets')
    await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`mkfifo ${c}`)))))
    const writer = new Promise((resolve) => spawn('sh', ['-c', `sleep 0.2; head -n 1 ${FIX}/bastion-packets.jsonl > ${fifo}`]).on('exit', resolve))
    expect(await cli(['eval', 'examples/bastion', '--output', 'verdict', '--packets', fifo])).toEqual({
      code: 0,
      out: '{"id":"ssh-admin","verdict":"Allow","trafficType":"ToHost"}\n',
      err: '',
    })
    await writer
  })
  it('reports a directory it cannot list and a file it cannot read', async () => {
    const d = tempDir()
    writeFileSync(join(d, 'x.yaml'), 'kind: Tier\n')
    expect(await cli(['validate', d], { list: async () => ({ _tag: 'Left', left: 'permission denied' }) })).toEqual({
      code: 1,
      out: '',
      err: `${d}: permission denied\ninvalid: 0 files, 0 resources, 1 error\n`,
    })
    expect(await cli(['validate', join(d, 'x.yaml')], { readText: async () => ({ _tag: 'Left', left: 'permission denied' }) })).toEqual({
      code: 1,
      out: '',
      err: `${d}/x.yaml: permission denied\ninvalid: 0 files, 0 resources, 1 error\n`,
    })
  })
  it('names system errors in words', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: something, open '/x'`), { code })
    expect(['ENOENT', 'EACCES', 'EISDIR', 'ELOOP', 'ENOSPC', 'EXDEV'].map((c) => describeError(err(c)))).toEqual([
      { code: 'ENOENT', message: 'no such file or directory' },
      { code: 'EACCES', message: 'permission denied' },
      { code: 'EISDIR', message: 'is a directory' },
      { code: 'ELOOP', message: 'too many levels of symbolic links (a symbolic link loop)' },
      { code: 'ENOSPC', message: 'no space left on device' },
      { code: 'EXDEV', message: "EXDEV: something, open '/x'" },
    ])
  })
})

describe('calico-policy validate: output is safe to print', () => {
  it('escapes file names, kinds, namespaces and names with terminal controls', async () => {
    const d = tempDir()
    const name = 'bad\u001b[31m\nforged: ok.yaml'
    writeFileSync(join(d, name), 'kind: x\n')
    writeFileSync(
      join(d, 'inject.yaml'),
      'apiVersion: projectcalico.org/v3\nkind: "Tier\\e[2J\\e[1;1Hok\\n"\nmetadata: {name: "x\\nforged.yaml, document 9: forged line", namespace: "\\e]0;title\\a\\u202e"}\n',
    )
    const r = await cli(['validate', d])
    expect(r).toEqual({
      code: 1,
      out: '',
      err: [
        `"${d}/bad\\u001b[31m\\nforged: ok.yaml", document 1, x: apiVersion: missing required field (a string)`,
        `${d}/inject.yaml, document 1, "Tier\\u001b[2J\\u001b[1;1Hok\\n" "\\u001b]0;title\\u0007\\u202e"/"x\\nforged.yaml, document 9: forged line": kind: unknown kind "Tier\\u001b[2J\\u001b[1;1Hok\\n" (apiVersion "projectcalico.org/v3")`,
        'invalid: 2 files, 0 resources, 2 errors',
        '',
      ].join('\n'),
    })
    const json = await cli(['validate', '--json', join(d, 'inject.yaml')])
    expect(json.out).toContain('"namespace":"\\u001b]0;title\\u0007\\u202e"')
    expect(JSON.parse(json.out).errors[0].namespace).toBe('\u001b]0;title\u0007\u202e')
  })
})
