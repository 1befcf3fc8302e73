/**
 * IP-set dataplane names (`felix/ipsets/ipset_defs.go` `NameForMainIPSet`): `cali4` or `cali6`,
 * `0`, then the set's unique ID, cut to 31 characters; nftables replaces every `:` with `-`
 * (`felix/nftables/ipsets.go` `LegalizeSetName`).
 * @module
 */
import type { IpSetRef } from './ir.js'

/**
 * ipset's name limit as felix applies it.
 * @since 0.2.0
 */
export const MAX_IPSET_NAME_LENGTH = 31

/**
 * The ipset name of a set.
 * @example
 * ```ts
 * ipsetName({ id: 's:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ', family: 4 }) // 'cali40s:xrMI17eQWU5f0KVJM80t57z'
 * ```
 * @since 0.2.0
 */
export const ipsetName = (ref: IpSetRef): string => `cali${ref.family}0${ref.id}`.slice(0, MAX_IPSET_NAME_LENGTH)

/**
 * The nftables set name of a set.
 * @example
 * ```ts
 * nftSetName({ id: 's:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ', family: 4 }) // 'cali40s-xrMI17eQWU5f0KVJM80t57z'
 * ```
 * @since 0.2.0
 */
export const nftSetName = (ref: IpSetRef): string => ipsetName(ref).replaceAll(':', '-')
