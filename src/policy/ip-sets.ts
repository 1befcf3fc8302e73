/**
 * IP sets (docs/reference.md §2.7; `felix/labelindex/named_port_index.go`): which addresses stand
 * for which endpoints and network sets. A selector's set holds every matching workload endpoint's
 * IPs, every matching host endpoint's `expectedIPs` (never its interface addresses) and every
 * matching network set's nets; a named port's set holds (address, protocol, port) for every
 * matching endpoint that has a port of that name with a compatible protocol. Sets are deduplicated
 * by felix's unique ID and kept up to date incrementally as items change.
 *
 * Sets are reference-counted by the policies and profiles whose rules use them; a set nobody uses
 * any more stops being maintained and leaves an empty placeholder in `World.sets` until the
 * builder compacts the table ({@link needsCompaction}). An item change is tested only against the
 * sets whose selectors could match the item's old or new labels (a reverse index from label
 * keys and values to sets, see {@link atomsOf}), not against every set.
 * @module
 */
import { pushAll } from '../internal/array.js'
import { E } from '../internal/fp.js'
import type { Selector } from '../selector/ast.js'
import { compile } from '../selector/match.js'
import { parse } from '../selector/parse.js'
import { print } from '../selector/print.js'
import { makeUniqueId, uniqueId } from '../selector/unique-id.js'
import type { Prefix } from './address.js'
import { membersOf, noMembers, patch, type MemberSet } from './member-set.js'
import { insert, insertAll, remove, select, type LabelIndex } from '../selector/label-index.js'
import type { Labels } from './labels.js'
import type { NamedPortProtocol, SetRegistry } from './rules.js'
import type { IpSet, SetId } from './world.js'

/**
 * A named port of an endpoint: name, protocol number and port.
 * @since 0.1.0
 */
export interface EndpointPort {
  readonly name: string
  readonly protocol: number
  readonly port: number
}

/**
 * Something that contributes addresses to IP sets: a workload or host endpoint (anywhere in the
 * cluster) or a network set, with its effective labels.
 * @since 0.1.0
 */
export interface Item {
  readonly key: string
  readonly labels: Labels
  readonly addresses: ReadonlyArray<Prefix>
  readonly ports: ReadonlyArray<EndpointPort>
}

interface Contribution {
  /** `protocol * 65536 + port` for named-port sets, -1 for selector sets. */
  readonly slot: number
  readonly prefix: Prefix
}

interface Entry {
  readonly id: SetId
  readonly key: string
  /** How many rule references (policies and profiles) use the set; it dies at zero. */
  refs: number
  /** The reverse-index atoms of the selector, or `undefined` when every item must be tested. */
  readonly atoms: ReadonlyArray<string> | undefined
  readonly canonical: string
  readonly uniqueId: string
  readonly selector: Selector
  readonly matcher: (labels: Labels) => boolean
  readonly namedPort: { readonly name: string; readonly protocol: NamedPortProtocol } | undefined
  readonly members: Set<string>
  /** Reference counts of contributed prefixes, by slot and prefix. */
  readonly counts: Map<CountKey, number>
  /** Prefixes whose count crossed zero since the last snapshot: true = added, false = removed. */
  readonly pending: Map<CountKey, { readonly c: Contribution; readonly added: boolean }>
}

/**
 * The mutable IP-set table behind a lineage of worlds: entries by key, the items, the label
 * index over the items, and the current set values (copied on write, so every world keeps its
 * own snapshot).
 * @internal
 */
export interface SetTable {
  /** By id; `undefined` for a set that died (nothing uses it any more). */
  readonly entries: Array<Entry | undefined>
  readonly byKey: Map<string, SetId>
  /** Parsed selector texts, each kept while some rule reference made from it is (`textRefs`). */
  readonly byText: Map<string, Selector>
  readonly textRefs: Map<string, number>
  readonly items: Map<string, Item>
  /** The label index of every item (persistent; replaced on each change). */
  index: LabelIndex
  values: ReadonlyArray<IpSet>
  /** Live sets whose members changed since the last snapshot. */
  readonly dirty: Set<SetId>
  /** Values of slots created or emptied since the last snapshot. */
  readonly fresh: Map<SetId, IpSet>
  /** Sets by reverse-index atom (see {@link atomsOf}). */
  readonly byAtom: Map<string, Set<SetId>>
  /** Sets whose selectors can match an item whatever its labels (tested on every change). */
  readonly unkeyed: Set<SetId>
  /** How many entries are alive. */
  live: number
}

/**
 * A new, empty table.
 * @internal
 */
export const emptyTable = (index: LabelIndex): SetTable => ({
  entries: [],
  byKey: new Map(),
  byText: new Map(),
  textRefs: new Map(),
  items: new Map(),
  index,
  values: [],
  dirty: new Set(),
  fresh: new Map(),
  byAtom: new Map(),
  unkeyed: new Set(),
  live: 0,
})

/**
 * Parses a rewritten selector text; the builder validated every field it is made from, so a
 * text that does not parse is a bug and throws (`Policy.build` turns that into a Left).
 * @internal
 */
export const parseRewritten = (text: string): Selector => {
  const r = parse(text)
  if (E.isLeft(r)) throw new Error(`rewritten selector does not parse (${r.left._tag === 'SelectorSyntax' ? r.left.message.slice(0, 200) : r.left._tag})`)
  return r.right
}

/**
 * Parses a rewritten selector text once per table (while some rule reference made from it lives).
 * @internal
 */
export const parsedSelector = (table: SetTable, text: string): Selector => {
  let sel = table.byText.get(text)
  if (sel === undefined) {
    sel = parseRewritten(text)
    table.byText.set(text, sel)
  }
  return sel
}

const protocolMatches = (want: NamedPortProtocol, have: number): boolean =>
  want === 'any' || (want === 'tcp' && have === 6) || (want === 'udp' && have === 17) || (want === 'sctp' && have === 132)

const contributions = (np: Entry['namedPort'], item: Item): ReadonlyArray<Contribution> => {
  if (np === undefined) return item.addresses.map((prefix) => ({ slot: -1, prefix }))
  const out: Array<Contribution> = []
  for (const port of item.ports) {
    if (port.name !== np.name || !protocolMatches(np.protocol, port.protocol)) continue
    const slot = port.protocol * 65536 + port.port
    for (const prefix of item.addresses) out.push({ slot, prefix })
  }
  return out
}

type CountKey = number | string

/** The common case (an IPv4 address in a selector set) is keyed by the address itself. */
const countKey = (c: Contribution): CountKey =>
  c.slot === -1 && c.prefix.family === 4 && c.prefix.lo === c.prefix.hi ? c.prefix.lo : `${c.slot}|${c.prefix.family}|${c.prefix.lo}|${c.prefix.hi}`

const bump = (e: Entry, c: Contribution, delta: 1 | -1): void => {
  const k = countKey(c)
  const before = e.counts.get(k) ?? 0
  const after = before + delta
  if (after === 0) e.counts.delete(k)
  else e.counts.set(k, after)
  if ((before === 0) === (after === 0)) return
  const p = e.pending.get(k)
  // a crossing that undoes a pending one cancels it
  if (p !== undefined && p.added !== (after > 0)) e.pending.delete(k)
  else e.pending.set(k, { c, added: after > 0 })
}

const initialValue = (table: SetTable, e: Entry): IpSet => {
  const bySlot = new Map<number, Array<Prefix>>()
  for (const k of e.members) {
    const item = table.items.get(k)
    if (item === undefined) continue
    for (const c of contributions(e.namedPort, item)) {
      const key = countKey(c)
      e.counts.set(key, (e.counts.get(key) ?? 0) + 1)
      let list = bySlot.get(c.slot)
      if (list === undefined) bySlot.set(c.slot, (list = []))
      list.push(c.prefix)
    }
  }
  if (e.namedPort === undefined) return { _tag: 'Selector', selector: e.canonical, id: e.uniqueId, members: membersOf(bySlot.get(-1) ?? []) }
  const members = new Map<number, MemberSet>()
  for (const [slot, ps] of bySlot) members.set(slot, membersOf(ps))
  const np = e.namedPort
  return {
    _tag: 'NamedPort',
    selector: e.canonical,
    port: np.name,
    protocol: np.protocol === 'any' ? undefined : np.protocol === 'tcp' ? 6 : np.protocol === 'udp' ? 17 : 132,
    id: e.uniqueId,
    members,
  }
}

/**
 * The reverse-index atoms of a selector: label conditions, at least one of which holds for every
 * label map the selector matches — `k=v` (label `k` has value `v`) or `k` (label `k` is present).
 * `undefined` when there are none (the selector can match labels lacking every key it names:
 * `all()`, `!has(k)`, `k != v`, `!(…)`). An item change need only test the sets indexed under an
 * atom of its old or new labels, plus the unkeyed ones.
 * @example
 * ```ts
 * atomsOf(parse("app == 'web' && has(tier)")) // ['app=web'] (written with a NUL separator)
 * ```
 * @internal
 */
export const atomsOf = (sel: Selector): ReadonlyArray<string> | undefined => {
  switch (sel._tag) {
    case 'Eq':
      return [valueAtom(sel.key, sel.value)]
    case 'In':
      return sel.values.map((v) => valueAtom(sel.key, v))
    case 'Has':
    case 'Contains':
    case 'StartsWith':
    case 'EndsWith':
      return [keyAtom(sel.key)]
    case 'And': {
      // any operand's atoms will do: take the most selective (value atoms, then fewest)
      let best: ReadonlyArray<string> | undefined
      let bestCost = Infinity
      for (const o of sel.operands) {
        const a = atomsOf(o)
        if (a === undefined) continue
        const cost = a.reduce((n, x) => n + (x.startsWith(KEY_ATOM) ? 16 : 1), 0)
        if (cost < bestCost) {
          best = a
          bestCost = cost
        }
      }
      return best
    }
    case 'Or': {
      const out: Array<string> = []
      for (const o of sel.operands) {
        const a = atomsOf(o)
        if (a === undefined) return undefined
        pushAll(out, a)
      }
      return out
    }
    default:
      return undefined
  }
}

// distinct prefixes; a collision between texts would only add candidates, never lose one
const KEY_ATOM = 'k\u0000'
const keyAtom = (k: string): string => `${KEY_ATOM}${k}`
const valueAtom = (k: string, v: string): string => `v\u0000${k}\u0000${v}`

const hasOwn = Object.prototype.hasOwnProperty

/** Adds to `out` the sets indexed under an atom that holds for `labels`. */
const collect = (table: SetTable, labels: Labels, out: Set<SetId>): void => {
  for (const k in labels) {
    if (!hasOwn.call(labels, k)) continue
    const v = labels[k]
    if (typeof v !== 'string') continue
    const byValue = table.byAtom.get(valueAtom(k, v))
    if (byValue !== undefined) for (const id of byValue) out.add(id)
    const byKey = table.byAtom.get(keyAtom(k))
    if (byKey !== undefined) for (const id of byKey) out.add(id)
  }
}

const addEntry = (table: SetTable, key: string, selector: Selector, namedPort: Entry['namedPort']): SetId => {
  const existing = table.byKey.get(key)
  if (existing !== undefined) return existing
  const canonical = print(selector)
  const selId = uniqueId(selector)
  const id = table.entries.length
  const matcher = compile(selector)
  const atoms = atomsOf(selector)
  const entry: Entry = {
    id,
    key,
    refs: 0,
    atoms,
    canonical,
    uniqueId: namedPort === undefined ? selId : makeUniqueId('n', `${selId},${namedPort.protocol},${namedPort.name}`),
    selector,
    matcher,
    namedPort,
    members: new Set(select(selector)(table.index)),
    counts: new Map(),
    pending: new Map(),
  }
  table.entries.push(entry)
  table.byKey.set(key, id)
  table.live++
  if (atoms === undefined) table.unkeyed.add(id)
  else
    for (const a of atoms) {
      let ids = table.byAtom.get(a)
      if (ids === undefined) table.byAtom.set(a, (ids = new Set()))
      ids.add(id)
    }
  table.fresh.set(id, initialValue(table, entry))
  return id
}

const emptied = (v: IpSet): IpSet => (v._tag === 'Selector' ? { ...v, members: noMembers } : { ...v, members: new Map() })

/** Forgets a set nobody uses: it is no longer maintained and its slot becomes an empty placeholder. */
const kill = (table: SetTable, e: Entry): void => {
  table.entries[e.id] = undefined
  table.byKey.delete(e.key)
  if (e.atoms === undefined) table.unkeyed.delete(e.id)
  else
    for (const a of e.atoms) {
      const ids = table.byAtom.get(a)
      ids?.delete(e.id)
      if (ids?.size === 0) table.byAtom.delete(a)
    }
  table.dirty.delete(e.id)
  table.live--
  const v = table.fresh.get(e.id) ?? table.values[e.id]
  if (v !== undefined) table.fresh.set(e.id, emptied(v))
}

/**
 * One rule reference to a set, made from a selector text; what {@link registry} hands out and
 * {@link release} takes back.
 * @internal
 */
export interface SetRef {
  readonly id: SetId
  readonly text: string
}

const retain = (table: SetTable, id: SetId, text: string, used: Array<SetRef>): SetId => {
  ;(table.entries[id] as Entry).refs++
  table.textRefs.set(text, (table.textRefs.get(text) ?? 0) + 1)
  used.push({ id, text })
  return id
}

/**
 * The registry the rule compiler uses: each distinct selector (by canonical form) and named port
 * gets one set while some policy or profile uses it. Every id handed out is counted as one
 * reference and appended to `used`; give `used` back to {@link release} when the policy or
 * profile goes away.
 * @internal
 */
export const registry = (table: SetTable, used: Array<SetRef>): SetRegistry => ({
  selector: (text) => {
    const sel = parsedSelector(table, text)
    return retain(table, addEntry(table, `s|${print(sel)}`, sel, undefined), text, used)
  },
  namedPort: (text, protocol, name) => {
    const sel = parsedSelector(table, text)
    return retain(table, addEntry(table, `n|${print(sel)}|${protocol}|${name}`, sel, { name, protocol }), text, used)
  },
})

/**
 * Drops the references {@link registry} counted; a set (or a cached selector text) left without
 * any is forgotten.
 * @internal
 */
export const release = (table: SetTable, used: ReadonlyArray<SetRef>): void => {
  for (const { id, text } of used) {
    const n = (table.textRefs.get(text) ?? 1) - 1
    if (n > 0) table.textRefs.set(text, n)
    else {
      table.textRefs.delete(text)
      table.byText.delete(text)
    }
    const e = table.entries[id]
    if (e !== undefined && --e.refs === 0) kill(table, e)
  }
}

/**
 * Whether the table holds more dead slots than live sets, so that the builder should rebuild
 * (renumbering the sets) rather than let `World.sets` grow.
 * @internal
 */
export const needsCompaction = (table: SetTable): boolean => table.entries.length - table.live > table.live

/**
 * Fills a table that has no sets yet (the initial build) with many items, indexing their labels
 * in one batch; later changes go through {@link setItem}.
 * @internal
 */
export const addItems = (table: SetTable, items: ReadonlyArray<readonly [string, Item]>): void => {
  if (table.entries.length > 0 || table.items.size > 0) throw new Error('addItems: the table already has sets; use setItem')
  for (const [key, item] of items) table.items.set(key, item)
  table.index = insertAll(items.map(([key, item]) => [key, item.labels] as const))(table.index)
}

/**
 * Adds, replaces (when `item` is given) or removes (when `undefined`) an item, updating the
 * membership and the address counts of every set it enters, leaves or belongs to.
 * @internal
 */
export const setItem = (table: SetTable, key: string, item: Item | undefined): void => {
  const old = table.items.get(key)
  if (old === undefined && item === undefined) return
  if (item === undefined) {
    table.items.delete(key)
    table.index = remove(key)(table.index)
  } else {
    table.items.set(key, item)
    table.index = insert(key, item.labels)(table.index)
  }
  // only sets that could match the old or the new labels can change
  const candidates = new Set(table.unkeyed)
  if (old !== undefined) collect(table, old.labels, candidates)
  if (item !== undefined) collect(table, item.labels, candidates)
  for (const id of candidates) {
    const e = table.entries[id] as Entry
    const was = e.members.has(key)
    const is = item !== undefined && e.matcher(item.labels)
    if (!was && !is) continue
    if (was && old !== undefined) for (const c of contributions(e.namedPort, old)) bump(e, c, -1)
    if (is) for (const c of contributions(e.namedPort, item)) bump(e, c, 1)
    if (is) e.members.add(key)
    else e.members.delete(key)
    if (e.pending.size > 0) table.dirty.add(e.id)
  }
}

const patched = (value: IpSet, e: Entry): IpSet => {
  const adds = new Map<number, Array<Prefix>>()
  const removes = new Map<number, Array<Prefix>>()
  for (const { c, added } of e.pending.values()) {
    const m = added ? adds : removes
    let list = m.get(c.slot)
    if (list === undefined) m.set(c.slot, (list = []))
    list.push(c.prefix)
  }
  e.pending.clear()
  if (value._tag === 'Selector') return { ...value, members: patch(value.members, adds.get(-1) ?? [], removes.get(-1) ?? []) }
  const members = new Map(value.members)
  for (const slot of new Set([...adds.keys(), ...removes.keys()])) {
    const next = patch(members.get(slot) ?? noMembers, adds.get(slot) ?? [], removes.get(slot) ?? [])
    if (next.v4.lo.length === 0 && next.v6.lo.length === 0) members.delete(slot)
    else members.set(slot, next)
  }
  return { ...value, members }
}

/**
 * Applies the pending changes (new sets, emptied slots of dead ones, membership changes) and
 * returns the new snapshot: one new array per call that changed something, never one per set;
 * unchanged sets are shared.
 * @internal
 */
export const snapshot = (table: SetTable): ReadonlyArray<IpSet> => {
  if (table.dirty.size === 0 && table.fresh.size === 0) return table.values
  const next = table.values.slice()
  for (const [id, v] of table.fresh) next[id] = v
  table.fresh.clear()
  for (const id of table.dirty) {
    const e = table.entries[id]
    const v = next[id]
    if (e !== undefined && v !== undefined) next[id] = patched(v, e)
  }
  table.dirty.clear()
  table.values = next
  return next
}
