/**
 * FelixConfiguration (projectcalico.org/v3, cluster-scoped): felix's settings as a resource
 * (docs/reference.md §1.14). Every field of Calico's `FelixConfigurationSpec` is accepted (so real
 * configurations load) and checked against the CRD schema; the fields that change policy or its
 * rendering are typed precisely and normalised the way felix reads them. Layering and felix's
 * defaults live in `felix-settings.ts`.
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith, failInvalid, strict } from './codec.js'
import { resourceKind, type Issue } from './kind.js'
import { ObjectMeta } from './metadata.js'
import { CidrOrIP, parseAddress } from './net.js'
import { compileInterfaceRegex } from './interface-regex.js'

// ---------------------------------------------------------------------------------------------
// Scalar codecs
// ---------------------------------------------------------------------------------------------

const Int = new t.Type<number, unknown, unknown>(
  'Int',
  (u): u is number => typeof u === 'number' && Number.isInteger(u),
  (u, c) => (typeof u === 'number' && Number.isInteger(u) ? t.success(u) : t.failure(u, c, 'an integer')),
  t.identity,
)

const intRange = (min: number | undefined, max: number | undefined): t.Type<number, unknown, unknown> => {
  const expected =
    min !== undefined && max !== undefined
      ? `an integer from ${min} to ${max}`
      : min !== undefined
        ? `an integer of at least ${min}`
        : `an integer of at most ${String(max)}`
  const ok = (u: unknown): u is number =>
    typeof u === 'number' && Number.isInteger(u) && (min === undefined || u >= min) && (max === undefined || u <= max)
  return new t.Type<number, unknown, unknown>(expected, ok, (u, c) => (ok(u) ? t.success(u) : t.failure(u, c, expected)), t.identity)
}

/** A Go duration as `metav1.Duration` prints it (`90s`, `1m30s`, `500ms`). */
const Duration = new t.Type<string, unknown, unknown>(
  'Duration',
  (u): u is string => typeof u === 'string',
  (u, c) =>
    typeof u === 'string' && /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(u) ? t.success(u) : t.failure(u, c, 'a duration such as "90s"'),
  t.identity,
)

/**
 * One of `values`, matched case-insensitively (as the CRD pattern `^(?i)(…)?$` and felix's
 * `oneof` parameters do) and returned in its canonical spelling.
 */
const oneOf = <V extends string>(values: ReadonlyArray<V>): t.Type<V, unknown, unknown> => {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v] as const))
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`
  return new t.Type<V, unknown, unknown>(
    values.join(' | '),
    (u): u is V => typeof u === 'string' && (values as ReadonlyArray<string>).includes(u),
    (u, c) => {
      const v = typeof u === 'string' ? byLower.get(u.toLowerCase()) : undefined
      return v === undefined ? t.failure(u, c, expected) : t.success(v)
    },
    t.identity,
  )
}

const pattern = (re: string, expected = `a string matching ${re}`): t.Type<string, unknown, unknown> => {
  const rx = new RegExp(re)
  return new t.Type<string, unknown, unknown>(
    expected,
    (u): u is string => typeof u === 'string' && rx.test(u),
    (u, c) => (typeof u === 'string' && rx.test(u) ? t.success(u) : t.failure(u, c, expected)),
    t.identity,
  )
}

const IntOrString = t.union([Int, t.string])

/** A 32-bit mark mask; felix needs at least two bits set. */
const MarkMask = new t.Type<number, unknown, unknown>(
  'MarkMask',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 0xffffffff,
  (u, c) => {
    if (typeof u !== 'number' || !Number.isInteger(u) || u < 0 || u > 0xffffffff) return t.failure(u, c, 'an integer from 0 to 4294967295')
    let bits = 0
    for (let v = u; v > 0; v = Math.floor(v / 2)) bits += v % 2
    return bits < 2 ? failInvalid(u, c, 'invalid mark: needs to have 2 bits set') : t.success(u)
  },
  t.identity,
)

const IFACE_LIST_RE = /^[a-zA-Z0-9_-]{1,15}(,[a-zA-Z0-9_-]{1,15})*$/

/** `interfacePrefix`: a comma-separated list of interface-name prefixes (felix's `iface-list`). */
const InterfacePrefixList = new t.Type<string, unknown, unknown>(
  'InterfacePrefixList',
  (u): u is string => typeof u === 'string' && IFACE_LIST_RE.test(u),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'a string')
    return IFACE_LIST_RE.test(u) ? t.success(u) : failInvalid(u, c, `invalid Linux interface name ${JSON.stringify(u)}`)
  },
  t.identity,
)

/**
 * Checks one `interfaceExclude` entry: an interface name (1–15 of `a-z A-Z 0-9 _ -`) or a
 * `/regex/` without white space that compiles as RE2 syntax (felix uses Go's `regexp`).
 * @internal
 */
export const isInterfaceExcludeEntry = (entry: string): boolean => {
  if (/^\/\S+\/$/.test(entry)) return compileInterfaceRegex(entry.slice(1, -1))._tag === 'Compiled'
  return /^[a-zA-Z0-9_-]{1,15}$/.test(entry)
}

/** `interfaceExclude`: a comma-separated list of names and `/regex/` patterns (felix's `iface-list-regexp`). */
const InterfaceExcludeList = new t.Type<string, unknown, unknown>(
  'InterfaceExcludeList',
  (u): u is string => typeof u === 'string' && u.split(',').every(isInterfaceExcludeEntry),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'a string')
    return u.split(',').every(isInterfaceExcludeEntry)
      ? t.success(u)
      : failInvalid(u, c, `list contains invalid Linux interface name or regex pattern: ${JSON.stringify(u)}`)
  },
  t.identity,
)

// ---------------------------------------------------------------------------------------------
// Failsafe ports
// ---------------------------------------------------------------------------------------------

/**
 * The protocol of a failsafe entry. Calico's v3 validator accepts `TCP`, `UDP` and `SCTP`, but
 * felix's failsafe parser only knows tcp and udp and refuses to start with anything else (its
 * failsafe settings are die-on-fail), so calico-policy rejects `SCTP` with a message that says
 * so (docs/reference.md §14.9).
 * @since 0.1.0
 */
export const FailsafeProtocol = new t.Type<'TCP' | 'UDP', unknown, unknown>(
  'FailsafeProtocol',
  (u): u is 'TCP' | 'UDP' => u === 'TCP' || u === 'UDP',
  (u, c) => {
    if (u === 'TCP' || u === 'UDP') return t.success(u)
    if (u === 'SCTP') return failInvalid(u, c, "SCTP failsafe ports pass Calico's API validation but felix rejects them (only TCP and UDP)")
    if (typeof u !== 'string') return t.failure(u, c, "'TCP' or 'UDP'")
    return failInvalid(u, c, "protocol must be 'TCP' or 'UDP' or 'SCTP'.")
  },
  t.identity,
)

/**
 * A failsafe entry's protocol as a type.
 * @since 0.1.0
 */
export type FailsafeProtocol = t.TypeOf<typeof FailsafeProtocol>

/**
 * One failsafe entry (`ProtoPort`): `protocol` (`TCP` or `UDP`, required: Calico's validator
 * rejects an empty one), `port` 0–65535 and optional `net`, a CIDR or IP decoded to a canonical,
 * masked CIDR (felix masks it too).
 * @since 0.1.0
 */
export const ProtoPort = strict('ProtoPort', { protocol: FailsafeProtocol, port: intRange(0, 65535) }, { net: CidrOrIP })

/**
 * A failsafe entry as a type.
 * @since 0.1.0
 */
export type ProtoPort = t.TypeOf<typeof ProtoPort>

// ---------------------------------------------------------------------------------------------
// Structured fields
// ---------------------------------------------------------------------------------------------

const HealthTimeoutOverride = strict('HealthTimeoutOverride', { name: t.string, timeout: Duration }, {})

const ConntrackTimeout = pattern('^(([0-9]*(\\.[0-9]*)?(ms|s|h|m|us)+)+|Auto)$', 'a duration or "Auto"')

const BPFConntrackTimeouts = strict(
  'BPFConntrackTimeouts',
  {},
  {
    creationGracePeriod: ConntrackTimeout,
    tcpSynSent: ConntrackTimeout,
    tcpEstablished: ConntrackTimeout,
    tcpFinsSeen: ConntrackTimeout,
    tcpResetSeen: ConntrackTimeout,
    udpTimeout: ConntrackTimeout,
    genericTimeout: ConntrackTimeout,
    icmpTimeout: ConntrackTimeout,
  },
)

const RouteTableRange = new t.Type<{ readonly min: number; readonly max: number }, unknown, unknown>(
  'RouteTableRange',
  (u): u is { min: number; max: number } => typeof u === 'object' && u !== null,
  (u, c) => {
    const r = strict('RouteTableRange', { min: Int, max: Int }, {}).validate(u, c)
    if (r._tag === 'Left') return r
    const { min, max } = r.right
    return min >= 1 && max >= min && max <= 250 ? t.success(r.right) : failInvalid(u, c, 'must be a range of route table indices within 1..250')
  },
  t.identity,
)

const RouteTableIDRange = new t.Type<{ readonly min: number; readonly max: number }, unknown, unknown>(
  'RouteTableIDRange',
  (u): u is { min: number; max: number } => typeof u === 'object' && u !== null,
  (u, c) => {
    const r = strict('RouteTableIDRange', { min: Int, max: Int }, {}).validate(u, c)
    if (r._tag === 'Left') return r
    const { min, max } = r.right
    if (min < 1) return failInvalid(u, c, 'min must be >= 1')
    if (min > max) return failInvalid(u, c, 'min must not be greater than max')
    return t.success(r.right)
  },
  t.identity,
)

// ---------------------------------------------------------------------------------------------
// The spec
// ---------------------------------------------------------------------------------------------

/**
 * The fields typed precisely: everything that changes which packets policy allows or how the
 * rules are rendered (docs/reference.md §1.14), normalised to felix's canonical spelling.
 */
const policyFields = {
  nodeSelector: pattern('^[\\s\\S]{0,1024}$', 'a selector of at most 1024 characters'),
  interfacePrefix: InterfacePrefixList,
  interfaceExclude: InterfaceExcludeList,
  chainInsertMode: oneOf(['Insert', 'Append'] as const),
  defaultEndpointToHostAction: oneOf(['Drop', 'Accept', 'Return'] as const),
  iptablesFilterAllowAction: oneOf(['Accept', 'Return'] as const),
  iptablesMangleAllowAction: oneOf(['Accept', 'Return'] as const),
  iptablesFilterDenyAction: oneOf(['Drop', 'Reject'] as const),
  nftablesFilterAllowAction: oneOf(['Accept', 'Return'] as const),
  nftablesMangleAllowAction: oneOf(['Accept', 'Return'] as const),
  nftablesFilterDenyAction: oneOf(['Drop', 'Reject'] as const),
  iptablesMarkMask: MarkMask,
  nftablesMarkMask: MarkMask,
  logPrefix: pattern('^([a-zA-Z0-9%: /_-])*$', "a log prefix of letters, digits, '%', ':', ' ', '/', '_' and '-'"),
  logActionRateLimit: pattern('^[1-9]\\d{0,3}/(?:second|minute|hour|day)$', 'a rate such as "10/second" (1-9999 per second, minute, hour or day)'),
  logActionRateLimitBurst: intRange(0, 9999),
  failsafeInboundHostPorts: t.readonlyArray(ProtoPort),
  failsafeOutboundHostPorts: t.readonlyArray(ProtoPort),
  disableConntrackInvalidCheck: t.boolean,
  allowVXLANPacketsFromWorkloads: t.boolean,
  allowIPIPPacketsFromWorkloads: t.boolean,
  vxlanEnabled: t.boolean,
  vxlanPort: intRange(0, 65535),
  vxlanVNI: Int,
  ipipEnabled: t.boolean,
  wireguardEnabled: t.boolean,
  wireguardEnabledV6: t.boolean,
  wireguardListeningPort: intRange(0, 65535),
  wireguardListeningPortV6: intRange(0, 65535),
  serviceLoopPrevention: oneOf(['Drop', 'Reject', 'Disabled'] as const),
  workloadSourceSpoofing: oneOf(['Disabled', 'Any'] as const),
  bpfEnabled: t.boolean,
  nftablesMode: t.keyof({ Disabled: null, Enabled: null, Auto: null }),
  iptablesBackend: oneOf(['Legacy', 'NFT', 'Auto'] as const),
  ipv6Support: t.boolean,
}

/** Every other field of `FelixConfigurationSpec`, checked against the CRD schema. */
const otherFields = {
  awsSrcDstCheck: t.keyof({ DoNothing: null, Enable: null, Disable: null }),
  bpfAttachType: t.keyof({ TC: null, TCX: null, Netkit: null }),
  bpfConnectTimeLoadBalancing: t.keyof({ TCP: null, Enabled: null, Disabled: null }),
  bpfConnectTimeLoadBalancingEnabled: t.boolean,
  bpfConntrackLogLevel: t.keyof({ Off: null, Debug: null }),
  bpfConntrackMode: t.keyof({ Auto: null, Userspace: null, BPFProgram: null }),
  bpfConntrackTimeouts: BPFConntrackTimeouts,
  bpfCTLBLogFilter: t.string,
  bpfDataIfacePattern: t.string,
  bpfDisableGROForIfaces: t.string,
  bpfDisableUnprivileged: t.boolean,
  bpfDSROptoutCIDRs: t.readonlyArray(t.string),
  bpfEnforceRPF: oneOf(['Disabled', 'Strict', 'Loose']),
  bpfExcludeCIDRsFromNAT: t.readonlyArray(t.string),
  bpfExportBufferSizeMB: Int,
  bpfExternalServiceMode: oneOf(['Tunnel', 'DSR']),
  bpfExtToServiceConnmark: Int,
  bpfForceTrackPacketsFromIfaces: t.readonlyArray(t.string),
  bpfHostConntrackBypass: t.boolean,
  bpfHostNetworkedNATWithoutCTLB: t.keyof({ Enabled: null, Disabled: null }),
  bpfIPFragmentReassemblyEnabled: t.boolean,
  bpfIPFragTimeout: Duration,
  bpfJITHardening: t.keyof({ Auto: null, Strict: null }),
  bpfKubeProxyHealthzPort: Int,
  bpfKubeProxyIptablesCleanupEnabled: t.boolean,
  bpfKubeProxyMinSyncPeriod: Duration,
  bpfL3IfacePattern: t.string,
  bpfLogFilters: t.record(t.string, t.string),
  bpfLogLevel: oneOf(['Off', 'Info', 'Debug']),
  bpfMaglevMaxEndpointsPerService: Int,
  bpfMaglevMaxServices: Int,
  bpfMapSizeConntrack: Int,
  bpfMapSizeConntrackCleanupQueue: intRange(1, undefined),
  bpfMapSizeConntrackScaling: oneOf(['Disabled', 'DoubleIfFull']),
  bpfMapSizeIfState: Int,
  bpfMapSizeIPSets: Int,
  bpfMapSizeNATAffinity: Int,
  bpfMapSizeNATBackend: Int,
  bpfMapSizeNATFrontend: Int,
  bpfMapSizePerCpuConntrack: Int,
  bpfMapSizeRoute: Int,
  bpfOverlayHostSourceIP: t.keyof({ TunnelAddress: null, HostAddress: null }),
  bpfPolicyDebugEnabled: t.boolean,
  bpfProfiling: t.keyof({ Enabled: null, Disabled: null }),
  bpfPSNATPorts: IntOrString,
  bpfRedirectToPeer: t.keyof({ Enabled: null, Disabled: null }),
  cgroupV2Path: t.string,
  dataplaneDriver: t.string,
  dataplaneWatchdogTimeout: t.string,
  debugDisableLogDropping: t.boolean,
  debugHost: t.string,
  debugMemoryProfilePath: t.string,
  debugPort: Int,
  debugSimulateCalcGraphHangAfter: Duration,
  debugSimulateDataplaneApplyDelay: Duration,
  debugSimulateDataplaneHangAfter: Duration,
  deviceRouteProtocol: Int,
  deviceRouteSourceAddress: t.string,
  deviceRouteSourceAddressIPv6: t.string,
  endpointReportingDelay: Duration,
  endpointReportingEnabled: t.boolean,
  endpointStatusPathPrefix: t.string,
  externalNodesList: t.readonlyArray(t.string),
  featureDetectOverride: pattern("^([a-zA-Z0-9-_]+=(true|false|),)*([a-zA-Z0-9-_]+=(true|false|))?$"),
  featureGates: pattern("^([a-zA-Z0-9-_]+=([^=]+),)*([a-zA-Z0-9-_]+=([^=]+))?$"),
  floatingIPs: t.keyof({ Enabled: null, Disabled: null }),
  flowLogsCollectorDebugTrace: t.boolean,
  flowLogsFlushInterval: Duration,
  flowLogsGoldmaneServer: t.string,
  flowLogsLocalReporter: t.keyof({ Disabled: null, Enabled: null }),
  flowLogsPolicyEvaluationMode: t.keyof({ None: null, Continuous: null }),
  genericXDPEnabled: t.boolean,
  goGCThreshold: Int,
  goMaxProcs: Int,
  goMemoryLimitMB: Int,
  healthEnabled: t.boolean,
  healthHost: t.string,
  healthPort: Int,
  healthTimeoutOverrides: t.readonlyArray(HealthTimeoutOverride),
  interfaceRefreshInterval: Duration,
  ipForwarding: t.keyof({ Enabled: null, Disabled: null }),
  ipipMTU: Int,
  ipsetsRefreshInterval: Duration,
  iptablesLockProbeInterval: Duration,
  iptablesNATOutgoingInterfaceFilter: t.string,
  iptablesPostWriteCheckInterval: Duration,
  iptablesRefreshInterval: Duration,
  ipv4ElevatedRoutePriority: Int,
  ipv4NormalRoutePriority: Int,
  ipv6ElevatedRoutePriority: Int,
  ipv6NormalRoutePriority: Int,
  istioAmbientMode: t.keyof({ Enabled: null, Disabled: null }),
  istioDSCPMark: IntOrString,
  kubeNodePortRanges: t.readonlyArray(IntOrString),
  liveMigrationRouteConvergenceTime: Duration,
  localSubnetL2Reachability: t.keyof({ Disabled: null, PodsAndLoadBalancers: null }),
  localSubnetL2ReachabilityRefreshInterval: t.string,
  logDebugFilenameRegex: t.string,
  logFilePath: t.string,
  logSeverityFile: oneOf(['Trace', 'Debug', 'Info', 'Warning', 'Error', 'Fatal']),
  logSeverityScreen: oneOf(['Trace', 'Debug', 'Info', 'Warning', 'Error', 'Fatal']),
  logSeveritySys: oneOf(['Trace', 'Debug', 'Info', 'Warning', 'Error', 'Fatal']),
  maxIpsetSize: Int,
  metadataAddr: t.string,
  metadataPort: Int,
  mtuIfacePattern: t.string,
  natOutgoingAddress: t.string,
  natOutgoingExclusions: t.keyof({ IPPoolsOnly: null, IPPoolsAndHostIPs: null }),
  natPortRange: IntOrString,
  netlinkTimeout: Duration,
  nftablesFlowTableDataIfacePattern: t.string,
  nftablesFlowTableOffload: t.keyof({ All: null, Disabled: null }),
  nftablesRefreshInterval: t.string,
  openstackRegion: t.string,
  policySyncPathPrefix: t.string,
  programClusterRoutes: t.keyof({ Enabled: null, Disabled: null, EnabledIPIPOnly: null, EnabledNoEncapOnly: null }),
  prometheusGoMetricsEnabled: t.boolean,
  prometheusMetricsCAFile: t.string,
  prometheusMetricsCertFile: t.string,
  prometheusMetricsClientAuth: t.keyof({ RequireAndVerifyClientCert: null, RequireAnyClientCert: null, VerifyClientCertIfGiven: null, NoClientCert: null }),
  prometheusMetricsEnabled: t.boolean,
  prometheusMetricsHost: t.string,
  prometheusMetricsKeyFile: t.string,
  prometheusMetricsPort: Int,
  prometheusProcessMetricsEnabled: t.boolean,
  prometheusWireGuardMetricsEnabled: t.boolean,
  removeExternalRoutes: t.boolean,
  reportingInterval: Duration,
  reportingTTL: Duration,
  requireMTUFile: t.boolean,
  routeRefreshInterval: Duration,
  routeSource: oneOf(['WorkloadIPs', 'CalicoIPAM']),
  routeSyncDisabled: t.boolean,
  routeTableRange: RouteTableRange,
  routeTableRanges: t.readonlyArray(RouteTableIDRange),
  sidecarAccelerationEnabled: t.boolean,
  usageReportingEnabled: t.boolean,
  usageReportingInitialDelay: Duration,
  usageReportingInterval: Duration,
  useInternalDataplaneDriver: t.boolean,
  vxlanMTU: Int,
  vxlanMTUV6: Int,
  windowsManageFirewallRules: t.keyof({ Enabled: null, Disabled: null }),
  wireguardHostEncryptionEnabled: t.boolean,
  wireguardInterfaceName: t.string,
  wireguardInterfaceNameV6: t.string,
  wireguardKeepAlive: Duration,
  wireguardMTU: Int,
  wireguardMTUV6: Int,
  wireguardRoutingRulePriority: Int,
  wireguardThreadingEnabled: t.boolean,
  xdpEnabled: t.boolean,
  xdpRefreshInterval: Duration,
}

/**
 * Fields removed from Calico's API that older clusters' configurations may still carry; accepted
 * and ignored (felix no longer reads them).
 */
const legacyFields = {
  bpfKubeProxyEndpointSlicesEnabled: t.boolean,
  iptablesLockFilePath: t.string,
  iptablesLockTimeout: Duration,
}

/**
 * The fields whose Go type is a plain `string` with `omitempty`: an empty string there is the same
 * as leaving the field out, so it is dropped before decoding.
 */
const PLAIN_STRING_FIELDS: ReadonlySet<string> = new Set([
  'bpfCTLBLogFilter',
  'bpfConntrackLogLevel',
  'bpfDataIfacePattern',
  'bpfDisableGROForIfaces',
  'bpfEnforceRPF',
  'bpfExternalServiceMode',
  'bpfL3IfacePattern',
  'bpfLogLevel',
  'bpfMapSizeConntrackScaling',
  'bpfProfiling',
  'bpfRedirectToPeer',
  'cgroupV2Path',
  'chainInsertMode',
  'dataplaneDriver',
  'debugMemoryProfilePath',
  'defaultEndpointToHostAction',
  'deviceRouteSourceAddress',
  'deviceRouteSourceAddressIPv6',
  'endpointStatusPathPrefix',
  'featureDetectOverride',
  'featureGates',
  'interfaceExclude',
  'interfacePrefix',
  'ipForwarding',
  'iptablesFilterAllowAction',
  'iptablesFilterDenyAction',
  'iptablesMangleAllowAction',
  'iptablesNATOutgoingInterfaceFilter',
  'logDebugFilenameRegex',
  'logFilePath',
  'logPrefix',
  'logSeverityFile',
  'logSeverityScreen',
  'logSeveritySys',
  'metadataAddr',
  'mtuIfacePattern',
  'natOutgoingAddress',
  'nftablesFilterAllowAction',
  'nftablesFilterDenyAction',
  'nftablesFlowTableDataIfacePattern',
  'nftablesMangleAllowAction',
  'openstackRegion',
  'policySyncPathPrefix',
  'prometheusMetricsHost',
  'routeSource',
  'serviceLoopPrevention',
  'wireguardInterfaceName',
  'wireguardInterfaceNameV6',
  'workloadSourceSpoofing',
])

const SpecFields = strict('FelixConfigurationSpec', {}, { ...policyFields, ...otherFields, ...legacyFields })

/**
 * Every field name a FelixConfiguration `spec` may have: all fields of Calico's
 * `FelixConfigurationSpec` plus three removed ones that older configurations may carry.
 * @example
 * ```ts
 * felixConfigurationFields.includes('bpfEnabled') // true
 * ```
 * @since 0.1.0
 */
export const felixConfigurationFields: ReadonlyArray<string> = Object.keys({ ...policyFields, ...otherFields, ...legacyFields }).sort()

/**
 * A FelixConfiguration `spec`: every real field, unknown fields are errors, empty strings in
 * plain string fields count as absent; policy-relevant fields are typed precisely (actions and
 * modes normalised to their canonical spelling: `accept` becomes `Accept`).
 * @since 0.1.0
 */
export const FelixConfigurationSpec = new t.Type<t.TypeOf<typeof SpecFields>, unknown, unknown>(
  'FelixConfigurationSpec',
  SpecFields.is,
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return SpecFields.validate(u, c)
    const cleaned = Object.fromEntries(Object.entries(u).filter(([k, v]) => !(v === '' && PLAIN_STRING_FIELDS.has(k))))
    return SpecFields.validate(cleaned, c)
  },
  t.identity,
)

/**
 * A FelixConfiguration spec as a type.
 * @since 0.1.0
 */
export type FelixConfigurationSpec = t.TypeOf<typeof FelixConfigurationSpec>

const ipOfFamily = (s: string, family: 4 | 6): boolean => {
  const r = parseAddress(s)
  return r._tag === 'Right' && r.right.family === family
}

/** The CEL rules of the FelixConfiguration CRD. */
const celIssues = (name: string, spec: FelixConfigurationSpec): ReadonlyArray<Issue> => {
  const out: Issue[] = []
  if (spec.routeTableRange !== undefined && spec.routeTableRanges !== undefined)
    out.push({ path: ['spec'], message: 'routeTableRange and routeTableRanges cannot both be set' })
  const v4 = (field: 'natOutgoingAddress' | 'deviceRouteSourceAddress') => {
    const v = spec[field]
    if (v !== undefined && v !== '' && !ipOfFamily(v, 4)) out.push({ path: ['spec', field], message: `${field} must be a valid IPv4 address` })
  }
  v4('natOutgoingAddress')
  v4('deviceRouteSourceAddress')
  const v6 = spec.deviceRouteSourceAddressIPv6
  if (v6 !== undefined && v6 !== '' && !ipOfFamily(v6, 6))
    out.push({ path: ['spec', 'deviceRouteSourceAddressIPv6'], message: 'deviceRouteSourceAddressIPv6 must be a valid IPv6 address' })
  if ((name === 'default' || name.startsWith('node.')) && spec.nodeSelector !== undefined)
    out.push({ path: ['spec', 'nodeSelector'], message: "nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration" })
  return out
}

/**
 * A FelixConfiguration, decoded and validated. Its name says what it configures: `default` (the
 * whole cluster), `node.<nodeName>` (one node) or any other name with `spec.nodeSelector` (nodes
 * whose labels match). See `effectiveFelixConfig` for how they combine.
 * @example
 * ```ts
 * decodeFelixConfiguration({
 *   apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' },
 *   spec: { defaultEndpointToHostAction: 'accept', failsafeInboundHostPorts: [{ protocol: 'TCP', port: 22 }] },
 * })
 * // right({ ..., spec: { defaultEndpointToHostAction: 'Accept', failsafeInboundHostPorts: [{ protocol: 'TCP', port: 22 }] } })
 * ```
 * @since 0.1.0
 */
export const FelixConfiguration = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'FelixConfiguration',
  scope: 'Cluster',
  metadata: ObjectMeta,
  spec: FelixConfigurationSpec,
  emptySpec: {},
  finish: (r) => ({
    value: { apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec: r.spec },
    issues: celIssues(r.metadata.name, r.spec),
  }),
})

/**
 * A decoded FelixConfiguration.
 * @since 0.1.0
 */
export type FelixConfiguration = t.TypeOf<typeof FelixConfiguration>

/**
 * Decodes and validates a FelixConfiguration (see {@link FelixConfiguration}).
 * @example
 * ```ts
 * decodeFelixConfiguration({ apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { bpfEnabled: 'yes' } })
 * // left([{ _tag: 'Decode', path: ['spec', 'bpfEnabled'], expected: 'a boolean', actual: 'yes' }])
 * ```
 * @since 0.1.0
 */
export const decodeFelixConfiguration: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, FelixConfiguration> =
  decodeWith(FelixConfiguration)
