import { formatError, type CalicoError } from '../errors.js'
import { load } from '../load.js'
import type { Resource } from '../model/resource.js'
import { pushAll } from '../internal/array.js'
import { DEFAULT_MAX_BYTES as LOAD_MAX_BYTES } from '../model/load.js'
import type { Io } from './io.js'

const RESOURCE_FILE = /\.(ya?ml|json)$/i

/** The default of `--max-bytes`: the largest file (or standard input) read; the same as `load`'s. */
export const DEFAULT_MAX_BYTES = LOAD_MAX_BYTES

/** A resource file to read, or a path that cannot be used and why. */
export type Collected =
  | { readonly _tag: 'File'; readonly path: string }
  | { readonly _tag: 'Unusable'; readonly path: string; readonly reason: string }

const linkProblem = (code: string): string =>
  code === 'ENOENT' ? 'dangling symbolic link (its target does not exist)' : code === 'ELOOP' ? 'symbolic link loop' : ''

/**
 * Expands the given paths. A path named explicitly is read whatever it is (a file, a FIFO,
 * `/dev/stdin`, `-` for standard input); a directory is walked recursively, sorted by name,
 * skipping hidden entries, for `.yaml`, `.yml` and `.json` files. Symbolic links are followed,
 * but every directory is walked once and every file read once (by device and inode), so links
 * cannot loop; a link named like a resource file whose target is missing or loops is reported.
 * FIFOs and devices met in a walk are skipped.
 */
export const collectFiles = async (io: Io, paths: ReadonlyArray<string>): Promise<ReadonlyArray<Collected>> => {
  const out: Collected[] = []
  const seen = new Set<string>()
  const walk = async (dir: string): Promise<void> => {
    const listed = await io.list(dir)
    if (listed._tag === 'Left') {
      out.push({ _tag: 'Unusable', path: dir, reason: listed.left })
      return
    }
    for (const entry of [...listed.right].sort()) {
      const base = entry.split('/').pop() ?? entry
      if (base.startsWith('.')) continue
      const own = await io.stat(entry, false)
      const info = own._tag === 'Link' ? await io.stat(entry, true) : own
      switch (info._tag) {
        case 'Dir':
          if (seen.has(info.id)) break
          seen.add(info.id)
          await walk(entry)
          break
        case 'File':
          if (!RESOURCE_FILE.test(base) || seen.has(info.id)) break
          seen.add(info.id)
          out.push({ _tag: 'File', path: entry })
          break
        case 'Error':
          if (RESOURCE_FILE.test(base))
            out.push({ _tag: 'Unusable', path: entry, reason: (own._tag === 'Link' ? linkProblem(info.code) : '') || info.message })
          break
        case 'Other':
        case 'Link':
          break
      }
    }
  }
  for (const p of paths) {
    if (p === '-') {
      out.push({ _tag: 'File', path: p })
      continue
    }
    const info = await io.stat(p, true)
    switch (info._tag) {
      case 'Dir':
        if (seen.has(info.id)) break
        seen.add(info.id)
        await walk(p)
        break
      case 'File':
      case 'Other':
        if (seen.has(info.id)) break
        seen.add(info.id)
        out.push({ _tag: 'File', path: p })
        break
      case 'Error': {
        const own = await io.stat(p, false)
        out.push({ _tag: 'Unusable', path: p, reason: (own._tag === 'Link' ? linkProblem(info.code) : '') || info.message })
        break
      }
      case 'Link':
        break
    }
  }
  return out
}

/** The name under which a file's errors are reported (`-` is standard input). */
const displayName = (path: string): string => (path === '-' ? '(standard input)' : path)

/** Every resource of the given paths, or every error with the file it came from. */
export interface Loaded {
  readonly files: number
  readonly resources: ReadonlyArray<Resource>
  readonly errors: ReadonlyArray<{ readonly file: string; readonly error: CalicoError }>
}

/**
 * Collects the files under `paths` and loads each one; a path that cannot be read is an error
 * of that file (`no such file or directory`, `permission denied`, ...).
 */
export const loadFiles = async (io: Io, paths: ReadonlyArray<string>, maxBytes: number = DEFAULT_MAX_BYTES): Promise<Loaded> => {
  const resources: Resource[] = []
  const errors: Array<{ file: string; error: CalicoError }> = []
  let files = 0
  const unreadable = (file: string, message: string): void => {
    errors.push({ file, error: { _tag: 'Parse', path: [], message } })
  }
  for (const f of await collectFiles(io, paths)) {
    const file = displayName(f.path)
    if (f._tag === 'Unusable') {
      unreadable(file, f.reason)
      continue
    }
    const text = await io.readText(f.path, maxBytes)
    if (text._tag === 'Left') {
      unreadable(file, text.left)
      continue
    }
    files++
    const r = load(text.right, { file, maxBytes })
    if (r._tag === 'Left') for (const error of r.left) errors.push({ file, error })
    else pushAll(resources, r.right)
  }
  return { files, resources, errors }
}

/** One error line, naming the file it came from (none when `file` is empty). */
export const formatFileError = ({ file, error }: { readonly file: string; readonly error: CalicoError }): string =>
  file === '' ? formatError(error) : formatError({ ...error, origin: { file, ...(error.origin ?? {}) } })

/**
 * Writes the first `max` errors, one line each, then `... and N more errors` if there were more.
 * Standard error gets them (it has no back-pressure worth waiting for).
 */
export const reportErrors = (
  io: Io,
  errors: ReadonlyArray<{ readonly file: string; readonly error: CalicoError }>,
  max: number,
): void => {
  const shown = Math.min(max, errors.length)
  for (let i = 0; i < shown; i++) io.err(`${formatFileError(errors[i] as { file: string; error: CalicoError })}\n`)
  const more = errors.length - shown
  if (more > 0) io.err(`... and ${more} more error${more === 1 ? '' : 's'}\n`)
}
