import { parseArgs } from 'node:util'
import { formatError, type CalicoError } from '../errors.js'
import { evaluate } from '../eval/evaluate.js'
import { explain } from '../eval/explain.js'
import { decodePacket, parsePacket } from '../eval/packet.js'
import { parseFelixParams } from '../model/felix-params.js'
import type { Resource } from '../model/resource.js'
import { build } from '../policy/build.js'
import type { HostInterface } from '../policy/world.js'
import { formatFileError, loadFiles } from './files.js'
import type { Io } from './io.js'
import { UsageError } from './usage.js'

const splitPair = (flag: string, spec: string): readonly [string, string] => {
  const eq = spec.indexOf('=')
  if (eq <= 0) throw new UsageError(`${flag}: ${JSON.stringify(spec)} is not NAME=VALUE`)
  return [spec.slice(0, eq), spec.slice(eq + 1)]
}

/** `--interface eth0=10.0.0.1,fd00::1` (an interface without addresses: `--interface lo=`). */
export const parseInterfaces = (specs: ReadonlyArray<string>): ReadonlyArray<HostInterface> =>
  specs.map((spec) => {
    const [name, addrs] = splitPair('--interface', spec)
    return { name, addresses: addrs === '' ? [] : addrs.split(',').map((a) => a.trim()) }
  })

/** The node named by the resources' host and workload endpoints, when there is exactly one. */
const inferNode = (resources: ReadonlyArray<Resource>): string => {
  const nodes = new Set<string>()
  for (const r of resources) if (r.kind === 'HostEndpoint' || r.kind === 'WorkloadEndpoint') nodes.add(r.spec.node ?? '')
  nodes.delete('')
  if (nodes.size === 1) return [...nodes][0] as string
  throw new UsageError(
    nodes.size === 0
      ? '--node is required (no endpoint in the resources names a node)'
      : `--node is required (the resources name several nodes: ${[...nodes].sort().join(', ')})`,
  )
}

/** Without --interface: one interface per named host endpoint of the node, with its expectedIPs. */
const inferInterfaces = (resources: ReadonlyArray<Resource>, node: string): ReadonlyArray<HostInterface> => {
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

const errorText = (errors: ReadonlyArray<CalicoError>): string => errors.map(formatError).join('; ')

/**
 * `calico-policy eval [--node NAME] [--interface NAME=ADDR[,ADDR...]]... [--felix-config KEY=VALUE]...
 * [--dataplane iptables|bpf] [--json] (--packet 'SPEC' | --packets FILE.jsonl) PATH...`
 */
export const evalCommand = async (io: Io, args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      node: { type: 'string' },
      interface: { type: 'string', multiple: true },
      'felix-config': { type: 'string', multiple: true },
      dataplane: { type: 'string', default: 'iptables' },
      packet: { type: 'string', multiple: true },
      packets: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length === 0) throw new UsageError('eval needs at least one resource file or directory')
  const specs = values.packet ?? []
  if ((specs.length === 0) === (values.packets === undefined)) throw new UsageError('give either --packet SPEC (repeatable) or --packets FILE.jsonl')
  const dataplane = values.dataplane
  if (dataplane !== 'iptables' && dataplane !== 'bpf') throw new UsageError(`--dataplane must be iptables or bpf, not ${JSON.stringify(dataplane)}`)
  const params: Record<string, string> = {}
  for (const kv of values['felix-config'] ?? []) {
    const [k, v] = splitPair('--felix-config', kv)
    params[k] = v
  }
  const felixConfig = parseFelixParams(params)
  if (felixConfig._tag === 'Left') throw new UsageError(`--felix-config: ${errorText(felixConfig.left)}`)

  const { resources, errors } = await loadFiles(io, positionals)
  if (errors.length > 0) {
    for (const e of errors) io.err(`${formatFileError(e)}\n`)
    return 1
  }
  const node = values.node ?? inferNode(resources)
  const interfaces = values.interface === undefined ? inferInterfaces(resources, node) : parseInterfaces(values.interface)
  const world = build({ resources, node, interfaces, felixConfig: felixConfig.right })
  if (world._tag === 'Left') {
    for (const e of world.left) io.err(`${formatError(e)}\n`)
    return 1
  }
  const decide = evaluate(world.right, { dataplane })

  if (values.packets !== undefined) {
    const text = await io.readText(values.packets)
    let failed = false
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return
      let json: unknown
      try {
        json = JSON.parse(line)
      } catch (e) {
        failed = true
        io.out(`${JSON.stringify({ error: `line ${i + 1}: not JSON: ${e instanceof Error ? e.message : String(e)}` })}\n`)
        return
      }
      const packet = decodePacket(json)
      if (packet._tag === 'Left') {
        failed = true
        io.out(`${JSON.stringify({ error: `line ${i + 1}: ${errorText(packet.left)}` })}\n`)
        return
      }
      io.out(`${JSON.stringify(decide(packet.right))}\n`)
    })
    return failed ? 1 : 0
  }

  let failed = false
  for (const spec of specs) {
    const packet = parsePacket(spec)
    if (packet._tag === 'Left') {
      failed = true
      io.err(`--packet ${JSON.stringify(spec)}: ${errorText(packet.left)}\n`)
      continue
    }
    const decision = decide(packet.right)
    if (values.json) io.out(`${JSON.stringify(decision)}\n`)
    else io.out(`${spec}\n${explain(decision).replace(/^/gm, '  ')}\n\n`)
  }
  return failed ? 1 : 0
}
