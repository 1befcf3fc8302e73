/**
 * A small persistent map from strings (a hash trie, 32 ways per level): `set` and `remove`
 * return a new map sharing everything but the path to the changed key, so keeping every version
 * of a cluster's resources costs O(log n) per change.
 * @module
 */

interface Bucket<V> {
  readonly entries: ReadonlyArray<readonly [string, V]>
}
type Node<V> = ReadonlyArray<Node<V> | Bucket<V> | undefined>

const BITS = 5
const WIDTH = 1 << BITS
const MASK = WIDTH - 1
const MAX_DEPTH = 6

/**
 * A persistent string-keyed map.
 * @internal
 */
export interface PMap<V> {
  readonly root: Node<V>
  readonly size: number
}

const hash = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const isBucket = <V>(x: Node<V> | Bucket<V>): x is Bucket<V> => !Array.isArray(x)

/**
 * The empty map.
 * @internal
 */
export const empty = <V>(): PMap<V> => ({ root: new Array<undefined>(WIDTH).fill(undefined), size: 0 })

/**
 * The value for `key`, if any.
 * @internal
 */
export const get = <V>(m: PMap<V>, key: string): V | undefined => {
  const h = hash(key)
  let node: Node<V> | Bucket<V> | undefined = m.root
  for (let depth = 0; node !== undefined; depth++) {
    if (isBucket(node)) {
      for (const [k, v] of node.entries) if (k === key) return v
      return undefined
    }
    node = node[(h >>> (depth * BITS)) & MASK]
  }
  return undefined
}

const setIn = <V>(node: Node<V>, depth: number, h: number, key: string, value: V | undefined): { readonly node: Node<V>; readonly delta: number } => {
  const i = (h >>> (depth * BITS)) & MASK
  const child = node[i]
  const next = node.slice()
  if (child === undefined) {
    if (value === undefined) return { node, delta: 0 }
    next[i] = { entries: [[key, value]] }
    return { node: next, delta: 1 }
  }
  if (isBucket(child)) {
    const bucket = child.entries
    const at = bucket.findIndex(([k]) => k === key)
    if (value === undefined) {
      if (at < 0) return { node, delta: 0 }
      const rest = bucket.filter((_, j) => j !== at)
      next[i] = rest.length === 0 ? undefined : { entries: rest }
      return { node: next, delta: -1 }
    }
    if (at >= 0) {
      const b = bucket.slice()
      b[at] = [key, value]
      next[i] = { entries: b }
      return { node: next, delta: 0 }
    }
    if (depth + 1 >= MAX_DEPTH) {
      next[i] = { entries: [...bucket, [key, value]] }
      return { node: next, delta: 1 }
    }
    // split the bucket into a sub-node
    let sub: Node<V> = new Array<undefined>(WIDTH).fill(undefined)
    for (const [k, v] of bucket) sub = setIn(sub, depth + 1, hash(k), k, v).node
    const r = setIn(sub, depth + 1, h, key, value)
    next[i] = r.node
    return { node: next, delta: r.delta }
  }
  const r = setIn(child, depth + 1, h, key, value)
  if (r.node === child) return { node, delta: 0 }
  next[i] = r.node.every((x) => x === undefined) ? undefined : r.node
  return { node: next, delta: r.delta }
}

/**
 * A map with `key` set to `value`.
 * @internal
 */
export const set = <V>(m: PMap<V>, key: string, value: V): PMap<V> => {
  const r = setIn(m.root, 0, hash(key), key, value)
  return { root: r.node, size: m.size + r.delta }
}

/**
 * A map without `key`.
 * @internal
 */
export const remove = <V>(m: PMap<V>, key: string): PMap<V> => {
  const r = setIn(m.root, 0, hash(key), key, undefined)
  return r.node === m.root ? m : { root: r.node, size: m.size + r.delta }
}

/**
 * Every entry (in hash order).
 * @internal
 */
export function* entries<V>(m: PMap<V>): Generator<readonly [string, V]> {
  const walk = function* (node: Node<V> | Bucket<V>): Generator<readonly [string, V]> {
    if (isBucket(node)) {
      yield* node.entries
      return
    }
    for (const child of node) if (child !== undefined) yield* walk(child)
  }
  yield* walk(m.root)
}
