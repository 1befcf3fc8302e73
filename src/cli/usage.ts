export const USAGE = `calico-policy: model, select and evaluate Calico network policy offline.

Usage:
  calico-policy validate [--json] PATH...
      Load every YAML/JSON file (directories are searched recursively) and report every error
      with file, document, resource and field path. Exit status 1 if any error was found.

  calico-policy selector [--json] [--labels k=v,...]... 'EXPR'
      Print a selector's canonical form and unique ID; with --labels, whether it matches them.

  calico-policy help
      Show this text.

Errors go to standard error. --json prints machine-readable output on standard output.
Exit status: 0 success, 1 invalid input, 2 usage error.
`

/** Thrown for command-line mistakes; reported with the usage hint and exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
