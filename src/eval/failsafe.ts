/**
 * Failsafe rules (docs/reference.md §9; `failsafeInChain` / `failsafeOutChain` in
 * `felix/rules/static.go`): the inbound/outbound host ports that HEP chains accept before any
 * policy.
 * @module
 */
import type { Address } from '../policy/address.js'
import type { FailsafeEntry, Settings } from '../policy/world.js'
import type { PacketView } from './packet.js'

/**
 * The table whose failsafe chain is consulted: `raw` (untracked chains), `mangle` (pre-DNAT
 * chains) or `filter` (normal HEP chains).
 * @since 0.1.0
 */
export type FailsafeTable = 'raw' | 'mangle' | 'filter'

/**
 * A failsafe entry that accepted a packet, with the list it came from and the port it matched.
 * @since 0.1.0
 */
export interface FailsafeHit {
  readonly list: 'inbound' | 'outbound'
  readonly entry: FailsafeEntry
  readonly matchedOn: 'destination-port' | 'source-port'
}

const TCP = 6
const UDP = 17

const netMatches = (e: FailsafeEntry, family: 4 | 6, addr: Address): boolean | undefined => {
  if (e.prefix === undefined) return true
  if (e.prefix.family !== family) return undefined // entry not rendered for this family
  return addr.value >= e.prefix.lo && addr.value <= e.prefix.hi
}

const scan = (
  entries: ReadonlyArray<FailsafeEntry>,
  list: 'inbound' | 'outbound',
  p: PacketView,
  useSrcPort: boolean,
  netAddr: Address,
): FailsafeHit | undefined => {
  const port = useSrcPort ? p.srcPort : p.dstPort
  if (port < 0) return undefined
  for (const e of entries) {
    if ((e.protocol === 'tcp' ? TCP : UDP) !== p.protocol || e.port !== port) continue
    if (netMatches(e, p.family, netAddr) !== true) continue
    return { list, entry: e, matchedOn: useSrcPort ? 'source-port' : 'destination-port' }
  }
  return undefined
}

/**
 * Finds the failsafe entry that accepts the packet in the given table and direction, if any.
 * Inbound entries match the destination port (and source network); outbound entries the
 * destination port (and destination network). The raw table also accepts replies: outbound
 * entries by source port (and source network) on ingress, inbound entries by source port (and
 * destination network) on egress. Entries with a network of the other IP family are ignored.
 * @example
 * ```ts
 * failsafeMatch(defaultSettings, 'filter', 'ingress', view) // { list: 'inbound', entry: { protocol: 'tcp', port: 22 }, ... }
 * ```
 * @since 0.1.0
 */
export const failsafeMatch = (
  settings: Settings,
  table: FailsafeTable,
  direction: 'ingress' | 'egress',
  p: PacketView,
): FailsafeHit | undefined => {
  if (p.protocol !== TCP && p.protocol !== UDP) return undefined
  if (direction === 'ingress') {
    const hit = scan(settings.failsafeInbound, 'inbound', p, false, p.src)
    if (hit !== undefined || table !== 'raw') return hit
    return scan(settings.failsafeOutbound, 'outbound', p, true, p.src)
  }
  const hit = scan(settings.failsafeOutbound, 'outbound', p, false, p.dst)
  if (hit !== undefined || table !== 'raw') return hit
  return scan(settings.failsafeInbound, 'inbound', p, true, p.dst)
}
