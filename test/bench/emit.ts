/**
 * Emitter benchmarks (not a test): for the evaluator bench's clusters (policies and ten times as
 * many endpoints), the time to render the node's World with each backend (best of three runs)
 * and the number of rules rendered (both families).
 *
 * Run with `npm run bench emit`.
 */
import { iptables } from '../../src/emit/iptables/emit.js'
import { nft } from '../../src/emit/nft/emit.js'
import { E } from '../../src/internal/fp.js'
import { build } from '../../src/policy/build.js'
import { cluster, NODE } from './eval.js'

const best = (f: () => number): { readonly ms: number; readonly rules: number } => {
  let ms = Infinity
  let rules = 0
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    rules = f()
    ms = Math.min(ms, performance.now() - t)
  }
  return { ms: Math.round(ms * 10) / 10, rules }
}

const measure = (policies: number): ReadonlyArray<Record<string, number | string>> => {
  const world = build({ resources: cluster(policies).resources, node: NODE, interfaces: [{ name: 'eth0', addresses: ['10.0.0.1'] }] })
  if (E.isLeft(world)) throw new Error(JSON.stringify(world.left.slice(0, 3)))
  const ipt = best(() => {
    const out = iptables.emit({})(world.right)
    if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
    return out.right.rules.v4 + out.right.rules.v6
  })
  const nf = best(() => {
    const out = nft.emit({})(world.right)
    if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
    return out.right.rules.v4 + out.right.rules.v6
  })
  const endpoints = policies * 10
  return [
    { case: 'emit-iptables', policies, endpoints, ms: ipt.ms, rules: ipt.rules },
    { case: 'emit-nft', policies, endpoints, ms: nf.ms, rules: nf.rules },
  ]
}

/**
 * Records per cluster size: `{ case: 'emit-iptables' | 'emit-nft', policies, endpoints, ms, rules }`.
 */
export function benchEmit(): ReadonlyArray<Record<string, number | string>> {
  return [10, 100, 1000].flatMap(measure)
}
