/**
 * An immutable inverted index from labels to endpoint ids, answering "which ids does this
 * selector pick" from posting sets instead of testing every endpoint.
 *
 * Layout. Each endpoint of a version holds a small number (its slot); numbers are dense, and a
 * removed endpoint's number is reused by a later insert. Per version there are
 * - `slots`: a persistent vector from number to `{ id, labels }`;
 * - `live`: the set of numbers in use (the universe that `!`, `!=` and `not in` complement);
 * - `keys`: a persistent hash map from label key to the set of numbers having that key and a
 *   persistent hash map from each of its values to the numbers having that value.
 *
 * Number sets are persistent bitmap tries over 32-bit words (`int-set.ts`), so a posting of m
 * endpoints costs about m/32 words when dense and a few words per member when sparse, and set
 * algebra works 32 endpoints per machine operation. Going from an id to its number uses a native
 * `Map` shared by every version grown from the same build (`Numbering`): it only ever gains
 * entries, each id maps to the numbers it has held, and a version confirms a candidate by
 * reading its own slot. A new version whose table holds more than 2n + 1024 entries (n: its
 * endpoints) gets a fresh table of just its own ids, so the table stays O(n) however many ids
 * come and go; older versions keep the table they were built with.
 *
 * Costs, for n endpoints, L labels per endpoint, V values of a key and r selected ids:
 * - `insert`, `remove`: O(L · (log₃₂ n + log₃₂ V)) time and new memory, plus O(1) amortised
 *   for the id table; the input version is not changed and stays valid.
 * - `insertAll`, `removeAll` of k endpoints: each posting set is updated once for the whole
 *   batch, so O(k · L · log₃₂ n) at worst; building from `empty` is O(n · L).
 * - `select`: `==` and `has` read a stored posting set; `in` and `||` take unions, `&&`
 *   intersects starting from the smallest operand (or, once the candidates are few, tests the
 *   candidates' labels), `!`, `!=` and `not in` subtract from the candidates or from `live`;
 *   `contains`, `starts with` and `ends with` scan the distinct values of their key. Set
 *   operations touch only trie nodes present in both operands, at most one per 32 numbers; the
 *   ids are then read from `slots` in O(r).
 * @module
 */
import { absurd } from '../internal/fp.js'
import type { Selector } from './ast.js'
import { matches, type Labels, type Matcher } from './match.js'
import { emptyMap, forEachIn, getIn, persistent, removeIn, setIn, transient, tRemove, tSet, type PMap } from './persistent-map.js'
import * as IS from './int-set.js'
import * as PV from './persistent-vector.js'

/** One endpoint: its id and its labels (an own copy holding only string values). */
interface Entry {
  readonly id: string
  readonly labels: Labels
}

/** The endpoints carrying one label key. */
interface KeyPostings {
  /** The numbers of the endpoints with the key, whatever the value. */
  readonly all: IS.IntSet
  /** Per value, the numbers of the endpoints with exactly that value (never empty). */
  readonly byValue: PMap<IS.IntSet>
}

/**
 * Where each id may be numbered, shared by the versions grown from one build. It only gains
 * entries, so it is valid for each of those versions: an id live in a version at number i has i
 * among its candidates, and the version's own slot i names the id.
 */
interface Numbering {
  /** Per id, the numbers it has held (one number, or several when it was renumbered). */
  readonly ids: Map<string, number | number[]>
  /** How many (id, number) pairs `ids` holds. */
  entries: number
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
  readonly numbering: Numbering
  /** @internal */
  readonly slots: PV.PVec<Entry>
  /** @internal */
  readonly live: IS.IntSet
  /** @internal */
  readonly keys: PMap<KeyPostings>
}

const freshNumbering = (): Numbering => ({ ids: new Map(), entries: 0 })

/**
 * The index with no endpoints.
 * @example
 * ```ts
 * Selector.LabelIndex.size(Selector.LabelIndex.empty) // 0
 * ```
 * @since 0.1.0
 */
export const empty: LabelIndex = {
  _tag: 'LabelIndex',
  numbering: freshNumbering(),
  slots: PV.emptyVec(),
  live: IS.emptySet,
  keys: emptyMap(),
}

const own = Object.prototype.hasOwnProperty

/** An own copy of the labels keeping only string values (`__proto__` stays an own key). */
const copyLabels = (labels: Labels): Labels => {
  const copy: Record<string, unknown> = { ...labels }
  for (const k of Object.keys(copy)) {
    if (typeof copy[k] !== 'string') return Object.fromEntries(Object.entries(labels).filter((e) => typeof e[1] === 'string'))
  }
  if (Object.getOwnPropertySymbols(copy).length > 0) return Object.fromEntries(Object.entries(labels))
  return copy as Labels
}

/** The number of `id` in `index`, if it is there. */
const numberOf = (index: LabelIndex, id: string): number | undefined => {
  const c = index.numbering.ids.get(id)
  if (c === undefined) return undefined
  if (typeof c === 'number') return PV.get(index.slots, c)?.id === id ? c : undefined
  for (const n of c) if (PV.get(index.slots, n)?.id === id) return n
  return undefined
}

const remember = (numbering: Numbering, id: string, n: number): void => {
  const c = numbering.ids.get(id)
  if (c === undefined) numbering.ids.set(id, n)
  else if (typeof c === 'number') {
    if (c === n) return
    numbering.ids.set(id, [c, n])
  } else {
    if (c.includes(n)) return
    c.push(n)
  }
  numbering.entries++
}

// ---------------------------------------------------------------------------------------------
// Batches

interface Delta {
  readonly added: number[]
  readonly removed: number[]
}

/** The changes of one key's postings in a batch. */
interface KeyDelta extends Delta {
  readonly values: Map<string, Delta>
}

/** Everything a batch changes, collected before any persistent structure is touched. */
interface Changes {
  readonly slotIdx: number[]
  readonly slotVal: Array<Entry | undefined>
  readonly liveAdded: number[]
  readonly liveRemoved: number[]
  readonly keys: Map<string, KeyDelta>
}

const newChanges = (): Changes => ({ slotIdx: [], slotVal: [], liveAdded: [], liveRemoved: [], keys: new Map() })

const keyDelta = (c: Changes, key: string): KeyDelta => {
  let d = c.keys.get(key)
  if (d === undefined) {
    d = { added: [], removed: [], values: new Map() }
    c.keys.set(key, d)
  }
  return d
}

const valueDelta = (d: KeyDelta, value: string): Delta => {
  let v = d.values.get(value)
  if (v === undefined) {
    v = { added: [], removed: [] }
    d.values.set(value, v)
  }
  return v
}

const addLabels = (c: Changes, n: number, labels: Labels): void => {
  for (const k of Object.keys(labels)) {
    const d = keyDelta(c, k)
    d.added.push(n)
    valueDelta(d, labels[k] as string).added.push(n)
  }
}

const removeLabels = (c: Changes, n: number, labels: Labels): void => {
  for (const k of Object.keys(labels)) {
    const d = keyDelta(c, k)
    d.removed.push(n)
    valueDelta(d, labels[k] as string).removed.push(n)
  }
}

/** Records the postings that change when endpoint `n` goes from `old` to `next`; false when none. */
const relabel = (c: Changes, n: number, old: Labels, next: Labels): boolean => {
  let changed = false
  for (const k of Object.keys(old)) {
    const ov = old[k] as string
    if (own.call(next, k)) {
      if (next[k] === ov) continue
      valueDelta(keyDelta(c, k), ov).removed.push(n)
    } else {
      const d = keyDelta(c, k)
      d.removed.push(n)
      valueDelta(d, ov).removed.push(n)
    }
    changed = true
  }
  for (const k of Object.keys(next)) {
    const nv = next[k] as string
    if (own.call(old, k)) {
      if (old[k] === nv) continue
      valueDelta(keyDelta(c, k), nv).added.push(n)
    } else {
      const d = keyDelta(c, k)
      d.added.push(n)
      valueDelta(d, nv).added.push(n)
    }
    changed = true
  }
  return changed
}

const noKey: KeyPostings = { all: IS.emptySet, byValue: emptyMap() }

/** Applies the collected changes to `base`'s structures. */
const commit = (base: LabelIndex, numbering: Numbering, c: Changes): LabelIndex => {
  // slots, in ascending order
  let idx = c.slotIdx
  let vals = c.slotVal
  let sorted = true
  for (let i = 1; i < idx.length && sorted; i++) sorted = (idx[i - 1] as number) < (idx[i] as number)
  if (!sorted) {
    const order = idx.map((_, i) => i).sort((a, b) => (idx[a] as number) - (idx[b] as number))
    idx = order.map((i) => c.slotIdx[i] as number)
    vals = order.map((i) => c.slotVal[i])
  }
  const slots = PV.setSorted(base.slots, idx, vals)
  const live = IS.update(base.live, c.liveAdded, c.liveRemoved)

  // postings, each set updated once
  const many = c.keys.size > 8
  const kt = many ? transient(base.keys) : undefined
  let keys = base.keys
  for (const [key, d] of c.keys) {
    const old = getIn(base.keys, key) ?? noKey
    const all = IS.update(old.all, d.added, d.removed)
    if (all.size === 0) {
      if (kt !== undefined) tRemove(kt, key)
      else keys = removeIn(keys, key)
      continue
    }
    let byValue = old.byValue
    const vt = d.values.size > 8 ? transient(byValue) : undefined
    for (const [value, vd] of d.values) {
      const ids = IS.update(getIn(old.byValue, value) ?? IS.emptySet, vd.added, vd.removed)
      if (vt !== undefined) {
        if (ids.size === 0) tRemove(vt, value)
        else tSet(vt, value, ids)
      } else byValue = ids.size === 0 ? removeIn(byValue, value) : setIn(byValue, value, ids)
    }
    if (vt !== undefined) byValue = persistent(vt)
    const postings: KeyPostings = { all, byValue }
    if (kt !== undefined) tSet(kt, key, postings)
    else keys = setIn(keys, key, postings)
  }
  if (kt !== undefined) keys = persistent(kt)

  const next: LabelIndex = { _tag: 'LabelIndex', numbering, slots, live, keys }
  return numbering.entries > 2 * live.size + 1024 ? renumbered(next) : next
}

/** The same version with an id table holding only its own endpoints. */
const renumbered = (index: LabelIndex): LabelIndex => {
  const numbering = freshNumbering()
  IS.forEach(index.live, (n) => remember(numbering, (PV.get(index.slots, n) as Entry).id, n))
  return { ...index, numbering }
}

/** One key's postings while `build` collects them. */
interface BulkKey {
  /** `nums[j]` has value `values[vis[j]]`, for j < `len`, in ascending order of number. */
  nums: Int32Array
  vis: Int32Array
  len: number
  readonly index: Map<string, number>
  readonly values: string[]
  readonly counts: number[]
}

const newBulkKey = (): BulkKey => ({ nums: new Int32Array(16), vis: new Int32Array(16), len: 0, index: new Map(), values: [], counts: [] })

const pushBulk = (bk: BulkKey, n: number, vi: number): void => {
  if (bk.len === bk.nums.length) {
    const nums = new Int32Array(bk.len * 2)
    nums.set(bk.nums)
    bk.nums = nums
    const vis = new Int32Array(bk.len * 2)
    vis.set(bk.vis)
    bk.vis = vis
  }
  bk.nums[bk.len] = n
  bk.vis[bk.len] = vi
  bk.len++
}

/**
 * Builds an index from nothing: numbers are handed out in order of first appearance, and each
 * posting set is built once from a counting sort of the endpoints by value. It has its own
 * allocation sites throughout (see `int-set.ts` for why).
 */
const build = (entries: Iterable<readonly [string, Labels]>): LabelIndex => {
  const numbering = freshNumbering()
  const ids = numbering.ids
  const slotVal: Array<Entry | undefined> = []
  let repeated: Set<string> | undefined
  for (const [id, labels] of entries) {
    const before = ids.size
    ids.set(id, slotVal.length)
    slotVal.push({ id, labels: copyLabels(labels) })
    if (ids.size === before) (repeated ??= new Set()).add(id)
  }
  let count = slotVal.length
  if (repeated !== undefined) {
    // An id given more than once keeps its last entry (which `ids` points to); earlier ones leave holes.
    const seen = new Set<string>()
    for (let n = slotVal.length - 1; n >= 0; n--) {
      const id = (slotVal[n] as Entry).id
      if (!repeated.has(id)) continue
      if (seen.has(id)) {
        slotVal[n] = undefined
        count--
      } else seen.add(id)
    }
  }
  numbering.entries = count
  if (count === 0) return empty
  const slots = slotVal.length
  const collected = new Map<string, BulkKey>()
  const live = new Int32Array(Math.ceil(slots / 32))
  for (let n = 0; n < slots; n++) {
    const e = slotVal[n]
    if (e === undefined) continue
    live[n >>> 5] = (live[n >>> 5] as number) | (1 << (n & 31))
    const labels = e.labels
    for (const k of Object.keys(labels)) {
      let bk = collected.get(k)
      if (bk === undefined) {
        bk = newBulkKey()
        collected.set(k, bk)
      }
      const v = labels[k] as string
      let vi = bk.index.get(v)
      if (vi === undefined) {
        vi = bk.values.length
        bk.index.set(v, vi)
        bk.values.push(v)
        bk.counts.push(0)
      }
      pushBulk(bk, n, vi)
      bk.counts[vi] = (bk.counts[vi] as number) + 1
    }
  }
  const words = live.length
  const kt = transient(emptyMap<KeyPostings>())
  for (const [k, bk] of collected) {
    // endpoints sorted by value, then by number
    const start = new Int32Array(bk.values.length + 1)
    for (let vi = 0; vi < bk.values.length; vi++) start[vi + 1] = (start[vi] as number) + (bk.counts[vi] as number)
    const cursor = start.slice(0, bk.values.length)
    const sorted = new Int32Array(start[bk.values.length] as number)
    const has = new Int32Array(words)
    for (let j = 0; j < bk.len; j++) {
      const n = bk.nums[j] as number
      const vi = bk.vis[j] as number
      sorted[(cursor[vi] as number)++] = n
      has[n >>> 5] = (has[n >>> 5] as number) | (1 << (n & 31))
    }
    const vt = transient(emptyMap<IS.IntSet>())
    for (let vi = 0; vi < bk.values.length; vi++) {
      tSet(vt, bk.values[vi] as string, IS.fromSortedBulk(sorted.subarray(start[vi], start[vi + 1])))
    }
    const postings: KeyPostings = { all: IS.fromWordsBulk(has), byValue: persistent(vt) }
    tSet(kt, k, postings)
  }
  const index: LabelIndex = {
    _tag: 'LabelIndex',
    numbering,
    slots: PV.fromValues(slotVal),
    live: IS.fromWordsBulk(live),
    keys: persistent(kt),
  }
  return index
}

/** Applies the final state of each id in a batch (`null`: removed) to a non-empty index. */
const applyBatch = (index: LabelIndex, batch: ReadonlyMap<string, Labels | null>): LabelIndex => {
  const c = newChanges()
  const newcomers: Array<Entry> = []
  for (const [id, labels] of batch) {
    const n = numberOf(index, id)
    if (n === undefined) {
      if (labels !== null) newcomers.push({ id, labels })
      continue
    }
    const old = PV.get(index.slots, n) as Entry
    if (labels === null) {
      removeLabels(c, n, old.labels)
      c.liveRemoved.push(n)
      c.slotIdx.push(n)
      c.slotVal.push(undefined)
    } else if (relabel(c, n, old.labels, labels)) {
      c.slotIdx.push(n)
      c.slotVal.push({ id, labels })
    }
  }
  if (c.slotIdx.length === 0 && newcomers.length === 0) return index
  const numbering = index.numbering
  const taken = new Set<number>()
  const unplaced: Entry[] = []
  // An id coming back takes its former number when that number is still free.
  const reusable = (n: number): boolean => !IS.has(index.live, n) && !taken.has(n)
  for (const e of newcomers) {
    const cands = numbering.ids.get(e.id)
    const n = typeof cands === 'number' ? (reusable(cands) ? cands : undefined) : cands?.find(reusable)
    if (n !== undefined) place(c, taken, e, n)
    else unplaced.push(e)
  }
  if (unplaced.length > 0) {
    // then the holes left by removed endpoints, then new numbers
    const holes = index.live.size < index.slots.length ? IS.gaps(index.live, index.slots.length, unplaced.length + taken.size) : []
    let h = 0
    let fresh = index.slots.length
    for (const e of unplaced) {
      let n: number
      do n = h < holes.length ? (holes[h++] as number) : fresh++
      while (taken.has(n))
      place(c, taken, e, n)
      remember(numbering, e.id, n)
    }
  }
  return commit(index, numbering, c)
}

const place = (c: Changes, taken: Set<number>, e: Entry, n: number): void => {
  taken.add(n)
  addLabels(c, n, e.labels)
  c.liveAdded.push(n)
  c.slotIdx.push(n)
  c.slotVal.push(e)
}

/**
 * Adds endpoints with their labels, replacing the labels of endpoints already in the index (only
 * labels that changed are re-indexed; later entries for an id win). Each posting set touched is
 * updated once for the whole batch, so k inserts cost O(k · L · log₃₂ n) at worst and building
 * from `empty` costs O(n · L); the input index is not changed.
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
    if (index.live.size === 0) return build(entries)
    const batch = new Map<string, Labels | null>()
    for (const [id, labels] of entries) batch.set(id, copyLabels(labels))
    return applyBatch(index, batch)
  }

/**
 * Adds one endpoint with its labels, or replaces the labels of an endpoint already in the index
 * (only the labels that changed are re-indexed). Costs O(L · log₃₂ n) time and new memory for an
 * endpoint with L labels in an index of n endpoints; the input index is not changed.
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
 * Costs O(L · log₃₂ n) per endpoint.
 * @example
 * ```ts
 * pipe(Selector.LabelIndex.empty, Selector.LabelIndex.insert('ep1', {}), Selector.LabelIndex.removeAll(['ep1', 'ep2']), Selector.LabelIndex.size) // 0
 * ```
 * @since 0.1.0
 */
export const removeAll =
  (ids: Iterable<string>) =>
  (index: LabelIndex): LabelIndex => {
    if (index.live.size === 0) return index
    const batch = new Map<string, Labels | null>()
    for (const id of ids) batch.set(id, null)
    const next = applyBatch(index, batch)
    return next.live.size === 0 ? empty : next
  }

/**
 * Removes one endpoint (the same index when the id is not in it). Costs O(L · log₃₂ n).
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
export const size = (index: LabelIndex): number => index.live.size

/**
 * The labels stored for an endpoint, if it is in the index (a frozen copy of the labels given).
 * @example
 * ```ts
 * pipe(Selector.LabelIndex.empty, Selector.LabelIndex.insert('ep1', { app: 'web' }), Selector.LabelIndex.labelsOf('ep1')) // { app: 'web' }
 * ```
 * @since 0.1.0
 */
export const labelsOf =
  (id: string) =>
  (index: LabelIndex): Labels | undefined => {
    const n = numberOf(index, id)
    // Stored copies are frozen when first handed out, not on the (much hotter) insert path.
    return n === undefined ? undefined : Object.freeze((PV.get(index.slots, n) as Entry).labels)
  }

// ---------------------------------------------------------------------------------------------
// select

const postingsOf = (index: LabelIndex, key: string): KeyPostings | undefined => getIn(index.keys, key)

const eqSet = (index: LabelIndex, key: string, value: string): IS.IntSet => {
  const p = postingsOf(index, key)
  return (p === undefined ? undefined : getIn(p.byValue, value)) ?? IS.emptySet
}

const inSet = (index: LabelIndex, key: string, values: ReadonlyArray<string>): IS.IntSet => {
  const p = postingsOf(index, key)
  if (p === undefined) return IS.emptySet
  const sets: IS.IntSet[] = []
  for (const v of values) {
    const s = getIn(p.byValue, v)
    if (s !== undefined) sets.push(s)
  }
  return IS.unionMany(sets)
}

const valuesMatching = (index: LabelIndex, key: string, test: (v: string) => boolean): IS.IntSet => {
  const p = postingsOf(index, key)
  if (p === undefined) return IS.emptySet
  const sets: IS.IntSet[] = []
  let all = true
  forEachIn(p.byValue, (v, s) => {
    if (test(v)) sets.push(s)
    else all = false
  })
  return all ? p.all : IS.unionMany(sets)
}

/** An upper bound of how many numbers a term yields, which is also about what computing it costs. */
const estimate = (index: LabelIndex, sel: Selector): number => {
  switch (sel._tag) {
    case 'Has':
    case 'Contains':
    case 'StartsWith':
    case 'EndsWith':
      return postingsOf(index, sel.key)?.all.size ?? 0
    case 'Eq':
      return eqSet(index, sel.key, sel.value).size
    case 'In': {
      const p = postingsOf(index, sel.key)
      if (p === undefined) return 0
      let n = 0
      for (const v of sel.values) n += getIn(p.byValue, v)?.size ?? 0
      return Math.min(n, p.all.size)
    }
    case 'And': {
      let n = index.live.size
      for (const op of sel.operands) n = Math.min(n, estimate(index, op))
      return n
    }
    case 'Or': {
      let n = 0
      for (const op of sel.operands) n += estimate(index, op)
      return Math.min(n, index.live.size)
    }
    case 'All':
    case 'Global':
    case 'Ne':
    case 'NotIn':
    case 'Not':
      return index.live.size
    default:
      return absurd(sel)
  }
}

/** The positive form of a negated term (`!x` → x, `!=` → `==`, `not in` → `in`), if it is one. */
const negated = (sel: Selector): Selector | undefined => {
  switch (sel._tag) {
    case 'Not':
      return sel.operand
    case 'Ne':
      return { _tag: 'Eq', key: sel.key, value: sel.value }
    case 'NotIn':
      return { _tag: 'In', key: sel.key, values: sel.values }
    default:
      return undefined
  }
}

/** Terms whose set is stored in the index, so using it costs nothing beyond the set operation. */
const stored = (sel: Selector): boolean => sel._tag === 'Eq' || sel._tag === 'Has' || sel._tag === 'All' || sel._tag === 'Global'

/** When the candidates are this many times fewer than a term's estimate, test their labels instead. */
const FILTER_RATIO = 16

/** The members of `s` whose labels satisfy `m`. */
const filter = (index: LabelIndex, s: IS.IntSet, m: Matcher): IS.IntSet => {
  const out: number[] = []
  IS.forEachWord(s, (base, word) => {
    const leaf = PV.leafAt(index.slots, base) as ReadonlyArray<Entry | undefined>
    for (let w = word; w !== 0; ) {
      const low = w & -w
      w ^= low
      const i = 31 - Math.clz32(low)
      if (m((leaf[i] as Entry).labels)) out.push(base + i)
    }
  })
  return out.length === s.size ? s : IS.fromSorted(out)
}

const andSet = (index: LabelIndex, operands: ReadonlyArray<Selector>): IS.IntSet => {
  const positive: Array<readonly [Selector, number]> = []
  const negative: Array<readonly [Selector, Selector, number]> = []
  for (const op of operands) {
    const inner = negated(op)
    if (inner === undefined) positive.push([op, estimate(index, op)])
    else negative.push([op, inner, estimate(index, inner)])
  }
  positive.sort((a, b) => a[1] - b[1])
  negative.sort((a, b) => a[2] - b[2])
  let acc: IS.IntSet | undefined
  for (const [op, cost] of positive) {
    if (acc === undefined) acc = evaluate(index, op)
    else if (!stored(op) && acc.size * FILTER_RATIO < cost) acc = filter(index, acc, matches(op))
    else acc = IS.intersect(acc, evaluate(index, op))
    if (acc.size === 0) return acc
  }
  let out = acc ?? index.live
  for (const [op, inner, cost] of negative) {
    if (!stored(inner) && out.size * FILTER_RATIO < cost) out = filter(index, out, matches(op))
    else out = IS.difference(out, evaluate(index, inner))
    if (out.size === 0) return out
  }
  return out
}

const evaluate = (index: LabelIndex, sel: Selector): IS.IntSet => {
  switch (sel._tag) {
    case 'All':
    case 'Global':
      return index.live
    case 'Has':
      return postingsOf(index, sel.key)?.all ?? IS.emptySet
    case 'Eq':
      return eqSet(index, sel.key, sel.value)
    case 'In':
      return inSet(index, sel.key, sel.values)
    case 'Ne':
      return IS.difference(index.live, eqSet(index, sel.key, sel.value))
    case 'NotIn':
      return IS.difference(index.live, inSet(index, sel.key, sel.values))
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
      return IS.difference(index.live, evaluate(index, sel.operand))
    case 'Or':
      return IS.unionMany(sel.operands.map((op) => evaluate(index, op)))
    case 'And':
      return andSet(index, sel.operands)
    default:
      return absurd(sel)
  }
}

/**
 * The ids of the endpoints whose labels match the selector (the same answer as testing each
 * endpoint with `Selector.matches`, computed from the index's posting sets; see the module
 * documentation for the costs).
 * @example
 * ```ts
 * const index = pipe(
 *   Selector.LabelIndex.empty,
 *   Selector.LabelIndex.insert('ep1', { app: 'web' }),
 *   Selector.LabelIndex.insert('ep2', { app: 'db' }),
 * )
 * pipe(Selector.parse("app == 'db'"), E.map((sel) => Selector.LabelIndex.select(sel)(index))) // right(Set { 'ep2' })
 * ```
 * @since 0.1.0
 */
export const select =
  (selector: Selector) =>
  (index: LabelIndex): ReadonlySet<string> => {
    const out = new Set<string>()
    IS.forEachWord(evaluate(index, selector), (base, word) => {
      const leaf = PV.leafAt(index.slots, base) as ReadonlyArray<Entry | undefined>
      for (let w = word; w !== 0; ) {
        const low = w & -w
        w ^= low
        out.add((leaf[31 - Math.clz32(low)] as Entry).id)
      }
    })
    return out
  }
