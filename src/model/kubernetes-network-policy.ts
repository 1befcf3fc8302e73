/**
 * Kubernetes NetworkPolicy (`networking.k8s.io/v1`, namespaced), with Kubernetes' own validation
 * and defaulting, as Calico receives it before converting it into a Calico policy
 * (docs/reference.md §1.5).
 *
 * Validation follows the Kubernetes API server (`ValidateNetworkPolicy`) with its messages:
 * label selectors (`matchLabels` keys and values, `matchExpressions` operators `In`, `NotIn`,
 * `Exists`, `DoesNotExist` and their `values`), peers (`must specify a peer`,
 * `may not specify both ipBlock and another peer`), `ipBlock` (`except` entries must be a strict
 * subset of `cidr`), ports (protocol `TCP`, `UDP` or `SCTP`; port 1–65535 or a port name;
 * `endPort` rules) and `policyTypes`.
 *
 * Defaulting (what the API server stores): a port without `protocol` gets `TCP`; an empty or
 * absent `policyTypes` becomes `[Ingress]`, plus `Egress` when there are egress rules; an absent
 * `podSelector` is `{}` (all pods of the namespace). IP blocks are canonical CIDRs (host bits
 * masked off, as Calico's conversion does; a bare IP is an error).
 * @module
 */
import * as t from 'io-ts'
import type { CalicoError } from '../errors.js'
import type { Either, ReadonlyNonEmptyArray } from '../internal/fp.js'
import { decodeWith, scalar, strict, withChecks } from './codec.js'
import { resourceKind, type Issue } from './kind.js'
import { Labels, labelValueErrors, objectMeta, qualifiedNameErrors } from './metadata.js'
import { IPBlockCidr, cidrParts, contains, formatAddress } from './net.js'
import { portNameErrors } from './port.js'
import { pushAll } from '../internal/array.js'

const unsupported = (value: string, supported: ReadonlyArray<string>): string =>
  `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`

/**
 * One `matchExpressions` entry of a Kubernetes label selector.
 * @example
 * ```ts
 * LabelSelectorRequirement.decode({ key: 'tier', operator: 'In', values: ['web'] })
 * ```
 * @since 0.1.0
 */
export const LabelSelectorRequirement = withChecks(
  strict('LabelSelectorRequirement', { key: t.string, operator: t.string }, { values: t.readonlyArray(t.string) }),
  (r): ReadonlyArray<Issue> => {
    const issues: Issue[] = []
    const values = r.values ?? []
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) issues.push({ path: ['values'], message: "must be specified when `operator` is 'In' or 'NotIn'" })
        break
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) issues.push({ path: ['values'], message: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" })
        break
      default:
        issues.push({ path: ['operator'], message: 'not a valid selector operator' })
    }
    pushAll(issues, qualifiedNameErrors(r.key).map((message) => ({ path: ['key'], message })))
    values.forEach((v, i) => pushAll(issues, labelValueErrors(v).map((message) => ({ path: ['values', i], message }))))
    return issues
  },
)
/**
 * One `matchExpressions` entry of a Kubernetes label selector.
 * @example
 * ```ts
 * const r: LabelSelectorRequirement = { key: 'tier', operator: 'Exists' }
 * ```
 * @since 0.1.0
 */
export type LabelSelectorRequirement = t.TypeOf<typeof LabelSelectorRequirement>

/**
 * A Kubernetes label selector: `matchLabels` and `matchExpressions`, all ANDed; `{}` selects
 * everything.
 * @example
 * ```ts
 * LabelSelector.decode({ matchLabels: { app: 'web' } })
 * ```
 * @since 0.1.0
 */
export const LabelSelector = strict('LabelSelector', {}, { matchLabels: Labels, matchExpressions: t.readonlyArray(LabelSelectorRequirement) })
/**
 * A Kubernetes label selector.
 * @example
 * ```ts
 * const s: LabelSelector = { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }
 * ```
 * @since 0.1.0
 */
export type LabelSelector = t.TypeOf<typeof LabelSelector>

/**
 * An IP block peer: `cidr` and optional `except` CIDRs, each a strict subset of `cidr`.
 * @example
 * ```ts
 * IPBlock.decode({ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] })
 * ```
 * @since 0.1.0
 */
export const IPBlock = withChecks(strict('IPBlock', { cidr: IPBlockCidr }, { except: t.readonlyArray(IPBlockCidr) }), (b): ReadonlyArray<Issue> => {
  const outer = cidrParts(b.cidr)
  return (b.except ?? []).flatMap((e, i) => {
    const inner = cidrParts(e)
    return contains(b.cidr)(formatAddress(inner)) && outer.prefix < inner.prefix ? [] : [{ path: ['except', i], message: 'must be a strict subset of `cidr`' }]
  })
})
/**
 * An IP block peer.
 * @example
 * ```ts
 * const b: IPBlock = { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }
 * ```
 * @since 0.1.0
 */
export type IPBlock = t.TypeOf<typeof IPBlock>

const peerIssues = (p: { readonly podSelector?: unknown; readonly namespaceSelector?: unknown; readonly ipBlock?: unknown }): ReadonlyArray<Issue> => {
  const n = [p.podSelector, p.namespaceSelector, p.ipBlock].filter((x) => x !== undefined && x !== null).length
  if (n === 0) return [{ path: [], message: 'must specify a peer' }]
  if (n > 1 && p.ipBlock !== undefined && p.ipBlock !== null) return [{ path: [], message: 'may not specify both ipBlock and another peer' }]
  return []
}

/**
 * A peer of a Kubernetes rule: `podSelector` and/or `namespaceSelector`, or an `ipBlock` alone.
 * @example
 * ```ts
 * NetworkPolicyPeer.decode({ namespaceSelector: {}, podSelector: { matchLabels: { app: 'api' } } })
 * ```
 * @since 0.1.0
 */
export const NetworkPolicyPeer = (() => {
  const base = strict('NetworkPolicyPeer', {}, { podSelector: LabelSelector, namespaceSelector: LabelSelector, ipBlock: IPBlock })
  const checked = withChecks(base, peerIssues)
  return new t.Type<t.TypeOf<typeof base>, unknown, unknown>(
    'NetworkPolicyPeer',
    checked.is,
    (u, c) => {
      const r = base.validate(u, c)
      if (r._tag === 'Right') return checked.validate(u, c)
      if (typeof u !== 'object' || u === null) return r
      // Which peers are given does not depend on whether they decode: report it alongside.
      const extra = withChecks(t.unknown, () => peerIssues(u)).validate(u, c)
      return t.failures([...r.left, ...(extra._tag === 'Left' ? extra.left : [])])
    },
    t.identity,
  )
})()
/**
 * A peer of a Kubernetes rule.
 * @example
 * ```ts
 * const p: NetworkPolicyPeer = { ipBlock: { cidr: '192.0.2.0/24' } }
 * ```
 * @since 0.1.0
 */
export type NetworkPolicyPeer = t.TypeOf<typeof NetworkPolicyPeer>

/**
 * A Kubernetes port protocol: `TCP`, `UDP` or `SCTP`.
 * @example
 * ```ts
 * KubernetesProtocol.is('SCTP') // true
 * ```
 * @since 0.1.0
 */
export const KubernetesProtocol = scalar<'TCP' | 'UDP' | 'SCTP'>(
  'KubernetesProtocol',
  (u): u is 'TCP' | 'UDP' | 'SCTP' => u === 'TCP' || u === 'UDP' || u === 'SCTP',
  (u) => {
    if (typeof u !== 'string') return { expected: 'a string' }
    return u === 'TCP' || u === 'UDP' || u === 'SCTP' ? { ok: u } : { invalid: unsupported(u, ['SCTP', 'TCP', 'UDP']) }
  },
)
/**
 * A Kubernetes port protocol.
 * @example
 * ```ts
 * const p: KubernetesProtocol = 'UDP'
 * ```
 * @since 0.1.0
 */
export type KubernetesProtocol = t.TypeOf<typeof KubernetesProtocol>

const PORT_NUM_MSG = 'must be between 1 and 65535, inclusive'

const IntOrString = scalar<number | string>(
  'IntOrString',
  (u): u is number | string => typeof u === 'string' || (typeof u === 'number' && Number.isInteger(u)),
  (u) => (typeof u === 'string' || (typeof u === 'number' && Number.isInteger(u)) ? { ok: u } : { expected: 'an integer or a string' }),
)

const Int32 = scalar<number>(
  'Int32',
  (u): u is number => typeof u === 'number' && Number.isInteger(u),
  (u) => (typeof u === 'number' && Number.isInteger(u) && Math.abs(u) < 2 ** 31 ? { ok: u } : { expected: 'an integer' }),
)

const portIssues = (p: { readonly port?: number | string; readonly endPort?: number }): ReadonlyArray<Issue> => {
  const issues: Issue[] = []
  const validNum = (n: number): boolean => n >= 1 && n <= 65535
  if (p.port === undefined) {
    if (p.endPort !== undefined) issues.push({ path: ['endPort'], message: 'may not be specified when `port` is not specified' })
  } else if (typeof p.port === 'number') {
    if (!validNum(p.port)) issues.push({ path: ['port'], message: PORT_NUM_MSG })
    if (p.endPort !== undefined) {
      if (p.endPort < p.port) issues.push({ path: ['endPort'], message: 'must be greater than or equal to `port`' })
      if (!validNum(p.endPort)) issues.push({ path: ['endPort'], message: PORT_NUM_MSG })
    }
  } else {
    if (p.endPort !== undefined) issues.push({ path: ['endPort'], message: 'may not be specified when `port` is non-numeric' })
    pushAll(issues, portNameErrors(p.port).map((message) => ({ path: ['port'], message })))
  }
  return issues
}

/**
 * A port of a Kubernetes rule: `protocol` (default `TCP`), `port` (a number or a named port;
 * absent = all ports) and `endPort` (the end of a numeric range).
 * @example
 * ```ts
 * NetworkPolicyPort.decode({ port: 32000, endPort: 32768 })
 * ```
 * @since 0.1.0
 */
export const NetworkPolicyPort = (() => {
  const base = strict('NetworkPolicyPort', {}, { protocol: KubernetesProtocol, port: IntOrString, endPort: Int32 })
  const checked = withChecks(base, portIssues)
  return new t.Type<t.TypeOf<typeof base>, unknown, unknown>(
    'NetworkPolicyPort',
    checked.is,
    (u, c) => {
      const r = base.validate(u, c)
      if (r._tag === 'Right' || typeof u !== 'object' || u === null) return r._tag === 'Right' ? checked.validate(u, c) : r
      // Kubernetes reports port problems alongside a bad protocol: check what does decode.
      const raw = u as { readonly port?: unknown; readonly endPort?: unknown }
      const port = IntOrString.decode(raw.port)
      const endPort = Int32.decode(raw.endPort)
      const view = { ...(port._tag === 'Right' ? { port: port.right } : {}), ...(endPort._tag === 'Right' ? { endPort: endPort.right } : {}) }
      const extra = withChecks(t.unknown, () => portIssues(view)).validate(u, c)
      return t.failures([...r.left, ...(extra._tag === 'Left' ? extra.left : [])])
    },
    t.identity,
  )
})()
/**
 * A port of a Kubernetes rule, as written.
 * @example
 * ```ts
 * const p: NetworkPolicyPort = { protocol: 'UDP', port: 53 }
 * ```
 * @since 0.1.0
 */
export type NetworkPolicyPort = t.TypeOf<typeof NetworkPolicyPort>

/**
 * An ingress rule of a Kubernetes policy: traffic `from` any of the peers (all sources when
 * absent or empty) to any of the `ports` (all ports when absent or empty).
 * @example
 * ```ts
 * NetworkPolicyIngressRule.decode({ from: [{ podSelector: {} }], ports: [{ port: 80 }] })
 * ```
 * @since 0.1.0
 */
export const NetworkPolicyIngressRule = strict('NetworkPolicyIngressRule', {}, { ports: t.readonlyArray(NetworkPolicyPort), from: t.readonlyArray(NetworkPolicyPeer) })
/**
 * An ingress rule of a Kubernetes policy.
 * @example
 * ```ts
 * const r: NetworkPolicyIngressRule = { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }
 * ```
 * @since 0.1.0
 */
export type NetworkPolicyIngressRule = t.TypeOf<typeof NetworkPolicyIngressRule>

/**
 * An egress rule of a Kubernetes policy: traffic `to` any of the peers, on any of the `ports`.
 * @example
 * ```ts
 * NetworkPolicyEgressRule.decode({ to: [{ namespaceSelector: {} }], ports: [{ protocol: 'UDP', port: 53 }] })
 * ```
 * @since 0.1.0
 */
export const NetworkPolicyEgressRule = strict('NetworkPolicyEgressRule', {}, { ports: t.readonlyArray(NetworkPolicyPort), to: t.readonlyArray(NetworkPolicyPeer) })
/**
 * An egress rule of a Kubernetes policy.
 * @example
 * ```ts
 * const r: NetworkPolicyEgressRule = { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }
 * ```
 * @since 0.1.0
 */
export type NetworkPolicyEgressRule = t.TypeOf<typeof NetworkPolicyEgressRule>

/**
 * A Kubernetes policy type: `Ingress` or `Egress` (anything else is `Unsupported value`).
 * @example
 * ```ts
 * KubernetesPolicyType.is('Ingress') // true
 * ```
 * @since 0.1.0
 */
export const KubernetesPolicyType = scalar<'Ingress' | 'Egress'>(
  'KubernetesPolicyType',
  (u): u is 'Ingress' | 'Egress' => u === 'Ingress' || u === 'Egress',
  (u) => {
    if (typeof u !== 'string') return { expected: 'a string' }
    return u === 'Ingress' || u === 'Egress' ? { ok: u } : { invalid: unsupported(u, ['Egress', 'Ingress']) }
  },
)
/**
 * A Kubernetes policy type.
 * @example
 * ```ts
 * const ty: KubernetesPolicyType = 'Egress'
 * ```
 * @since 0.1.0
 */
export type KubernetesPolicyType = t.TypeOf<typeof KubernetesPolicyType>

/**
 * The spec fields of a Kubernetes NetworkPolicy (shared with StagedKubernetesNetworkPolicy).
 * @internal
 */
export const kubernetesSpecFields = {
  podSelector: LabelSelector,
  ingress: t.readonlyArray(NetworkPolicyIngressRule),
  egress: t.readonlyArray(NetworkPolicyEgressRule),
  policyTypes: withChecks(t.readonlyArray(KubernetesPolicyType), (ts) => (ts.length > 2 ? [{ path: [], message: 'may not specify more than two policyTypes' }] : [])),
}

/**
 * The spec of a Kubernetes NetworkPolicy as written.
 * @example
 * ```ts
 * KubernetesNetworkPolicySpec.decode({ podSelector: {}, policyTypes: ['Ingress'] })
 * ```
 * @since 0.1.0
 */
export const KubernetesNetworkPolicySpec = strict('NetworkPolicySpec', {}, kubernetesSpecFields)
/**
 * The spec of a Kubernetes NetworkPolicy as written.
 * @example
 * ```ts
 * const s: KubernetesNetworkPolicySpec = { podSelector: { matchLabels: { app: 'db' } } }
 * ```
 * @since 0.1.0
 */
export type KubernetesNetworkPolicySpec = t.TypeOf<typeof KubernetesNetworkPolicySpec>

/**
 * A Kubernetes rule port after the API server's defaulting: `protocol` is always set.
 * @example
 * ```ts
 * const p: DefaultedPort = { protocol: 'TCP', port: 80 }
 * ```
 * @since 0.1.0
 */
export type DefaultedPort = NetworkPolicyPort & { readonly protocol: KubernetesProtocol }

const defaultPorts = (ports: ReadonlyArray<NetworkPolicyPort> | undefined): ReadonlyArray<DefaultedPort> | undefined =>
  ports?.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }))

/**
 * The Kubernetes API server's defaulting of a spec: `protocol: TCP` on ports without one,
 * `policyTypes` from the rules when empty, `podSelector: {}` when absent.
 * @internal
 */
export const defaultKubernetesSpec = (s: KubernetesNetworkPolicySpec) => {
  const policyTypes: ReadonlyArray<KubernetesPolicyType> =
    s.policyTypes !== undefined && s.policyTypes.length > 0 ? s.policyTypes : (s.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress']
  const ingress = s.ingress?.map((r) => {
    const ports = defaultPorts(r.ports)
    return ports === undefined ? r : { ...r, ports }
  })
  const egress = s.egress?.map((r) => {
    const ports = defaultPorts(r.ports)
    return ports === undefined ? r : { ...r, ports }
  })
  return {
    podSelector: s.podSelector ?? {},
    ...(ingress === undefined ? {} : { ingress }),
    ...(egress === undefined ? {} : { egress }),
    policyTypes,
  }
}

/**
 * A Kubernetes NetworkPolicy (`networking.k8s.io/v1`), decoded, validated with Kubernetes' rules
 * and defaulted as the API server stores it. The name is a DNS-1123 subdomain; the namespace
 * defaults to `default`. A `status` block is accepted and dropped.
 * @example
 * ```ts
 * decodeKubernetesNetworkPolicy({
 *   apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'shop' },
 *   spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 80 }] }] },
 * })
 * // right({ ..., spec: { podSelector: { matchLabels: { app: 'web' } },
 * //   ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }], policyTypes: ['Ingress'] } })
 * ```
 * @since 0.1.0
 */
export const KubernetesNetworkPolicy = resourceKind({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  scope: 'Namespaced',
  metadata: objectMeta('KubernetesSubdomain'),
  spec: KubernetesNetworkPolicySpec,
  emptySpec: {},
  extra: { status: t.UnknownRecord },
  finish: (r) => ({ value: { apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec: defaultKubernetesSpec(r.spec) }, issues: [] }),
})
/**
 * A decoded, defaulted Kubernetes NetworkPolicy (`spec.podSelector` and `spec.policyTypes`
 * always set; every port has a `protocol`).
 * @example
 * ```ts
 * const types = (p: KubernetesNetworkPolicy) => p.spec.policyTypes
 * ```
 * @since 0.1.0
 */
export type KubernetesNetworkPolicy = t.TypeOf<typeof KubernetesNetworkPolicy>

/**
 * Decodes, validates and defaults a Kubernetes NetworkPolicy (see {@link KubernetesNetworkPolicy}).
 * @example
 * ```ts
 * decodeKubernetesNetworkPolicy({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' },
 *   spec: { ingress: [{ from: [{}] }] } })
 * // left([{ _tag: 'Invalid', path: ['spec', 'ingress', 0, 'from', 0], message: 'must specify a peer' }])
 * ```
 * @since 0.1.0
 */
export const decodeKubernetesNetworkPolicy: (u: unknown) => Either<ReadonlyNonEmptyArray<CalicoError>, KubernetesNetworkPolicy> =
  decodeWith(KubernetesNetworkPolicy)

/**
 * Same as {@link decodeKubernetesNetworkPolicy}.
 * @example
 * ```ts
 * decode({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' } })
 * ```
 * @since 0.1.0
 */
export const decode = decodeKubernetesNetworkPolicy
