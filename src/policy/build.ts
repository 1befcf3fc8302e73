/**
 * `build`: one node's {@link World} from the cluster's resources. Everything is normalised and
 * resolved here (§2–§5): settings, tiers, profiles (generated `kns.`/`ksa.` ones included), label
 * inheritance, IP sets, rewritten selectors, compiled rules, each local endpoint's lists, and the
 * binding of host endpoints to interfaces.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import type { CalicoError, Path } from '../errors.js'
import { withOrigin } from '../errors.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import type { FelixConfiguration } from '../model/felix-configuration.js'
import type { HostEndpoint } from '../model/host-endpoint.js'
import type { Namespace } from '../model/namespace.js'
import type { Profile as ProfileResource } from '../model/profile.js'
import type { Rule as ApiRule } from '../model/rule.js'
import type { ServiceAccount } from '../model/service-account.js'
import type { Tier as TierResource } from '../model/tier.js'
import type { WorkloadEndpoint } from '../model/workload-endpoint.js'
import { compile } from '../selector/match.js'
import { selectorFieldErrors } from '../selector/resource-selectors.js'
import { bind } from './binding.js'
import { buildInputErrors } from './interfaces.js'
import { empty as emptyIndex } from '../selector/label-index.js'
import { addItems, emptyTable, parseRewritten, registry, release, snapshot, type Item, type SetRef, type SetTable } from './ip-sets.js'
import type { Resource } from '../model/resource.js'
import { itemInput, policyInput, resourceKey, storeKey, type ItemInput, type PolicyInput } from './inputs.js'
import { effectiveLabels, type Labels } from './labels.js'
import { endpointLists } from './lists.js'
import { defaultAllowProfile, missingProfile, namespaceProfile, serviceAccountProfile, type ProfileInput } from './profiles.js'
import { empty as emptyMap, entries, get, set as setEntry, type PMap } from './pmap.js'
import { compileRules } from './rules.js'
import { entityRuleSelector, foldNotSelector, policySelector } from './selector-rewrite.js'
import { resolveSettings, type FelixOverrides } from './settings.js'
import type { Endpoint, HostInterface, Policy, Profile, Settings, Tier, World } from './world.js'
import { pushAll } from '../internal/array.js'

/**
 * What `build` needs: the resources as `load` or `Model.decodeResource` returns them (any order; a
 * later resource with the same kind, namespace and name replaces an earlier one), the node whose
 * view to build, the node's host interfaces with their addresses (`10.0.0.2` or `10.0.0.2/24`), and optional felix setting overrides (FelixConfiguration spec fields,
 * e.g. `{ defaultEndpointToHostAction: 'Accept' }` or `{ DefaultEndpointToHostAction: 'Accept' }`).
 * @since 0.1.0
 */
export interface BuildInput {
  readonly resources: ReadonlyArray<Resource>
  readonly node: string
  readonly interfaces: ReadonlyArray<HostInterface>
  readonly felixConfig?: FelixOverrides
}

/** A compiled policy and the IP sets its rules hold a reference to. @internal */
export interface CompiledPolicy {
  readonly policy: Policy
  readonly matcher: (labels: Labels) => boolean
  readonly sets: ReadonlyArray<SetRef>
}

/** @internal */
export interface Local {
  readonly resource: HostEndpoint | WorkloadEndpoint
  readonly labels: Labels
  readonly matching: ReadonlyArray<string>
  readonly endpoint: Endpoint
  /** The profile inputs behind `endpoint.profiles` (each holds one use of its compiled profile). */
  readonly profileInputs: ReadonlyArray<ProfileInput>
}

/** A compiled profile, the IP sets its rules hold, and how many local endpoints use it. @internal */
export interface CompiledProfile {
  readonly profile: Profile
  readonly sets: ReadonlyArray<SetRef>
  users: number
}

/**
 * Caches shared along a lineage of worlds; only the newest world may mutate them. Everything in
 * them is reference-counted by the newest world's policies and local endpoints, so they hold
 * no more than a fresh build of that world's resources would. @internal
 */
export interface Shared {
  owner: State | undefined
  readonly table: SetTable
  readonly compiledProfiles: Map<ProfileInput, CompiledProfile>
  readonly items: Map<string, ItemInput>
  /** Placeholders for profiles named by an endpoint but not defined, by name. */
  readonly missingProfiles: Map<string, ProfileInput>
}

/**
 * The builder state kept in a world for `update`.
 * @internal
 */
export interface State {
  readonly input: BuildInput
  readonly store: PMap<Resource>
  readonly settings: Settings
  readonly tiers: ReadonlyMap<string, Tier>
  readonly profiles: ReadonlyMap<string, ProfileInput>
  /** By store key; persistent, so that an update copies nothing of it. */
  readonly policies: PMap<CompiledPolicy>
  readonly local: ReadonlyMap<string, Local>
  readonly shared: Shared
}

const BUILTIN_TIERS: ReadonlyArray<Tier> = [
  { name: 'kube-admin', order: 1000, exists: true, defaultAction: 'Pass' },
  { name: 'default', order: 1_000_000, exists: true, defaultAction: 'Deny' },
  { name: 'kube-baseline', order: 10_000_000, exists: true, defaultAction: 'Pass' },
]

const originOf = (r: Resource) => {
  const namespace = (r.metadata as { readonly namespace?: string }).namespace
  return { kind: r.kind, name: r.metadata.name, ...(namespace === undefined ? {} : { namespace }) }
}

/** @internal */
export const tiersOf = (store: PMap<Resource>): ReadonlyMap<string, Tier> => {
  const tiers = new Map<string, Tier>(BUILTIN_TIERS.map((t) => [t.name, t]))
  for (const [, r] of entries(store)) {
    if (r.kind !== 'Tier') continue
    const t = r as TierResource
    tiers.set(t.metadata.name, { name: t.metadata.name, order: t.spec.order, exists: true, defaultAction: t.spec.defaultAction === 'Pass' ? 'Pass' : 'Deny' })
  }
  return tiers
}

/** @internal */
export const profilesOf = (store: PMap<Resource>): ReadonlyMap<string, ProfileInput> => {
  const out = new Map<string, ProfileInput>([[defaultAllowProfile.name, defaultAllowProfile]])
  for (const [, r] of entries(store)) {
    if (r.kind === 'Namespace') {
      const n = r as Namespace
      const p = namespaceProfile(n.metadata.name, n.metadata.labels ?? {})
      out.set(p.name, p)
    } else if (r.kind === 'ServiceAccount') {
      const s = r as ServiceAccount
      const p = serviceAccountProfile((s.metadata as { readonly namespace?: string }).namespace ?? 'default', s.metadata.name, s.metadata.labels ?? {})
      out.set(p.name, p)
    }
  }
  for (const [, r] of entries(store)) {
    if (r.kind !== 'Profile') continue
    const p = r as ProfileResource
    out.set(p.metadata.name, profileFromResource(p))
  }
  return out
}

const profileFromResource = (p: ProfileResource): ProfileInput => ({
  name: p.metadata.name,
  ingress: p.spec.ingress ?? [],
  egress: p.spec.egress ?? [],
  labelsToApply: p.spec.labelsToApply ?? {},
})

/** The profile felix knows under `name` in this store (resource, generated, or built-in). @internal */
export const profileFor = (store: PMap<Resource>, name: string): ProfileInput | undefined => {
  const explicit = get(store, storeKey('Profile', name))
  if (explicit !== undefined) return profileFromResource(explicit as ProfileResource)
  if (name.startsWith('kns.')) {
    const n = get(store, storeKey('Namespace', name.slice(4))) as Namespace | undefined
    return n === undefined ? undefined : namespaceProfile(n.metadata.name, n.metadata.labels ?? {})
  }
  if (name.startsWith('ksa.')) {
    const dot = name.indexOf('.', 4)
    if (dot < 0) return undefined
    const sa = get(store, storeKey('ServiceAccount', name.slice(dot + 1), name.slice(4, dot))) as ServiceAccount | undefined
    return sa === undefined ? undefined : serviceAccountProfile(name.slice(4, dot), sa.metadata.name, sa.metadata.labels ?? {})
  }
  return name === defaultAllowProfile.name ? defaultAllowProfile : undefined
}

/** @internal */
export const settingsOf = (store: PMap<Resource>, input: BuildInput): Either<ReadonlyNonEmptyArray<CalicoError>, Settings> =>
  resolveSettings(
    [...entries(store)].map(([, r]) => r).filter((r): r is FelixConfiguration => r.kind === 'FelixConfiguration'),
    input.node,
    input.felixConfig,
  )

/** @internal */
export const itemOf = (key: string, input: ItemInput, profiles: ReadonlyMap<string, ProfileInput>): Item => ({
  key,
  labels: effectiveLabels(
    input.labels,
    input.parents.map((p) => profiles.get(p)?.labelsToApply),
  ),
  addresses: input.addresses,
  ports: input.ports,
})

/** Syntax errors, and keys too long once Calico prefixes them (`pcns.`/`pcsa.`), at `path`. */
const selectorErrors = (text: string, path: Path): ReadonlyArray<CalicoError> => (text === '' ? [] : selectorFieldErrors(text, path))

const ruleSelectorErrors = (rules: ReadonlyArray<ApiRule>, path: Path): ReadonlyArray<CalicoError> =>
  rules.flatMap((rule, i) =>
    (['source', 'destination'] as const).flatMap((side) => {
      const e = rule[side]
      if (e === undefined) return []
      const at = [...path, i, side]
      return [
        ...selectorErrors(e.selector ?? '', [...at, 'selector']),
        ...selectorErrors(e.notSelector ?? '', [...at, 'notSelector']),
        ...selectorErrors(e.namespaceSelector ?? '', [...at, 'namespaceSelector']),
        ...selectorErrors(e.serviceAccounts?.selector ?? '', [...at, 'serviceAccounts', 'selector']),
      ]
    }),
  )

/** Checks that every selector a policy or profile uses parses (V37). @internal */
export const policyErrors = (p: PolicyInput, r: Resource): ReadonlyArray<CalicoError> =>
  [
    ...selectorErrors(p.selector, ['spec', 'selector']),
    ...selectorErrors(p.namespaceSelector, ['spec', 'namespaceSelector']),
    ...selectorErrors(p.serviceAccountSelector, ['spec', 'serviceAccountSelector']),
    ...ruleSelectorErrors(p.ingress, ['spec', 'ingress']),
    ...ruleSelectorErrors(p.egress, ['spec', 'egress']),
  ].map(withOrigin(originOf(r)))

/** @internal */
export const profileErrors = (r: Resource): ReadonlyArray<CalicoError> => {
  if (r.kind !== 'Profile') return []
  const p = r as ProfileResource
  return [...ruleSelectorErrors(p.spec.ingress ?? [], ['spec', 'ingress']), ...ruleSelectorErrors(p.spec.egress ?? [], ['spec', 'egress'])].map(withOrigin(originOf(r)))
}

/** Compiles a policy, registering its IP sets. @internal */
export const compilePolicy = (p: PolicyInput, table: SetTable): CompiledPolicy => {
  const namespace = p.key.namespace ?? ''
  const selector = policySelector(
    { selector: p.selector, namespaceSelector: p.namespaceSelector, serviceAccountSelector: p.serviceAccountSelector },
    p.key.namespace,
  )
  const sets: Array<SetRef> = []
  const reg = registry(table, sets)
  const policy: Policy = {
    key: p.key,
    tier: p.tier,
    order: p.order,
    selector,
    governsIngress: p.types.includes('Ingress'),
    governsEgress: p.types.includes('Egress'),
    staged: p.key.kind.startsWith('Staged'),
    doNotTrack: p.doNotTrack,
    preDnat: p.preDnat,
    applyOnForward: p.applyOnForward,
    ingress: compileRules(p.ingress, namespace, reg),
    egress: compileRules(p.egress, namespace, reg),
  }
  // policyErrors has checked every field this text is made from, so it parses.
  return { policy, matcher: compile(parseRewritten(selector === '' ? 'all()' : selector)), sets }
}

const compileProfile = (shared: Shared, input: ProfileInput, missing: boolean): Profile => {
  let p = shared.compiledProfiles.get(input)
  if (p === undefined) {
    const sets: Array<SetRef> = []
    const reg = registry(shared.table, sets)
    const profile = { name: input.name, missing, labels: input.labelsToApply, ingress: compileRules(input.ingress, '', reg), egress: compileRules(input.egress, '', reg) }
    shared.compiledProfiles.set(input, (p = { profile, sets, users: 0 }))
  }
  return p.profile
}

/**
 * Puts a local endpoint in (or, with `undefined`, takes it out of) a world's map, keeping the
 * use counts of compiled profiles: a profile no local endpoint uses is forgotten, with its IP
 * sets. @internal
 */
export const putLocal = (shared: Shared, local: Map<string, Local>, key: string, next: Local | undefined): void => {
  const old = local.get(key)
  if (next === undefined) local.delete(key)
  else {
    for (const input of next.profileInputs) (shared.compiledProfiles.get(input) as CompiledProfile).users++
    local.set(key, next)
  }
  if (old === undefined) return
  for (const input of old.profileInputs) {
    const p = shared.compiledProfiles.get(input)
    if (p === undefined || --p.users > 0) continue
    shared.compiledProfiles.delete(input)
    release(shared.table, p.sets)
    if (shared.missingProfiles.get(input.name) === input) shared.missingProfiles.delete(input.name)
  }
}

const missingInput = (shared: Shared, name: string): ProfileInput => {
  let p = shared.missingProfiles.get(name)
  if (p === undefined) shared.missingProfiles.set(name, (p = missingProfile(name)))
  return p
}

/** Computes a local endpoint from its resource. @internal */
export const localEndpoint = (
  r: HostEndpoint | WorkloadEndpoint,
  labels: Labels,
  matching: ReadonlyArray<string>,
  policies: PMap<CompiledPolicy>,
  tiers: ReadonlyMap<string, Tier>,
  profiles: ReadonlyMap<string, ProfileInput>,
  shared: Shared,
): Local => {
  const lists = endpointLists(
    matching.map((k) => (get(policies, k) as CompiledPolicy).policy),
    tiers,
  )
  const names = r.spec.profiles ?? []
  const profileInputs: Array<ProfileInput> = []
  const profs = names.map((n) => {
    const input = profiles.get(n)
    const used = input ?? missingInput(shared, n)
    profileInputs.push(used)
    return compileProfile(shared, used, input === undefined)
  })
  const isHep = r.kind === 'HostEndpoint'
  const namespace = (r.metadata as { readonly namespace?: string }).namespace
  const endpoint: Endpoint = {
    kind: isHep ? 'HostEndpoint' : 'WorkloadEndpoint',
    name: r.metadata.name,
    ...(isHep || namespace === undefined ? {} : { namespace }),
    interfaceName: r.spec.interfaceName ?? '',
    labels,
    untracked: lists.untracked,
    preDnat: lists.preDnat,
    forward: lists.forward,
    normal: lists.normal,
    profiles: profs,
    profileIndex: lists.profileIndex,
  }
  return { resource: r, labels, matching, endpoint, profileInputs }
}

/** The policies (store keys) whose selector matches the labels. @internal */
export const matchingPolicies = (labels: Labels, policies: PMap<CompiledPolicy>): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (const [k, c] of entries(policies)) if (c.matcher(labels)) out.push(k)
  return out
}

/** Whether a resource is an endpoint of this node. @internal */
export const isLocal = (r: Resource, node: string): r is HostEndpoint | WorkloadEndpoint =>
  (r.kind === 'HostEndpoint' && (r as HostEndpoint).spec.node === node) ||
  (r.kind === 'WorkloadEndpoint' && (r as WorkloadEndpoint).spec.node === node && ((r as WorkloadEndpoint).spec.ipNetworks ?? []).length > 0)

/**
 * Assembles the world from a state. The endpoint maps and the interface binding depend only on
 * the local endpoints, the interfaces and the settings: when `previous` has the same ones they
 * are reused. @internal
 */
export const worldOf = (state: State, previous?: World): World => {
  const prev = previous?.state as State | undefined
  const same = prev !== undefined && prev.local === state.local && prev.input.interfaces === state.input.interfaces && prev.settings === state.settings
  const endpoints = same ? { hostEndpoints: (previous as World).hostEndpoints, workloads: (previous as World).workloads } : endpointsOf(state)
  return {
    node: state.input.node,
    settings: state.settings,
    interfaces: state.input.interfaces,
    sets: snapshot(state.shared.table),
    ...endpoints,
    state,
  }
}

const endpointsOf = (state: State): Pick<World, 'hostEndpoints' | 'workloads'> => {
  const heps = [...state.local.values()].filter((l) => l.endpoint.kind === 'HostEndpoint')
  const wl = (name: string) => state.settings.interfacePrefixes.some((p) => name.startsWith(p))
  const binding = bind(
    state.input.interfaces,
    heps.map((l) => ({
      name: l.endpoint.name,
      interfaceName: l.endpoint.interfaceName,
      expectedIPs: (l.resource as HostEndpoint).spec.expectedIPs ?? [],
    })),
    wl,
    state.settings.interfaceExclude,
  )
  const byName = new Map(heps.map((l) => [l.endpoint.name, l.endpoint]))
  const pick = (m: ReadonlyMap<string, string>) => new Map([...m].map(([iface, name]) => [iface, byName.get(name) as Endpoint]))
  const workloads = new Map<string, Endpoint>()
  const weps = [...state.local].filter(([, l]) => l.endpoint.kind === 'WorkloadEndpoint')
  // the store key orders workloads sharing an interface name (the first one wins)
  weps.sort(([a], [b]) => (a < b ? -1 : 1))
  for (const [, l] of weps) if (!workloads.has(l.endpoint.interfaceName)) workloads.set(l.endpoint.interfaceName, l.endpoint)
  return {
    hostEndpoints: {
      byInterface: pick(binding.byInterface),
      byName: pick(binding.byName),
      wildcard: binding.wildcard === undefined ? undefined : byName.get(binding.wildcard),
    },
    workloads,
  }
}

/** Builds the state from a store. @internal */
export const buildState = (store: PMap<Resource>, input: BuildInput): Either<ReadonlyNonEmptyArray<CalicoError>, State> => {
  const settings = settingsOf(store, input)
  const errors: Array<CalicoError> = E.isLeft(settings) ? [...settings.left] : []
  const tiers = tiersOf(store)
  const profiles = profilesOf(store)
  const table = emptyTable(emptyIndex)
  const items = new Map<string, ItemInput>()
  const shared: Shared = { owner: undefined, table, compiledProfiles: new Map(), items, missingProfiles: new Map() }
  const all = [...entries(store)]
  const initial: Array<readonly [string, Item]> = []
  for (const [k, r] of all) {
    const it = itemInput(r)
    if (it === undefined) continue
    items.set(k, it)
    initial.push([k, itemOf(k, it, profiles)])
  }
  addItems(table, initial)
  let policies = emptyMap<CompiledPolicy>()
  for (const [k, r] of all) {
    pushAll(errors, profileErrors(r))
    const p = policyInput(r)
    if (p === undefined) continue
    const errs = policyErrors(p, r)
    if (errs.length > 0) {
      pushAll(errors, errs)
      continue
    }
    policies = setEntry(policies, k, compilePolicy(p, table))
  }
  if (errors.length > 0) return E.left(errors as unknown as ReadonlyNonEmptyArray<CalicoError>)
  const local = new Map<string, Local>()
  for (const [k, r] of all) {
    if (!isLocal(r, input.node)) continue
    const labels = (table.items.get(k) as Item).labels
    putLocal(shared, local, k, localEndpoint(r, labels, matchingPolicies(labels, policies), policies, tiers, profiles, shared))
  }
  const state: State = { input, store, settings: (settings as { readonly right: Settings }).right, tiers, profiles, policies, local, shared }
  shared.owner = state
  return E.right(state)
}

/**
 * Builds one node's view of the cluster: validates every selector (errors carry the resource and
 * field path), resolves felix's settings, tiers, profiles, labels and IP sets, compiles every
 * policy and profile, computes each local endpoint's policy lists and binds host endpoints to
 * the node's interfaces. The result is immutable; use `Policy.update` to change it.
 *
 * The options are checked first: `resources` must be an array of resources that came from
 * `load` or `Model.decodeResource` (they are not re-validated; anything else that makes the build
 * fail is reported as an `Invalid` error rather than thrown), and each interface needs a name
 * Linux accepts (1–15 bytes; no white space, control characters, `/` or `:`) and addresses
 * that are IPv4 or IPv6 addresses, optionally with a prefix length as `ip addr` prints them
 * (`10.0.0.2/24` is the address `10.0.0.2`). Every problem is reported with its path, e.g.
 * `interfaces[0].addresses[1]`.
 * @example
 * ```ts
 * const world = Policy.build({ resources, node: 'node-1', interfaces: [{ name: 'eth0', addresses: ['10.0.0.1'] }] })
 * ```
 * @since 0.1.0
 */
export const build = (input: BuildInput): Either<ReadonlyNonEmptyArray<CalicoError>, World> => {
  const shape = buildInputErrors(input)
  if (shape.length > 0) return E.left(shape as unknown as ReadonlyNonEmptyArray<CalicoError>)
  return guarded('Policy.build', () => {
    let store = emptyMap<Resource>()
    for (const r of input.resources) store = setEntry(store, resourceKey(r), r)
    const state = buildState(store, input)
    return E.isLeft(state) ? state : E.right(worldOf(state.right))
  })
}

/**
 * Runs `f`, turning an exception (a resource that did not come from `load`/`Model.decodeResource`,
 * or a bug) into an `Invalid` error instead of throwing at the caller. @internal
 */
export const guarded = <A>(
  what: string,
  f: () => Either<ReadonlyNonEmptyArray<CalicoError>, A>,
  onThrow: () => void = () => undefined,
): Either<ReadonlyNonEmptyArray<CalicoError>, A> => {
  try {
    return f()
  } catch (e) {
    onThrow()
    const message = String(e instanceof Error ? e.message : e).split('\n')[0]?.slice(0, 200) ?? ''
    return E.left([
      { _tag: 'Invalid', path: [], message: `${what} failed (were the resources decoded by load or Model.decodeResource?): ${message}` },
    ])
  }
}

/** Exposes selector folding for tests of rule-side selectors. @internal */
export const ruleSideSelector = (e: NonNullable<ApiRule['source']>, namespace: string) => foldNotSelector(entityRuleSelector(e, namespace), e.notSelector ?? '')

