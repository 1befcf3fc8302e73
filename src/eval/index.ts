/**
 * Packet evaluation: what Calico's felix does with a packet on one node, and why.
 * @module
 */
export { evaluate } from './evaluate.js'
export type { Options } from './evaluate.js'
export { Packet, decodePacket, parsePacket, packet, formatPacket, protocolNumber, protocolName } from './packet.js'
export type { Conntrack, PacketBrand, PacketInit, PacketJson } from './packet.js'
export { explain } from './explain.js'
export { formatHit } from './trace.js'
export type {
  Verdict,
  TrafficType,
  EndpointInfo,
  HitTrigger,
  PolicyHit,
  RuleTrace,
  PolicyTrace,
  TierTrace,
  PolicyStage,
  StageResult,
  Step,
  Decision,
} from './trace.js'
export { trafficType, isWorkloadInterface } from './paths.js'
