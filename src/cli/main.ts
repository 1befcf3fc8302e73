#!/usr/bin/env node
import { nodeIo, releaseInput, watchOutput } from './io.js'
import { run } from './run.js'
import { EXIT } from './usage.js'

let outputFailed = false
watchOutput((message) => {
  outputFailed = true
  process.exitCode = EXIT.output
  process.stderr.write(`calico-policy: ${message}\n`)
})

run(nodeIo, process.argv.slice(2)).then(
  (code) => {
    process.exitCode = outputFailed ? EXIT.output : code
    releaseInput()
  },
  () => {
    // run never rejects; this is the last guard against a stack trace.
    process.exitCode = EXIT.internal
  },
)
