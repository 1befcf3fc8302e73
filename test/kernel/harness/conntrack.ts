/**
 * How the kernel's conntrack classifies the first packet of a flow as the lab sends it (TCP SYN,
 * SCTP INIT, any UDP, UDP-Lite or other protocol: new), which only depends on ICMP types
 * (nf_conntrack_proto_icmp.c, nf_conntrack_proto_icmpv6.c): only requests start a flow; replies,
 * errors without a flow to relate to and unknown types are invalid; ICMPv6 neighbour discovery and
 * multicast-listener messages are never tracked; ICMPv6's protocol number in IPv4 and ICMP's in
 * IPv6 are invalid. harness.test.ts checks this table against the running kernel.
 */
import type { Probe } from './lab.js'
import { parseAddress } from '../../../src/policy/address.js'

export type KernelState = 'new' | 'invalid' | 'untracked'

const ICMP_NEW = new Set([8, 13, 15, 17]) // echo, timestamp, information, address-mask requests
const ICMPV6_NEW = new Set([128, 139]) // echo request, node information query
const ICMPV6_UNTRACKED = new Set([130, 131, 132, 133, 134, 135, 136, 143, 151, 152]) // MLD, router/neighbour discovery, MLDv2, multicast router advertisement/solicitation

export const kernelState = (p: Probe): KernelState => {
  const family = parseAddress(p.src)?.family
  if (family === 4 && p.protocol === 1) return ICMP_NEW.has(p.icmpType ?? 8) ? 'new' : 'invalid'
  // The other family's ICMP number is parsed as ICMP anyway (conntrack looks its protocol handlers
  // up by number alone), and is invalid.
  if ((family === 4 && p.protocol === 58) || (family === 6 && p.protocol === 1)) return 'invalid'
  if (family === 6 && p.protocol === 58) {
    const t = p.icmpType ?? 128
    return ICMPV6_UNTRACKED.has(t) ? 'untracked' : ICMPV6_NEW.has(t) ? 'new' : 'invalid'
  }
  return 'new'
}

/**
 * The conntrack state the evaluator should be asked about for a packet the lab sends: the kernel's
 * classification, with untracked read as `new` (Calico's chains treat a packet conntrack does not
 * track like the first packet of a flow: it matches neither ESTABLISHED/RELATED nor INVALID).
 */
export const evaluatorState = (p: Probe): Probe['conntrack'] => {
  const s = kernelState(p)
  return s === 'untracked' ? 'new' : s
}
