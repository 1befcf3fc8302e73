import type { Io } from './io.js'

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
