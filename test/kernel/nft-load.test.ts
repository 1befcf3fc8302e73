/**
 * Loads the nftables emitter's output (`nft -f`) into fresh network namespaces for every example,
 * felix's worked example, hostile names and every acceptance-scenario world, checks that the
 * kernel holds exactly the rules emitted (by their rule-hash comments), and that loading it a
 * second time replaces the tables instead of adding to them.
 */
import { describe, expect, inject, it } from 'vitest'
import { nft } from '../../src/emit/nft/emit.js'
import { E } from '../../src/internal/fp.js'
import type { World } from '../../src/policy/world.js'
import { EVIL, rename, resources, worldOf } from '../emit/hostile-worlds.js'
import { exampleSpecs, exampleWorld, felixExample, scenarioWorlds } from '../emit/worlds.js'
import { inNs, ruleHashes, withNamespace } from './harness/exec.js'

const unavailable = inject('kernelUnavailable')

const loads = (world: World, logPrefix?: string): void => {
  const out = nft.emit(logPrefix === undefined ? {} : { logPrefix })(world)
  if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
  const { ruleset } = out.right
  withNamespace('nft', (ns) => {
    inNs(ns, 'nft', ['-f', '-'], { input: ruleset })
    inNs(ns, 'nft', ['-f', '-'], { input: ruleset })
    const listed = inNs(ns, 'nft', ['list', 'ruleset']).stdout
    expect(ruleHashes(listed)).toEqual(ruleHashes(ruleset))
    const sets = [...listed.matchAll(/^\s*set (\S+) \{/gm)].map((m) => m[1] as string).sort()
    expect(sets).toEqual([...ruleset.matchAll(/^add set ip6? calico (\S+) /gm)].map((m) => m[1] as string).sort())
  })
}

describe.skipIf(unavailable !== '')('kernel: nftables output loads', () => {
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
