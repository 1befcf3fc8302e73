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
import { inNs, ruleHashes, withNamespace } from './harness/exec.js'

const unavailable = inject('kernelUnavailable')

const loads = (world: World, logPrefix?: string): void => {
  const out = iptables.emit(logPrefix === undefined ? {} : { logPrefix })(world)
  if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
  const { iptables: v4, ip6tables: v6, ipsets } = out.right
  withNamespace('load', (ns) => {
    inNs(ns, 'ipset', ['restore'], { input: ipsets })
    inNs(ns, 'iptables-restore', [], { input: v4 })
    inNs(ns, 'ip6tables-restore', [], { input: v6 })
    expect(ruleHashes(inNs(ns, 'iptables-save', []).stdout)).toEqual(ruleHashes(v4))
    expect(ruleHashes(inNs(ns, 'ip6tables-save', []).stdout)).toEqual(ruleHashes(v6))
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
