/**
 * `update`: a new {@link World} after one change, reusing everything the change does not touch.
 *
 * The resources are kept in a persistent map, so every world keeps its own view. The expensive
 * derived data (the label index and the IP-set members) is shared along a lineage of worlds and
 * only the newest world of the lineage advances it; updating an older world falls back to a
 * full rebuild, so results never depend on which world an update starts from.
 * @module
 */
import type { CalicoError } from '../errors.js'
import { E, type Either, type ReadonlyNonEmptyArray } from '../internal/fp.js'
import { kindOf, type Resource, type ResourceKind } from '../model/resource.js'
import {
  buildState,
  guarded,
  compilePolicy,
  isLocal,
  itemOf,
  localEndpoint,
  matchingPolicies,
  policyErrors,
  profileErrors,
  profileFor,
  putLocal,
  settingsOf,
  tiersOf,
  worldOf,
  type Local,
  type State,
} from './build.js'
import { interfaceErrors } from './interfaces.js'
import { itemInput, policyInput, resourceKey, storeKey } from './inputs.js'
import { needsCompaction, release, setItem } from './ip-sets.js'
import { get, remove, set } from './pmap.js'
import type { HostInterface, World } from './world.js'

/**
 * One change to the cluster or the node: a resource created or replaced, a resource deleted
 * (Kubernetes NetworkPolicies are `kind: 'KubernetesNetworkPolicy'`; `namespace` defaults to
 * `default` for namespaced kinds), or the node's interfaces changed.
 * @since 0.1.0
 */
export type Change =
  | { readonly _tag: 'Upsert'; readonly resource: Resource }
  | { readonly _tag: 'Remove'; readonly kind: ResourceKind; readonly name: string; readonly namespace?: string }
  | { readonly _tag: 'Interfaces'; readonly interfaces: ReadonlyArray<HostInterface> }

const NAMESPACED: ReadonlySet<string> = new Set([
  'WorkloadEndpoint',
  'NetworkPolicy',
  'StagedNetworkPolicy',
  'StagedKubernetesNetworkPolicy',
  'KubernetesNetworkPolicy',
  'NetworkSet',
  'ServiceAccount',
])

const POLICY_KINDS: ReadonlySet<string> = new Set([
  'GlobalNetworkPolicy',
  'NetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'StagedNetworkPolicy',
  'StagedKubernetesNetworkPolicy',
  'KubernetesNetworkPolicy',
])

const ITEM_KINDS: ReadonlySet<string> = new Set(['WorkloadEndpoint', 'HostEndpoint', 'NetworkSet', 'GlobalNetworkSet'])

const left = (errors: ReadonlyArray<CalicoError>) => E.left(errors as unknown as ReadonlyNonEmptyArray<CalicoError>)

/**
 * Makes `next` the newest world of its lineage. When the IP-set table holds more dead slots than
 * live sets (after many changes of rule selectors), the world is rebuilt from its store instead,
 * renumbering the sets, so that `World.sets` stays within twice a fresh build's size.
 */
const advance = (prev: World | undefined, next: State): World => {
  next.shared.owner = next
  if (needsCompaction(next.shared.table)) {
    const rebuilt = buildState(next.store, next.input)
    if (E.isRight(rebuilt)) return worldOf(rebuilt.right)
  }
  return worldOf(next, prev)
}

/** Recomputes the given local endpoints (re-matching policies when `rematch`). */
const refresh = (s: State, keys: Iterable<string>, rematch: boolean): ReadonlyMap<string, Local> => {
  const local = new Map(s.local)
  for (const k of keys) {
    const l = s.local.get(k)
    if (l === undefined) continue
    const labels = s.shared.table.items.get(k)?.labels ?? l.labels
    const matching = rematch ? matchingPolicies(labels, s.policies) : l.matching
    putLocal(s.shared, local, k, localEndpoint(l.resource, labels, matching, s.policies, s.tiers, s.profiles, s.shared))
  }
  return local
}

const updatePolicy = (world: World, s: State, key: string, r: Resource | undefined): Either<ReadonlyNonEmptyArray<CalicoError>, World> => {
  const input = r === undefined ? undefined : policyInput(r)
  if (input !== undefined && r !== undefined) {
    const errs = policyErrors(input, r)
    if (errs.length > 0) return left(errs)
  }
  const compiled = input === undefined ? undefined : compilePolicy(input, s.shared.table)
  const policies = compiled === undefined ? remove(s.policies, key) : set(s.policies, key, compiled)
  // after the new rules took their references, so that sets they share survive
  const old = get(s.policies, key)
  if (old !== undefined) release(s.shared.table, old.sets)
  // the local map is copied only if some local endpoint is affected (then the world's endpoint
  // maps are recomputed; otherwise they are reused)
  let local: Map<string, Local> | undefined
  for (const [k, l] of s.local) {
    const was = l.matching.includes(key)
    const is = compiled !== undefined && compiled.matcher(l.labels)
    if (!was && !is) continue
    const matching = l.matching.filter((m) => m !== key)
    if (is) matching.push(key)
    local ??= new Map(s.local)
    putLocal(s.shared, local, k, localEndpoint(l.resource, l.labels, matching, policies, s.tiers, s.profiles, s.shared))
  }
  return E.right(advance(world, { ...s, policies, local: local ?? s.local }))
}

const updateItem = (s: State, key: string, r: Resource | undefined): State => {
  const input = r === undefined ? undefined : itemInput(r)
  if (input === undefined) s.shared.items.delete(key)
  else s.shared.items.set(key, input)
  setItem(s.shared.table, key, input === undefined ? undefined : itemOf(key, input, s.profiles))
  const wasLocal = s.local.has(key)
  const isLoc = r !== undefined && isLocal(r, s.input.node)
  if (!wasLocal && !isLoc) return s
  const local = new Map(s.local)
  if (isLoc) {
    const labels = s.shared.table.items.get(key)?.labels ?? {}
    putLocal(s.shared, local, key, localEndpoint(r, labels, matchingPolicies(labels, s.policies), s.policies, s.tiers, s.profiles, s.shared))
  } else putLocal(s.shared, local, key, undefined)
  return { ...s, local }
}

const sameLabels = (a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean => {
  const ka = Object.keys(a ?? {})
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => (a ?? {})[k] === (b ?? {})[k])
}

const updateProfiles = (s: State, name: string): State => {
  const profile = profileFor(s.store, name)
  const profiles = new Map(s.profiles)
  if (profile === undefined) profiles.delete(name)
  else profiles.set(name, profile)
  const next: State = { ...s, profiles }
  if (!sameLabels(profile?.labelsToApply, s.profiles.get(name)?.labelsToApply)) {
    // every item inheriting from the profile gets new effective labels
    for (const [k, input] of s.shared.items) {
      if (!input.parents.includes(name)) continue
      setItem(s.shared.table, k, itemOf(k, input, profiles))
    }
  }
  const affected = [...s.local].filter(([, l]) => (l.resource.spec.profiles ?? []).includes(name)).map(([k]) => k)
  return { ...next, local: refresh(next, affected, true) }
}

/**
 * Applies one change to a world built by `Policy.build`, returning the new world (the given one
 * is unchanged). Only what the change touches is recomputed: a policy is recompiled and re-matched
 * against the local endpoints; an endpoint or network set updates the IP sets it enters or
 * leaves; a profile, namespace or service account re-labels the items inheriting from it; a tier
 * or FelixConfiguration recomputes the local endpoints' lists or the settings. Evaluating the
 * result gives the same verdicts as rebuilding from scratch.
 * @example
 * ```ts
 * const next = Policy.update(world)({ _tag: 'Remove', kind: 'GlobalNetworkPolicy', name: 'allow-ssh' })
 * ```
 * @since 0.1.0
 */
export const update =
  (world: World) =>
  (change: Change): Either<ReadonlyNonEmptyArray<CalicoError>, World> => {
    const s = world.state as State | undefined
    if (s === undefined) return left([{ _tag: 'Invalid', path: [], message: 'this world was not made by Policy.build and cannot be updated' }])
    // a change that failed half-way may have left the shared caches inconsistent: the next
    // update of any world of this lineage then rebuilds from its own store
    return guarded('Policy.update', () => apply(world, s, change), () => (s.shared.owner = undefined))
  }

const apply = (world: World, s: State, change: Change): Either<ReadonlyNonEmptyArray<CalicoError>, World> => {
  if (change._tag === 'Interfaces') {
    const errs = interfaceErrors(change.interfaces)
    if (errs.length > 0) return left(errs)
    const input = { ...s.input, interfaces: change.interfaces }
    if (s.shared.owner !== s) {
      const rebuilt = buildState(s.store, input)
      return E.isLeft(rebuilt) ? rebuilt : E.right(advance(undefined, rebuilt.right))
    }
    return E.right(advance(world, { ...s, input }))
  }
  const resource = change._tag === 'Upsert' ? change.resource : undefined
  const kind: string = resource !== undefined ? kindOf(resource) : (change as { readonly kind: ResourceKind }).kind
  const key =
    resource !== undefined
      ? resourceKey(resource)
      : storeKey(kind, (change as { readonly name: string }).name, NAMESPACED.has(kind) ? ((change as { readonly namespace?: string }).namespace ?? 'default') : undefined)
  if (resource === undefined && get(s.store, key) === undefined) return E.right(world)
  const store = resource === undefined ? remove(s.store, key) : set(s.store, key, resource)
  if (s.shared.owner !== s) {
    const rebuilt = buildState(store, s.input)
    return E.isLeft(rebuilt) ? rebuilt : E.right(advance(undefined, rebuilt.right))
  }
  const base: State = { ...s, store }
  if (resource !== undefined) {
    const errs = profileErrors(resource)
    if (errs.length > 0) return left(errs)
  }
  if (POLICY_KINDS.has(kind)) return updatePolicy(world, base, key, resource)
  if (ITEM_KINDS.has(kind)) return E.right(advance(world, updateItem(base, key, resource)))
  switch (kind) {
    case 'Tier': {
      const next = { ...base, tiers: tiersOf(store) }
      return E.right(advance(world, { ...next, local: refresh(next, s.local.keys(), false) }))
    }
    case 'FelixConfiguration': {
      const settings = settingsOf(store, s.input)
      return E.isLeft(settings) ? settings : E.right(advance(world, { ...base, settings: settings.right }))
    }
    case 'Profile':
      return E.right(advance(world, updateProfiles(base, key.slice(key.lastIndexOf('/') + 1))))
    case 'Namespace':
      return E.right(advance(world, updateProfiles(base, `kns.${key.slice(key.lastIndexOf('/') + 1)}`)))
    case 'ServiceAccount': {
      const [, namespace, name] = key.split('/')
      return E.right(advance(world, updateProfiles(base, `ksa.${namespace ?? 'default'}.${name ?? ''}`)))
    }
    default:
      return E.right(advance(world, base))
  }
}
