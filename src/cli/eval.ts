import { parseArgs } from 'node:util'
import { escapeText, quote } from '../errors.js'
import { evaluate } from '../eval/evaluate.js'
import { explain } from '../eval/explain.js'
import { decodePacket, parsePacket } from '../eval/packet.js'
import { E } from '../internal/fp.js'
import { describeError, type Io } from './io.js'
import { jsonLine } from './output.js'
import { EXIT, UsageError } from './usage.js'
import { WORLD_OPTIONS, errorText, nodeWorld } from './world.js'

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
      ...WORLD_OPTIONS,
      dataplane: { type: 'string', default: 'iptables' },
      packet: { type: 'string', multiple: true },
      packets: { type: 'string' },
      output: { type: 'string' },
      json: { type: 'boolean', default: false },
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
  const loaded = await nodeWorld(io, values, positionals)
  if (typeof loaded === 'number') return loaded
  const { world } = loaded

  if (values.packets !== undefined) {
    const lines = await io.lines(values.packets)
    if (lines._tag === 'Left') {
      io.err(`--packets ${quote(values.packets)}: ${lines.left}\n`)
      return EXIT.invalid
    }
    const decide = evaluate(world, { dataplane, trace: output === 'full' })
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

  const decide = evaluate(world, { dataplane })
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
