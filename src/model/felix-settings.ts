/**
 * Felix's effective settings: its built-in defaults, the failsafe-list syntax it reads from the
 * command line and environment, and the layering of FelixConfiguration resources into one fully
 * resolved record (docs/reference.md §1.14, §9).
 * @module
 */
import { E, type Either } from '../internal/fp.js'
import type { FelixConfiguration, FelixConfigurationSpec } from './felix-configuration.js'
import { CidrOrIP } from './net.js'
import { regexMatches } from './interface-regex.js'

/**
 * One failsafe entry as felix uses it: protocol, destination port (0–65535) and an optional
 * remote network (canonical CIDR). An entry with `net` applies only to that family.
 * @since 0.1.0
 */
export interface FailsafePort {
  readonly protocol: 'TCP' | 'UDP'
  readonly port: number
  readonly net?: string
}

/**
 * One `interfaceExclude` entry: an exact interface name or a regular expression in RE2 syntax
 * (unanchored, matched in linear time, as felix's Go `regexp` does).
 * @since 0.1.0
 */
export type InterfacePattern = { readonly _tag: 'Exact'; readonly name: string } | { readonly _tag: 'Regex'; readonly source: string }

/**
 * Felix's effective settings for one node: every value resolved (defaults applied). Fields that
 * felix derives from elsewhere when unset (`vxlanEnabled`, `ipipEnabled`: from IP pools) are
 * `null`; `logActionRateLimit` is `null` when there is no limit. `other` holds every other
 * FelixConfiguration field that any layer set, as decoded.
 * @since 0.1.0
 */
export interface FelixSettings {
  readonly interfacePrefixes: ReadonlyArray<string>
  readonly interfaceExclude: ReadonlyArray<InterfacePattern>
  readonly chainInsertMode: 'Insert' | 'Append'
  readonly defaultEndpointToHostAction: 'Drop' | 'Accept' | 'Return'
  readonly iptablesFilterAllowAction: 'Accept' | 'Return'
  readonly iptablesMangleAllowAction: 'Accept' | 'Return'
  readonly iptablesFilterDenyAction: 'Drop' | 'Reject'
  readonly nftablesFilterAllowAction: 'Accept' | 'Return'
  readonly nftablesMangleAllowAction: 'Accept' | 'Return'
  readonly nftablesFilterDenyAction: 'Drop' | 'Reject'
  readonly iptablesMarkMask: number
  readonly nftablesMarkMask: number
  readonly logPrefix: string
  readonly logActionRateLimit: string | null
  readonly logActionRateLimitBurst: number
  readonly failsafeInboundHostPorts: ReadonlyArray<FailsafePort>
  readonly failsafeOutboundHostPorts: ReadonlyArray<FailsafePort>
  readonly disableConntrackInvalidCheck: boolean
  readonly allowVXLANPacketsFromWorkloads: boolean
  readonly allowIPIPPacketsFromWorkloads: boolean
  readonly vxlanEnabled: boolean | null
  readonly vxlanPort: number
  readonly vxlanVNI: number
  readonly ipipEnabled: boolean | null
  readonly wireguardEnabled: boolean
  readonly wireguardEnabledV6: boolean
  readonly wireguardListeningPort: number
  readonly wireguardListeningPortV6: number
  readonly serviceLoopPrevention: 'Drop' | 'Reject' | 'Disabled'
  readonly workloadSourceSpoofing: 'Disabled' | 'Any'
  readonly bpfEnabled: boolean
  readonly nftablesMode: 'Disabled' | 'Enabled' | 'Auto'
  readonly iptablesBackend: 'Legacy' | 'NFT' | 'Auto'
  readonly ipv6Support: boolean
  readonly other: Readonly<Record<string, unknown>>
}

const tcp = (port: number): FailsafePort => ({ protocol: 'TCP', port })
const udp = (port: number): FailsafePort => ({ protocol: 'UDP', port })

/**
 * Felix's built-in defaults (`felix/config/config_params.go`), including the default failsafe
 * lists of docs/reference.md §9 (both contain tcp:5473, which the docs omit).
 * @example
 * ```ts
 * felixDefaults.interfacePrefixes // ['cali']
 * felixDefaults.defaultEndpointToHostAction // 'Drop'
 * felixDefaults.failsafeInboundHostPorts[0] // { protocol: 'TCP', port: 22 }
 * ```
 * @since 0.1.0
 */
export const felixDefaults: FelixSettings = {
  interfacePrefixes: ['cali'],
  interfaceExclude: [{ _tag: 'Exact', name: 'kube-ipvs0' }],
  chainInsertMode: 'Insert',
  defaultEndpointToHostAction: 'Drop',
  iptablesFilterAllowAction: 'Accept',
  iptablesMangleAllowAction: 'Accept',
  iptablesFilterDenyAction: 'Drop',
  nftablesFilterAllowAction: 'Accept',
  nftablesMangleAllowAction: 'Accept',
  nftablesFilterDenyAction: 'Drop',
  iptablesMarkMask: 0xffff0000,
  nftablesMarkMask: 0xffff0000,
  logPrefix: 'calico-packet',
  logActionRateLimit: null,
  logActionRateLimitBurst: 5,
  failsafeInboundHostPorts: [tcp(22), udp(68), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666), tcp(6667)],
  failsafeOutboundHostPorts: [udp(53), udp(67), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666), tcp(6667)],
  disableConntrackInvalidCheck: false,
  allowVXLANPacketsFromWorkloads: false,
  allowIPIPPacketsFromWorkloads: false,
  vxlanEnabled: null,
  vxlanPort: 4789,
  vxlanVNI: 4096,
  ipipEnabled: null,
  wireguardEnabled: false,
  wireguardEnabledV6: false,
  wireguardListeningPort: 51820,
  wireguardListeningPortV6: 51821,
  serviceLoopPrevention: 'Drop',
  workloadSourceSpoofing: 'Disabled',
  bpfEnabled: false,
  nftablesMode: 'Auto',
  iptablesBackend: 'Auto',
  ipv6Support: true,
  other: {},
}

// ---------------------------------------------------------------------------------------------
// Failsafe list syntax
// ---------------------------------------------------------------------------------------------

const parseNet = (text: string): Either<string, string> => {
  const r = CidrOrIP.decode(text)
  return E.isRight(r) ? E.right(r.right) : E.left(`invalid CIDR or IP ${text}`)
}

/**
 * Parses felix's failsafe-list syntax, as used in `FELIX_FAILSAFEINBOUNDHOSTPORTS` and the config
 * file: comma-separated entries `<port>` (TCP), `<proto>:<port>`, `<proto>:<cidr-or-ip>:<port>`
 * or `<proto>:[<ipv6-cidr>]:<port>`; protocols `tcp`/`udp` in any case; ports 0–65535; `none`
 * (any case) or an empty string is the empty list. Nets are returned as canonical, masked CIDRs.
 * Errors carry felix's own reason.
 * @example
 * ```ts
 * parseFailsafePorts('tcp:22, udp:68, tcp:10.0.0.0/8:5000, udp:[fd00::/8]:53, 443')
 * // right([{ protocol: 'TCP', port: 22 }, { protocol: 'UDP', port: 68 },
 * //        { protocol: 'TCP', port: 5000, net: '10.0.0.0/8' }, { protocol: 'UDP', port: 53, net: 'fd00::/8' },
 * //        { protocol: 'TCP', port: 443 }])
 * parseFailsafePorts('sctp:9') // left('unknown protocol: sctp')
 * ```
 * @since 0.1.0
 */
export const parseFailsafePorts = (text: string): Either<string, ReadonlyArray<FailsafePort>> => {
  if (text.trim().toLowerCase() === 'none') return E.right([])
  const out: FailsafePort[] = []
  for (const raw of text.split(',')) {
    let entry = raw.trim()
    if (entry === '') continue
    let net = ''
    const open = entry.indexOf('[')
    const close = entry.indexOf(']:')
    if (open >= 0 && entry.includes(']')) {
      if (close < open) return E.left('ports should be <protocol>:<net>:<number> or <protocol>:<number> or <number>')
      net = entry.slice(open + 1, close)
      entry = entry.slice(0, open) + entry.slice(close + 2)
    }
    const parts = entry.split(':')
    if (parts.length > 3) return E.left('ports should be <protocol>:<net>:<number> or <protocol>:<number> or <number>')
    let protocol = 'tcp'
    let portText = entry
    if (parts.length === 3) {
      protocol = (parts[0] ?? '').toLowerCase()
      net = parts[1] ?? ''
      portText = parts[2] ?? ''
    } else if (parts.length === 2) {
      protocol = (parts[0] ?? '').toLowerCase()
      portText = parts[1] ?? ''
    }
    if (protocol !== 'tcp' && protocol !== 'udp') return E.left(`unknown protocol: ${protocol}`)
    if (!/^[+-]?\d+$/.test(portText)) return E.left('ports should be integers')
    const port = Number(portText)
    if (port < 0 || port > 65535) return E.left('ports must be in range 0-65535')
    const base: FailsafePort = { protocol: protocol === 'tcp' ? 'TCP' : 'UDP', port }
    if (net === '') out.push(base)
    else {
      const n = parseNet(net)
      if (E.isLeft(n)) return n
      out.push({ ...base, net: n.right })
    }
  }
  return E.right(out)
}

/**
 * Prints failsafe entries in felix's syntax (the inverse of {@link parseFailsafePorts}; the empty
 * list is `none`), as Calico passes a FelixConfiguration's lists to felix.
 * @example
 * ```ts
 * formatFailsafePorts([{ protocol: 'UDP', port: 53, net: 'fd00::/8' }, { protocol: 'TCP', port: 22 }]) // 'udp:[fd00::/8]:53,tcp:22'
 * ```
 * @since 0.1.0
 */
export const formatFailsafePorts = (ports: ReadonlyArray<FailsafePort>): string =>
  ports.length === 0
    ? 'none'
    : ports
        .map((p) => {
          const proto = p.protocol.toLowerCase()
          if (p.net === undefined) return `${proto}:${p.port}`
          return p.net.includes(':') ? `${proto}:[${p.net}]:${p.port}` : `${proto}:${p.net}:${p.port}`
        })
        .join(',')

// ---------------------------------------------------------------------------------------------
// Interface lists
// ---------------------------------------------------------------------------------------------

/**
 * Reads an `interfaceExclude` value (comma-separated names and `/regex/` patterns).
 * @example
 * ```ts
 * parseInterfaceExclude('kube-ipvs0,/^veth.*$/')
 * // [{ _tag: 'Exact', name: 'kube-ipvs0' }, { _tag: 'Regex', source: '^veth.*$' }]
 * ```
 * @since 0.1.0
 */
export const parseInterfaceExclude = (text: string): ReadonlyArray<InterfacePattern> =>
  text
    .split(',')
    .filter((s) => s !== '')
    .map((s): InterfacePattern => (s.length > 2 && s.startsWith('/') && s.endsWith('/') ? { _tag: 'Regex', source: s.slice(1, -1) } : { _tag: 'Exact', name: s }))

/**
 * Whether an interface is excluded by the settings' `interfaceExclude` list (felix ignores it).
 * @example
 * ```ts
 * isExcludedInterface(felixDefaults)('kube-ipvs0') // true
 * ```
 * @since 0.1.0
 */
export const isExcludedInterface =
  (settings: Pick<FelixSettings, 'interfaceExclude'>) =>
  (iface: string): boolean =>
    settings.interfaceExclude.some((p) => (p._tag === 'Exact' ? p.name === iface : regexMatches(p, iface)))

/**
 * Whether an interface is a workload interface: its name starts with one of the settings'
 * interface prefixes (everything else is a host interface).
 * @example
 * ```ts
 * isWorkloadInterface(felixDefaults)('cali12345') // true
 * isWorkloadInterface(felixDefaults)('eth0') // false
 * ```
 * @since 0.1.0
 */
export const isWorkloadInterface =
  (settings: Pick<FelixSettings, 'interfacePrefixes'>) =>
  (iface: string): boolean =>
    settings.interfacePrefixes.some((p) => iface.startsWith(p))

// ---------------------------------------------------------------------------------------------
// Layering
// ---------------------------------------------------------------------------------------------

/**
 * Options of {@link effectiveFelixConfig}.
 * - `nodeSelectorMatches`: decides whether a selector-scoped FelixConfiguration's `nodeSelector`
 *   matches the node (the model cannot evaluate selectors itself; pass e.g.
 *   `(s) => Selector.matches(Selector.parse(s))(nodeLabels)`). Without it, selector-scoped
 *   configurations are ignored.
 * - `overrides`: settings from felix's config file or environment, which beat every resource.
 * @since 0.1.0
 */
export interface EffectiveFelixConfigOptions {
  /** Whether a selector-scoped FelixConfiguration's `nodeSelector` matches this node. */
  readonly nodeSelectorMatches?: (nodeSelector: string) => boolean
  /** Settings from felix's config file or environment; they beat every resource. */
  readonly overrides?: Partial<Omit<FelixSettings, 'other'>>
}

type SpecKey = keyof FelixConfigurationSpec

const selectorWinner = (configs: ReadonlyArray<FelixConfiguration>, matches: (s: string) => boolean): FelixConfiguration | undefined => {
  const candidates = configs.filter(
    (c) =>
      c.metadata.name !== 'default' &&
      !c.metadata.name.startsWith('node.') &&
      c.spec.nodeSelector !== undefined &&
      c.spec.nodeSelector !== '' &&
      matches(c.spec.nodeSelector),
  )
  // The oldest (by creation timestamp; a missing one counts as oldest) wins, ties by name.
  const key = (c: FelixConfiguration): string => c.metadata.creationTimestamp ?? ''
  return [...candidates].sort((a, b) => {
    const ta = Date.parse(key(a))
    const tb = Date.parse(key(b))
    const na = Number.isNaN(ta) ? -Infinity : ta
    const nb = Number.isNaN(tb) ? -Infinity : tb
    if (na !== nb) return na < nb ? -1 : 1
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0
  })[0]
}

const SETTINGS_FROM_SPEC = new Set<string>([
  'interfacePrefix',
  'interfaceExclude',
  'chainInsertMode',
  'defaultEndpointToHostAction',
  'iptablesFilterAllowAction',
  'iptablesMangleAllowAction',
  'iptablesFilterDenyAction',
  'nftablesFilterAllowAction',
  'nftablesMangleAllowAction',
  'nftablesFilterDenyAction',
  'iptablesMarkMask',
  'nftablesMarkMask',
  'logPrefix',
  'logActionRateLimit',
  'logActionRateLimitBurst',
  'failsafeInboundHostPorts',
  'failsafeOutboundHostPorts',
  'disableConntrackInvalidCheck',
  'allowVXLANPacketsFromWorkloads',
  'allowIPIPPacketsFromWorkloads',
  'vxlanEnabled',
  'vxlanPort',
  'vxlanVNI',
  'ipipEnabled',
  'wireguardEnabled',
  'wireguardEnabledV6',
  'wireguardListeningPort',
  'wireguardListeningPortV6',
  'serviceLoopPrevention',
  'workloadSourceSpoofing',
  'bpfEnabled',
  'nftablesMode',
  'iptablesBackend',
  'ipv6Support',
  'nodeSelector',
])

const toFailsafe = (ports: ReadonlyArray<{ readonly protocol: 'TCP' | 'UDP'; readonly port: number; readonly net?: string }>): ReadonlyArray<FailsafePort> =>
  ports.map((p) => (p.net === undefined ? { protocol: p.protocol, port: p.port } : { protocol: p.protocol, port: p.port, net: p.net }))

/**
 * The settings felix uses on node `nodeName`: felix's defaults, overridden field by field by the
 * `default` FelixConfiguration, then by the selector-scoped one whose `nodeSelector` matches the
 * node (the oldest if several match), then by `node.<nodeName>`, then by `options.overrides`
 * (config file / environment), the precedence felix applies. An empty failsafe list in a resource
 * is passed to felix as `none` and disables that direction. Configurations for other nodes are
 * ignored.
 * @example
 * ```ts
 * const s = effectiveFelixConfig([defaultConfig, node1Config], 'node1')
 * s.defaultEndpointToHostAction // 'Accept' if either resource says so, else 'Drop'
 * ```
 * @since 0.1.0
 */
export const effectiveFelixConfig = (
  configs: ReadonlyArray<FelixConfiguration>,
  nodeName: string,
  options: EffectiveFelixConfigOptions = {},
): FelixSettings => {
  const layers: FelixConfigurationSpec[] = []
  const global = configs.find((c) => c.metadata.name === 'default')
  if (global !== undefined) layers.push(global.spec)
  if (options.nodeSelectorMatches !== undefined) {
    const winner = selectorWinner(configs, options.nodeSelectorMatches)
    if (winner !== undefined) layers.push(winner.spec)
  }
  const perNode = configs.find((c) => c.metadata.name === `node.${nodeName}`)
  if (perNode !== undefined) layers.push(perNode.spec)

  const merged: Partial<Record<SpecKey, unknown>> = {}
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) merged[k as SpecKey] = v
  }
  const spec = merged as FelixConfigurationSpec
  const other: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(merged)) if (!SETTINGS_FROM_SPEC.has(k)) other[k] = v

  const d = felixDefaults
  const resolved: FelixSettings = {
    interfacePrefixes: spec.interfacePrefix === undefined ? d.interfacePrefixes : spec.interfacePrefix.split(','),
    interfaceExclude: spec.interfaceExclude === undefined ? d.interfaceExclude : parseInterfaceExclude(spec.interfaceExclude),
    chainInsertMode: spec.chainInsertMode ?? d.chainInsertMode,
    defaultEndpointToHostAction: spec.defaultEndpointToHostAction ?? d.defaultEndpointToHostAction,
    iptablesFilterAllowAction: spec.iptablesFilterAllowAction ?? d.iptablesFilterAllowAction,
    iptablesMangleAllowAction: spec.iptablesMangleAllowAction ?? d.iptablesMangleAllowAction,
    iptablesFilterDenyAction: spec.iptablesFilterDenyAction ?? d.iptablesFilterDenyAction,
    nftablesFilterAllowAction: spec.nftablesFilterAllowAction ?? d.nftablesFilterAllowAction,
    nftablesMangleAllowAction: spec.nftablesMangleAllowAction ?? d.nftablesMangleAllowAction,
    nftablesFilterDenyAction: spec.nftablesFilterDenyAction ?? d.nftablesFilterDenyAction,
    iptablesMarkMask: spec.iptablesMarkMask ?? d.iptablesMarkMask,
    nftablesMarkMask: spec.nftablesMarkMask ?? d.nftablesMarkMask,
    logPrefix: spec.logPrefix ?? d.logPrefix,
    logActionRateLimit: spec.logActionRateLimit ?? d.logActionRateLimit,
    logActionRateLimitBurst: spec.logActionRateLimitBurst ?? d.logActionRateLimitBurst,
    failsafeInboundHostPorts: spec.failsafeInboundHostPorts === undefined ? d.failsafeInboundHostPorts : toFailsafe(spec.failsafeInboundHostPorts),
    failsafeOutboundHostPorts: spec.failsafeOutboundHostPorts === undefined ? d.failsafeOutboundHostPorts : toFailsafe(spec.failsafeOutboundHostPorts),
    disableConntrackInvalidCheck: spec.disableConntrackInvalidCheck ?? d.disableConntrackInvalidCheck,
    allowVXLANPacketsFromWorkloads: spec.allowVXLANPacketsFromWorkloads ?? d.allowVXLANPacketsFromWorkloads,
    allowIPIPPacketsFromWorkloads: spec.allowIPIPPacketsFromWorkloads ?? d.allowIPIPPacketsFromWorkloads,
    vxlanEnabled: spec.vxlanEnabled ?? d.vxlanEnabled,
    vxlanPort: spec.vxlanPort ?? d.vxlanPort,
    vxlanVNI: spec.vxlanVNI ?? d.vxlanVNI,
    ipipEnabled: spec.ipipEnabled ?? d.ipipEnabled,
    wireguardEnabled: spec.wireguardEnabled ?? d.wireguardEnabled,
    wireguardEnabledV6: spec.wireguardEnabledV6 ?? d.wireguardEnabledV6,
    wireguardListeningPort: spec.wireguardListeningPort ?? d.wireguardListeningPort,
    wireguardListeningPortV6: spec.wireguardListeningPortV6 ?? d.wireguardListeningPortV6,
    serviceLoopPrevention: spec.serviceLoopPrevention ?? d.serviceLoopPrevention,
    workloadSourceSpoofing: spec.workloadSourceSpoofing ?? d.workloadSourceSpoofing,
    bpfEnabled: spec.bpfEnabled ?? d.bpfEnabled,
    nftablesMode: spec.nftablesMode ?? d.nftablesMode,
    iptablesBackend: spec.iptablesBackend ?? d.iptablesBackend,
    ipv6Support: spec.ipv6Support ?? d.ipv6Support,
    other,
  }
  return { ...resolved, ...(options.overrides ?? {}) }
}
