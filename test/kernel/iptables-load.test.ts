/**
 * Loads the iptables emitter's output into fresh network namespaces (`ipset restore`, then
 * `iptables-restore` and `ip6tables-restore`) for every example, felix's worked example and every
 * acceptance-scenario world, and checks that the kernel holds exactly the rules and sets emitted
 * (rules by their rule-hash comments).
 */
import { describe, expect, inject, it } from 'vitest'
import { iptables } from '../../src/emit/iptables/emit.js'
import { E } from '../../src/internal/fp.js'
import type { World } from '../../src/policy/world.js'
import { EVIL, rename, resources, worldOf } from '../emit/hostile-worlds.js'
import { exampleSpecs, exampleWorld, felixExample, scenarioWorlds } from '../emit/worlds.js'
import { inNs, run } from './harness/exec.js'

const unavailable = inject('kernelUnavailable')

let counter = 0

/** Runs `f` in a fresh namespace (named like the harness's, so its stale sweep covers it) and always deletes it. */
const withNamespace = <A>(f: (ns: string) => A): A => {
  const ns = `cpk-${process.pid}-e${(++counter % 4096).toString(16).padStart(3, '0')}-load`
  run('ip', ['netns', 'add', ns])
  try {
    return f(ns)
  } finally {
    run('ip', ['netns', 'del', ns], { allowFailure: true })
  }
}

const hashes = (text: string): ReadonlyArray<string> => [...text.matchAll(/cali:([A-Za-z0-9_-]{16})/g)].map((m) => m[1] as string).sort()

const loads = (world: World, logPrefix?: string): void => {
  const out = iptables.emit(logPrefix === undefined ? {} : { logPrefix })(world)
  if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
  const { iptables: v4, ip6tables: v6, ipsets } = out.right
  withNamespace((ns) => {
    inNs(ns, 'ipset', ['restore'], { input: ipsets })
    inNs(ns, 'iptables-restore', [], { input: v4 })
    inNs(ns, 'ip6tables-restore', [], { input: v6 })
    expect(hashes(inNs(ns, 'iptables-save', []).stdout)).toEqual(hashes(v4))
    expect(hashes(inNs(ns, 'ip6tables-save', []).stdout)).toEqual(hashes(v6))
    const sets = inNs(ns, 'ipset', ['list', '-n']).stdout.split('\n').filter((l) => l !== '').sort()
    expect(sets).toEqual([...ipsets.matchAll(/^create (\S+)/gm)].map((m) => m[1] as string).sort())
  })
}

describe.skipIf(unavailable !== '')('kernel: iptables output loads', () => {
  it("felix's worked example", () => loads(felixExample()))
  it.each(exampleSpecs.map((s) => [s.name, s] as const))('example %s', (_name, spec) => loads(exampleWorld(spec)))
  it.each(EVIL.map((e) => [JSON.stringify(e).slice(0, 40), e] as const))('hostile names %s', (_label, evil) => loads(worldOf(rename(resources(), evil)), `%t %n ${evil}`))
  it('every acceptance-scenario world', () => {
    const worlds = scenarioWorlds()
    expect(worlds.length).toBeGreaterThan(50)
    for (const [label, world] of worlds) {
      try {
        loads(world)
      } catch (e) {
        throw new Error(`${label}: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
  })
})
