/**
 * Felix parameters in felix's own syntax, as they appear in its config file, in `FELIX_*`
 * environment variables and on calico-policy's command line (`--felix-config KEY=VALUE`):
 * case-insensitive names such as `DefaultEndpointToHostAction` and string values parsed the way
 * felix parses them (booleans `true/1/yes/y/t`, one-of options case-insensitive, failsafe lists
 * `tcp:22,udp:68` or `none`, integers in Go syntax).
 * @module
 */
import type { CalicoError } from '../errors.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import type { FelixConfigurationSpec } from './felix-configuration.js'
import { parseFailsafePorts } from './felix-settings.js'

/** `skip`: the value means "unset" (felix's empty optional boolean or rate limit). */
type Parsed = { readonly ok: unknown } | { readonly error: string } | { readonly skip: true }
type Param = readonly [keyof FelixConfigurationSpec, (raw: string) => Parsed]

const bool = (raw: string): Parsed => {
  const v = raw.toLowerCase()
  if (['true', '1', 'yes', 'y', 't'].includes(v)) return { ok: true }
  if (['false', '0', 'no', 'n', 'f'].includes(v)) return { ok: false }
  return { error: 'invalid boolean' }
}

const optionalBool = (raw: string): Parsed => (raw === '' ? { skip: true } : bool(raw))

/** Go's strconv.ParseInt with base 0: `0x` hex, `0o`/leading `0` octal, `0b` binary, else decimal. */
const parseGoInt = (s: string): number => {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|\d+)$/.exec(s)
  if (m === null) return Number.NaN
  const sign = m[1] === '-' ? -1 : 1
  const body = m[2] as string
  const lower = body.toLowerCase()
  const value = lower.startsWith('0x')
    ? Number.parseInt(lower.slice(2), 16)
    : lower.startsWith('0b')
      ? Number.parseInt(lower.slice(2), 2)
      : lower.startsWith('0o')
        ? Number.parseInt(lower.slice(2), 8)
        : lower.length > 1 && lower.startsWith('0')
          ? Number.parseInt(lower.slice(1), 8)
          : Number.parseInt(lower, 10)
  return sign * value
}

const int =
  (min = -(2 ** 53), max = 2 ** 53) =>
  (raw: string): Parsed => {
    const n = parseGoInt(raw.trim())
    if (Number.isNaN(n)) return { error: 'invalid int' }
    if (n < min) return { error: `value must be at least ${min}` }
    if (n > max) return { error: `value must be at most ${max}` }
    return { ok: n }
  }

const mark = (raw: string): Parsed => {
  const r = int(0, 0xffffffff)(raw)
  if ('error' in r) return { error: 'invalid mark: should be 32-bit int' }
  return 'ok' in r && r.ok === 0 ? { error: 'invalid mark: needs to have bits set' } : r
}

const oneOf =
  <A extends string>(...options: ReadonlyArray<A>) =>
  (raw: string): Parsed => {
    const hit = options.find((o) => o.toLowerCase() === raw.toLowerCase())
    return hit === undefined ? { error: `unknown option (one of ${options.join(', ')})` } : { ok: hit }
  }

const failsafe = (raw: string): Parsed => {
  const r = parseFailsafePorts(raw)
  return E.isLeft(r) ? { error: r.left } : { ok: r.right }
}

/** Keyed by lower-case name. A Map, so input names such as `constructor` or `__proto__` find nothing. */
const PARAMS: ReadonlyMap<string, Param> = new Map(
  Object.entries({
    interfaceprefix: ['interfacePrefix', (raw) => (raw.trim() === '' ? { error: 'must not be empty' } : { ok: raw.split(',').map((s) => s.trim()).join(',') })],
    interfaceexclude: ['interfaceExclude', (raw) => ({ ok: raw })],
    chaininsertmode: ['chainInsertMode', oneOf('Insert', 'Append')],
    defaultendpointtohostaction: ['defaultEndpointToHostAction', oneOf('Drop', 'Accept', 'Return')],
    iptablesfilterallowaction: ['iptablesFilterAllowAction', oneOf('Accept', 'Return')],
    iptablesmangleallowaction: ['iptablesMangleAllowAction', oneOf('Accept', 'Return')],
    iptablesfilterdenyaction: ['iptablesFilterDenyAction', oneOf('Drop', 'Reject')],
    nftablesfilterallowaction: ['nftablesFilterAllowAction', oneOf('Accept', 'Return')],
    nftablesmangleallowaction: ['nftablesMangleAllowAction', oneOf('Accept', 'Return')],
    nftablesfilterdenyaction: ['nftablesFilterDenyAction', oneOf('Drop', 'Reject')],
    iptablesmarkmask: ['iptablesMarkMask', mark],
    nftablesmarkmask: ['nftablesMarkMask', mark],
    logprefix: ['logPrefix', (raw) => ({ ok: raw })],
    logactionratelimit: ['logActionRateLimit', (raw) => (raw === '' ? { skip: true } : { ok: raw })],
    logactionratelimitburst: ['logActionRateLimitBurst', int(0, 9999)],
    failsafeinboundhostports: ['failsafeInboundHostPorts', failsafe],
    failsafeoutboundhostports: ['failsafeOutboundHostPorts', failsafe],
    disableconntrackinvalidcheck: ['disableConntrackInvalidCheck', bool],
    allowvxlanpacketsfromworkloads: ['allowVXLANPacketsFromWorkloads', bool],
    allowipippacketsfromworkloads: ['allowIPIPPacketsFromWorkloads', bool],
    vxlanenabled: ['vxlanEnabled', optionalBool],
    vxlanport: ['vxlanPort', int(0, 65535)],
    vxlanvni: ['vxlanVNI', int(0, 2 ** 24 - 1)],
    ipinipenabled: ['ipipEnabled', optionalBool],
    wireguardenabled: ['wireguardEnabled', bool],
    wireguardenabledv6: ['wireguardEnabledV6', bool],
    wireguardlisteningport: ['wireguardListeningPort', int(0, 65535)],
    wireguardlisteningportv6: ['wireguardListeningPortV6', int(0, 65535)],
    serviceloopprevention: ['serviceLoopPrevention', oneOf('Drop', 'Reject', 'Disabled')],
    workloadsourcespoofing: ['workloadSourceSpoofing', oneOf('Disabled', 'Any')],
    bpfenabled: ['bpfEnabled', bool],
    nftablesmode: ['nftablesMode', oneOf('Enabled', 'Disabled', 'Auto')],
    iptablesbackend: ['iptablesBackend', oneOf('Legacy', 'NFT', 'Auto')],
    ipv6support: ['ipv6Support', bool],
  } satisfies Record<string, Param>),
)

/**
 * The felix parameter names calico-policy understands (felix's spelling).
 * @example
 * ```ts
 * felixParamNames.includes('FailsafeInboundHostPorts') // true
 * ```
 * @since 0.1.0
 */
export const felixParamNames: ReadonlyArray<string> = [
  'InterfacePrefix',
  'InterfaceExclude',
  'ChainInsertMode',
  'DefaultEndpointToHostAction',
  'IptablesFilterAllowAction',
  'IptablesMangleAllowAction',
  'IptablesFilterDenyAction',
  'NftablesFilterAllowAction',
  'NftablesMangleAllowAction',
  'NftablesFilterDenyAction',
  'IptablesMarkMask',
  'NftablesMarkMask',
  'LogPrefix',
  'LogActionRateLimit',
  'LogActionRateLimitBurst',
  'FailsafeInboundHostPorts',
  'FailsafeOutboundHostPorts',
  'DisableConntrackInvalidCheck',
  'AllowVXLANPacketsFromWorkloads',
  'AllowIPIPPacketsFromWorkloads',
  'VXLANEnabled',
  'VXLANPort',
  'VXLANVNI',
  'IpInIpEnabled',
  'WireguardEnabled',
  'WireguardEnabledV6',
  'WireguardListeningPort',
  'WireguardListeningPortV6',
  'ServiceLoopPrevention',
  'WorkloadSourceSpoofing',
  'BPFEnabled',
  'NFTablesMode',
  'IptablesBackend',
  'Ipv6Support',
]

/**
 * The FelixConfiguration spec field a felix parameter name sets (names case-insensitive, an
 * optional `FELIX_` prefix allowed), or `undefined` for a name felix's policy settings do not have.
 * @example
 * ```ts
 * felixParamField('IpInIpEnabled') // 'ipipEnabled'
 * ```
 * @since 0.1.0
 */
export const felixParamField = (name: string): keyof FelixConfigurationSpec | undefined => PARAMS.get(name.toLowerCase().replace(/^felix_/, ''))?.[0]

/**
 * Parses felix parameters (name → raw string value; names case-insensitive, an optional `FELIX_`
 * prefix allowed) into the equivalent FelixConfiguration spec fields (typed values, e.g. for
 * `Policy.build`'s `felixConfig`), reporting every bad name or value with the name as its path.
 * An empty value of an optional parameter (`VXLANEnabled=`, `LogActionRateLimit=`) leaves it unset.
 * @example
 * ```ts
 * parseFelixParams({ DefaultEndpointToHostAction: 'accept', FailsafeInboundHostPorts: 'tcp:22' })
 * // right({ defaultEndpointToHostAction: 'Accept', failsafeInboundHostPorts: [{ protocol: 'TCP', port: 22 }] })
 * ```
 * @since 0.1.0
 */
export const parseFelixParams = (params: Readonly<Record<string, string>>): Either<ReadonlyNonEmptyArray<CalicoError>, Partial<FelixConfigurationSpec>> => {
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    return E.left([{ _tag: 'Decode', path: [], expected: 'an object of felix parameter names to string values', actual: params }])
  const out: Record<string, unknown> = {}
  const errors: CalicoError[] = []
  for (const [name, raw] of Object.entries(params)) {
    const key = name.toLowerCase().replace(/^felix_/, '')
    const param = PARAMS.get(key)
    if (param === undefined) {
      errors.push({ _tag: 'Invalid', path: [name], message: `unknown Felix parameter (known: ${felixParamNames.join(', ')})` })
      continue
    }
    if (typeof raw !== 'string') {
      errors.push({ _tag: 'Decode', path: [name], expected: 'a string', actual: raw })
      continue
    }
    const r = param[1](raw)
    if ('error' in r) errors.push({ _tag: 'Invalid', path: [name], message: `${JSON.stringify(raw)}: ${r.error}` })
    else if ('ok' in r) out[param[0]] = r.ok
  }
  const [first, ...rest] = errors
  return first === undefined ? E.right(out as Partial<FelixConfigurationSpec>) : E.left([first, ...rest])
}
