import { parseArgs } from 'node:util'
import { escapeText, formatError, formatMessage, quote, type CalicoError } from '../errors.js'
import { evaluate } from '../eval/evaluate.js'
import { explain } from '../eval/explain.js'
import { decodePacket, parsePacket } from '../eval/packet.js'
import { E } from '../internal/fp.js'
import { parseFelixParams } from '../model/felix-params.js'
import type { Resource } from '../model/resource.js'
import { build } from '../policy/build.js'
import { interfaceErrors } from '../policy/interfaces.js'
import type { HostInterface } from '../policy/world.js'
import { DEFAULT_MAX_BYTES, loadFiles, reportErrors } from './files.js'
import { describeError, type Io } from './io.js'
import { jsonLine } from './output.js'
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

/** The packet's `id` field, echoed on its output line (strings and numbers only, strings cut). */
const idOf = (json: unknown): { readonly id?: string | number } => {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('id' in json)) return {}
  const id = (json as { id: unknown }).id
  if (typeof id === 'number') return { id }
  if (typeof id === 'string') return { id: id.length > 1000 ? `${id.slice(0, 1000)}... (${id.length} characters)` : id }
  return {}
}

/** The packet without its `id`, which the packet codec does not know. */
const withoutId = (json: unknown): unknown => {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('id' in json)) return json
  const { id: _id, ...rest } = json as Record<string, unknown>
  return rest
}

/**
 * `calico-policy eval [--node NAME] [--interface NAME=ADDR[,ADDR...]]... [--felix-config KEY=VALUE]...
 * [--dataplane iptables|bpf] [--json] [--max-errors N] [--max-bytes N]
 * (--packet 'SPEC' | --packets FILE.jsonl [--output full|verdict]) PATH...`
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
      output: { type: 'string' },
      json: { type: 'boolean', default: false },
      'max-errors': { type: 'string' },
      'max-bytes': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length === 0) throw new UsageError('eval needs at least one resource file or directory')
  const specs = values.packet ?? []
  if ((specs.length === 0) === (values.packets === undefined)) throw new UsageError('give either --packet SPEC (repeatable) or --packets FILE.jsonl')
  const dataplane = values.dataplane
  if (dataplane !== 'iptables' && dataplane !== 'bpf') throw new UsageError(`--dataplane must be iptables or bpf, not ${quote(dataplane)}`)
  const output = values.output ?? 'full'
  if (output !== 'full' && output !== 'verdict') throw new UsageError(`--output must be full or verdict, not ${quote(output)}`)
  if (values.output !== undefined && values.packets === undefined) throw new UsageError('--output applies to --packets only')
  const maxErrors = intOption('--max-errors', values['max-errors'], DEFAULT_MAX_ERRORS)
  const maxBytes = intOption('--max-bytes', values['max-bytes'], DEFAULT_MAX_BYTES)
  const interfaceSpecs = values.interface === undefined ? undefined : parseInterfaces(values.interface)
  const params: Record<string, string> = {}
  for (const kv of values['felix-config'] ?? []) {
    const [k, v] = splitPair('--felix-config', kv)
    params[k] = v
  }
  const felixConfig = parseFelixParams(params)
  if (felixConfig._tag === 'Left') throw new UsageError(`--felix-config: ${errorText(felixConfig.left)}`)

  const { resources, errors } = await loadFiles(io, positionals, maxBytes)
  if (errors.length > 0) {
    reportErrors(io, errors, maxErrors)
    return EXIT.invalid
  }
  const node = chooseNode(resources, values.node)
  const interfaces = interfaceSpecs ?? inferInterfaces(resources, node)
  const world = build({ resources, node, interfaces, felixConfig: felixConfig.right })
  if (world._tag === 'Left') {
    // A bad --felix-config value (e.g. an InterfaceExclude regex) is reported by build at felixConfig.
    const flagErrors = world.left.filter((e) => e.path[0] === 'felixConfig')
    if (flagErrors.length > 0) throw new UsageError(`--felix-config: ${errorText(flagErrors)}`)
    reportErrors(io, world.left.map((error) => ({ file: '', error })), maxErrors)
    return EXIT.invalid
  }

  if (values.packets !== undefined) {
    const lines = await io.lines(values.packets)
    if (lines._tag === 'Left') {
      io.err(`--packets ${quote(values.packets)}: ${lines.left}\n`)
      return EXIT.invalid
    }
    const decide = evaluate(world.right, { dataplane, trace: output === 'full' })
    let failed = false
    let n = 0
    const iterator = lines.right[Symbol.asyncIterator]()
    for (;;) {
      if (io.closed()) break
      let next: IteratorResult<string>
      try {
        next = await iterator.next()
      } catch (e) {
        io.err(`--packets ${quote(values.packets)}: ${describeError(e).message}\n`)
        return EXIT.invalid
      }
      if (next.done === true) break
      const line = next.value
      n++
      const at = `line ${n}`
      if (line.trim() === '') {
        failed = true
        await io.out(jsonLine({ error: `${at}: blank line` }))
        continue
      }
      let json: unknown
      try {
        json = JSON.parse(line)
      } catch (e) {
        failed = true
        await io.out(jsonLine({ error: `${at}: not JSON: ${escapeText(e instanceof Error ? e.message : String(e), 200)}` }))
        continue
      }
      const id = idOf(json)
      const decision = E.flatMap(decide)(decodePacket(withoutId(json)))
      if (decision._tag === 'Left') {
        failed = true
        await io.out(jsonLine({ ...id, error: `${at}: ${errorText(decision.left)}` }))
        continue
      }
      const d = decision.right
      await io.out(jsonLine(output === 'full' ? { ...id, ...d } : { ...id, verdict: d.verdict, trafficType: d.trafficType }))
    }
    await iterator.return?.()
    return failed ? EXIT.invalid : EXIT.ok
  }

  const decide = evaluate(world.right, { dataplane })
  let failed = false
  for (const spec of specs) {
    const result = E.flatMap(decide)(parsePacket(spec))
    if (result._tag === 'Left') {
      failed = true
      io.err(`--packet ${quote(spec, 1000)}: ${errorText(result.left)}\n`)
      continue
    }
    const decision = result.right
    if (values.json) await io.out(jsonLine(decision))
    else await io.out(`${escapeText(spec)}\n${explain(decision).replace(/^/gm, '  ')}\n\n`)
  }
  return failed ? EXIT.invalid : EXIT.ok
}
