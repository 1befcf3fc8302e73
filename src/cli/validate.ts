import { parseArgs } from 'node:util'
import { formatError, type CalicoError } from '../errors.js'
import { formatFileError, loadFiles } from './files.js'
import type { Io } from './io.js'
import { UsageError } from './usage.js'

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

const toJson = (file: string, e: CalicoError): JsonError => {
  const { origin } = e
  const full = formatError({ ...e, origin: {} })
  return {
    file,
    ...(origin?.document === undefined ? {} : { document: origin.document }),
    ...(origin?.kind === undefined ? {} : { kind: origin.kind }),
    ...(origin?.namespace === undefined ? {} : { namespace: origin.namespace }),
    ...(origin?.name === undefined ? {} : { name: origin.name }),
    path: e.path.map(String).join('.'),
    tag: e._tag,
    message: full,
  }
}

/** `calico-policy validate [--json] PATH...` */
export const validate = async (io: Io, args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length === 0) throw new UsageError('validate needs at least one file or directory')
  const loaded = await loadFiles(io, positionals)
  const { errors, files: checked } = loaded
  const resources = loaded.resources.length
  if (values.json) {
    io.out(
      `${JSON.stringify({ files: checked, resources, errors: errors.map(({ file, error }) => toJson(file, error)) })}\n`,
    )
  } else {
    for (const e of errors) io.err(`${formatFileError(e)}\n`)
    const summary = `${checked} file${checked === 1 ? '' : 's'}, ${resources} resource${resources === 1 ? '' : 's'}, ${errors.length} error${errors.length === 1 ? '' : 's'}`
    if (errors.length === 0) io.out(`ok: ${summary}\n`)
    else io.err(`invalid: ${summary}\n`)
  }
  return errors.length === 0 ? 0 : 1
}
