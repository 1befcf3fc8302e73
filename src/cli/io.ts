import { readFileSync } from 'node:fs'
import { constants } from 'node:fs'
import { lstat, mkdir, open, readdir, stat, writeFile, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { escapeText } from '../errors.js'
import { E, type Either } from '../internal/fp.js'

/** What a path is: `id` (device and inode) lets a directory walk see each file and directory once. */
export type PathInfo =
  | { readonly _tag: 'File'; readonly id: string; readonly size: number }
  | { readonly _tag: 'Dir'; readonly id: string }
  /** A FIFO, a device or a socket: read as a stream when named explicitly, skipped in a walk. */
  | { readonly _tag: 'Other'; readonly id: string }
  /** Only when links are not followed. */
  | { readonly _tag: 'Link' }
  | { readonly _tag: 'Error'; readonly code: string; readonly message: string }

/** What the CLI needs from the outside world; tests replace `out` and `err` to capture them. */
export interface Io {
  /** Describes a path, following symbolic links when `follow` is true. */
  readonly stat: (path: string, follow: boolean) => Promise<PathInfo>
  /** The entries of a directory (full paths), or why they cannot be listed. */
  readonly list: (dir: string) => Promise<Either<string, ReadonlyArray<string>>>
  /** A whole file (`-` is standard input) as UTF-8 text, or why it cannot be read; longer than `maxBytes` is an error. */
  readonly readText: (path: string, maxBytes: number) => Promise<Either<string, string>>
  /** The lines of a file (`-` is standard input), read as they are needed. */
  readonly lines: (path: string) => Promise<Either<string, AsyncIterable<string>>>
  /** Writes to standard output; resolves when the reader can take more (back-pressure). */
  readonly out: (text: string) => void | Promise<void>
  readonly err: (text: string) => void
  /** Writes a file, creating its directory first if needed; Left is the reason it could not. */
  readonly writeText: (path: string, text: string) => Promise<Either<string, void>>
  /** True once standard output can take no more (the reader went away, or writing failed). */
  readonly closed: () => boolean
  /** The package version. */
  readonly version: () => string
}

/** How long a FIFO may go without any process opening it for writing. */
export const FIFO_WAIT_MS = 5000

const MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links (a symbolic link loop)',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  ENOSPC: 'no space left on device',
  ENOWRITER: `nothing opened it for writing within ${FIFO_WAIT_MS / 1000} s`,
  EPIPE: 'broken pipe',
}

/** A Node system error as `{ code, message }`, the message in words without the path (the caller names it). */
export const describeError = (e: unknown): { readonly code: string; readonly message: string } => {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : ''
  const known = MESSAGES[code]
  if (known !== undefined) return { code, message: known }
  const text = e instanceof Error ? e.message : String(e)
  return { code, message: escapeText(text.split('\n')[0] ?? '', 200) }
}

const idOf = (s: { readonly dev: number; readonly ino: number }): string => `${s.dev}:${s.ino}`

const tooBig = (size: number | string, maxBytes: number): string =>
  `is ${size} bytes, over the limit of ${maxBytes} bytes (--max-bytes)`

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The error that ends a read of a FIFO that no process opens for writing. */
class NoWriter extends Error {
  readonly code = 'ENOWRITER'
}

/**
 * The contents of a FIFO, a terminal or another non-regular file opened non-blocking, chunk by
 * chunk: a read of 0 bytes before any data means that no process has the FIFO open for writing
 * yet, so it waits (at most `FIFO_WAIT_MS`, then throws `NoWriter`) instead of blocking forever
 * in `open`; EAGAIN means a writer is there but has not written yet.
 */
async function* chunksNonBlocking(handle: FileHandle): AsyncGenerator<Buffer> {
  let writer = false
  const started = Date.now()
  for (;;) {
    const buf = Buffer.allocUnsafe(65536)
    let n: number
    try {
      n = (await handle.read(buf, 0, buf.length, null)).bytesRead
    } catch (e) {
      if (describeError(e).code !== 'EAGAIN') throw e
      writer = true
      await sleep(2)
      continue
    }
    if (n === 0) {
      if (writer) return
      if (Date.now() - started > FIFO_WAIT_MS) throw new NoWriter(MESSAGES['ENOWRITER'])
      await sleep(20)
      continue
    }
    writer = true
    yield buf.subarray(0, n)
  }
}

/** Reads chunks to their end as UTF-8, stopping with an error past `maxBytes`. */
const readChunks = async (chunks: AsyncIterable<Buffer>, maxBytes: number): Promise<Either<string, string>> => {
  const parts: Buffer[] = []
  let total = 0
  try {
    for await (const b of chunks) {
      total += b.length
      if (total > maxBytes) return E.left(tooBig(`more than ${maxBytes}`, maxBytes))
      parts.push(b)
    }
  } catch (e) {
    if (e instanceof NoWriter) return E.left(e.message)
    throw e
  }
  return E.right(Buffer.concat(parts).toString('utf8'))
}

/** Closes the handle once its chunks are read (or reading stops). */
async function* closing(handle: FileHandle, chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* chunks
  } finally {
    await handle.close()
  }
}

/** Opens a path for reading without blocking on a FIFO; refuses a directory. */
const openForReading = async (path: string): Promise<Either<string, { readonly handle: FileHandle; readonly regular: boolean; readonly size: number }>> => {
  // O_NONBLOCK: opening a FIFO that nothing writes to would otherwise block forever.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  const s = await handle.stat()
  if (s.isDirectory()) {
    await handle.close()
    return E.left(MESSAGES['EISDIR'] as string)
  }
  return E.right({ handle, regular: s.isFile(), size: s.size })
}

let stdinUsed = false
const stdin = (): NodeJS.ReadStream => {
  stdinUsed = true
  return process.stdin
}

/**
 * Called by `main` when the command is done: standard input, if it was read, stops being read
 * (a command that stopped early, e.g. because its reader went away, must not wait for the end of
 * an endless input).
 * @internal
 */
export const releaseInput = (): void => {
  if (stdinUsed) process.stdin.destroy()
}

let outClosed = false
let drainWaiters: Array<() => void> = []
const wakeWriters = (): void => {
  const waiters = drainWaiters
  drainWaiters = []
  for (const w of waiters) w()
}

/**
 * Called once by `main`: a reader that goes away (EPIPE, `| head`) closes standard output quietly;
 * any other write error (ENOSPC, `> /dev/full`) is reported in one line and ends with `onFailure`.
 * @internal
 */
export const watchOutput = (onFailure: (message: string) => void): void => {
  process.stdout.on('drain', wakeWriters)
  process.stdout.on('error', (e: unknown) => {
    const first = !outClosed
    outClosed = true
    wakeWriters()
    const { code, message } = describeError(e)
    if (first && code !== 'EPIPE') onFailure(`cannot write to standard output: ${message}`)
  })
  process.stderr.on('error', () => {
    // Nowhere left to report it.
  })
}

export const nodeIo: Io = {
  stat: async (path, follow) => {
    try {
      const s = follow ? await stat(path) : await lstat(path)
      if (s.isSymbolicLink()) return { _tag: 'Link' }
      if (s.isDirectory()) return { _tag: 'Dir', id: idOf(s) }
      if (s.isFile()) return { _tag: 'File', id: idOf(s), size: s.size }
      return { _tag: 'Other', id: idOf(s) }
    } catch (e) {
      return { _tag: 'Error', ...describeError(e) }
    }
  },
  list: async (dir) => {
    try {
      return E.right((await readdir(dir)).map((name) => join(dir, name)))
    } catch (e) {
      return E.left(describeError(e).message)
    }
  },
  readText: async (path, maxBytes) => {
    if (path === '-') return readChunks(stdin(), maxBytes)
    try {
      const opened = await openForReading(path)
      if (opened._tag === 'Left') return opened
      const { handle, regular, size } = opened.right
      try {
        if (!regular) return await readChunks(chunksNonBlocking(handle), maxBytes)
        if (size > maxBytes) return E.left(tooBig(size, maxBytes))
        return await readChunks(handle.createReadStream({ autoClose: false }), maxBytes)
      } finally {
        await handle.close()
      }
    } catch (e) {
      return E.left(describeError(e).message)
    }
  },
  lines: async (path) => {
    if (path === '-') return E.right(createInterface({ input: stdin(), crlfDelay: Infinity }))
    try {
      const opened = await openForReading(path)
      if (opened._tag === 'Left') return opened
      const { handle, regular } = opened.right
      const input = regular ? handle.createReadStream() : Readable.from(closing(handle, chunksNonBlocking(handle)))
      return E.right(createInterface({ input, crlfDelay: Infinity }))
    } catch (e) {
      return E.left(describeError(e).message)
    }
  },
  out: (text) => {
    if (outClosed) return
    if (process.stdout.write(text)) return
    return new Promise<void>((resolve) => {
      drainWaiters.push(resolve)
    })
  },
  err: (text) => {
    process.stderr.write(text)
  },
  writeText: async (path, text) => {
    try {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, text, 'utf8')
      return E.right(undefined)
    } catch (e) {
      return E.left(describeError(e).message)
    }
  },
  closed: () => outClosed,
  version: () => {
    // dist/cli.js and src/cli/io.ts both find the package's own package.json above them.
    for (const up of ['../package.json', '../../package.json']) {
      try {
        const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown }
        if (pkg.name === 'calico-policy' && typeof pkg.version === 'string') return pkg.version
      } catch {
        // try the next one
      }
    }
    return 'unknown'
  },
}
