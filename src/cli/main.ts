#!/usr/bin/env node
import { nodeIo } from './io.js'
import { run } from './run.js'

run(nodeIo, process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`calico-policy: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exitCode = 3
  },
)
