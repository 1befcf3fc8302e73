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
import { fromPrefixes, type Prefix } from './address.js'
import { insert, remove, select, type LabelIndex } from './label-index.js'
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

interface Entry {
  readonly id: SetId
  readonly canonical: string
  readonly uniqueId: string
  readonly selector: Selector
  readonly matcher: (labels: Labels) => boolean
  readonly namedPort: { readonly name: string; readonly protocol: NamedPortProtocol } | undefined
  readonly members: Set<string>
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
  readonly index: LabelIndex
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
 * Parses a selector text once per table.
 * @internal
 */
export const parsedSelector = (table: SetTable, text: string): Selector | undefined => {
  let sel = table.byText.get(text)
  if (sel === undefined) {
    const r = parse(text)
    if (E.isLeft(r)) return undefined
    sel = r.right
    table.byText.set(text, sel)
  }
  return sel
}

const protocolMatches = (want: NamedPortProtocol, have: number): boolean =>
  want === 'any' || (want === 'tcp' && have === 6) || (want === 'udp' && have === 17) || (want === 'sctp' && have === 132)

const addEntry = (table: SetTable, key: string, selector: Selector, namedPort: Entry['namedPort']): SetId => {
  const existing = table.byKey.get(key)
  if (existing !== undefined) return existing
  const canonical = print(selector)
  const selId = uniqueId(selector)
  const id = table.entries.length
  const matcher = compile(selector)
  const members = new Set(select(table.index, selector, matcher))
  table.entries.push({
    id,
    canonical,
    uniqueId: namedPort === undefined ? selId : makeUniqueId('n', `${selId},${namedPort.protocol},${namedPort.name}`),
    selector,
    matcher,
    namedPort,
    members,
  })
  table.byKey.set(key, id)
  table.dirty.add(id)
  return id
}

/**
 * The registry the rule compiler uses: each distinct selector (by canonical form) and named port
 * gets one id for the table's lifetime.
 * @internal
 */
export const registry = (table: SetTable): SetRegistry => ({
  selector: (text) => {
    const sel = parsedSelector(table, text) as Selector
    return addEntry(table, `s|${print(sel)}`, sel, undefined)
  },
  namedPort: (text, protocol, name) => {
    const sel = parsedSelector(table, text) as Selector
    return addEntry(table, `n|${print(sel)}|${protocol}|${name}`, sel, { name, protocol })
  },
})

/**
 * Adds, replaces (when `item` is given) or removes (when `undefined`) an item, updating the
 * membership of every set it enters or leaves.
 * @internal
 */
export const setItem = (table: SetTable, key: string, item: Item | undefined): void => {
  const old = table.items.get(key)
  if (old === undefined && item === undefined) return
  if (item === undefined) {
    table.items.delete(key)
    remove(table.index, key)
  } else {
    table.items.set(key, item)
    insert(table.index, key, item.labels)
  }
  for (const e of table.entries) {
    const was = e.members.has(key)
    const is = item !== undefined && e.matcher(item.labels)
    if (is) e.members.add(key)
    else if (was) e.members.delete(key)
    // a member's addresses or ports may have changed even if it stays a member
    if (was || is) table.dirty.add(e.id)
  }
}

const valueOf = (table: SetTable, e: Entry): IpSet => {
  if (e.namedPort === undefined) {
    const prefixes: Array<Prefix> = []
    for (const k of e.members) for (const p of table.items.get(k)?.addresses ?? []) prefixes.push(p)
    return { _tag: 'Selector', selector: e.canonical, id: e.uniqueId, members: fromPrefixes(prefixes) }
  }
  const byPort = new Map<number, Array<Prefix>>()
  const np = e.namedPort
  for (const k of e.members) {
    const item = table.items.get(k)
    if (item === undefined) continue
    for (const port of item.ports) {
      if (port.name !== np.name || !protocolMatches(np.protocol, port.protocol)) continue
      const key = port.protocol * 65536 + port.port
      let list = byPort.get(key)
      if (list === undefined) byPort.set(key, (list = []))
      list.push(...item.addresses)
    }
  }
  const members = new Map<number, ReturnType<typeof fromPrefixes>>()
  for (const [k, ps] of byPort) members.set(k, fromPrefixes(ps))
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
 * Recomputes the values of the sets that changed and returns the new snapshot (a new array only
 * if something changed).
 * @internal
 */
export const snapshot = (table: SetTable): ReadonlyArray<IpSet> => {
  if (table.dirty.size === 0 && table.values.length === table.entries.length) return table.values
  const next = table.values.slice()
  for (const id of table.dirty) {
    const e = table.entries[id]
    if (e !== undefined) next[id] = valueOf(table, e)
  }
  table.dirty.clear()
  table.values = next
  return next
}
