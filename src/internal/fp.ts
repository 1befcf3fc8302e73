/**
 * The one place that decides how fp-ts is imported (fp-ts has no `exports` map, so deep imports
 * must go through `fp-ts/lib/*.js` to work from the published ESM build).
 * @internal
 */
export { either as E, option as O, readonlyArray as RA, readonlyNonEmptyArray as RNEA, readonlyRecord as RR } from 'fp-ts'
export { pipe, flow, absurd, identity } from 'fp-ts/lib/function.js'
export type { Either } from 'fp-ts/lib/Either.js'
export type { Option } from 'fp-ts/lib/Option.js'
export type { ReadonlyNonEmptyArray } from 'fp-ts/lib/ReadonlyNonEmptyArray.js'
