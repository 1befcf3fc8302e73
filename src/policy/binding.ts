/**
 * Binding host endpoints to the node's interfaces (docs/reference.md §3), as felix's endpoint
 * manager does (`resolveHostEndpoints` in `felix/dataplane/linux/endpoint_mgr.go`).
 * @module
 */
import { regexMatches } from '../model/interface-regex.js'
import { parseAddress } from './address.js'
import { interfaceAddress } from './interfaces.js'
import type { HostInterface, InterfaceMatcher } from './world.js'

/**
 * What binding needs to know about a host endpoint of this node.
 * @since 0.1.0
 */
export interface BindableHep {
  readonly name: string
  readonly interfaceName: string
  readonly expectedIPs: ReadonlyArray<string>
}

/**
 * The result of binding: the active HEP (by name) for each interface of the node, the named
 * HEPs by `interfaceName` for interfaces the node did not list, and the active wildcard HEP.
 * @since 0.1.0
 */
export interface Binding {
  readonly byInterface: ReadonlyMap<string, string>
  readonly byName: ReadonlyMap<string, string>
  readonly wildcard: string | undefined
}

const addressKey = (text: string): string | undefined => {
  const a = parseAddress(text)
  return a === undefined ? undefined : `${a.family}:${a.value.toString()}`
}

/** An interface address (`Policy.build` has checked it; `addr/len` stands for `addr`). */
const interfaceKey = (text: string): string | undefined => {
  const a = interfaceAddress(text)
  return a === undefined ? undefined : `${a.family}:${a.value.toString()}`
}

/**
 * Whether an interface is excluded by `InterfaceExclude` (felix ignores it entirely). Regular
 * expressions use RE2 syntax and match anywhere in the name in linear time, as felix's Go
 * `regexp` does; each is compiled once.
 * @example
 * ```ts
 * isExcluded([{ _tag: 'Exact', name: 'kube-ipvs0' }], 'kube-ipvs0') // true
 * ```
 * @since 0.1.0
 */
export const isExcluded = (exclude: ReadonlyArray<InterfaceMatcher>, iface: string): boolean =>
  exclude.some((m) => (m._tag === 'Exact' ? m.name === iface : regexMatches(m, iface)))

/**
 * Binds the node's HEPs to its host interfaces: for each (non-workload, non-excluded) interface,
 * among the non-wildcard HEPs that match it — by exact `interfaceName`, or, for HEPs with an empty
 * `interfaceName`, by carrying one of their `expectedIPs` — the one whose name sorts first wins.
 * Among wildcard (`*`) HEPs the one whose name sorts first is active. Interfaces a packet names
 * but the node did not list bind by `interfaceName` only.
 * @example
 * ```ts
 * bind([{ name: 'eth0', addresses: ['10.0.0.1'] }], [{ name: 'h', interfaceName: '', expectedIPs: ['10.0.0.1'] }], (n) => n.startsWith('cali'), [])
 * // { byInterface: Map { 'eth0' => 'h' }, byName: Map {}, wildcard: undefined }
 * ```
 * @since 0.1.0
 */
export const bind = (
  interfaces: ReadonlyArray<HostInterface>,
  heps: ReadonlyArray<BindableHep>,
  isWorkload: (iface: string) => boolean,
  exclude: ReadonlyArray<InterfaceMatcher>,
): Binding => {
  const sorted = [...heps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const named = sorted.filter((h) => h.interfaceName !== '*')
  const byInterface = new Map<string, string>()
  const listed = new Set<string>()
  for (const iface of interfaces) {
    listed.add(iface.name)
    if (isWorkload(iface.name) || isExcluded(exclude, iface.name)) continue
    const addrs = new Set(iface.addresses.map(interfaceKey).filter((k): k is string => k !== undefined))
    const winner = named.find((h) =>
      h.interfaceName !== '' ? h.interfaceName === iface.name : h.expectedIPs.some((ip) => addrs.has(addressKey(ip) ?? '')),
    )
    if (winner !== undefined) byInterface.set(iface.name, winner.name)
  }
  const byName = new Map<string, string>()
  for (const h of named) {
    if (h.interfaceName === '' || listed.has(h.interfaceName) || byName.has(h.interfaceName)) continue
    if (isWorkload(h.interfaceName) || isExcluded(exclude, h.interfaceName)) continue
    byName.set(h.interfaceName, h.name)
  }
  return { byInterface, byName, wildcard: sorted.find((h) => h.interfaceName === '*')?.name }
}
