/**
 * The client side of agent.py: one long-lived python3 process that owns every socket of a lab
 * (in all of its namespaces) and answers JSON-line requests in order.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./agent.py', import.meta.url))

export type Sighting = readonly [socket: string, seq: number, offset: number]

export interface Agent {
  readonly request: (req: Readonly<Record<string, unknown>>) => Promise<Readonly<Record<string, unknown>>>
  readonly close: () => Promise<void>
}

export const startAgent = (): Agent => {
  const child: ChildProcessWithoutNullStreams = spawn('python3', ['-u', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] })
  const waiting: Array<{ resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void; op: string }> = []
  let stderr = ''
  let dead: Error | undefined
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const fail = (e: Error) => {
    dead = e
    for (const w of waiting.splice(0)) w.reject(e)
  }
  child.on('error', (e) => fail(e))
  child.on('exit', (code) => fail(new Error(`agent exited (${String(code)}): ${stderr.slice(-2000)}`)))
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift()
    if (w === undefined) return
    const reply = JSON.parse(line) as Record<string, unknown>
    if (reply['ok'] !== true) w.reject(new Error(`agent ${w.op}: ${String(reply['error'])}`))
    else w.resolve(reply)
  })
  const request = (req: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      if (dead !== undefined) return reject(dead)
      waiting.push({ resolve, reject, op: String(req['op']) })
      child.stdin.write(`${JSON.stringify(req)}\n`)
    })
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || dead !== undefined) return resolve()
      child.once('exit', () => resolve())
      child.stdin.end()
      setTimeout(() => {
        if (child.exitCode === null) child.kill('SIGKILL')
      }, 2000).unref()
    })
  return { request, close }
}
