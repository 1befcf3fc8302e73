/**
 * An immutable inverted index from labels to endpoint ids, answering "which ids does this
 * selector pick" without testing every endpoint.
 *
 * Layout: `endpoints` maps id → labels; `keys` maps each label key to, per value, the ids with
 * that value (and a count of the ids with the key). All maps are persistent hash tries, so `insert` and
 * `remove` cost O(L · log₃₂ N) time and new memory (L = labels of the endpoint, N = endpoints)
 * and leave the previous index untouched and usable. `insertAll`/`removeAll` apply a batch in
 * place on fresh copies of the nodes they touch, which is much cheaper than one update at a time.
 *
 * `select` works on posting sets: `==` and `in` read their postings directly, `has` unions the
 * postings of its key's values;
 * `contains`, `starts with` and `ends with` scan the distinct values of their key (not the
 * endpoints); `!=`, `not in` and `!` take the complement of their positive form; `||` is a union;
 * `&&` evaluates its cheapest operand as a candidate set and tests only those candidates against
 * the other operands. Only `all()`/`global()` and complements visit every endpoint.
 * @module
 */
import { absurd } from '../internal/fp.js'
import type { Selector } from './ast.js'
import { matches, type Labels } from './match.js'
import { emptyMap, forEachIn, getIn, persistent, tGet, tRemove, transient, tSet, type PMap, type Transient } from './persistent-map.js'

/** The endpoints carrying one label key. */
interface KeyPostings {
  /** How many ids have the key, with any value. */
  readonly count: number
  /** Per value, the ids with exactly that value. */
  readonly byValue: PMap<PMap<true>>
}

/**
 * An immutable label index. Build it with {@link empty} and {@link insert}.
 * @example
 * ```ts
 * const index: Selector.LabelIndex.LabelIndex = pipe(Selector.LabelIndex.empty, Selector.LabelIndex.insert('ep1', { app: 'web' }))
 * ```
 * @since 0.1.0
 */
export interface LabelIndex {
  readonly _tag: 'LabelIndex'
  /** @internal */
  readonly endpoints: PMap<Labels>
  /** @internal */
  readonly keys: PMap<KeyPostings>
}

/**
 * The index with no endpoints.
 * @example
 * ```ts
 * Selector.LabelIndex.size(Selector.LabelIndex.empty) // 0
 * ```
 * @since 0.1.0
 */
export const empty: LabelIndex = { _tag: 'LabelIndex', endpoints: emptyMap(), keys: emptyMap() }

const noKey: KeyPostings = { count: 0, byValue: emptyMap() }

const ownEntries = (labels: Labels): ReadonlyArray<readonly [string, string]> =>
  Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string')

const own = Object.prototype.hasOwnProperty

/** The postings of one key while a batch changes them. */
interface TouchedKey {
  count: number
  readonly byValue: Transient<PMap<true>>
  readonly values: Map<string, Transient<true>>
}

/**
 * One batch of changes: every trie touched is changed in place through a transient, and each
 * key's postings are written back once at the end.
 */
interface Batch {
  readonly endpoints: Transient<Labels>
  readonly keys: Transient<KeyPostings>
  readonly touched: Map<string, TouchedKey>
}

const startBatch = (index: LabelIndex): Batch => ({
  endpoints: transient(index.endpoints),
  keys: transient(index.keys),
  touched: new Map(),
})

const touch = (b: Batch, key: string): TouchedKey => {
  let tk = b.touched.get(key)
  if (tk === undefined) {
    const p = tGet(b.keys, key) ?? noKey
    tk = { count: p.count, byValue: transient(p.byValue), values: new Map() }
    b.touched.set(key, tk)
  }
  return tk
}

const valuePostings = (tk: TouchedKey, value: string): Transient<true> => {
  let tv = tk.values.get(value)
  if (tv === undefined) {
    tv = transient(tGet(tk.byValue, value) ?? emptyMap<true>())
    tk.values.set(value, tv)
  }
  return tv
}

const addPosting = (b: Batch, id: string, key: string, value: string): void => {
  const tk = touch(b, key)
  const tv = valuePostings(tk, value)
  const before = tv.size
  tSet(tv, id, true)
  tk.count += tv.size - before
}

const removePosting = (b: Batch, id: string, key: string, value: string): void => {
  const tk = touch(b, key)
  const tv = valuePostings(tk, value)
  const before = tv.size
  tRemove(tv, id)
  tk.count += tv.size - before
}

const putEndpoint = (b: Batch, id: string, labels: Labels): void => {
  const entries = ownEntries(labels)
  const stored: Labels = Object.freeze(Object.fromEntries(entries))
  const old = tGet(b.endpoints, id)
  if (old !== undefined) {
    for (const [k, v] of ownEntries(old)) {
      if (!(own.call(stored, k) && stored[k] === v)) removePosting(b, id, k, v)
    }
  }
  for (const [k, v] of entries) {
    if (old === undefined || !(own.call(old, k) && old[k] === v)) addPosting(b, id, k, v)
  }
  tSet(b.endpoints, id, stored)
}

const dropEndpoint = (b: Batch, id: string): boolean => {
  const old = tGet(b.endpoints, id)
  if (old === undefined) return false
  for (const [k, v] of ownEntries(old)) removePosting(b, id, k, v)
  tRemove(b.endpoints, id)
  return true
}

const finishBatch = (b: Batch): LabelIndex => {
  for (const [key, tk] of b.touched) {
    for (const [value, tv] of tk.values) {
      const ids = persistent(tv)
      if (ids.size === 0) tRemove(tk.byValue, value)
      else tSet(tk.byValue, value, ids)
    }
    const byValue = persistent(tk.byValue)
    if (tk.count === 0) tRemove(b.keys, key)
    else tSet(b.keys, key, { count: tk.count, byValue })
  }
  return { _tag: 'LabelIndex', endpoints: persistent(b.endpoints), keys: persistent(b.keys) }
}

/**
 * Adds endpoints with their labels, replacing the labels of endpoints already in the index (only
 * labels that changed are re-indexed). The whole batch is applied in place to fresh copies of
 * the trie nodes it touches, so k inserts cost O(k · L · log₃₂ N) time but allocate each
 * touched node only once; the input index is not changed.
 * @example
 * ```ts
 * const index = pipe(Selector.LabelIndex.empty, Selector.LabelIndex.insertAll([['ep1', { app: 'web' }], ['ep2', { app: 'db' }]]))
 * Selector.LabelIndex.size(index) // 2
 * ```
 * @since 0.1.0
 */
export const insertAll =
  (entries: Iterable<readonly [string, Labels]>) =>
  (index: LabelIndex): LabelIndex => {
    const b = startBatch(index)
    for (const [id, labels] of entries) putEndpoint(b, id, labels)
    return finishBatch(b)
  }

/**
 * Adds one endpoint with its labels, or replaces the labels of an endpoint already in the index
 * (only the labels that changed are re-indexed). Costs O(L · log₃₂ N) time and new memory for an
 * endpoint with L labels in an index of N endpoints; the input index is not changed.
 * @example
 * ```ts
 * const index = pipe(Selector.LabelIndex.empty, Selector.LabelIndex.insert('ep1', { app: 'web', tier: 'front' }))
 * Selector.LabelIndex.size(index) // 1
 * ```
 * @since 0.1.0
 */
export const insert = (id: string, labels: Labels): ((index: LabelIndex) => LabelIndex) => insertAll([[id, labels]])

/**
 * Removes endpoints (ids not in the index are ignored; the same index comes back when none is).
 * Costs O(L · log₃₂ N) per endpoint.
 * @example
 * ```ts
 * pipe(Selector.LabelIndex.empty, Selector.LabelIndex.insert('ep1', {}), Selector.LabelIndex.removeAll(['ep1', 'ep2']), Selector.LabelIndex.size) // 0
 * ```
 * @since 0.1.0
 */
export const removeAll =
  (ids: Iterable<string>) =>
  (index: LabelIndex): LabelIndex => {
    const b = startBatch(index)
    let changed = false
    for (const id of ids) changed = dropEndpoint(b, id) || changed
    const next = finishBatch(b)
    return changed ? next : index
  }

/**
 * Removes one endpoint (the same index when the id is not in it). Costs O(L · log₃₂ N).
 * @example
 * ```ts
 * pipe(Selector.LabelIndex.empty, Selector.LabelIndex.insert('ep1', { app: 'web' }), Selector.LabelIndex.remove('ep1'), Selector.LabelIndex.size) // 0
 * ```
 * @since 0.1.0
 */
export const remove = (id: string): ((index: LabelIndex) => LabelIndex) => removeAll([id])

/**
 * The number of endpoints in the index.
 * @example
 * ```ts
 * Selector.LabelIndex.size(pipe(Selector.LabelIndex.empty, Selector.LabelIndex.insert('ep1', {}))) // 1
 * ```
 * @since 0.1.0
 */
export const size = (index: LabelIndex): number => index.endpoints.size

/**
 * The labels stored for an endpoint, if it is in the index.
 * @example
 * ```ts
 * pipe(Selector.LabelIndex.empty, Selector.LabelIndex.insert('ep1', { app: 'web' }), Selector.LabelIndex.labelsOf('ep1')) // { app: 'web' }
 * ```
 * @since 0.1.0
 */
export const labelsOf =
  (id: string) =>
  (index: LabelIndex): Labels | undefined =>
    getIn(index.endpoints, id)

// ---------------------------------------------------------------------------------------------
// select

const addAll = (out: Set<string>, ids: PMap<true> | undefined): void => {
  if (ids !== undefined) forEachIn(ids, (id) => out.add(id))
}

const allIds = (index: LabelIndex): Set<string> => {
  const out = new Set<string>()
  forEachIn(index.endpoints, (id) => out.add(id))
  return out
}

const complement = (index: LabelIndex, excluded: ReadonlySet<string>): Set<string> => {
  const out = new Set<string>()
  forEachIn(index.endpoints, (id) => {
    if (!excluded.has(id)) out.add(id)
  })
  return out
}

const valuesMatching = (index: LabelIndex, key: string, test: (v: string) => boolean): Set<string> => {
  const out = new Set<string>()
  const p = getIn(index.keys, key)
  if (p !== undefined) forEachIn(p.byValue, (v, ids) => test(v) && addAll(out, ids))
  return out
}

const inSetIds = (index: LabelIndex, key: string, values: ReadonlyArray<string>): Set<string> => {
  const out = new Set<string>()
  const p = getIn(index.keys, key)
  if (p !== undefined) for (const v of values) addAll(out, getIn(p.byValue, v))
  return out
}

/** An upper bound of how many ids a term yields, used to pick the candidates of an `&&`. */
const estimate = (index: LabelIndex, sel: Selector): number => {
  switch (sel._tag) {
    case 'Has':
    case 'Contains':
    case 'StartsWith':
    case 'EndsWith':
      return getIn(index.keys, sel.key)?.count ?? 0
    case 'Eq':
      return getIn(getIn(index.keys, sel.key)?.byValue ?? emptyMap<PMap<true>>(), sel.value)?.size ?? 0
    case 'In': {
      const byValue = getIn(index.keys, sel.key)?.byValue
      if (byValue === undefined) return 0
      let n = 0
      for (const v of sel.values) n += getIn(byValue, v)?.size ?? 0
      return n
    }
    case 'And': {
      let n = index.endpoints.size
      for (const op of sel.operands) n = Math.min(n, estimate(index, op))
      return n
    }
    case 'Or': {
      let n = 0
      for (const op of sel.operands) n += estimate(index, op)
      return Math.min(n, index.endpoints.size)
    }
    case 'All':
    case 'Global':
    case 'Ne':
    case 'NotIn':
    case 'Not':
      return index.endpoints.size
    default:
      return absurd(sel)
  }
}

const ids = (index: LabelIndex, sel: Selector): Set<string> => {
  switch (sel._tag) {
    case 'All':
    case 'Global':
      return allIds(index)
    case 'Has':
      return valuesMatching(index, sel.key, () => true)
    case 'Eq':
      return inSetIds(index, sel.key, [sel.value])
    case 'In':
      return inSetIds(index, sel.key, sel.values)
    case 'Ne':
      return complement(index, inSetIds(index, sel.key, [sel.value]))
    case 'NotIn':
      return complement(index, inSetIds(index, sel.key, sel.values))
    case 'Contains': {
      const s = sel.value
      return valuesMatching(index, sel.key, (v) => v.includes(s))
    }
    case 'StartsWith': {
      const s = sel.value
      return valuesMatching(index, sel.key, (v) => v.startsWith(s))
    }
    case 'EndsWith': {
      const s = sel.value
      return valuesMatching(index, sel.key, (v) => v.endsWith(s))
    }
    case 'Not':
      return complement(index, ids(index, sel.operand))
    case 'Or': {
      const out = new Set<string>()
      for (const op of sel.operands) for (const id of ids(index, op)) out.add(id)
      return out
    }
    case 'And': {
      // Candidates from the cheapest operand, then test each candidate's labels against the rest.
      let best = 0
      let bestCost = Infinity
      sel.operands.forEach((op, i) => {
        const c = estimate(index, op)
        if (c < bestCost) {
          best = i
          bestCost = c
        }
      })
      const candidates = ids(index, sel.operands[best] as Selector)
      const rest = sel.operands.filter((_, i) => i !== best).map(matches)
      if (rest.length === 0) return candidates
      const out = new Set<string>()
      for (const id of candidates) {
        const labels = getIn(index.endpoints, id) as Labels
        if (rest.every((m) => m(labels))) out.add(id)
      }
      return out
    }
    default:
      return absurd(sel)
  }
}

/**
 * The ids of the endpoints whose labels match the selector (the same answer as testing each
 * endpoint with `Selector.matches`, computed from the index's posting sets).
 * @example
 * ```ts
 * const index = pipe(
 *   Selector.LabelIndex.empty,
 *   Selector.LabelIndex.insert('ep1', { app: 'web' }),
 *   Selector.LabelIndex.insert('ep2', { app: 'db' }),
 * )
 * pipe(index, Selector.LabelIndex.select(Selector.eq('app', 'db'))) // Set { 'ep2' }
 * ```
 * @since 0.1.0
 */
export const select =
  (selector: Selector) =>
  (index: LabelIndex): ReadonlySet<string> =>
    ids(index, selector)
