import { formatError, type CalicoError } from '../errors.js'
import { load } from '../load.js'
import type { Resource } from '../model/resource.js'
import type { Io } from './io.js'
import { pushAll } from '../internal/array.js'

const RESOURCE_FILE = /\.(ya?ml|json)$/i

/** A resource file, or a path that could not be used (reported as a usage error). */
export type Collected =
  | { readonly _tag: 'File'; readonly path: string }
  | { readonly _tag: 'Missing'; readonly path: string }

/**
 * Expands the given paths: files are taken as they are; directories are walked recursively
 * (sorted by name, hidden entries skipped) for `.yaml`, `.yml` and `.json` files.
 */
export const collectFiles = async (io: Io, paths: ReadonlyArray<string>): Promise<ReadonlyArray<Collected>> => {
  const out: Collected[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = [...(await io.list(dir))].sort()
    for (const entry of entries) {
      const base = entry.split('/').pop() ?? entry
      if (base.startsWith('.')) continue
      const k = await io.kind(entry)
      if (k === 'dir') await walk(entry)
      else if (k === 'file' && RESOURCE_FILE.test(base)) out.push({ _tag: 'File', path: entry })
    }
  }
  for (const p of paths) {
    const k = await io.kind(p)
    if (k === 'file') out.push({ _tag: 'File', path: p })
    else if (k === 'dir') await walk(p)
    else out.push({ _tag: 'Missing', path: p })
  }
  return out
}

/** Every resource of the given paths, or every error with the file it came from. */
export interface Loaded {
  readonly files: number
  readonly resources: ReadonlyArray<Resource>
  readonly errors: ReadonlyArray<{ readonly file: string; readonly error: CalicoError }>
}

/** Collects the files under `paths` and loads each one (a missing path is an error too). */
export const loadFiles = async (io: Io, paths: ReadonlyArray<string>): Promise<Loaded> => {
  const resources: Resource[] = []
  const errors: Array<{ file: string; error: CalicoError }> = []
  let files = 0
  for (const f of await collectFiles(io, paths)) {
    if (f._tag === 'Missing') {
      errors.push({ file: f.path, error: { _tag: 'Parse', path: [], message: 'no such file or directory' } })
      continue
    }
    files++
    const r = load(await io.readText(f.path), { file: f.path })
    if (r._tag === 'Left') for (const error of r.left) errors.push({ file: f.path, error })
    else pushAll(resources, r.right)
  }
  return { files, resources, errors }
}

/** One error line, naming the file it came from. */
export const formatFileError = ({ file, error }: { readonly file: string; readonly error: CalicoError }): string =>
  formatError({ ...error, origin: { file, ...(error.origin ?? {}) } })
