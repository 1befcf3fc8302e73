/**
 * A small persistent (immutable, structurally shared) hash map from strings to values: a hash
 * array mapped trie with 32-way branching. `set` and `remove` copy only the O(log32 n) nodes on
 * the path to the key, so an update never copies the whole map and old versions stay valid.
 * @internal
 * @module
 */

interface Leaf<V> {
  readonly kind: 0
  readonly hash: number
  readonly key: string
  readonly value: V
}

/**
 * The owner of nodes created during one batch of transient updates: while the batch lasts, its
 * own nodes may be changed in place; afterwards (`alive` false) they are as immutable as any.
 */
interface Edit {
  alive: boolean
}

interface Branch<V> {
  readonly kind: 1
  /** Bit i is set when the child for hash fragment i is present; children are in bit order. */
  bitmap: number
  children: Array<Node<V>>
  readonly edit: Edit | undefined
}

/** Keys whose full 32-bit hashes are equal. */
interface Collision<V> {
  readonly kind: 2
  readonly hash: number
  leaves: Array<Leaf<V>>
  readonly edit: Edit | undefined
}

type Node<V> = Leaf<V> | Branch<V> | Collision<V>

/**
 * A persistent map from strings to `V`.
 * @internal
 */
export interface PMap<V> {
  readonly size: number
  /** @internal */
  readonly root: Node<V> | undefined
}

const BITS = 5
const MASK = 31

/** FNV-1a over UTF-16 code units followed by a murmur3 finaliser. */
const hashString = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const popcount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

const fragment = (hash: number, shift: number): number => (hash >>> shift) & MASK

/** May `node` be changed in place by the batch `edit`? */
const owned = (node: Branch<unknown> | Collision<unknown>, edit: Edit | undefined): boolean =>
  edit !== undefined && node.edit === edit

/** A branch (or chain of branches) holding two nodes whose hashes differ. */
const merge = <V>(edit: Edit | undefined, shift: number, a: Leaf<V> | Collision<V>, b: Leaf<V> | Collision<V>): Node<V> => {
  const fa = fragment(a.hash, shift)
  const fb = fragment(b.hash, shift)
  if (fa === fb) return { kind: 1, bitmap: 1 << fa, children: [merge(edit, shift + BITS, a, b)], edit }
  return { kind: 1, bitmap: (1 << fa) | (1 << fb), children: fa < fb ? [a, b] : [b, a], edit }
}

const insertAt = <T>(xs: ReadonlyArray<T>, i: number, x: T): T[] => {
  const out = xs.slice(0, i)
  out.push(x)
  for (let j = i; j < xs.length; j++) out.push(xs[j] as T)
  return out
}

const removeAt = <T>(xs: ReadonlyArray<T>, i: number): T[] => {
  const out = xs.slice(0, i)
  for (let j = i + 1; j < xs.length; j++) out.push(xs[j] as T)
  return out
}

/** How the size changed in the last update (+1, -1 or 0); updates are synchronous. */
let sizeChange = 0

const setNode = <V>(edit: Edit | undefined, node: Node<V> | undefined, shift: number, leaf: Leaf<V>): Node<V> => {
  if (node === undefined) {
    sizeChange = 1
    return leaf
  }
  switch (node.kind) {
    case 0:
      if (node.key === leaf.key) return node.value === leaf.value ? node : leaf
      sizeChange = 1
      if (node.hash === leaf.hash) return { kind: 2, hash: leaf.hash, leaves: [node, leaf], edit }
      return merge(edit, shift, node, leaf)
    case 1: {
      const bit = 1 << fragment(leaf.hash, shift)
      const idx = popcount(node.bitmap & (bit - 1))
      if ((node.bitmap & bit) === 0) {
        sizeChange = 1
        if (owned(node, edit)) {
          node.children.splice(idx, 0, leaf)
          node.bitmap |= bit
          return node
        }
        return { kind: 1, bitmap: node.bitmap | bit, children: insertAt(node.children, idx, leaf), edit }
      }
      const child = node.children[idx] as Node<V>
      const next = setNode(edit, child, shift + BITS, leaf)
      if (next === child) return node
      if (owned(node, edit)) {
        node.children[idx] = next
        return node
      }
      const children = node.children.slice()
      children[idx] = next
      return { kind: 1, bitmap: node.bitmap, children, edit }
    }
    case 2: {
      if (node.hash !== leaf.hash) {
        sizeChange = 1
        return merge(edit, shift, node, leaf)
      }
      const i = node.leaves.findIndex((l) => l.key === leaf.key)
      if (i >= 0 && (node.leaves[i] as Leaf<V>).value === leaf.value) return node
      if (i < 0) sizeChange = 1
      const leaves = owned(node, edit) ? node.leaves : node.leaves.slice()
      if (i < 0) leaves.push(leaf)
      else leaves[i] = leaf
      return leaves === node.leaves ? node : { kind: 2, hash: node.hash, leaves, edit }
    }
  }
}

const removeNode = <V>(edit: Edit | undefined, node: Node<V>, shift: number, hash: number, key: string): Node<V> | undefined => {
  switch (node.kind) {
    case 0:
      if (node.key !== key) return node
      sizeChange = -1
      return undefined
    case 1: {
      const bit = 1 << fragment(hash, shift)
      if ((node.bitmap & bit) === 0) return node
      const idx = popcount(node.bitmap & (bit - 1))
      const child = node.children[idx] as Node<V>
      const next = removeNode(edit, child, shift + BITS, hash, key)
      if (next === child) return node
      if (next === undefined) {
        if (node.children.length === 1) return undefined
        if (node.children.length === 2) {
          // A lone leaf or collision can move up: lookups stop at it and compare keys.
          const other = node.children[idx === 0 ? 1 : 0] as Node<V>
          if (other.kind !== 1) return other
        }
        if (owned(node, edit)) {
          node.children.splice(idx, 1)
          node.bitmap &= ~bit
          return node
        }
        return { kind: 1, bitmap: node.bitmap & ~bit, children: removeAt(node.children, idx), edit }
      }
      if (next.kind !== 1 && node.children.length === 1) return next
      if (owned(node, edit)) {
        node.children[idx] = next
        return node
      }
      const children = node.children.slice()
      children[idx] = next
      return { kind: 1, bitmap: node.bitmap, children, edit }
    }
    case 2: {
      if (node.hash !== hash) return node
      const i = node.leaves.findIndex((l) => l.key === key)
      if (i < 0) return node
      sizeChange = -1
      if (node.leaves.length === 2) return node.leaves[i === 0 ? 1 : 0] as Leaf<V>
      if (owned(node, edit)) {
        node.leaves.splice(i, 1)
        return node
      }
      return { kind: 2, hash: node.hash, leaves: removeAt(node.leaves, i), edit }
    }
  }
}

const EMPTY: PMap<never> = { size: 0, root: undefined }

/**
 * The empty map.
 * @example
 * ```ts
 * emptyMap<number>().size // 0
 * ```
 * @since 0.1.0
 * @internal
 */
export const emptyMap = <V>(): PMap<V> => EMPTY

/**
 * The value stored under `key`, if any.
 * @example
 * ```ts
 * getIn(setIn(emptyMap<number>(), 'a', 1), 'a') // 1
 * ```
 * @since 0.1.0
 * @internal
 */
export const getIn = <V>(map: PMap<V>, key: string): V | undefined => {
  let node = map.root
  if (node === undefined) return undefined
  const hash = hashString(key)
  let shift = 0
  for (;;) {
    switch (node.kind) {
      case 0:
        return node.key === key ? node.value : undefined
      case 1: {
        const bit = 1 << fragment(hash, shift)
        if ((node.bitmap & bit) === 0) return undefined
        node = node.children[popcount(node.bitmap & (bit - 1))] as Node<V>
        shift += BITS
        break
      }
      case 2:
        if (node.hash !== hash) return undefined
        for (const l of node.leaves) if (l.key === key) return l.value
        return undefined
    }
  }
}

/**
 * The map with `key` set to `value` (the same map object when nothing changes).
 * @example
 * ```ts
 * setIn(emptyMap<number>(), 'a', 1).size // 1
 * ```
 * @since 0.1.0
 * @internal
 */
export const setIn = <V>(map: PMap<V>, key: string, value: V): PMap<V> => {
  sizeChange = 0
  const root = setNode(undefined, map.root, 0, { kind: 0, hash: hashString(key), key, value })
  return root === map.root ? map : { size: map.size + sizeChange, root }
}

/**
 * The map without `key` (the same map object when `key` is absent).
 * @example
 * ```ts
 * removeIn(setIn(emptyMap<number>(), 'a', 1), 'a').size // 0
 * ```
 * @since 0.1.0
 * @internal
 */
export const removeIn = <V>(map: PMap<V>, key: string): PMap<V> => {
  if (map.root === undefined) return map
  sizeChange = 0
  const root = removeNode(undefined, map.root, 0, hashString(key), key)
  if (root === map.root) return map
  return root === undefined ? EMPTY : { size: map.size + sizeChange, root }
}

const eachNode = <V>(node: Node<V>, f: (key: string, value: V) => void): void => {
  switch (node.kind) {
    case 0:
      f(node.key, node.value)
      return
    case 1:
      for (const c of node.children) eachNode(c, f)
      return
    case 2:
      for (const l of node.leaves) f(l.key, l.value)
      return
  }
}

/**
 * Calls `f` for every entry, in an unspecified but deterministic order.
 * @example
 * ```ts
 * forEachIn(setIn(emptyMap<number>(), 'a', 1), (k, v) => k + v)
 * ```
 * @since 0.1.0
 * @internal
 */
export const forEachIn = <V>(map: PMap<V>, f: (key: string, value: V) => void): void => {
  if (map.root !== undefined) eachNode(map.root, f)
}

/**
 * A map being changed in place during one batch of updates: nodes created by the batch are
 * reused instead of copied, so a batch of k updates allocates far less than k persistent updates.
 * Nodes shared with the map it started from are copied on first change, so that map stays valid.
 * @internal
 */
export interface Transient<V> {
  readonly edit: Edit
  size: number
  root: Node<V> | undefined
}

/**
 * Starts a batch of in-place updates on a copy-on-write view of `map`.
 * @example
 * ```ts
 * const t = transient(emptyMap<number>()); tSet(t, 'a', 1); persistent(t).size // 1
 * ```
 * @since 0.1.0
 * @internal
 */
export const transient = <V>(map: PMap<V>): Transient<V> => ({ edit: { alive: true }, size: map.size, root: map.root })

const live = (t: Transient<unknown>): Edit => {
  if (!t.edit.alive) throw new Error('transient map used after persistent()')
  return t.edit
}

/**
 * Sets `key` to `value` in a transient map.
 * @example
 * ```ts
 * const t = transient(emptyMap<number>()); tSet(t, 'a', 1)
 * ```
 * @since 0.1.0
 * @internal
 */
export const tSet = <V>(t: Transient<V>, key: string, value: V): void => {
  sizeChange = 0
  t.root = setNode(live(t), t.root, 0, { kind: 0, hash: hashString(key), key, value })
  t.size += sizeChange
}

/**
 * Removes `key` from a transient map.
 * @example
 * ```ts
 * const t = transient(setIn(emptyMap<number>(), 'a', 1)); tRemove(t, 'a')
 * ```
 * @since 0.1.0
 * @internal
 */
export const tRemove = <V>(t: Transient<V>, key: string): void => {
  const edit = live(t)
  if (t.root === undefined) return
  sizeChange = 0
  t.root = removeNode(edit, t.root, 0, hashString(key), key)
  t.size += sizeChange
}

/**
 * The value stored under `key` in a transient map, if any.
 * @example
 * ```ts
 * tGet(transient(setIn(emptyMap<number>(), 'a', 1)), 'a') // 1
 * ```
 * @since 0.1.0
 * @internal
 */
export const tGet = <V>(t: Transient<V>, key: string): V | undefined => getIn({ size: t.size, root: t.root }, key)

/**
 * Ends the batch and returns the result as an ordinary persistent map; the transient may not be
 * used again.
 * @example
 * ```ts
 * persistent(transient(emptyMap<number>())).size // 0
 * ```
 * @since 0.1.0
 * @internal
 */
export const persistent = <V>(t: Transient<V>): PMap<V> => {
  live(t).alive = false
  return t.root === undefined ? EMPTY : { size: t.size, root: t.root }
}
