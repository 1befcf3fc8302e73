/**
 * An inverted index from labels to the items carrying them, used to find the items a selector
 * matches without testing every item (felix keeps a similar label index). Mutable; owned by the
 * builder.
 * @module
 */
import type { Selector } from '../selector/ast.js'
import type { Labels } from './labels.js'

/**
 * The index: items by key, items by (key, value), and all items.
 * @internal
 */
export interface LabelIndex {
  readonly byKey: Map<string, Set<string>>
  readonly byKeyValue: Map<string, Map<string, Set<string>>>
  readonly labels: Map<string, Labels>
}

/**
 * An empty index.
 * @internal
 */
export const emptyIndex = (): LabelIndex => ({ byKey: new Map(), byKeyValue: new Map(), labels: new Map() })

/**
 * Adds (or replaces) an item's labels.
 * @internal
 */
export const insert = (ix: LabelIndex, id: string, labels: Labels): void => {
  if (ix.labels.has(id)) remove(ix, id)
  ix.labels.set(id, labels)
  for (const [k, v] of Object.entries(labels)) {
    let ids = ix.byKey.get(k)
    if (ids === undefined) ix.byKey.set(k, (ids = new Set()))
    ids.add(id)
    let values = ix.byKeyValue.get(k)
    if (values === undefined) ix.byKeyValue.set(k, (values = new Map()))
    let vids = values.get(v)
    if (vids === undefined) values.set(v, (vids = new Set()))
    vids.add(id)
  }
}

/**
 * Removes an item.
 * @internal
 */
export const remove = (ix: LabelIndex, id: string): void => {
  const labels = ix.labels.get(id)
  if (labels === undefined) return
  ix.labels.delete(id)
  for (const [k, v] of Object.entries(labels)) {
    const ids = ix.byKey.get(k)
    ids?.delete(id)
    if (ids !== undefined && ids.size === 0) ix.byKey.delete(k)
    const values = ix.byKeyValue.get(k)
    const vids = values?.get(v)
    vids?.delete(id)
    if (vids !== undefined && vids.size === 0) values?.delete(v)
    if (values !== undefined && values.size === 0) ix.byKeyValue.delete(k)
  }
}

const EMPTY: ReadonlySet<string> = new Set()

/**
 * A superset of the items a selector can match, from the index (`undefined` = cannot narrow:
 * every item is a candidate). Every candidate must still be checked with the selector.
 */
const candidates = (ix: LabelIndex, sel: Selector): ReadonlySet<string> | undefined => {
  switch (sel._tag) {
    case 'Eq':
      return ix.byKeyValue.get(sel.key)?.get(sel.value) ?? EMPTY
    case 'In': {
      const values = ix.byKeyValue.get(sel.key)
      if (values === undefined) return EMPTY
      const out = new Set<string>()
      for (const v of sel.values) for (const id of values.get(v) ?? EMPTY) out.add(id)
      return out
    }
    case 'Has':
    case 'Contains':
    case 'StartsWith':
    case 'EndsWith':
      return ix.byKey.get(sel.key) ?? EMPTY
    case 'And': {
      // intersect the candidates of every operand that narrows, smallest first
      const sets: Array<ReadonlySet<string>> = []
      for (const op of sel.operands) {
        const c = candidates(ix, op)
        if (c !== undefined) sets.push(c)
      }
      if (sets.length <= 1) return sets[0]
      sets.sort((a, b) => a.size - b.size)
      const [smallest, ...rest] = sets as [ReadonlySet<string>, ...Array<ReadonlySet<string>>]
      const out = new Set<string>()
      for (const id of smallest) if (rest.every((r) => r.has(id))) out.add(id)
      return out
    }
    case 'Or': {
      const out = new Set<string>()
      for (const op of sel.operands) {
        const c = candidates(ix, op)
        if (c === undefined) return undefined
        for (const id of c) out.add(id)
      }
      return out
    }
    default:
      return undefined
  }
}

/**
 * The ids of the items whose labels `matcher` accepts, narrowed through the index.
 * @internal
 */
export const select = (ix: LabelIndex, sel: Selector, matcher: (labels: Labels) => boolean): Array<string> => {
  const c = candidates(ix, sel)
  const out: Array<string> = []
  if (c === undefined) {
    for (const [id, labels] of ix.labels) if (matcher(labels)) out.push(id)
  } else {
    for (const id of c) {
      const labels = ix.labels.get(id)
      if (labels !== undefined && matcher(labels)) out.push(id)
    }
  }
  return out
}
