/**
 * felix's static chains (`felix/rules/static.go`) for the default configuration without IPIP,
 * VXLAN, WireGuard, IPVS, DSCP or OpenStack: the top-level `cali-*` chains of raw, mangle and
 * filter, `cali-wl-to-host`, the failsafe chains, and the hook rules in the kernel chains.
 * @module
 */
import type { FailsafeEntry, Settings } from '../../policy/world.js'
import { formatPrefix } from './cidrs.js'
import type { Action, Chain, Hook, IpFamily, Match, Rule, TableName } from './ir.js'
import type { Marks } from './marks.js'

const r = (match: ReadonlyArray<Match>, action: Action, comments: ReadonlyArray<string> = []): Rule => ({ match, action, comments })
const markSet = (mark: number): Match => ({ _tag: 'Mark', value: mark, mask: mark, negated: false })
const markClear = (mark: number): Match => ({ _tag: 'Mark', value: 0, mask: mark, negated: false })
const jump = (chain: string): Action => ({ _tag: 'Jump', chain })
const inIf = (name: string): Match => ({ _tag: 'Interface', side: 'in', name, prefix: true })
const outIf = (name: string): Match => ({ _tag: 'Interface', side: 'out', name, prefix: true })
const ACCEPTED = 'Host endpoint policy accepted packet.'

/**
 * What the static chains depend on.
 * @since 0.2.0
 */
export interface StaticContext {
  readonly family: IpFamily
  readonly marks: Marks
  readonly settings: Settings
  readonly deny: Action
}

const allBits = (m: Marks): number => m.accept | m.pass | m.scratch0 | m.scratch1

/**
 * The top-level chains and hooks of one table.
 * @example
 * ```ts
 * staticChains(ctx, 'filter') // { chains: [cali-FORWARD, cali-INPUT, cali-OUTPUT, cali-wl-to-host, …], hooks: […] }
 * ```
 * @since 0.2.0
 */
export const staticChains = (ctx: StaticContext, table: TableName): { readonly chains: ReadonlyArray<Chain>; readonly hooks: ReadonlyArray<Hook> } => {
  const m = ctx.marks
  const prefixes = ctx.settings.interfacePrefixes
  switch (table) {
    case 'raw':
      return {
        chains: [
          {
            name: 'cali-PREROUTING',
            rules: [
              r([], { _tag: 'ClearMark', mark: allBits(m) }),
              ...prefixes.map((p) => r([inIf(p)], { _tag: 'SetMark', mark: m.scratch0 })),
              r([markSet(m.scratch0)], jump('cali-rpf-skip')),
              r([markSet(m.scratch0), { _tag: 'RpfilterInvalid' }], { _tag: 'Drop' }),
              r([markClear(m.scratch0)], jump('cali-from-host-endpoint')),
              r([markSet(m.accept)], { _tag: 'Accept' }),
            ],
          },
          {
            name: 'cali-OUTPUT',
            rules: [r([], { _tag: 'ClearMark', mark: allBits(m) }), r([], jump('cali-to-host-endpoint')), r([markSet(m.accept)], { _tag: 'Accept' })],
          },
          { name: 'cali-rpf-skip', rules: [] },
        ],
        hooks: [
          { chain: 'PREROUTING', mode: 'insert', rules: [r([], jump('cali-PREROUTING'))] },
          { chain: 'OUTPUT', mode: 'insert', rules: [r([], jump('cali-OUTPUT'))] },
        ],
      }
    case 'mangle':
      return {
        chains: [
          {
            name: 'cali-PREROUTING',
            rules: [
              r([{ _tag: 'Conntrack', states: ['RELATED', 'ESTABLISHED'], negated: false }], { _tag: 'Accept' }),
              r([markSet(m.accept)], { _tag: 'Accept' }),
              r([], jump('cali-from-host-endpoint')),
              r([markSet(m.accept)], { _tag: 'Accept' }, [ACCEPTED]),
            ],
          },
          {
            name: 'cali-POSTROUTING',
            rules: [
              r([markSet(m.accept)], { _tag: 'Return' }),
              r([], { _tag: 'ClearMark', mark: allBits(m) }),
              r([{ _tag: 'Conntrack', states: ['DNAT'], negated: false }], jump('cali-to-host-endpoint')),
              r([markSet(m.accept)], { _tag: 'Return' }, [ACCEPTED]),
            ],
          },
        ],
        hooks: [
          { chain: 'PREROUTING', mode: 'insert', rules: [r([], jump('cali-PREROUTING'))] },
          { chain: 'POSTROUTING', mode: 'insert', rules: [r([], jump('cali-POSTROUTING'))] },
        ],
      }
    case 'filter': {
      const endpointToHost: Action =
        ctx.settings.defaultEndpointToHostAction === 'Drop' ? ctx.deny : ctx.settings.defaultEndpointToHostAction === 'Accept' ? { _tag: 'Accept' } : { _tag: 'Return' }
      const icmpv6 =
        ctx.family === 6
          ? [130, 131, 132, 133, 135, 136].map((t) => r([{ _tag: 'Protocol', protocol: 58, numeric: true, negated: false }, { _tag: 'Icmp', family: 6, type: t, code: undefined, negated: false }], { _tag: 'Accept' }))
          : []
      return {
        chains: [
          {
            name: 'cali-FORWARD',
            rules: [
              r([], { _tag: 'ClearMark', mark: allBits(m) & ~m.accept }),
              r([markClear(m.accept)], jump('cali-from-hep-forward')),
              ...prefixes.map((p) => r([inIf(p)], jump('cali-from-wl-dispatch'))),
              ...prefixes.map((p) => r([outIf(p)], jump('cali-to-wl-dispatch'))),
              r([], jump('cali-to-hep-forward')),
              r([], jump('cali-cidr-block')),
            ],
          },
          {
            name: 'cali-INPUT',
            rules: [
              ...prefixes.map((p) => r([inIf(p)], { _tag: 'Goto', chain: 'cali-wl-to-host' })),
              r([markSet(m.accept)], { _tag: 'Accept' }),
              r([], { _tag: 'ClearMark', mark: allBits(m) }),
              r([], jump('cali-from-host-endpoint')),
              r([markSet(m.accept)], { _tag: 'Accept' }, [ACCEPTED]),
            ],
          },
          {
            name: 'cali-OUTPUT',
            rules: [
              r([markSet(m.accept)], { _tag: 'Accept' }),
              ...prefixes.map((p) => r([outIf(p)], { _tag: 'Return' })),
              r([], { _tag: 'ClearMark', mark: allBits(m) }),
              r([{ _tag: 'Conntrack', states: ['DNAT'], negated: true }], jump('cali-to-host-endpoint')),
              r([markSet(m.accept)], { _tag: 'Accept' }, [ACCEPTED]),
            ],
          },
          {
            name: 'cali-wl-to-host',
            rules: [...icmpv6, r([], jump('cali-from-wl-dispatch')), r([], endpointToHost, ['Configured DefaultEndpointToHostAction'])],
          },
          { name: 'cali-cidr-block', rules: [] },
        ],
        hooks: [
          { chain: 'FORWARD', mode: 'insert', rules: [r([], jump('cali-FORWARD'))] },
          {
            chain: 'FORWARD',
            mode: 'append',
            rules: [r([markSet(m.accept)], { _tag: 'Accept' }, ['Policy explicitly accepted packet.']), r([], { _tag: 'SetMark', mark: m.accept })],
          },
          { chain: 'INPUT', mode: 'insert', rules: [r([], jump('cali-INPUT'))] },
          { chain: 'OUTPUT', mode: 'insert', rules: [r([], jump('cali-OUTPUT'))] },
        ],
      }
    }
  }
}

const failsafeRule = (e: FailsafeEntry, list: 'inbound' | 'outbound', family: IpFamily, portSide: 'src' | 'dst', netSide: 'src' | 'dst'): Rule | undefined => {
  if (e.prefix !== undefined && e.prefix.family !== family) return undefined
  const proto = e.protocol === 'tcp' ? 6 : 17
  const match: Array<Match> = [
    { _tag: 'Protocol', protocol: proto, numeric: false, negated: false },
    { _tag: 'Ports', side: portSide, protocol: proto, ranges: [[e.port, e.port]], negated: false },
  ]
  if (e.prefix !== undefined) match.push({ _tag: 'Net', side: netSide, cidr: formatPrefix(e.prefix), negated: false })
  return {
    match,
    action: { _tag: 'Accept' },
    comments: [],
    origin: { _tag: 'Failsafe', list, protocol: e.protocol, port: e.port, matchedOn: portSide === 'dst' ? 'destination-port' : 'source-port' },
  }
}

const defined = <A>(xs: ReadonlyArray<A | undefined>): ReadonlyArray<A> => xs.filter((x): x is A => x !== undefined)

/**
 * The failsafe chains of one table (`failsafeInChain`/`failsafeOutChain`): inbound entries by
 * destination port (and source network), outbound entries by destination port (and destination
 * network); in raw also the opposite list by source port, for replies.
 * @example
 * ```ts
 * failsafeChains(ctx, 'filter') // [cali-failsafe-in, cali-failsafe-out]
 * ```
 * @since 0.2.0
 */
export const failsafeChains = (ctx: StaticContext, table: TableName): ReadonlyArray<Chain> => {
  const s = ctx.settings
  const f = ctx.family
  const raw = table === 'raw'
  return [
    {
      name: 'cali-failsafe-in',
      rules: [
        ...defined(s.failsafeInbound.map((e) => failsafeRule(e, 'inbound', f, 'dst', 'src'))),
        ...(raw ? defined(s.failsafeOutbound.map((e) => failsafeRule(e, 'outbound', f, 'src', 'src'))) : []),
      ],
    },
    {
      name: 'cali-failsafe-out',
      rules: [
        ...defined(s.failsafeOutbound.map((e) => failsafeRule(e, 'outbound', f, 'dst', 'dst'))),
        ...(raw ? defined(s.failsafeInbound.map((e) => failsafeRule(e, 'inbound', f, 'src', 'dst'))) : []),
      ],
    },
  ]
}
