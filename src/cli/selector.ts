import { parseArgs } from 'node:util'
import { escapeText, formatError } from '../errors.js'
import { matches, parse, print, uniqueId } from '../selector/index.js'
import type { Io } from './io.js'
import { jsonLine } from './output.js'
import { UsageError } from './usage.js'

/** Parses `k=v,k2=v2` (repeatable); a value may be empty (`k=`), a key may not. */
export const parseLabels = (specs: ReadonlyArray<string>): Readonly<Record<string, string>> => {
  // A Map, then fromEntries: `labels[k] = v` would set the prototype for `__proto__`.
  const labels = new Map<string, string>()
  for (const spec of specs) {
    if (spec === '') continue
    for (const pair of spec.split(',')) {
      const eq = pair.indexOf('=')
      if (eq <= 0) throw new UsageError(`--labels: ${JSON.stringify(pair)} is not key=value`)
      labels.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
  }
  return Object.fromEntries(labels)
}

/** `calico-policy selector [--json] [--labels k=v,...]... 'EXPR'` */
export const selector = async (io: Io, args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false }, labels: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1) throw new UsageError('selector takes exactly one selector expression (quote it)')
  const source = positionals[0] as string
  const labels = values.labels === undefined ? undefined : parseLabels(values.labels)
  const parsed = parse(source)
  if (parsed._tag === 'Left') {
    const e = parsed.left
    if (values.json) {
      await io.out(jsonLine({ valid: false, error: e._tag === 'SelectorSyntax' ? { message: e.message, offset: e.offset, expected: e.expected } : { message: formatError(e) } }))
    } else io.err(`${formatError(e)}\n`)
    return 1
  }
  const sel = parsed.right
  const canonical = print(sel)
  const id = uniqueId(sel)
  const matched = labels === undefined ? undefined : matches(sel)(labels)
  if (values.json) {
    await io.out(jsonLine({ valid: true, canonical, uniqueId: id, ...(matched === undefined ? {} : { labels, matches: matched }) }))
  } else {
    // Text output escapes what a terminal would act on (--json gives the exact canonical form).
    await io.out(`canonical: ${escapeText(canonical, Number.MAX_SAFE_INTEGER)}\nuniqueId:  ${id}\n`)
    if (matched !== undefined) await io.out(`matches:   ${matched}\n`)
  }
  return 0
}
