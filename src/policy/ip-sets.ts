/**
 * IP sets (§2.7): which addresses stand for which endpoints and network sets. A selector's set
 * holds every matching workload endpoint's IPs, every matching host endpoint's `expectedIPs`
 * (never its interface addresses) and every matching network set's nets; a named port's set holds
 * (address, protocol, port) for every matching endpoint that has a port of that name with a
 * compatible protocol. Sets are deduplicated by felix's unique ID and kept up to date
 * incrementally as items change.
 * @module
 */
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
  readonly entries: Array<Entry>
  readonly byKey: Map<string, SetId>
  readonly byText: Map<string, Selector>
  readonly items: Map<string, Item>
  /** The label index of every item (persistent; replaced on each change). */
  index: LabelIndex
  values: ReadonlyArray<IpSet>
  readonly dirty: Set<SetId>
}

/**
 * A new, empty table.
 * @internal
 */
export const emptyTable = (index: LabelIndex): SetTable => ({
  entries: [],
  byKey: new Map(),
  byText: new Map(),
  items: new Map(),
  index,
  values: [],
  dirty: new Set(),
})

/**
 * Parses a rewritten selector text once per table. The builder validates every selector field
 * first (syntax, and key lengths after Calico's `pcns.`/`pcsa.` prefixes), so a text that does
 * not parse is a bug: it throws (`Policy.build` turns that into a Left) rather than becoming a
 * set or a policy that silently matches nothing.
 * @internal
 */
export const parsedSelector = (table: SetTable, text: string): Selector => {
  let sel = table.byText.get(text)
  if (sel === undefined) {
    const r = parse(text)
    if (E.isLeft(r)) throw new Error(`rewritten selector does not parse (${r.left._tag === 'SelectorSyntax' ? r.left.message.slice(0, 200) : r.left._tag})`)
    sel = r.right
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

const addEntry = (table: SetTable, key: string, selector: Selector, namedPort: Entry['namedPort']): SetId => {
  const existing = table.byKey.get(key)
  if (existing !== undefined) return existing
  const canonical = print(selector)
  const selId = uniqueId(selector)
  const id = table.entries.length
  const matcher = compile(selector)
  const entry: Entry = {
    id,
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
  const values = table.values.slice()
  values[id] = initialValue(table, entry)
  table.values = values
  return id
}

/**
 * The registry the rule compiler uses: each distinct selector (by canonical form) and named port
 * gets one id for the table's lifetime.
 * @internal
 */
export const registry = (table: SetTable): SetRegistry => ({
  selector: (text) => {
    const sel = parsedSelector(table, text)
    return addEntry(table, `s|${print(sel)}`, sel, undefined)
  },
  namedPort: (text, protocol, name) => {
    const sel = parsedSelector(table, text)
    return addEntry(table, `n|${print(sel)}|${protocol}|${name}`, sel, { name, protocol })
  },
})

/**
 * Fills a table that has no sets yet (the initial build) with many items, indexing their labels
 * in one batch; later changes go through {@link setItem}.
 * @internal
 */
export const addItems = (table: SetTable, items: ReadonlyArray<readonly [string, Item]>): void => {
  if (table.entries.length > 0) throw new Error('addItems: the table already has sets; use setItem')
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
  for (const e of table.entries) {
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
 * Applies the pending membership changes and returns the new snapshot (a new array only if
 * something changed; unchanged sets are shared).
 * @internal
 */
export const snapshot = (table: SetTable): ReadonlyArray<IpSet> => {
  if (table.dirty.size === 0) return table.values
  const next = table.values.slice()
  for (const id of table.dirty) {
    const e = table.entries[id]
    const v = next[id]
    if (e !== undefined && v !== undefined) next[id] = patched(v, e)
  }
  table.dirty.clear()
  table.values = next
  return next
}
