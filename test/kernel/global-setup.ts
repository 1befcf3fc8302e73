/**
 * Global setup of the kernel project: decides once whether the kernel suite can run here. Without
 * root (or tools) it prints one line and the suite skips; under CI=true that is an error instead,
 * so CI cannot pass without having run it. Also removes namespaces left by killed earlier runs.
 */
import type { TestProject } from 'vitest/node'
import { sweepStale } from './harness/lab.js'
import { whyNoKernel } from './harness/env.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the kernel suite cannot run here, or '' when it can. */
    kernelUnavailable: string
  }
}

export default function setup(project: TestProject): void {
  const why = whyNoKernel()
  if (why !== undefined && process.env['CI'] === 'true') throw new Error(`kernel suite: cannot run under CI=true: ${why}`)
  if (why !== undefined) console.log(`kernel suite skipped: ${why}`)
  else sweepStale()
  project.provide('kernelUnavailable', why ?? '')
}
