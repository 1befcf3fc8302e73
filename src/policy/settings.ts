/**
 * The felix settings the model uses (§1.14): resolved from FelixConfiguration resources for the
 * node, with caller overrides on top.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import type { CalicoError } from '../errors.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith } from '../model/codec.js'
import { FelixConfigurationSpec, type FelixConfiguration } from '../model/felix-configuration.js'
import { felixParamField, parseFelixParams } from '../model/felix-params.js'
import { effectiveFelixConfig, felixDefaults, type FelixSettings } from '../model/felix-settings.js'
import { parsePrefix } from './address.js'
import type { FailsafeEntry, Settings } from './world.js'

/**
 * Caller overrides of FelixConfiguration fields, keyed by the spec field name
 * (`defaultEndpointToHostAction`) or by felix's parameter name (`DefaultEndpointToHostAction`,
 * `IpInIpEnabled`), with values as in a FelixConfiguration spec; a string value for a setting
 * felix reads is parsed in felix's own syntax, as `Model.parseFelixParams` does (`accept`,
 * `true`, `tcp:22,udp:68`).
 * @since 0.1.0
 */
export type FelixOverrides = Readonly<Record<string, unknown>>

const toEntries = (ports: FelixSettings['failsafeInboundHostPorts']): ReadonlyArray<FailsafeEntry> =>
  ports.map((p) => {
    const protocol = p.protocol === 'TCP' ? ('tcp' as const) : ('udp' as const)
    if (p.net === undefined) return { protocol, port: p.port }
    const prefix = parsePrefix(p.net)
    return prefix === undefined ? { protocol, port: p.port, net: p.net } : { protocol, port: p.port, net: p.net, prefix }
  })

/**
 * Converts felix's resolved settings into the model's {@link Settings}.
 * @example
 * ```ts
 * toSettings(Model.felixDefaults).failsafeInbound[0] // { protocol: 'tcp', port: 22 }
 * ```
 * @since 0.1.0
 */
export const toSettings = (s: FelixSettings): Settings => ({
  interfacePrefixes: s.interfacePrefixes,
  interfaceExclude: s.interfaceExclude,
  defaultEndpointToHostAction: s.defaultEndpointToHostAction,
  failsafeInbound: toEntries(s.failsafeInboundHostPorts),
  failsafeOutbound: toEntries(s.failsafeOutboundHostPorts),
  disableConntrackInvalidCheck: s.disableConntrackInvalidCheck,
  allowVXLANPacketsFromWorkloads: s.allowVXLANPacketsFromWorkloads,
  allowIPIPPacketsFromWorkloads: s.allowIPIPPacketsFromWorkloads,
  vxlanPort: s.vxlanPort,
})

/**
 * Felix's default settings (docs/reference.md §1.14, §9), in the model's form.
 * @example
 * ```ts
 * defaultSettings.defaultEndpointToHostAction // 'Drop'
 * ```
 * @since 0.1.0
 */
export const defaultSettings: Settings = toSettings(felixDefaults)

/**
 * The settings felix uses on `node`: its defaults, the `default`, then `node.<node>`
 * FelixConfiguration, then the caller's overrides (decoded like a FelixConfiguration spec; errors
 * carry the path `['felixConfig', field]`).
 * @example
 * ```ts
 * resolveSettings([], 'node-1', { DefaultEndpointToHostAction: 'Accept' })
 * // right({ ..., defaultEndpointToHostAction: 'Accept', ... })
 * ```
 * @since 0.1.0
 */
export const resolveSettings = (
  configs: ReadonlyArray<FelixConfiguration>,
  node: string,
  overrides: FelixOverrides | undefined,
): Either<ReadonlyNonEmptyArray<CalicoError>, Settings> => {
  if (overrides === undefined || Object.keys(overrides).length === 0) return E.right(toSettings(effectiveFelixConfig(configs, node)))
  // Collected as entries and built with Object.fromEntries, which defines own properties: an
  // assignment `spec['__proto__'] = v` would set the prototype (or do nothing) instead, and the
  // key would escape the unknown-field check.
  const specEntries: Array<readonly [string, unknown]> = []
  const paramEntries: Array<readonly [string, string]> = []
  for (const [k, v] of Object.entries(overrides)) {
    const field = felixParamField(k)
    if (field !== undefined && typeof v === 'string') paramEntries.push([k, v])
    else specEntries.push([field ?? k, v])
  }
  const spec: Record<string, unknown> = Object.fromEntries(specEntries)
  const fromParams = parseFelixParams(Object.fromEntries(paramEntries))
  if (E.isLeft(fromParams)) return E.left(fromParams.left.map((e) => ({ ...e, path: ['felixConfig', ...e.path] })) as unknown as ReadonlyNonEmptyArray<CalicoError>)
  const decoded = decodeWith(FelixConfigurationSpec)({ ...spec, ...fromParams.right })
  if (E.isLeft(decoded)) return E.left(decoded.left.map((e) => ({ ...e, path: ['felixConfig', ...e.path] })) as unknown as ReadonlyNonEmptyArray<CalicoError>)
  const perNodeName = `node.${node}`
  const existing = configs.find((c) => c.metadata.name === perNodeName)
  const merged = {
    ...(existing ?? { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: perNodeName } }),
    spec: { ...(existing?.spec ?? {}), ...decoded.right },
  } as FelixConfiguration
  const rest = configs.filter((c) => c.metadata.name !== perNodeName)
  return E.right(toSettings(effectiveFelixConfig([...rest, merged], node)))
}
