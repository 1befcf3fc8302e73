/**
 * The iptables backend: lowers a World with iptables' chain-name limit and renders the
 * `iptables-restore`, `ip6tables-restore` and `ipset restore` inputs plus the origins table.
 * @module
 */
import { E, pipe } from '../../internal/fp.js'
import type { Emitter } from '../emitter.js'
import { IPTABLES_CHAIN_NAME_LIMIT } from '../netfilter/chain-names.js'
import { lower } from '../netfilter/lower.js'
import { renderIpsets, renderRestore, type OriginEntry } from './render.js'

/**
 * Options of the iptables backend; each defaults to felix's FelixConfiguration default.
 * @since 0.2.0
 */
export interface IptablesOptions {
  /** `iptablesMarkMask` (default `0xffff0000`). */
  readonly markMask?: number
  /** `iptablesFilterDenyAction` (default `Drop`). */
  readonly denyAction?: 'Drop' | 'Reject'
  /** `logPrefix` (default `calico-packet`; `%t %k %n %p` expand to tier, kind, name, namespace/name). */
  readonly logPrefix?: string
}

/**
 * What the iptables backend produces: the three files a host loads (`ipset restore <
 * ipsets`, then `iptables-restore < iptables` and `ip6tables-restore < ip6tables`), the origins
 * of every hashed rule that carries a policy decision, and the number of rules per family.
 * @since 0.2.0
 */
export interface IptablesOutput {
  readonly iptables: string
  readonly ip6tables: string
  readonly ipsets: string
  readonly origins: ReadonlyArray<OriginEntry>
  readonly rules: { readonly v4: number; readonly v6: number }
}

/**
 * The iptables emitter.
 * @example
 * ```ts
 * pipe(world, Emit.iptables.emit({}), E.map((out) => out.iptables)) // right('*raw\n:cali-PREROUTING - -\n…')
 * ```
 * @since 0.2.0
 */
export const iptables: Emitter<IptablesOptions, IptablesOutput> = {
  name: 'iptables',
  emit: (options) => (world) =>
    pipe(
      lower({ ...options, chainNameLimit: IPTABLES_CHAIN_NAME_LIMIT })(world),
      E.map((program) => {
        const v4 = renderRestore(program.v4)
        const v6 = renderRestore(program.v6)
        return { iptables: v4.text, ip6tables: v6.text, ipsets: renderIpsets(program), origins: [...v4.origins, ...v6.origins], rules: { v4: v4.rules, v6: v6.rules } }
      }),
    ),
}
