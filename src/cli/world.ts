/**
 * What `eval` and `emit` share: the flags that choose a node and its interfaces, and the one way
 * from those flags and resource paths to the node's World (load, pick the node, build).
 * @module
 */
import { formatError, formatMessage, quote, type CalicoError } from '../errors.js'
import type { FelixConfigurationSpec } from '../model/felix-configuration.js'
import { parseFelixParams } from '../model/felix-params.js'
import type { Resource } from '../model/resource.js'
import { build } from '../policy/build.js'
import { interfaceErrors } from '../policy/interfaces.js'
import type { HostInterface, World } from '../policy/world.js'
import { DEFAULT_MAX_BYTES, loadFiles, reportErrors } from './files.js'
import type { Io } from './io.js'
import { EXIT, UsageError, intOption } from './usage.js'
import { DEFAULT_MAX_ERRORS } from './validate.js'

export const splitPair = (flag: string, spec: string): readonly [string, string] => {
  const eq = spec.indexOf('=')
  if (eq <= 0) throw new UsageError(`${flag}: ${quote(spec)} is not NAME=VALUE`)
  return [spec.slice(0, eq), spec.slice(eq + 1)]
}

/**
 * `--interface eth0=10.0.0.1,fd00::1` (an interface without addresses: `--interface lo=`),
 * checked as `Policy.build` checks interfaces (`Policy.interfaceErrors`): a name Linux accepts,
 * IP addresses (`addr/len`, as `ip addr` prints it, is the address `addr`), no name twice.
 */
export const parseInterfaces = (specs: ReadonlyArray<string>): ReadonlyArray<HostInterface> => {
  const list = specs.map((spec) => {
    const [name, addrs] = splitPair('--interface', spec)
    return { name, addresses: addrs === '' ? [] : addrs.split(',').map((a) => a.trim()) }
  })
  const [first] = interfaceErrors(list)
  if (first !== undefined) throw new UsageError(`--interface ${quote(specs[first.path[1] as number] ?? '')}: ${formatMessage(first)}`)
  return list
}

/** The nodes the resources' host and workload endpoints name, sorted. */
const knownNodes = (resources: ReadonlyArray<Resource>): ReadonlyArray<string> => {
  const nodes = new Set<string>()
  for (const r of resources) if (r.kind === 'HostEndpoint' || r.kind === 'WorkloadEndpoint') nodes.add(r.spec.node ?? '')
  nodes.delete('')
  return [...nodes].sort()
}

/** `--node`, which must be named by an endpoint; without it, the only node the endpoints name. */
export const chooseNode = (resources: ReadonlyArray<Resource>, given: string | undefined): string => {
  const nodes = knownNodes(resources)
  const list = (): string => nodes.map((n) => quote(n)).join(', ')
  if (given !== undefined) {
    if (nodes.includes(given)) return given
    throw new UsageError(
      nodes.length === 0
        ? `--node ${quote(given)}: no endpoint in the resources names a node`
        : `--node ${quote(given)}: no endpoint in the resources names it (known nodes: ${list()})`,
    )
  }
  if (nodes.length === 1) return nodes[0] as string
  throw new UsageError(
    nodes.length === 0
      ? '--node is required (no endpoint in the resources names a node)'
      : `--node is required (the resources name several nodes: ${list()})`,
  )
}

/** Without --interface: one interface per named host endpoint of the node, with its expectedIPs. */
export const inferInterfaces = (resources: ReadonlyArray<Resource>, node: string): ReadonlyArray<HostInterface> => {
  const byName = new Map<string, Set<string>>()
  for (const r of resources) {
    if (r.kind !== 'HostEndpoint' || r.spec.node !== node) continue
    const name = r.spec.interfaceName
    if (name === undefined || name === '' || name === '*') continue
    const set = byName.get(name) ?? new Set<string>()
    for (const ip of r.spec.expectedIPs ?? []) set.add(ip)
    byName.set(name, set)
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, set]) => ({ name, addresses: [...set] }))
}

const MAX_JOINED = 10
export const errorText = (errors: ReadonlyArray<CalicoError>): string =>
  errors.slice(0, MAX_JOINED).map(formatError).join('; ') + (errors.length > MAX_JOINED ? `; and ${errors.length - MAX_JOINED} more` : '')

/** The `parseArgs` options of the flags that decide which World `eval` and `emit` work on. */
export const WORLD_OPTIONS = {
  node: { type: 'string' },
  interface: { type: 'string', multiple: true },
  'felix-config': { type: 'string', multiple: true },
  'max-errors': { type: 'string' },
  'max-bytes': { type: 'string' },
} as const

/** The flags (as `parseArgs` returns them) that decide which World `eval` and `emit` work on. */
export interface WorldFlags {
  readonly node?: string | undefined
  readonly interface?: ReadonlyArray<string> | undefined
  readonly 'felix-config'?: ReadonlyArray<string> | undefined
  readonly 'max-errors'?: string | undefined
  readonly 'max-bytes'?: string | undefined
}

/** A node's World with what it was built from. */
export interface NodeWorld {
  readonly world: World
  readonly resources: ReadonlyArray<Resource>
  readonly node: string
  readonly felixConfig: Partial<FelixConfigurationSpec>
}

/**
 * Checks the flags (usage errors throw `UsageError`), loads the resources and builds the node's
 * World; on invalid input, reports the errors and returns the exit status instead.
 */
export const nodeWorld = async (io: Io, flags: WorldFlags, paths: ReadonlyArray<string>): Promise<NodeWorld | number> => {
  const maxErrors = intOption('--max-errors', flags['max-errors'], DEFAULT_MAX_ERRORS)
  const maxBytes = intOption('--max-bytes', flags['max-bytes'], DEFAULT_MAX_BYTES)
  const interfaceSpecs = flags.interface === undefined ? undefined : parseInterfaces(flags.interface)
  const params: Record<string, string> = Object.create(null) as Record<string, string>
  for (const kv of flags['felix-config'] ?? []) {
    const [k, v] = splitPair('--felix-config', kv)
    params[k] = v
  }
  const felixConfig = parseFelixParams(params)
  if (felixConfig._tag === 'Left') throw new UsageError(`--felix-config: ${errorText(felixConfig.left)}`)

  const { resources, errors } = await loadFiles(io, paths, maxBytes)
  if (errors.length > 0) {
    reportErrors(io, errors, maxErrors)
    return EXIT.invalid
  }
  const node = chooseNode(resources, flags.node)
  const interfaces = interfaceSpecs ?? inferInterfaces(resources, node)
  const world = build({ resources, node, interfaces, felixConfig: felixConfig.right })
  if (world._tag === 'Left') {
    // A bad --felix-config value (e.g. an InterfaceExclude regex) is reported by build at felixConfig.
    const flagErrors = world.left.filter((e) => e.path[0] === 'felixConfig')
    if (flagErrors.length > 0) throw new UsageError(`--felix-config: ${errorText(flagErrors)}`)
    reportErrors(io, world.left.map((error) => ({ file: '', error })), maxErrors)
    return EXIT.invalid
  }
  return { world: world.right, resources, node, felixConfig: felixConfig.right }
}
