/**
 * Rule matching (docs/reference.md §6; felix renders the same criteria in `felix/rules/policy.go`):
 * a compiled rule matches a packet iff every criterion it has matches.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import { contains, type Address } from '../policy/address.js'
import { hasMember } from '../policy/member-set.js'
import type { IpSet, Ports, Rule, Side } from '../policy/world.js'
import type { PacketView } from './packet.js'

const ICMP = 1
const ICMPV6 = 58

const inRanges = (ranges: ReadonlyArray<number>, port: number): boolean => {
  for (let i = 0; i < ranges.length; i += 2) {
    if (port < (ranges[i] as number)) return false
    if (port <= (ranges[i + 1] as number)) return true
  }
  return false
}

const inNamed = (named: ReadonlyArray<number>, sets: ReadonlyArray<IpSet>, addr: Address, protocol: number, port: number): boolean => {
  if (port < 0) return false
  const key = protocol * 65536 + port
  for (const id of named) {
    const s = sets[id]
    if (s === undefined || s._tag !== 'NamedPort') continue
    const m = s.members.get(key)
    if (m !== undefined && hasMember(m, addr)) return true
  }
  return false
}

const portsMatch = (ports: Ports, sets: ReadonlyArray<IpSet>, addr: Address, protocol: number, port: number): boolean =>
  (port >= 0 && inRanges(ports.ranges, port)) || (ports.named.length > 0 && inNamed(ports.named, sets, addr, protocol, port))

const inSelector = (sets: ReadonlyArray<IpSet>, id: number, addr: Address): boolean => {
  const s = sets[id]
  return s !== undefined && s._tag === 'Selector' && hasMember(s.members, addr)
}

const sideMatches = (side: Side, sets: ReadonlyArray<IpSet>, addr: Address, protocol: number, port: number): boolean => {
  if (side.nets !== undefined && !contains(side.nets, addr)) return false
  if (side.notNets !== undefined && contains(side.notNets, addr)) return false
  if (side.ports !== undefined && !portsMatch(side.ports, sets, addr, protocol, port)) return false
  if (side.notPorts !== undefined && portsMatch(side.notPorts, sets, addr, protocol, port)) return false
  if (side.selector !== undefined && !inSelector(sets, side.selector, addr)) return false
  if (side.notSelector !== undefined && inSelector(sets, side.notSelector, addr)) return false
  if (side.service !== undefined) return false
  return true
}

/**
 * Whether the rule matches the packet (the rule is already the one compiled for the packet's
 * family). `sets` is the world's IP-set table.
 * @internal
 */
export const ruleMatches = (rule: Rule, p: PacketView, sets: ReadonlyArray<IpSet>): boolean => {
  if (rule.protocol !== undefined && rule.protocol !== p.protocol) return false
  if (rule.notProtocol !== undefined && rule.notProtocol === p.protocol) return false
  if (rule.icmp !== undefined || rule.notIcmp !== undefined) {
    // ICMP criteria only ever match ICMP packets of the family being evaluated (§6.6).
    if (p.protocol !== (p.family === 4 ? ICMP : ICMPV6)) return false
    if (rule.icmp !== undefined) {
      if (p.icmpType !== rule.icmp.type) return false
      if (rule.icmp.code !== undefined && p.icmpCode !== rule.icmp.code) return false
    }
    if (rule.notIcmp !== undefined && p.icmpType === rule.notIcmp.type && (rule.notIcmp.code === undefined || p.icmpCode === rule.notIcmp.code))
      return false
  }
  return sideMatches(rule.src, sets, p.src, p.protocol, p.srcPort) && sideMatches(rule.dst, sets, p.dst, p.protocol, p.dstPort)
}
