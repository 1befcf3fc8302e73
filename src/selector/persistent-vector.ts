/**
 * A persistent array indexed by small non-negative integers: a 32-way radix trie whose leaves
 * hold 32 slots each. Reading costs O(log₃₂ n); a batch of writes copies each node on the paths
 * to the written slots once and shares everything else with the previous version.
 * @internal
 * @module
 */

/** A node: at height 0 up to 32 values, above that up to 32 child nodes (holes are empty). */
type VNode = ReadonlyArray<unknown>

/**
 * A persistent array of `T`; slots never written read as `undefined`.
 * @internal
 */
export interface PVec<T> {
  /** One more than the highest slot ever written (slots are never removed, only cleared). */
  readonly length: number
  /** The root's height: the trie holds slots [0, 32^(h+1)). */
  readonly h: number
  /** @internal */
  readonly root: VNode | undefined
  /** Never set: ties the element type to the vector. */
  readonly _T?: T
}

/**
 * The vector with no slots.
 * @internal
 */
export const emptyVec = <T>(): PVec<T> => EMPTY as PVec<T>

const EMPTY: PVec<unknown> = { length: 0, h: 0, root: undefined }

/**
 * The value in slot `i`, if any.
 * @internal
 */
export const get = <T>(v: PVec<T>, i: number): T | undefined => {
  if (!(i >= 0 && i < v.length)) return undefined
  let node = v.root
  for (let h = v.h; h > 0 && node !== undefined; h--) node = node[(i >>> (5 * h)) & 31] as VNode | undefined
  return node === undefined ? undefined : (node[i & 31] as T | undefined)
}

/**
 * The 32 slots starting at `base` (a multiple of 32) as one leaf, or `undefined` when none of
 * them was ever written. For reading many neighbouring slots at once.
 * @internal
 */
export const leafAt = <T>(v: PVec<T>, base: number): ReadonlyArray<T | undefined> | undefined => {
  if (!(base >= 0 && base < v.length)) return undefined
  let node = v.root
  for (let h = v.h; h > 0 && node !== undefined; h--) node = node[(base >>> (5 * h)) & 31] as VNode | undefined
  return node as ReadonlyArray<T | undefined> | undefined
}

const setRange = (
  node: VNode | undefined,
  h: number,
  idx: ArrayLike<number>,
  vals: ArrayLike<unknown>,
  lo: number,
  hi: number,
): VNode => {
  const copy: unknown[] = node === undefined ? new Array<unknown>(32) : node.slice()
  if (h === 0) {
    for (let j = lo; j < hi; j++) copy[(idx[j] as number) & 31] = vals[j]
    return copy
  }
  const shift = 5 * h
  let j = lo
  while (j < hi) {
    const c = ((idx[j] as number) >>> shift) & 31
    let e = j + 1
    while (e < hi && (((idx[e] as number) >>> shift) & 31) === c) e++
    copy[c] = setRange(copy[c] as VNode | undefined, h - 1, idx, vals, j, e)
    j = e
  }
  return copy
}

/**
 * Writes `vals[j]` to slot `idx[j]` for every j; `idx` must be distinct slots in ascending order
 * (below 2³⁰). Copies each touched node once.
 * @internal
 */
export const setSorted = <T>(v: PVec<T>, idx: ArrayLike<number>, vals: ArrayLike<T | undefined>): PVec<T> => {
  const k = idx.length
  if (k === 0) return v
  for (let j = 0; j < k; j++) {
    const i = idx[j] as number
    if (!(Number.isInteger(i) && i >= 0 && i < 2 ** 30) || (j > 0 && i <= (idx[j - 1] as number))) {
      throw new RangeError('PVec.setSorted: slots must be distinct, ascending and in [0, 2^30)')
    }
  }
  const length = Math.max(v.length, (idx[k - 1] as number) + 1)
  let h = v.h
  let root = v.root
  while (2 ** (5 * (h + 1)) < length) {
    if (root !== undefined) root = [root]
    h++
  }
  return { length, h, root: setRange(root, h, idx, vals, 0, k) }
}

/**
 * The vector holding `values` in slots 0, 1, …; for vectors built once and kept (it has its own
 * allocation sites, see `int-set.ts`).
 * @internal
 */
export const fromValues = <T>(values: ReadonlyArray<T | undefined>): PVec<T> => {
  if (values.length === 0) return emptyVec()
  let level: unknown[][] = []
  for (let i = 0; i < values.length; i += 32) {
    const leaf: unknown[] = new Array<unknown>(32)
    for (let j = 0; j < 32 && i + j < values.length; j++) leaf[j] = values[i + j]
    level.push(leaf)
  }
  let h = 0
  while (level.length > 1) {
    const up: unknown[][] = []
    for (let i = 0; i < level.length; i += 32) {
      const node: unknown[] = new Array<unknown>(32)
      for (let j = 0; j < 32 && i + j < level.length; j++) node[j] = level[i + j]
      up.push(node)
    }
    level = up
    h++
  }
  const vec: PVec<T> = { length: values.length, h, root: level[0] }
  return vec
}

/**
 * Writes one slot.
 * @internal
 */
export const set = <T>(v: PVec<T>, i: number, value: T | undefined): PVec<T> => setSorted(v, [i], [value])
