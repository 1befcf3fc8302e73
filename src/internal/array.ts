/**
 * Array helpers that stay safe for arrays of any length.
 * @module
 */

/**
 * Appends every element of `items` to `target` one by one and returns `target`. Use it instead of
 * `target.push(...items)`, which passes each element as a call argument and throws "Maximum call
 * stack size exceeded" somewhere past 100,000 elements (an ESLint rule forbids the spread form).
 * @internal
 */
export const pushAll = <A>(target: Array<A>, items: ReadonlyArray<A>): Array<A> => {
  for (const item of items) target.push(item)
  return target
}
