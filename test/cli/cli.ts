// Helpers for the CLI tests: run in-process with a capturing Io, or spawn the CLI through tsx.
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nodeIo, type Io } from '../../src/cli/io.js'
import { run } from '../../src/cli/run.js'

export const FIX = 'test/fixtures/cli'

/** Runs the CLI in this process; `io` overrides parts of the real Io. */
export const cli = async (argv: ReadonlyArray<string>, io: Partial<Io> = {}) => {
  let out = ''
  let err = ''
  const code = await run(
    {
      ...nodeIo,
      out: (s) => {
        out += s
      },
      err: (s) => {
        err += s
      },
      closed: () => false,
      ...io,
    },
    argv,
  )
  return { code, out, err }
}

/** The command that runs the CLI from source in a child process. */
export const CLI = `${JSON.stringify(process.execPath)} --import tsx src/cli/main.ts`

/** Runs a shell command line (bash) and returns its exit status and output. */
export const sh = (script: string, input?: string) => {
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', input, timeout: 60_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'calico-policy-cli-'))
