import { escapeText, quote } from '../errors.js'
import { emitCommand } from './emit.js'
import { evalCommand } from './eval.js'
import type { Io } from './io.js'
import { selector } from './selector.js'
import { COMMAND_USAGE, EXIT, USAGE, UsageError } from './usage.js'
import { validate } from './validate.js'

const COMMANDS: Readonly<Record<string, (io: Io, args: ReadonlyArray<string>) => Promise<number>>> = {
  validate,
  selector,
  eval: evalCommand,
  emit: emitCommand,
}

const isHelp = (arg: string): boolean => arg === '--help' || arg === '-h'

/** Parse errors from `node:util` parseArgs (unknown option, missing value, ...). */
const isParseArgsError = (e: unknown): e is Error =>
  e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')

/** One line for a usage error, then where to find the help. */
const usageError = (io: Io, command: string | undefined, message: string): number => {
  const who = command === undefined ? 'calico-policy' : `calico-policy ${command}`
  io.err(`${who}: ${escapeText(message.split('\n')[0] ?? '', 500)}\nRun '${who} --help' for usage.\n`)
  return EXIT.usage
}

/**
 * Runs the CLI with the given arguments (without `node` and the script) and returns the exit
 * status. Never throws: a bug is reported in one line with exit status 70.
 */
export const run = async (io: Io, argv: ReadonlyArray<string>): Promise<number> => {
  const [command, ...rest] = argv
  try {
    if (command === undefined) {
      io.err(USAGE)
      return EXIT.usage
    }
    if (command === '--version' || command === '-V') {
      await io.out(`calico-policy ${io.version()}\n`)
      return EXIT.ok
    }
    if (command === 'help' || isHelp(command)) {
      const topic = rest[0]
      if (topic === undefined) {
        await io.out(USAGE)
        return EXIT.ok
      }
      const text = COMMAND_USAGE[topic]
      if (text === undefined) return usageError(io, 'help', `unknown command ${quote(topic)}`)
      await io.out(text)
      return EXIT.ok
    }
    const handler = COMMANDS[command]
    if (handler === undefined) return usageError(io, undefined, `unknown command ${quote(command)}`)
    // `--help` anywhere before a `--` asks for the command's help.
    const end = rest.indexOf('--')
    if ((end === -1 ? rest : rest.slice(0, end)).some(isHelp)) {
      await io.out(COMMAND_USAGE[command] as string)
      return EXIT.ok
    }
    try {
      return await handler(io, rest)
    } catch (e) {
      if (e instanceof UsageError || isParseArgsError(e)) return usageError(io, command, e.message)
      throw e
    }
  } catch (e) {
    const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    io.err(`calico-policy: internal error (please report it): ${escapeText(text.split('\n')[0] ?? '', 300)}\n`)
    return EXIT.internal
  }
}
