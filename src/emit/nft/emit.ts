/**
 * The nftables backend: lowers a World with nftables' chain-name limit and renders one `nft -f`
 * input for both families plus the origins table.
 * @module
 */
import { E, pipe } from '../../internal/fp.js'
import type { Emitter } from '../emitter.js'
import type { OriginEntry } from '../iptables/render.js'
import { NFT_CHAIN_NAME_LIMIT } from '../netfilter/chain-names.js'
import { lower } from '../netfilter/lower.js'
import { renderRuleset } from './render.js'

/**
 * Options of the nftables backend; each defaults to felix's FelixConfiguration default.
 * @since 0.2.0
 */
export interface NftOptions {
  /** `nftablesMarkMask` (default `0xffff0000`). */
  readonly markMask?: number
  /** `nftablesFilterDenyAction` (default `Drop`). */
  readonly denyAction?: 'Drop' | 'Reject'
  /** `logPrefix` (default `calico-packet`; `%t %k %n %p` expand to tier, kind, name, namespace/name). */
  readonly logPrefix?: string
}

/**
 * What the nftables backend produces: `ruleset` for `nft -f` (tables `ip calico` and `ip6 calico`,
 * replaced atomically), the origins of every hashed rule that carries a policy decision (`table`
 * is the layer), and the number of rules per family.
 * @since 0.2.0
 */
export interface NftOutput {
  readonly ruleset: string
  readonly origins: ReadonlyArray<OriginEntry>
  readonly rules: { readonly v4: number; readonly v6: number }
}

/**
 * The nftables emitter.
 * @example
 * ```ts
 * pipe(world, Emit.nft.emit({}), E.map((out) => out.ruleset)) // right('add table ip calico\n…')
 * ```
 * @since 0.2.0
 */
export const nft: Emitter<NftOptions, NftOutput> = {
  name: 'nft',
  emit: (options) => (world) =>
    pipe(
      lower({ ...options, chainNameLimit: NFT_CHAIN_NAME_LIMIT })(world),
      E.flatMap(renderRuleset),
      E.map((r) => ({ ruleset: r.text, origins: r.origins, rules: r.rules })),
    ),
}
