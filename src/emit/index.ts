/**
 * Emitters: the World (from `Policy.build`) rendered as rules a Linux host loads. One
 * backend-neutral netfilter IR (tables, chains, rules of matches, an action and comments) is
 * lowered once with {@link lower} and printed by each backend ({@link iptables}, {@link nft}); the
 * {@link Emitter} contract and the IR types are public so that other renderers can be written
 * against them (docs/emitters.md).
 * @module
 */
export type { Emitter } from './emitter.js'
export type {
  IpFamily,
  IpSetRef,
  Side,
  Match,
  Action,
  RuleOrigin,
  EndpointRef,
  Rule,
  Chain,
  Hook,
  TableName,
  Table,
  IpSetDef,
  Ruleset,
  Program,
} from './netfilter/ir.js'
export { lower } from './netfilter/lower.js'
export type { LowerOptions } from './netfilter/lower.js'
export { ruleHashes } from './netfilter/rule-hash.js'
export { lengthLimited, policyId, IPTABLES_CHAIN_NAME_LIMIT, NFT_CHAIN_NAME_LIMIT } from './netfilter/chain-names.js'
export { ipsetName, nftSetName } from './netfilter/ip-set-names.js'
export { allocateMarks, DEFAULT_MARK_MASK } from './netfilter/marks.js'
export type { Marks } from './netfilter/marks.js'
export { sanitizeComment } from './netfilter/comments.js'
export { iptables } from './iptables/emit.js'
export type { IptablesOptions, IptablesOutput } from './iptables/emit.js'
export type { OriginEntry } from './iptables/render.js'
export { nft } from './nft/emit.js'
export type { NftOptions, NftOutput } from './nft/emit.js'
