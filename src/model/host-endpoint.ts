/**
 * HostEndpoint (projectcalico.org/v3, cluster-scoped): a host's interface (or all of its
 * interfaces) under policy (docs/reference.md §1.2, V40).
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith, failInvalid, strict, withChecks } from './codec.js'
import { resourceKind, type Issue } from './kind.js'
import { ObjectMeta, referenceName } from './metadata.js'
import { IPAddress } from './net.js'
import { portNameErrors } from './port.js'
import { Protocol, supportsPorts } from './protocol.js'

const INTERFACE_RE = /^[a-zA-Z0-9_.-]{1,15}$/

/**
 * A Linux interface name as Calico's `interface` tag checks it: `*` or 1–15 of
 * `a-z A-Z 0-9 _ . -`; the empty string is accepted here (each kind decides whether it may be
 * empty).
 * @example
 * ```ts
 * decodeWith(InterfaceName)('eth0') // right('eth0')
 * ```
 * @since 0.1.0
 */
export const InterfaceName = new t.Type<string, unknown, unknown>(
  'InterfaceName',
  (u): u is string => typeof u === 'string' && (u === '' || u === '*' || INTERFACE_RE.test(u)),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'a string')
    return u === '' || u === '*' || INTERFACE_RE.test(u)
      ? t.success(u)
      : failInvalid(u, c, `${JSON.stringify(u)} is not "*" or an interface name of 1-15 letters, digits, '_', '.' or '-'`)
  },
  t.identity,
)

/**
 * A port name as Kubernetes' rule checks it (IANA service name); `allowEmpty` for workload ports.
 * @internal
 */
export const portName = (allowEmpty: boolean): t.Type<string, unknown, unknown> =>
  new t.Type<string, unknown, unknown>(
    'PortName',
    (u): u is string => typeof u === 'string' && ((allowEmpty && u === '') || portNameErrors(u).length === 0),
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, 'a string')
      if (allowEmpty && u === '') return t.success(u)
      const errs = portNameErrors(u)
      return errs.length === 0 ? t.success(u) : failInvalid(u, c, `invalid port name ${JSON.stringify(u)}: ${errs.join(', ')}`)
    },
    t.identity,
  )

/**
 * A port number 1–65535.
 * @internal
 */
export const PortNumber = new t.Type<number, unknown, unknown>(
  'PortNumber',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= 65535,
  (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= 65535 ? t.success(u) : t.failure(u, c, 'a port number from 1 to 65535')),
  t.identity,
)

/**
 * A named port of a host endpoint: `name` (Kubernetes port-name rule), `protocol` (one that has
 * ports: TCP, UDP, SCTP or 6, 17, 132) and `port` 1–65535.
 * @since 0.1.0
 */
export const EndpointPort = withChecks(strict('EndpointPort', { name: portName(false), protocol: Protocol, port: PortNumber }, {}), (p) =>
  supportsPorts(p.protocol) ? [] : [{ path: ['protocol'], message: 'EndpointPort protocol does not support ports.' }],
)

/**
 * A host endpoint's named port as a type.
 * @since 0.1.0
 */
export type EndpointPort = t.TypeOf<typeof EndpointPort>

/**
 * A host endpoint's spec: `node` (required), `interfaceName` (`*`, a name, or empty to bind by
 * `expectedIPs`), `expectedIPs` (plain addresses, canonical text), `profiles` and named `ports`.
 * @since 0.1.0
 */
export const HostEndpointSpec = strict(
  'HostEndpointSpec',
  {},
  {
    node: referenceName('node name'),
    interfaceName: InterfaceName,
    expectedIPs: t.readonlyArray(IPAddress),
    profiles: t.readonlyArray(referenceName('profile name')),
    ports: t.readonlyArray(EndpointPort),
  },
)

/**
 * A host endpoint's spec as a type.
 * @since 0.1.0
 */
export type HostEndpointSpec = t.TypeOf<typeof HostEndpointSpec>

/** The CEL rules on the spec (V40). */
const specIssues = (spec: HostEndpointSpec): ReadonlyArray<Issue> => [
  ...((spec.interfaceName ?? '') === '' && (spec.expectedIPs ?? []).length === 0
    ? [{ path: ['spec'], message: 'at least one of interfaceName or expectedIPs must be specified' }]
    : []),
  ...((spec.node ?? '') === '' ? [{ path: ['spec'], message: 'node must be specified' }] : []),
]

/**
 * A HostEndpoint, decoded and validated (V40): `node` must be set; `interfaceName` or
 * `expectedIPs` must be set; `expectedIPs` are IP addresses (not CIDRs); profile names are
 * resource names; ports have valid names, port-capable protocols and numbers 1–65535.
 * @example
 * ```ts
 * decodeHostEndpoint({
 *   apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint',
 *   metadata: { name: 'node1-eth0', labels: { role: 'k8s-worker' } },
 *   spec: { node: 'node1', interfaceName: 'eth0', expectedIPs: ['192.0.2.10'] },
 * })
 * // right({ ..., spec: { node: 'node1', interfaceName: 'eth0', expectedIPs: ['192.0.2.10'] } })
 * ```
 * @since 0.1.0
 */
export const HostEndpoint = resourceKind({
  apiVersion: 'projectcalico.org/v3',
  kind: 'HostEndpoint',
  scope: 'Cluster',
  metadata: ObjectMeta,
  spec: HostEndpointSpec,
  finish: (r) => ({
    value: { apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec: r.spec },
    issues: specIssues(r.spec),
  }),
})

/**
 * A decoded HostEndpoint.
 * @since 0.1.0
 */
export type HostEndpoint = t.TypeOf<typeof HostEndpoint>

/**
 * Decodes and validates a HostEndpoint (see {@link HostEndpoint}).
 * @example
 * ```ts
 * decodeHostEndpoint({ apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: { name: 'x' }, spec: { node: 'n1' } })
 * // left([{ _tag: 'Invalid', path: ['spec'], message: 'at least one of interfaceName or expectedIPs must be specified' }])
 * ```
 * @since 0.1.0
 */
export const decodeHostEndpoint: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, HostEndpoint> = decodeWith(HostEndpoint)
