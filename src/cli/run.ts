import { evalCommand } from './eval.js'
import type { Io } from './io.js'
import { selector } from './selector.js'
import { USAGE, UsageError } from './usage.js'
import { validate } from './validate.js'

const COMMANDS: Readonly<Record<string, (io: Io, args: ReadonlyArray<string>) => Promise<number>>> = {
  validate,
  selector,
  eval: evalCommand,
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit status. */
export const run = async (io: Io, argv: ReadonlyArray<string>): Promise<number> => {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE)
    return command === undefined ? 2 : 0
  }
  const handler = COMMANDS[command]
  if (handler === undefined) {
    io.err(`calico-policy: unknown command ${JSON.stringify(command)}\n\n${USAGE}`)
    return 2
  }
  try {
    return await handler(io, rest)
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`calico-policy ${command}: ${e.message}\nRun 'calico-policy help' for usage.\n`)
      return 2
    }
    throw e
  }
}
