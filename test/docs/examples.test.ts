// Runs every ```ts code block of README.md and docs/*.md that imports 'calico-policy', against
// the sources, so the documentation's examples stay runnable. A block fenced as ```ts no-run is
// only shown, not run (use it for fragments).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const tmp = join(root, 'test', '.docs-tmp')
const docDir = join(root, 'docs')
const docs = ['README.md', ...(existsSync(docDir) ? readdirSync(docDir).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`) : [])]

interface Block {
  readonly file: string
  readonly line: number
  readonly code: string
}

const blocks: Block[] = []
for (const file of docs) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```ts') continue
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end]?.trim() !== '```') end++
    const code = lines.slice(start, end).join('\n')
    if (code.includes("from 'calico-policy'")) blocks.push({ file, line: start + 1, code })
    i = end
  }
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('documentation examples run', () => {
  it('finds examples to run', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })
  it.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))('%s', async (_name, block) => {
    mkdirSync(tmp, { recursive: true })
    const file = join(tmp, `${block.file.replace(/[^a-z0-9]/gi, '_')}_${block.line}.ts`)
    const src = pathToFileURL(join(root, 'src', 'index.ts')).href
    writeFileSync(file, `${block.code.replaceAll("from 'calico-policy'", `from '${src}'`)}\nexport {}\n`)
    const log = console.log
    console.log = () => undefined
    try {
      await import(pathToFileURL(file).href)
    } finally {
      console.log = log
    }
  }, 60_000)
})
