/**
 * Acceptance scenarios (docs/reference.md §12, plus the extra scenarios x01–x04) run as data: every
 * directory under test/fixtures/scenarios holds resources.yaml and cases.json; each view builds the
 * policy world of one node and evaluates each case's packet, asserting the verdict and the traffic
 * type.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { E, pipe } from '../../src/internal/fp.js'
import { formatError } from '../../src/errors.js'
import { load } from '../../src/model/load.js'
import { build } from '../../src/policy/build.js'
import type { World } from '../../src/policy/world.js'
import { evaluateOk } from './hand-world.js'
import { decodePacket } from '../../src/eval/packet.js'

interface Case {
  readonly name: string
  readonly packet: unknown
  readonly verdict: 'Allow' | 'Deny' | 'NoVerdict'
  readonly trafficType: string
  readonly why: string
}

interface View {
  readonly node: string
  readonly interfaces: ReadonlyArray<{ readonly name: string; readonly addresses: ReadonlyArray<string> }>
  readonly felixConfig?: Readonly<Record<string, unknown>>
  readonly dataplane?: 'iptables' | 'bpf'
  readonly cases: ReadonlyArray<Case>
}

interface Scenario {
  readonly scenario: string
  readonly views: ReadonlyArray<View>
}

const root = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url))
const dirs = readdirSync(root)
  .filter((d) => existsSync(join(root, d, 'cases.json')))
  .sort()

const viewTitle = (v: View): string =>
  [
    `view ${v.node}`,
    v.dataplane ?? 'iptables',
    ...Object.entries(v.felixConfig ?? {}).map(([k, x]) => `${k}=${String(x)}`),
  ].join(' ')

const orThrow = <A>(what: string, r: E.Either<ReadonlyArray<Parameters<typeof formatError>[0]>, A>): A => {
  if (E.isLeft(r)) throw new Error(`${what}:\n${r.left.map(formatError).join('\n')}`)
  return r.right
}

describe.each(dirs)('%s', (dir) => {
  const scenario = JSON.parse(readFileSync(join(root, dir, 'cases.json'), 'utf8')) as Scenario
  const yamlText = readFileSync(join(root, dir, 'resources.yaml'), 'utf8')

  describe.each(scenario.views.map((v) => [viewTitle(v), v] as const))('%s', (_title, view) => {
    // Built once per view, on first use, so a broken scenario fails its own cases only.
    let cached: World | undefined
    const world = (): World => {
      if (cached === undefined) {
        const resources = orThrow(`${dir}: load`, load(yamlText, { file: `${dir}/resources.yaml` }))
        cached = orThrow(
          `${dir}: build`,
          build({ resources, node: view.node, interfaces: view.interfaces, felixConfig: view.felixConfig ?? {} }),
        )
      }
      return cached
    }

    it.each(view.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const packet = orThrow(`${dir}: packet`, decodePacket(c.packet))
      const result = pipe(packet, evaluateOk(world(), { dataplane: view.dataplane ?? 'iptables' }))
      expect({ verdict: result.verdict, trafficType: result.trafficType }, c.why).toEqual({
        verdict: c.verdict,
        trafficType: c.trafficType,
      })
    })
  })
})
