/**
 * How deep a selector's syntax tree is, and how deep one may be.
 * @module
 */
import type { Selector } from './ast.js'

/**
 * The deepest syntax tree a selector may have (a term is 1 level; each `!`, `&&` chain and `||`
 * chain adds one): `parse` refuses deeper selectors and the builders refuse to build them. Calico
 * has no such limit, but no real selector comes near it; it keeps every tree walk far from
 * JavaScript's stack limit, and leaves room for the few levels Calico's rewrites add, so that
 * the canonical text of every selector (at most one group per level) parses again.
 * @example
 * ```ts
 * Selector.MAX_DEPTH // 120
 * ```
 * @since 0.2.0
 */
export const MAX_DEPTH = 120

const depths = new WeakMap<Selector, number>()

const childrenOf = (sel: Selector): ReadonlyArray<Selector> =>
  sel._tag === 'Not' ? [sel.operand] : sel._tag === 'And' || sel._tag === 'Or' ? sel.operands : []

const isTerm = (sel: Selector): boolean => sel._tag !== 'Not' && sel._tag !== 'And' && sel._tag !== 'Or'

/**
 * The depth of a syntax tree, computed without recursion (so any tree will do) and cached per
 * node.
 * @example
 * ```ts
 * depthOf({ _tag: 'Not', operand: { _tag: 'Has', key: 'a' } }) // 2
 * ```
 * @since 0.2.0
 * @internal
 */
export const depthOf = (root: Selector): number => {
  if (isTerm(root)) return 1
  const known = depths.get(root)
  if (known !== undefined) return known
  // Pre-order without recursion; in reverse, every node comes after all of its descendants.
  const order: Selector[] = []
  const stack: Selector[] = [root]
  while (stack.length > 0) {
    const sel = stack.pop() as Selector
    if (isTerm(sel) || depths.has(sel)) continue
    order.push(sel)
    for (const c of childrenOf(sel)) stack.push(c)
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const sel = order[i] as Selector
    let d = 0
    for (const c of childrenOf(sel)) d = Math.max(d, isTerm(c) ? 1 : (depths.get(c) as number))
    depths.set(sel, d + 1)
  }
  return depths.get(root) as number
}
