/**
 * Persistent sets of small non-negative integers (below 2³⁰): a bitmap trie with 32-way
 * branching whose leaves are 32-bit words, so a dense set costs about one bit per member and a
 * sparse one a few words per member.
 *
 * Every operation is pure and shares unchanged subtrees with its inputs: adding or removing one
 * member copies only the O(log₃₂ n) nodes on its path, and `union`, `intersect` and `difference`
 * visit only the nodes present in both operands (a subtree found in one operand only is reused,
 * or dropped, whole). The root starts at the lowest node holding every member, so a set of
 * numbers that lie close together is shallow wherever those numbers are.
 * @internal
 * @module
 */

/**
 * A non-empty node: at height 0 a 32-bit word (bit i = member `base + i`), above that a
 * {@link Branch}. `0` stands for "no node".
 */
type Node = number | Branch

/** An inner node at height h ≥ 1: up to 32 children, each covering 32^h numbers. */
interface Branch {
  /** Bit i is set when child i is present; `ch` holds the present children in bit order. */
  readonly bm: number
  readonly ch: ReadonlyArray<Node>
  /** How many members lie below this node. */
  readonly n: number
}

/**
 * A persistent set of integers in [0, 2³⁰).
 * @internal
 */
export interface IntSet {
  readonly size: number
  /** The root's height: 0 when the root is a single word. */
  readonly h: number
  /** The root's position among the nodes of its height: it covers [p·32^(h+1), (p+1)·32^(h+1)). */
  readonly p: number
  /** The root node (`0` only in the empty set). */
  readonly root: Node
}

/**
 * The largest height: a root of height 5 covers all of [0, 2³⁰).
 * @internal
 */
export const MAX_HEIGHT = 5

/**
 * One more than the largest member a set may hold.
 * @internal
 */
export const LIMIT = 2 ** 30

/**
 * The empty set.
 * @internal
 */
export const emptySet: IntSet = { size: 0, h: 0, p: 0, root: 0 }

/**
 * The number of set bits in a 32-bit word.
 * @internal
 */
export const popcount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

/** The index of the lowest set bit of a non-zero word. */
const lowestBit = (x: number): number => 31 - Math.clz32(x & -x)

const countNode = (node: Node): number => (typeof node === 'number' ? popcount(node) : node.n)

const branch = (bm: number, ch: ReadonlyArray<Node>, n: number): Branch => ({ bm, ch, n })

/** A set from a root found by an operation: drops single-child branches from the top. */
const make = (node: Node, h: number, p: number): IntSet => {
  if (node === 0) return emptySet
  let root = node
  let height = h
  let prefix = p
  while (height > 0 && typeof root !== 'number' && root.ch.length === 1) {
    prefix = (prefix << 5) | lowestBit(root.bm)
    root = root.ch[0] as Node
    height--
  }
  return { size: countNode(root), h: height, p: prefix, root }
}

/**
 * The set with one member.
 * @internal
 */
export const singleton = (x: number): IntSet => {
  checkMember(x)
  return { size: 1, h: 0, p: x >>> 5, root: 1 << (x & 31) }
}

const checkMember = (x: number): void => {
  if (!(Number.isInteger(x) && x >= 0 && x < LIMIT)) throw new RangeError(`IntSet member out of range: ${x}`)
}

/**
 * What `fromSorted` allocates with. Bulk builds use their own allocation sites: V8 learns per
 * site whether objects live long and then allocates them straight in the old generation, which
 * would make the short-lived nodes of later updates expensive if both shared one site.
 */
interface Alloc {
  readonly branch: (bm: number, ch: ReadonlyArray<Node>, n: number) => Branch
  readonly list: () => Node[]
  readonly set: (size: number, h: number, p: number, root: Node) => IntSet
}

const small: Alloc = {
  branch: (bm, ch, n) => ({ bm, ch, n }),
  list: () => [],
  set: (size, h, p, root) => ({ size, h, p, root }),
}

const bulk: Alloc = {
  branch: (bm, ch, n) => ({ bm, ch, n }),
  list: () => [],
  set: (size, h, p, root) => ({ size, h, p, root }),
}

/** Groups level-0 words (`idx[i]`: position of word `nodes[i]`, ascending) up to one root. */
const grow = (idx0: number[], nodes0: Node[], size: number, alloc: Alloc): IntSet => {
  if (idx0.length === 0) return emptySet
  let idx = idx0
  let nodes = nodes0
  let h = 0
  while (idx.length > 1) {
    const pIdx: number[] = []
    const pNodes: Node[] = alloc.list()
    let i = 0
    while (i < idx.length) {
      const parent = (idx[i] as number) >>> 5
      let bm = 0
      let n = 0
      const ch = alloc.list()
      while (i < idx.length && (idx[i] as number) >>> 5 === parent) {
        const c = nodes[i] as Node
        bm |= 1 << ((idx[i] as number) & 31)
        ch.push(c)
        n += countNode(c)
        i++
      }
      pIdx.push(parent)
      pNodes.push(alloc.branch(bm, ch, n))
    }
    idx = pIdx
    nodes = pNodes
    h++
  }
  return alloc.set(size, h, idx[0] as number, nodes[0] as Node)
}

const sortedWith = (xs: ArrayLike<number>, alloc: Alloc): IntSet => {
  const k = xs.length
  const idx: number[] = []
  const nodes: Node[] = alloc.list()
  let last = -1
  for (let i = 0; i < k; i++) {
    const x = xs[i] as number
    if (x <= last) throw new RangeError('IntSet.fromSorted: members must be distinct and ascending')
    checkMember(x)
    last = x
    const w = x >>> 5
    const bit = 1 << (x & 31)
    const top = idx.length - 1
    if (top >= 0 && idx[top] === w) nodes[top] = (nodes[top] as number) | bit
    else {
      idx.push(w)
      nodes.push(bit)
    }
  }
  return grow(idx, nodes, k, alloc)
}

const wordsWith = (words: ArrayLike<number>, alloc: Alloc): IntSet => {
  if (words.length > LIMIT / 32) throw new RangeError('IntSet.fromWords: too many words')
  const idx: number[] = []
  const nodes: Node[] = alloc.list()
  let size = 0
  for (let i = 0; i < words.length; i++) {
    const w = (words[i] as number) | 0
    if (w === 0) continue
    idx.push(i)
    nodes.push(w)
    size += popcount(w)
  }
  return grow(idx, nodes, size, alloc)
}

/**
 * The set whose member `32·i + j` is bit j of `words[i]`, for sets built once and kept (bulk
 * allocation sites). Costs O(words.length).
 * @internal
 */
export const fromWordsBulk = (words: ArrayLike<number>): IntSet => wordsWith(words, bulk)

/**
 * The set of the given members, which must be distinct and in ascending order. Costs O(k).
 * @internal
 */
export const fromSorted = (xs: ArrayLike<number>): IntSet => sortedWith(xs, small)

/**
 * `fromSorted` for sets that are built once and kept (a whole index at a time).
 * @internal
 */
export const fromSortedBulk = (xs: ArrayLike<number>): IntSet => sortedWith(xs, bulk)

/**
 * Whether `x` is a member. Costs O(log₃₂ n).
 * @internal
 */
export const has = (s: IntSet, x: number): boolean => {
  if (s.size === 0 || !(x >= 0 && x < LIMIT)) return false
  if (x >>> (5 * (s.h + 1)) !== s.p) return false
  let node = s.root
  for (let h = s.h; h > 0; h--) {
    const b = node as Branch
    const bit = 1 << ((x >>> (5 * h)) & 31)
    if ((b.bm & bit) === 0) return false
    node = b.ch[popcount(b.bm & (bit - 1))] as Node
  }
  return ((node as number) & (1 << (x & 31))) !== 0
}

// ---------------------------------------------------------------------------------------------
// Set algebra on nodes of equal height and position

const unionNode = (a: Node, b: Node, h: number): Node => {
  if (a === b) return a
  if (h === 0) return (a as number) | (b as number)
  const x = a as Branch
  const y = b as Branch
  const bm = x.bm | y.bm
  const ch: Node[] = []
  let n = 0
  let sameX = bm === x.bm
  let sameY = bm === y.bm
  let ix = 0
  let iy = 0
  for (let m = bm; m !== 0; ) {
    const low = m & -m
    m ^= low
    let c: Node
    if ((x.bm & low) !== 0 && (y.bm & low) !== 0) {
      const cx = x.ch[ix++] as Node
      const cy = y.ch[iy++] as Node
      c = unionNode(cx, cy, h - 1)
      if (c !== cx) sameX = false
      if (c !== cy) sameY = false
    } else if ((x.bm & low) !== 0) c = x.ch[ix++] as Node
    else c = y.ch[iy++] as Node
    ch.push(c)
    n += countNode(c)
  }
  if (sameX) return x
  if (sameY) return y
  return branch(bm, ch, n)
}

const intersectNode = (a: Node, b: Node, h: number): Node => {
  if (a === b) return a
  if (h === 0) return (a as number) & (b as number)
  const x = a as Branch
  const y = b as Branch
  const common = x.bm & y.bm
  if (common === 0) return 0
  const ch: Node[] = []
  let bm = 0
  let n = 0
  let sameX = common === x.bm
  for (let m = common; m !== 0; ) {
    const low = m & -m
    m ^= low
    const cx = x.ch[popcount(x.bm & (low - 1))] as Node
    const cy = y.ch[popcount(y.bm & (low - 1))] as Node
    const c = intersectNode(cx, cy, h - 1)
    if (c !== cx) sameX = false
    if (c !== 0) {
      bm |= low
      ch.push(c)
      n += countNode(c)
    }
  }
  if (sameX) return x
  return ch.length === 0 ? 0 : branch(bm, ch, n)
}

const differenceNode = (a: Node, b: Node, h: number): Node => {
  if (a === b) return 0
  if (h === 0) return (a as number) & ~(b as number)
  const x = a as Branch
  const y = b as Branch
  if ((x.bm & y.bm) === 0) return x
  const ch: Node[] = []
  let bm = 0
  let n = 0
  let same = true
  let ix = 0
  for (let m = x.bm; m !== 0; ) {
    const low = m & -m
    m ^= low
    const cx = x.ch[ix++] as Node
    let c = cx
    if ((y.bm & low) !== 0) {
      c = differenceNode(cx, y.ch[popcount(y.bm & (low - 1))] as Node, h - 1)
      if (c !== cx) same = false
    }
    if (c !== 0) {
      bm |= low
      ch.push(c)
      n += countNode(c)
    }
  }
  if (same) return x
  return ch.length === 0 ? 0 : branch(bm, ch, n)
}

/** The height at which the roots of two non-empty sets fall in the same node. */
const commonHeight = (a: IntSet, b: IntSet): number => {
  let h = Math.max(a.h, b.h)
  while (a.p >>> (5 * (h - a.h)) !== b.p >>> (5 * (h - b.h))) h++
  return h
}

/** The root of `s` seen as a node of height `h` ≥ `s.h` (single-child branches above it). */
const lift = (s: IntSet, h: number): Node => {
  let node = s.root
  let p = s.p
  for (let k = s.h; k < h; k++) {
    node = branch(1 << (p & 31), [node], s.size)
    p >>>= 5
  }
  return node
}

/**
 * The members of either set. Shares every subtree found in one operand only, and returns an
 * operand itself when the other adds nothing.
 * @internal
 */
export const union = (a: IntSet, b: IntSet): IntSet => {
  if (b.size === 0 || a === b) return a
  if (a.size === 0) return b
  const h = commonHeight(a, b)
  const root = unionNode(lift(a, h), lift(b, h), h)
  if (h === a.h && root === a.root) return a
  if (h === b.h && root === b.root) return b
  return make(root, h, a.p >>> (5 * (h - a.h)))
}

/**
 * The members of both sets. Costs O(nodes present in both).
 * @internal
 */
export const intersect = (a: IntSet, b: IntSet): IntSet => {
  if (a === b) return a
  if (a.size === 0 || b.size === 0) return emptySet
  const h = commonHeight(a, b)
  if (h > a.h && h > b.h) return emptySet
  const root = intersectNode(lift(a, h), lift(b, h), h)
  if (h === a.h && root === a.root) return a
  return make(root, h, a.p >>> (5 * (h - a.h)))
}

/**
 * The members of `a` that are not in `b`. Returns `a` itself when they share no member.
 * @internal
 */
export const difference = (a: IntSet, b: IntSet): IntSet => {
  if (a.size === 0 || b.size === 0) return a
  if (a === b) return emptySet
  const h = commonHeight(a, b)
  if (h > a.h && h > b.h) return a
  const root = differenceNode(lift(a, h), lift(b, h), h)
  if (h === a.h && root === a.root) return a
  return make(root, h, a.p >>> (5 * (h - a.h)))
}

/** The position of the last non-empty word of a non-empty set. */
const lastWord = (s: IntSet): number => {
  let base = s.p * 2 ** (5 * (s.h + 1))
  let node = s.root
  for (let h = s.h; h > 0; h--) {
    const b = node as Branch
    const i = 31 - Math.clz32(b.bm)
    base += i * 2 ** (5 * h)
    node = b.ch[b.ch.length - 1] as Node
  }
  return base / 32
}

/**
 * The union of many sets. A few are merged pairwise; many are ORed into one array of words (or,
 * when that array would be much larger than the members, their members are sorted) and built
 * once, so the cost is O(members + words) rather than one partial copy per set.
 * @internal
 */
export const unionMany = (sets: ReadonlyArray<IntSet>): IntSet => {
  const nonEmpty = sets.filter((x) => x.size > 0)
  if (nonEmpty.length <= 8) {
    let out = emptySet
    for (const x of nonEmpty) out = union(out, x)
    return out
  }
  let total = 0
  let words = 0
  for (const x of nonEmpty) {
    total += x.size
    words = Math.max(words, lastWord(x) + 1)
  }
  if (words <= 4 * total) {
    const acc = new Int32Array(words)
    for (const x of nonEmpty) forEachWord(x, (base, w) => (acc[base / 32] = (acc[base / 32] as number) | w))
    return wordsWith(acc, small)
  }
  const members: number[] = []
  for (const x of nonEmpty) forEach(x, (m) => members.push(m))
  members.sort((a, b) => a - b)
  let k = 0
  for (let i = 0; i < members.length; i++) if (i === 0 || members[i] !== members[k - 1]) members[k++] = members[i] as number
  members.length = k
  return sortedWith(members, small)
}

/** The node of height `h` holding only `x`. */
const singletonNode = (h: number, x: number): Node => {
  let node: Node = 1 << (x & 31)
  for (let k = 1; k <= h; k++) node = branch(1 << ((x >>> (5 * k)) & 31), [node], 1)
  return node
}

/** `node` with `x` added (`node` itself when `x` is already a member); `x` lies in its range. */
const addNode = (node: Node, h: number, x: number): Node => {
  if (h === 0) return (node as number) | (1 << (x & 31))
  const b = node as Branch
  const bit = 1 << ((x >>> (5 * h)) & 31)
  const i = popcount(b.bm & (bit - 1))
  const ch = b.ch.slice()
  if ((b.bm & bit) === 0) {
    ch.splice(i, 0, singletonNode(h - 1, x))
    return branch(b.bm | bit, ch, b.n + 1)
  }
  const c = b.ch[i] as Node
  const next = addNode(c, h - 1, x)
  if (next === c) return b
  ch[i] = next
  return branch(b.bm, ch, b.n + 1)
}

/** `node` with `x` removed (`node` itself when it is not a member, `0` when nothing is left). */
const removeNode = (node: Node, h: number, x: number): Node => {
  if (h === 0) return (node as number) & ~(1 << (x & 31))
  const b = node as Branch
  const bit = 1 << ((x >>> (5 * h)) & 31)
  if ((b.bm & bit) === 0) return b
  const i = popcount(b.bm & (bit - 1))
  const c = b.ch[i] as Node
  const next = removeNode(c, h - 1, x)
  if (next === c) return b
  if (b.n === 1) return 0
  const ch = b.ch.slice()
  if (next === 0) {
    ch.splice(i, 1)
    return branch(b.bm & ~bit, ch, b.n - 1)
  }
  ch[i] = next
  return branch(b.bm, ch, b.n - 1)
}

/**
 * Adds one member, copying only the nodes on its path (the same set when it is a member).
 * @internal
 */
export const add = (s: IntSet, x: number): IntSet => {
  checkMember(x)
  if (s.size === 0 || x >>> (5 * (s.h + 1)) !== s.p) return union(s, singleton(x))
  const root = addNode(s.root, s.h, x)
  return root === s.root ? s : { size: s.size + 1, h: s.h, p: s.p, root }
}

/**
 * Removes one member, copying only the nodes on its path (the same set when it is not a member).
 * @internal
 */
export const remove = (s: IntSet, x: number): IntSet => {
  if (s.size === 0 || !(x >= 0 && x < LIMIT) || x >>> (5 * (s.h + 1)) !== s.p) return s
  const root = removeNode(s.root, s.h, x)
  return root === s.root ? s : make(root, s.h, s.p)
}

/**
 * Applies a batch of changes: adds `added` (not yet members) and removes `removed` (members).
 * Each array may be in any order; both are sorted in place.
 * @internal
 */
export const update = (s: IntSet, added: number[], removed: number[]): IntSet => {
  let out = s
  if (added.length === 1) out = add(out, added[0] as number)
  else if (added.length > 1) out = union(out, fromSorted(ascending(added)))
  if (removed.length === 1) out = remove(out, removed[0] as number)
  else if (removed.length > 1) out = difference(out, fromSorted(ascending(removed)))
  return out
}

/** Sorts numbers ascending in place (skipping the sort when they already are). */
const ascending = (xs: number[]): number[] => {
  for (let i = 1; i < xs.length; i++) {
    if ((xs[i - 1] as number) > (xs[i] as number)) return xs.sort((x, y) => x - y)
  }
  return xs
}

// ---------------------------------------------------------------------------------------------
// Traversal

const wordsOf = (node: Node, h: number, base: number, f: (base: number, word: number) => void): void => {
  if (h === 0) {
    f(base, node as number)
    return
  }
  const b = node as Branch
  const shift = 5 * h
  let i = 0
  for (let m = b.bm; m !== 0; ) {
    const low = m & -m
    m ^= low
    wordsOf(b.ch[i++] as Node, h - 1, base + lowestBit(low) * 2 ** shift, f)
  }
}

/**
 * Calls `f` with each non-empty 32-bit word of the set in ascending order: bit i of `word`
 * stands for member `base + i` (`base` is a multiple of 32).
 * @internal
 */
export const forEachWord = (s: IntSet, f: (base: number, word: number) => void): void => {
  if (s.size > 0) wordsOf(s.root, s.h, s.p * 2 ** (5 * (s.h + 1)), f)
}

/**
 * Calls `f` with each member in ascending order.
 * @internal
 */
export const forEach = (s: IntSet, f: (x: number) => void): void =>
  forEachWord(s, (base, word) => {
    for (let m = word; m !== 0; ) {
      const low = m & -m
      m ^= low
      f(base + lowestBit(low))
    }
  })

/**
 * The members in ascending order.
 * @internal
 */
export const toArray = (s: IntSet): Array<number> => {
  const out: number[] = []
  forEach(s, (x) => out.push(x))
  return out
}

/**
 * Up to `k` numbers in [0, `limit`) that are not members, in ascending order; skips full
 * subtrees, so it costs O(k + log₃₂ n) node visits when the gaps are few.
 * @internal
 */
export const gaps = (s: IntSet, limit: number, k: number): Array<number> => {
  const out: number[] = []
  if (k <= 0) return out
  if (s.size === 0) {
    for (let x = 0; x < limit && out.length < k; x++) out.push(x)
    return out
  }
  const base = s.p * 2 ** (5 * (s.h + 1))
  for (let x = 0; x < Math.min(base, limit) && out.length < k; x++) out.push(x)
  const walk = (node: Node, h: number, start: number): void => {
    if (h === 0) {
      const w = node as number
      for (let i = 0; i < 32 && out.length < k && start + i < limit; i++) if ((w & (1 << i)) === 0) out.push(start + i)
      return
    }
    const b = node as Branch
    const childSpan = 2 ** (5 * h)
    let j = 0
    for (let i = 0; i < 32 && out.length < k; i++) {
      const cs = start + i * childSpan
      if (cs >= limit) return
      if ((b.bm & (1 << i)) === 0) {
        for (let x = cs; x < Math.min(cs + childSpan, limit) && out.length < k; x++) out.push(x)
        continue
      }
      const c = b.ch[j++] as Node
      if (countNode(c) < childSpan) walk(c, h - 1, cs)
    }
  }
  if (countNode(s.root) < 2 ** (5 * (s.h + 1))) walk(s.root, s.h, base)
  const end = base + 2 ** (5 * (s.h + 1))
  for (let x = end; x < limit && out.length < k; x++) out.push(x)
  return out
}

/**
 * Checks the structure (counts, no empty or single-child root, no empty node); returns what is
 * wrong. For tests.
 * @internal
 */
export const violations = (s: IntSet): ReadonlyArray<string> => {
  const bad: string[] = []
  if (s.size === 0) {
    if (s !== emptySet && !(s.root === 0 && s.h === 0)) bad.push('empty set with a root')
    return bad
  }
  const check = (node: Node, h: number): number => {
    if (h === 0) {
      if (typeof node !== 'number' || node === 0) bad.push(`bad word at height 0`)
      return typeof node === 'number' ? popcount(node) : 0
    }
    if (typeof node === 'number') {
      bad.push(`word at height ${h}`)
      return 0
    }
    if (node.ch.length !== popcount(node.bm) || node.ch.length === 0) bad.push(`bitmap/children mismatch at height ${h}`)
    let n = 0
    for (const c of node.ch) n += check(c, h - 1)
    if (n !== node.n) bad.push(`count ${node.n} != ${n} at height ${h}`)
    return n
  }
  const n = check(s.root, s.h)
  if (n !== s.size) bad.push(`size ${s.size} != ${n}`)
  if (s.h > 0 && typeof s.root !== 'number' && s.root.ch.length === 1) bad.push('single-child root')
  if (s.h > MAX_HEIGHT) bad.push('too high')
  return bad
}
