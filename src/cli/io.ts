import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** What the CLI needs from the outside world; tests pass an in-memory implementation. */
export interface Io {
  readonly readText: (path: string) => Promise<string>
  /** `'file'`, `'dir'` or `undefined` when the path does not exist. */
  readonly kind: (path: string) => Promise<'file' | 'dir' | undefined>
  readonly list: (dir: string) => Promise<ReadonlyArray<string>>
  readonly out: (text: string) => void
  readonly err: (text: string) => void
}

export const nodeIo: Io = {
  readText: (path) => readFile(path, 'utf8'),
  kind: async (path) => {
    try {
      const s = await stat(path)
      return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined
    } catch {
      return undefined
    }
  },
  list: async (dir) => (await readdir(dir)).map((name) => join(dir, name)),
  out: (text) => {
    process.stdout.write(text)
  },
  err: (text) => {
    process.stderr.write(text)
  },
}
