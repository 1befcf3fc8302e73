/**
 * Rewrites of a selector's syntax tree that Calico applies when it turns policies into felix's
 * model.
 * @module
 */
import { absurd } from '../internal/fp.js'
import type { Selector } from './ast.js'

/**
 * Puts `prefix` in front of every label key in the selector, as Calico does with `pcns.` for a
 * `namespaceSelector` and `pcsa.` for a `serviceAccountSelector`. `all()` and `global()` are left
 * alone; Calico replaces them textually afterwards, which callers do on the printed form.
 * @example
 * ```ts
 * pipe(Selector.parse("team == 'a' && !has(x)"), E.map(Selector.prefixLabels('pcns.')), E.map(Selector.print))
 * // right('(pcns.team == "a" && !has(pcns.x))')
 * ```
 * @since 0.1.0
 */
export const prefixLabels =
  (prefix: string) =>
  (selector: Selector): Selector => {
    const go = (sel: Selector): Selector => {
      switch (sel._tag) {
        case 'All':
        case 'Global':
          return sel
        case 'Has':
        case 'Eq':
        case 'Ne':
        case 'In':
        case 'NotIn':
        case 'Contains':
        case 'StartsWith':
        case 'EndsWith':
          return { ...sel, key: prefix + sel.key }
        case 'Not':
          return { _tag: 'Not', operand: go(sel.operand) }
        case 'And':
        case 'Or':
          return { _tag: sel._tag, operands: sel.operands.map(go) }
        default:
          return absurd(sel)
      }
    }
    return go(selector)
  }
