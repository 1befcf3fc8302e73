/**
 * Worlds for emitter tests: the examples (with the node and interfaces examples/demo.sh and the
 * CLI's defaults use), felix's worked example, and every view of the acceptance scenarios.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { formatError } from '../../src/errors.js'
import { load } from '../../src/load.js'
import { build, type BuildInput } from '../../src/policy/build.js'
import type { HostInterface, World } from '../../src/policy/world.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))

/** Builds a world from YAML text; throws with the formatted errors if it does not build. */
export const worldOf = (yaml: string, input: Omit<BuildInput, 'resources'>): World => {
  const resources = load(yaml)
  if (resources._tag === 'Left') throw new Error(resources.left.map(formatError).join('; '))
  const world = build({ ...input, resources: resources.right })
  if (world._tag === 'Left') throw new Error(world.left.map(formatError).join('; '))
  return world.right
}

interface ExampleWorld {
  readonly name: string
  readonly node: string
  readonly interfaces: ReadonlyArray<HostInterface>
}

/** The examples with demo.sh's node and interfaces (the CLI's inferred ones where demo.sh gives none). */
export const exampleSpecs: ReadonlyArray<ExampleWorld> = [
  { name: 'bastion', node: 'bastion-1', interfaces: [{ name: 'eth0', addresses: ['198.51.100.20'] }] },
  {
    name: 'k8s-node',
    node: 'worker-1',
    interfaces: [
      { name: 'eth0', addresses: ['192.168.1.21'] },
      { name: 'lo', addresses: ['127.0.0.1'] },
    ],
  },
  {
    name: 'nat-gateway',
    node: 'gw-1',
    interfaces: [
      { name: 'eth0', addresses: ['203.0.113.10'] },
      { name: 'eth1', addresses: ['10.10.0.1'] },
    ],
  },
]

/** Every example directory must have a spec above. */
export const exampleNames = (): ReadonlyArray<string> =>
  readdirSync(`${repo}examples`, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()

export const exampleWorld = (spec: ExampleWorld): World =>
  worldOf(readFileSync(`${repo}examples/${spec.name}/resources.yaml`, 'utf8'), { node: spec.node, interfaces: spec.interfaces })

/** felix's worked example (dataplanes: one HEP eth0 on node1, tiers platform and default). */
export const felixExample = (): World =>
  worldOf(readFileSync(fileURLToPath(new URL('./fixtures/felix-example.yaml', import.meta.url)), 'utf8'), { node: 'node1', interfaces: [{ name: 'eth0', addresses: [] }] })

interface ScenarioView {
  readonly node: string
  readonly interfaces: ReadonlyArray<HostInterface>
  readonly felixConfig?: Readonly<Record<string, unknown>>
  readonly dataplane?: string
}

/** Every iptables view of every acceptance scenario, as `[label, world]`. */
export const scenarioWorlds = (): ReadonlyArray<readonly [string, World]> => {
  const root = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url))
  const out: Array<readonly [string, World]> = []
  for (const dir of readdirSync(root).sort()) {
    if (dir.startsWith('_') || dir.endsWith('.md')) continue
    const cases = JSON.parse(readFileSync(`${root}${dir}/cases.json`, 'utf8')) as { readonly views: ReadonlyArray<ScenarioView> }
    const yaml = readFileSync(`${root}${dir}/resources.yaml`, 'utf8')
    cases.views.forEach((v, i) => {
      if (v.dataplane === 'bpf') return
      out.push([`${dir}#${i}`, worldOf(yaml, { node: v.node, interfaces: v.interfaces, ...(v.felixConfig === undefined ? {} : { felixConfig: v.felixConfig }) })])
    })
  }
  return out
}
