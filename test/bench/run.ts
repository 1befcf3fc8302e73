// `npm run bench`: runs every benchmark and prints one JSON line per case.
// Benchmarks measure; they never assert timings (that is what docs/performance.md is for).
import { cpus } from 'node:os'

interface Bench {
  readonly file: string
  readonly fn: string
}

const BENCHES: ReadonlyArray<Bench> = [
  { file: './selector.ts', fn: 'benchSelector' },
  { file: './eval.ts', fn: 'benchEval' },
  { file: './load.ts', fn: 'benchLoad' },
  { file: './emit.ts', fn: 'benchEmit' },
]

const main = async (): Promise<void> => {
  const only = process.argv.slice(2)
  console.error(`# node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, ${new Date().toISOString()}`)
  for (const b of BENCHES) {
    if (only.length > 0 && !only.some((o) => b.file.includes(o))) continue
    const mod = (await import(b.file)) as Record<string, unknown>
    const fn = mod[b.fn]
    if (typeof fn !== 'function') throw new Error(`${b.file} does not export ${b.fn}()`)
    for (const record of (fn as () => ReadonlyArray<unknown>)()) console.log(JSON.stringify(record))
  }
}

await main()
