/**
 * Selector benchmarks (not a test): parse, match and label-index throughput.
 *
 * Run with `npx tsx -e "import('./test/bench/selector.ts').then(m=>console.log(m.benchSelector()))"`.
 */
import { parse } from '../../src/selector/parse.js'
import { matches, type Labels } from '../../src/selector/match.js'
import type { Selector } from '../../src/selector/ast.js'
import { empty, insert, insertAll, remove, select, size, type LabelIndex } from '../../src/selector/label-index.js'
import { E } from '../../src/internal/fp.js'

/** A deterministic pseudo-random generator (mulberry32), so every run measures the same data. */
const rng = (seed: number) => {
  let s = seed | 0
  return (): number => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SELECTORS: ReadonlyArray<string> = [
  "role == 'db'",
  "app in {'web', 'api', 'worker'} && env != 'prod'",
  "projectcalico.org/namespace == 'payments' && has(projectcalico.org/serviceaccount)",
  "(tier == 'frontend' || tier == 'edge') && !has(quarantine)",
  "zone starts with 'eu-' && version not in {'v1', 'v2'}",
  "pcns.team == 'core' && (pcsa.role contains 'admin' || pcsa.role ends with '-ops')",
  'all()',
  "!(a == 'x' && b == 'y') || c notin {'1', '2', '3', '4', '5', '6', '7', '8', '9', '10'}",
]

const unwrap = (text: string): Selector => {
  const r = parse(text)
  if (E.isLeft(r)) throw new Error(`bench selector does not parse: ${text}`)
  return r.right
}

/** Runs `body` repeatedly for about `ms` milliseconds and returns iterations per second. */
const rate = (ms: number, body: () => void): number => {
  const start = performance.now()
  let n = 0
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) body()
    n += 100
    now = performance.now()
  }
  return n / ((now - start) / 1000)
}

const APPS = ['web', 'api', 'worker', 'db', 'cache', 'queue', 'auth', 'search']
const ZONES = ['eu-west', 'eu-north', 'us-east', 'us-west', 'ap-south']

const endpointLabels = (next: () => number, i: number): Labels => ({
  app: APPS[Math.floor(next() * APPS.length)] as string,
  tier: next() < 0.5 ? 'frontend' : 'backend',
  zone: ZONES[Math.floor(next() * ZONES.length)] as string,
  env: next() < 0.2 ? 'prod' : 'dev',
  version: `v${1 + Math.floor(next() * 4)}`,
  'projectcalico.org/namespace': `ns-${Math.floor(next() * 200)}`,
  ...(i % 10 === 0 ? { quarantine: '' } : {}),
})

/**
 * Measures the selector engine and returns one JSON-able record per case.
 * @example
 * ```ts
 * benchSelector() // [{ case: 'selector-parse', selectorsPerSec: … }, …]
 * ```
 */
export function benchSelector(): ReadonlyArray<Record<string, number | string>> {
  // parse: whole selectors per second over a mix of shapes
  let k = 0
  const parseOne = () => {
    parse(SELECTORS[k++ % SELECTORS.length] as string)
  }
  rate(200, parseOne) // warm-up
  const selectorsPerSec = rate(1000, parseOne)

  // match: label maps tested per second against compiled selectors
  const next = rng(42)
  const maps = Array.from({ length: 1024 }, (_, i) => endpointLabels(next, i))
  const sels = SELECTORS.map(unwrap)
  let j = 0
  let hits = 0
  const matchOne = () => {
    const m = matches(sels[j % sels.length] as Selector)
    if (m(maps[j & 1023] as Labels)) hits++
    j++
  }
  rate(200, matchOne)
  const matchesPerSec = rate(1000, matchOne)

  // index: build 100 000 endpoints with `insertAll` (median of three builds after a warm-up)
  const endpoints = 100_000
  const next2 = rng(7)
  const data = Array.from({ length: endpoints }, (_, i) => [`ep-${i}`, endpointLabels(next2, i)] as const)
  const build = (): LabelIndex => insertAll(data)(empty)
  build() // warm-up
  const builds: number[] = []
  let index = empty
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now()
    index = build()
    builds.push(performance.now() - t0)
  }
  const buildMs = builds.sort((a, b) => a - b)[1] as number

  // single persistent inserts and removes (each returns a new index) on the full index, after a
  // warm-up on a throwaway version
  const extra = Array.from({ length: 6000 }, (_, i) => [`new-${i}`, endpointLabels(next2, i)] as const)
  let scratch = index
  for (const [id, l] of extra.slice(0, 1000)) scratch = insert(id, l)(scratch)
  for (let i = 0; i < 1000; i++) scratch = remove(`ep-${(i * 7919) % endpoints}`)(scratch)
  let grown = index
  const t2 = performance.now()
  for (const [id, l] of extra.slice(1000)) grown = insert(id, l)(grown)
  const insertUs = ((performance.now() - t2) * 1000) / (extra.length - 1000)
  let shrunk = grown
  const removals = 5000
  const t3 = performance.now()
  for (let i = 0; i < removals; i++) shrunk = remove(`ep-${(i * 104729) % endpoints}`)(shrunk)
  const removeUs = ((performance.now() - t3) * 1000) / removals
  if (size(grown) !== endpoints + extra.length - 1000 || size(shrunk) !== size(grown) - removals) throw new Error('bench: unexpected index size')

  // selections on the built index; `selected` counts the ids one pass over the mix returns
  const queries = [
    "app == 'db'",
    "app in {'web', 'api'} && zone == 'eu-west' && env != 'prod'",
    "projectcalico.org/namespace == 'ns-7' && has(quarantine)",
    "zone starts with 'us-' && version == 'v2'",
    "app == 'cache' || has(quarantine)",
  ].map(unwrap)
  let selected = 0
  for (const q of queries) selected += select(q)(index).size // warm-up
  const rounds = 20
  const t1 = performance.now()
  for (let r = 0; r < rounds; r++) for (const q of queries) select(q)(index)
  const selectMs = (performance.now() - t1) / (rounds * queries.length)

  return [
    { case: 'selector-parse', selectorsPerSec: Math.round(selectorsPerSec) },
    { case: 'selector-match', matchesPerSec: Math.round(matchesPerSec), matched: hits },
    {
      case: 'selector-index',
      endpoints,
      buildMs: Math.round(buildMs),
      insertUs: Number(insertUs.toFixed(1)),
      removeUs: Number(removeUs.toFixed(1)),
      selectMs: Number(selectMs.toFixed(3)),
      selected,
    },
  ]
}
