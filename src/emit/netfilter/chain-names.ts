/**
 * Chain names: felix's prefixes (`felix/rules/rule_defs.go`), policy IDs
 * (`felix/types/policy_id.go`) and length limiting (`libcalico-go/lib/hash/unique_id.go`
 * `GetLengthLimitedID`): a name longer than the backend's limit (28 for iptables, 256 for
 * nftables), or exactly at the limit with a suffix starting with `_`, becomes
 * `prefix + "_" + base64url(SHA-256(suffix))` cut to the limit. A suffix with a character that
 * is unsafe in a restore file (anything outside `[A-Za-z0-9._/-]`, which Kubernetes names never
 * contain) is hashed the same way, so no user text reaches a chain name unescaped.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { shortKind, type PolicyKey } from '../../policy/world.js'
import { base64Url } from './base64url.js'

/**
 * iptables' chain-name limit as felix applies it (`felix/iptables/table.go` `MaxChainNameLength`).
 * @since 0.2.0
 */
export const IPTABLES_CHAIN_NAME_LIMIT = 28

/**
 * nftables' name limit (`knftables.NameLengthMax`).
 * @since 0.2.0
 */
export const NFT_CHAIN_NAME_LIMIT = 256

const SAFE = /^[A-Za-z0-9._/-]*$/

/**
 * Felix's `GetLengthLimitedID(prefix, suffix, max)`, plus hashing of unsafe suffixes.
 * @example
 * ```ts
 * lengthLimited('cali-pi-', 'gnp/long-policy-name-that-gets-hashed', 28) // 'cali-pi-_PymyFHQQg3808jiz1OJ'
 * ```
 * @since 0.2.0
 */
export const lengthLimited = (prefix: string, suffix: string, max: number): string => {
  const s = suffix === '' ? '_' : suffix
  const total = prefix.length + s.length
  if (total > max || (total === max && s.startsWith('_')) || !SAFE.test(s)) {
    return `${prefix}_${base64Url(sha256(utf8ToBytes(s)))}`.slice(0, max)
  }
  return prefix + s
}

/**
 * Felix's policy ID inside chain names: `<kind>/<name>` or `<kind>/<namespace>/<name>`.
 * @example
 * ```ts
 * policyId({ kind: 'NetworkPolicy', namespace: 'default', name: 'allow-dns' }) // 'np/default/allow-dns'
 * ```
 * @since 0.2.0
 */
export const policyId = (key: PolicyKey): string =>
  key.namespace === undefined || key.namespace === '' ? `${shortKind(key.kind)}/${key.name}` : `${shortKind(key.kind)}/${key.namespace}/${key.name}`

/**
 * The pseudo interface name of the all-interfaces (`*`) host endpoint.
 * @since 0.2.0
 */
export const WILDCARD_INTERFACE = 'any-interface-at-all'

/**
 * Chain name builders for one backend's length limit.
 * @since 0.2.0
 */
export interface ChainNames {
  readonly policy: (direction: 'ingress' | 'egress', key: PolicyKey) => string
  readonly profile: (direction: 'ingress' | 'egress', name: string) => string
  readonly endpoint: (prefix: EndpointChainPrefix, iface: string) => string
}

/**
 * Endpoint chain prefixes: to/from workload, to/from host endpoint, and their forward variants.
 * @since 0.2.0
 */
export type EndpointChainPrefix = 'cali-tw-' | 'cali-fw-' | 'cali-th-' | 'cali-fh-' | 'cali-thfw-' | 'cali-fhfw-'

/**
 * The chain names for a backend whose names may be at most `max` characters long.
 * @example
 * ```ts
 * chainNames(28).profile('ingress', 'projectcalico-default-allow') // 'cali-pri-_TI1Jm4dJqQzYb0Rx3u'
 * ```
 * @since 0.2.0
 */
export const chainNames = (max: number): ChainNames => ({
  policy: (direction, key) => lengthLimited(direction === 'ingress' ? 'cali-pi-' : 'cali-po-', policyId(key), max),
  profile: (direction, name) => lengthLimited(direction === 'ingress' ? 'cali-pri-' : 'cali-pro-', name, max),
  endpoint: (prefix, iface) => lengthLimited(prefix, iface === '*' ? WILDCARD_INTERFACE : iface, max),
})
