/**
 * The emitter plug-in contract: a named function from options to a function from a World to a
 * backend's output or a {@link CalicoError} (`Unsupported` names what the backend cannot
 * express). Every backend of this package implements it, and so can third-party renderers.
 * @module
 */
import type { CalicoError } from '../errors.js'
import type { Either } from '../internal/fp.js'
import type { World } from '../policy/world.js'

/**
 * A backend: `emit(options)(world)` renders a World (from `Policy.build`) or says why it cannot.
 * @example
 * ```ts
 * const names: Emitter<{}, ReadonlyArray<string>> = {
 *   name: 'endpoint-names',
 *   emit: () => (world) => E.right([...world.workloads.keys()]),
 * }
 * ```
 * @since 0.2.0
 */
export interface Emitter<Options, Output> {
  /** The backend's name, as the CLI and error messages spell it (`iptables`). */
  readonly name: string
  /** Renders a World with the given options, or returns the first error. */
  readonly emit: (options: Options) => (world: World) => Either<CalicoError, Output>
}
