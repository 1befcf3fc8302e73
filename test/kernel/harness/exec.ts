/**
 * Running the tools of the kernel suite (ip, iptables, nft, ipset) inside namespaces the suite
 * made. Every command runs with a timeout; a failure throws with the command, its exit status and
 * its stderr.
 */
import { spawnSync } from 'node:child_process'

export interface RunResult {
  readonly stdout: string
  readonly stderr: string
  readonly status: number
}

/** Runs a command; throws unless it exits 0 (or `allowFailure`). */
export const run = (
  cmd: string,
  args: ReadonlyArray<string>,
  opts: { readonly input?: string; readonly allowFailure?: boolean; readonly timeoutMs?: number } = {},
): RunResult => {
  const r = spawnSync(cmd, args as Array<string>, {
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 30_000,
    maxBuffer: 64 * 1024 * 1024,
  })
  const status = r.status ?? -1
  if (r.error !== undefined && opts.allowFailure !== true) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`)
  if (status !== 0 && opts.allowFailure !== true)
    throw new Error(`${cmd} ${args.join(' ')} exited ${status}:\n${(r.stderr ?? '').slice(0, 4000)}${opts.input === undefined ? '' : `\ninput (first lines):\n${opts.input.split('\n').slice(0, 40).join('\n')}`}`)
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status }
}

/** The path of a named network namespace. */
export const nsPath = (ns: string): string => `/run/netns/${ns}`

/** Runs a command inside a network namespace (nsenter keeps the host's /sys, unlike `ip netns exec`). */
export const inNs = (
  ns: string,
  cmd: string,
  args: ReadonlyArray<string>,
  opts: { readonly input?: string; readonly allowFailure?: boolean; readonly timeoutMs?: number } = {},
): RunResult => run('nsenter', [`--net=${nsPath(ns)}`, '--', cmd, ...args], opts)

/** Runs `ip -n NS -batch -` with the given commands (one per line); `-force` keeps going after an error, which is then thrown. */
export const ipBatch = (ns: string, lines: ReadonlyArray<string>): void => {
  if (lines.length === 0) return
  run('ip', ['-n', ns, '-force', '-batch', '-'], { input: `${lines.join('\n')}\n` })
}

let scratchCounter = 0

/**
 * Runs `f` in a fresh, empty namespace named like the lab's (`cpk-<pid>-…`, so its stale sweep
 * covers it), tagged with `tag` for whoever reads `ip netns list`, and always deletes it.
 */
export const withNamespace = <A>(tag: string, f: (ns: string) => A): A => {
  const ns = `cpk-${process.pid}-s${(++scratchCounter % 4096).toString(16).padStart(3, '0')}-${tag}`
  run('ip', ['netns', 'add', ns])
  try {
    return f(ns)
  } finally {
    run('ip', ['netns', 'del', ns], { allowFailure: true })
  }
}

/** The rule hashes (`cali:` comments) in a ruleset's text, sorted. */
export const ruleHashes = (text: string): ReadonlyArray<string> => [...text.matchAll(/cali:([A-Za-z0-9_-]{16})/g)].map((m) => m[1] as string).sort()
