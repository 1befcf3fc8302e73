import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// Every ```ts block of docs/resources.md is a self-checking example (node:assert): run each one
// against the sources, with `calico-policy` resolved to src/index.ts.
const ROOT = resolve(__dirname, '../..')
const DOC = readFileSync(join(ROOT, 'docs/resources.md'), 'utf8')
const BLOCKS = [...DOC.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')
const DIR = join(__dirname, '.snippets')

afterAll(() => rmSync(DIR, { recursive: true, force: true }))

describe('docs/resources.md examples', () => {
  it('has examples', () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(6)
  })
  it.each(BLOCKS.map((code, i) => [i + 1, code] as const))('example %i runs and its assertions hold', async (i, code) => {
    mkdirSync(DIR, { recursive: true })
    const file = join(DIR, `example-${i}.ts`)
    writeFileSync(file, code.replace(/from 'calico-policy'/g, `from '${join(ROOT, 'src/index.js')}'`))
    await expect(import(file)).resolves.toBeDefined()
  })
})
