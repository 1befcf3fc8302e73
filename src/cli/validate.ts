import { parseArgs } from 'node:util'
import { formatError, type CalicoError } from '../errors.js'
import { DEFAULT_MAX_BYTES, loadFiles, reportErrors } from './files.js'
import type { Io } from './io.js'
import { jsonLine } from './output.js'
import { EXIT, UsageError, intOption } from './usage.js'

/** The default of `--max-errors`. */
export const DEFAULT_MAX_ERRORS = 100

interface JsonError {
  readonly file: string
  readonly document?: number
  readonly kind?: string
  readonly namespace?: string
  readonly name?: string
  readonly path: string
  readonly tag: CalicoError['_tag']
  readonly message: string
}

/** Origin strings as they were written, but cut: JSON output is bounded too. */
const MAX_JSON_NAME = 1000
const cutName = (s: string): string => (s.length > MAX_JSON_NAME ? `${s.slice(0, MAX_JSON_NAME)}... (${s.length} characters)` : s)

const toJson = (file: string, e: CalicoError): JsonError => {
  const { origin } = e
  const full = formatError({ ...e, origin: {} })
  return {
    file: cutName(file),
    ...(origin?.document === undefined ? {} : { document: origin.document }),
    ...(origin?.kind === undefined ? {} : { kind: cutName(origin.kind) }),
    ...(origin?.namespace === undefined ? {} : { namespace: cutName(origin.namespace) }),
    ...(origin?.name === undefined ? {} : { name: cutName(origin.name) }),
    path: cutName(e.path.map(String).join('.')),
    tag: e._tag,
    message: full,
  }
}

/** `calico-policy validate [--json] [--max-errors N] [--max-bytes N] PATH...` */
export const validate = async (io: Io, args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      json: { type: 'boolean', default: false },
      'max-errors': { type: 'string' },
      'max-bytes': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length === 0) throw new UsageError('validate needs at least one file or directory')
  const maxErrors = intOption('--max-errors', values['max-errors'], DEFAULT_MAX_ERRORS)
  const maxBytes = intOption('--max-bytes', values['max-bytes'], DEFAULT_MAX_BYTES)
  const loaded = await loadFiles(io, positionals, maxBytes)
  const { errors, files: checked } = loaded
  const resources = loaded.resources.length
  if (values.json) {
    const shown = errors.slice(0, maxErrors).map(({ file, error }) => toJson(file, error))
    await io.out(jsonLine({ files: checked, resources, errorCount: errors.length, errors: shown }))
  } else {
    reportErrors(io, errors, maxErrors)
    const summary = `${checked} file${checked === 1 ? '' : 's'}, ${resources} resource${resources === 1 ? '' : 's'}, ${errors.length} error${errors.length === 1 ? '' : 's'}`
    if (errors.length === 0) await io.out(`ok: ${summary}\n`)
    else io.err(`invalid: ${summary}\n`)
  }
  return errors.length === 0 ? EXIT.ok : EXIT.invalid
}
