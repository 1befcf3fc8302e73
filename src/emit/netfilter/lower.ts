/**
 * Lowering a World into the netfilter IR, once for both backends (felix's `felix/rules`
 * renderer): per family, the raw, mangle and filter tables with felix's static chains, dispatch
 * chains, endpoint chains, policy and profile chains and failsafe chains, keeping only chains
 * reachable from the kernel hooks (as felix's table ref-counting does), plus the IP sets the
 * rules reference. Backend differences that felix makes inside its renderer (the chain-name
 * length limit) are options.
 * @module
 */
import type { CalicoError, Path } from '../../errors.js'
import { E, type Either } from '../../internal/fp.js'
import { prefixesOf } from '../../policy/member-set.js'
import { rulesFor, shortKind, type Endpoint, type Policy, type PolicyStage, type Profile, type SetId, type World } from '../../policy/world.js'
import { makeUniqueId } from '../../selector/unique-id.js'
import { chainNames, IPTABLES_CHAIN_NAME_LIMIT, type EndpointChainPrefix } from './chain-names.js'
import { formatPrefix, isHostPrefix } from './cidrs.js'
import { dispatchChains } from './dispatch.js'
import { endpointChain, type EndpointChainSpec, type EndpointContext, type PolicyJump } from './endpoint-chains.js'
import type { Action, Chain, EndpointRef, Hook, IpFamily, IpSetDef, IpSetRef, Program, Rule, Ruleset, Table, TableName } from './ir.js'
import { allocateMarks, DEFAULT_MARK_MASK, type Marks } from './marks.js'
import { lowerRules, type RuleContext } from './policy-rules.js'
import { failsafeChains, staticChains } from './static-chains.js'

/**
 * Options of the lowering; the defaults are felix's.
 * @since 0.2.0
 */
export interface LowerOptions {
  /** The backend's chain-name limit: 28 for iptables (default), 256 for nftables. */
  readonly chainNameLimit?: number
  /** FelixConfiguration `iptablesMarkMask` (default `0xffff0000`). */
  readonly markMask?: number
  /** FelixConfiguration `iptablesFilterDenyAction` (default `Drop`). */
  readonly denyAction?: 'Drop' | 'Reject'
  /** FelixConfiguration `logPrefix` (default `calico-packet`), with `%t %k %n %p` expanded. */
  readonly logPrefix?: string
}

const IFACE = /^[A-Za-z0-9_.@-]{1,15}$/

const invalid = (path: Path, message: string): CalicoError => ({ _tag: 'Invalid', path, message })

/** Interface names and prefixes reach the restore text verbatim, so only safe ones pass. */
const checkInterfaces = (w: World): ReadonlyArray<CalicoError> => {
  const errors: Array<CalicoError> = []
  const check = (name: string, path: Path): void => {
    if (!IFACE.test(name)) errors.push(invalid(path, `interface name ${JSON.stringify(name)} is not 1-15 characters of letters, digits, '_', '.', '@' or '-'`))
  }
  w.settings.interfacePrefixes.forEach((p, i) => check(p, ['settings', 'interfacePrefixes', i]))
  for (const iface of w.workloads.keys()) check(iface, ['workloads', iface])
  for (const iface of w.hostEndpoints.byInterface.keys()) check(iface, ['hostEndpoints', iface])
  for (const iface of w.hostEndpoints.byName.keys()) check(iface, ['hostEndpoints', iface])
  return errors
}

const sorted = (xs: Iterable<string>): Array<string> => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

const isWorkloadIface = (w: World, name: string): boolean => w.settings.interfacePrefixes.some((p) => name.startsWith(p))

const hasUntracked = (ep: Endpoint): boolean => ep.untracked.ingress.length > 0 || ep.untracked.egress.length > 0
const hasPreDnat = (ep: Endpoint): boolean => ep.preDnat.ingress.length > 0 || ep.preDnat.egress.length > 0

const refOf = (ep: Endpoint, iface: string): EndpointRef => ({
  kind: ep.kind,
  name: ep.name,
  ...(ep.namespace === undefined ? {} : { namespace: ep.namespace }),
  interface: iface,
})

/** The named host endpoints by interface (never workload interfaces), in name order. */
const namedHeps = (w: World): ReadonlyArray<readonly [string, Endpoint]> => {
  const out: Array<readonly [string, Endpoint]> = []
  const names = new Set([...w.hostEndpoints.byInterface.keys(), ...w.hostEndpoints.byName.keys()])
  for (const iface of sorted(names)) {
    if (iface === '' || iface === '*' || isWorkloadIface(w, iface)) continue
    const ep = w.hostEndpoints.byInterface.get(iface) ?? w.hostEndpoints.byName.get(iface)
    if (ep !== undefined) out.push([iface, ep])
  }
  return out
}

const expandLogPrefix = (template: string, tier: string, kind: string, name: string, namespace: string | undefined): string =>
  template.includes('%')
    ? template.replace(/%[tknp]/g, (spec) => (spec === '%t' ? tier : spec === '%k' ? kind : spec === '%n' ? name : namespace === undefined || namespace === '' ? name : `${namespace}/${name}`))
    : template

interface PolicyRef {
  readonly policy: Policy
  readonly tier: string
  readonly direction: 'ingress' | 'egress'
  readonly stages: Set<PolicyStage>
}

interface ProfileRef {
  readonly profile: Profile
  readonly direction: 'ingress' | 'egress'
}

/** Keeps the chains reachable from the hooks, in their original order. */
const reachable = (chains: ReadonlyArray<Chain>, hooks: ReadonlyArray<Hook>): ReadonlyArray<Chain> => {
  const byName = new Map(chains.map((c) => [c.name, c]))
  const seen = new Set<string>()
  const visit = (rules: ReadonlyArray<Rule>): void => {
    for (const r of rules) {
      if (r.action._tag !== 'Jump' && r.action._tag !== 'Goto') continue
      const target = r.action.chain
      if (seen.has(target)) continue
      const c = byName.get(target)
      if (c === undefined) throw new Error(`bug: rule jumps to undefined chain ${target}`)
      seen.add(target)
      visit(c.rules)
    }
  }
  for (const h of hooks) visit(h.rules)
  return chains.filter((c) => seen.has(c.name))
}

const lowerFamily = (w: World, family: IpFamily, marks: Marks, options: LowerOptions): Either<CalicoError, Ruleset> => {
  const names = chainNames(options.chainNameLimit ?? IPTABLES_CHAIN_NAME_LIMIT)
  const denyWord = options.denyAction ?? 'Drop'
  const deny: Action = denyWord === 'Drop' ? { _tag: 'Drop' } : { _tag: 'Reject' }
  const settings = w.settings
  const errors: Array<CalicoError> = []

  // IP sets, registered as rules reference them.
  const sets = new Map<string, IpSetDef>()
  const registerSet = (id: SetId): IpSetRef => {
    const s = w.sets[id]
    if (s === undefined) throw new Error(`bug: unknown IP set ${id}`)
    const ref: IpSetRef = { id: s.id, family }
    if (sets.has(s.id)) return ref
    if (s._tag === 'Selector') {
      const members = [...new Set(prefixesOf(s.members).filter((p) => p.family === family).map(formatPrefix))]
      sets.set(s.id, { _tag: 'Net', ref, members })
    } else {
      const members: Array<{ address: string; protocol: number; port: number }> = []
      for (const key of [...s.members.keys()].sort((a, b) => a - b)) {
        const protocol = Math.floor(key / 65536)
        const port = key % 65536
        const ms = s.members.get(key)
        if (ms === undefined) continue
        for (const p of prefixesOf(ms)) {
          if (p.family !== family) continue
          if (!isHostPrefix(p)) {
            errors.push({ _tag: 'Unsupported', path: ['sets', s.id], backend: 'netfilter', feature: `named port ${JSON.stringify(s.port)} on a network (${formatPrefix(p)}) rather than an address` })
            continue
          }
          members.push({ address: formatPrefix(p).split('/')[0] as string, protocol, port })
        }
      }
      sets.set(s.id, { _tag: 'IpPort', ref, members })
    }
    return ref
  }
  const registerService = (svc: { readonly name: string; readonly namespace: string }, ipPort: boolean): IpSetRef => {
    const id = makeUniqueId(ipPort ? 'svc' : 'svcnoport', `${svc.namespace}/${svc.name}`)
    const ref: IpSetRef = { id, family }
    if (!sets.has(id)) sets.set(id, ipPort ? { _tag: 'IpPort', ref, members: [] } : { _tag: 'Net', ref, members: [] })
    return ref
  }

  const policyRefs = new Map<TableName, Map<string, PolicyRef>>()
  const profileRefs = new Map<TableName, Map<string, ProfileRef>>()
  const endpointCtx = (table: TableName): EndpointContext => ({
    marks,
    settings,
    deny,
    denyWord,
    policyChain: names.policy,
    profileChain: names.profile,
    onPolicy: (j: PolicyJump) => {
      const m = policyRefs.get(table) ?? new Map<string, PolicyRef>()
      policyRefs.set(table, m)
      const chain = names.policy(j.direction, j.policy.key)
      const ref = m.get(chain) ?? { policy: j.policy, tier: j.tier, direction: j.direction, stages: new Set<PolicyStage>() }
      ref.stages.add(j.stage)
      m.set(chain, ref)
    },
  })
  const chains: Record<TableName, Array<Chain>> = { raw: [], mangle: [], filter: [] }
  const addEndpointChain = (table: TableName, spec: EndpointChainSpec): void => {
    if (spec.profiles !== undefined) {
      const m = profileRefs.get(table) ?? new Map<string, ProfileRef>()
      profileRefs.set(table, m)
      for (const p of spec.profiles) m.set(names.profile(spec.direction, p.name), { profile: p, direction: spec.direction })
    }
    chains[table].push({ name: spec.name, rules: endpointChain(endpointCtx(table), spec) })
  }
  const spec = (
    prefix: EndpointChainPrefix,
    ep: Endpoint,
    iface: string,
    fields: Pick<EndpointChainSpec, 'type' | 'stage' | 'direction' | 'tiers' | 'profiles' | 'failsafe' | 'allow' | 'encapDrops'>,
  ): EndpointChainSpec => ({
    name: names.endpoint(prefix, iface),
    ref: refOf(ep, iface),
    noForwardTiers: ep.forward.ingress.length === 0 && ep.forward.egress.length === 0,
    ...fields,
  })

  // Workload endpoint chains (filter only).
  const workloads = sorted(w.workloads.keys())
  for (const iface of workloads) {
    const ep = w.workloads.get(iface) as Endpoint
    addEndpointChain('filter', spec('cali-tw-', ep, iface, { type: 'normal', stage: 'workload', direction: 'ingress', tiers: ep.normal.ingress, profiles: ep.profiles, failsafe: undefined, allow: 'Accept', encapDrops: false }))
    addEndpointChain('filter', spec('cali-fw-', ep, iface, { type: 'normal', stage: 'workload', direction: 'egress', tiers: ep.normal.egress, profiles: ep.profiles, failsafe: undefined, allow: 'Accept', encapDrops: true }))
  }

  // Host endpoint chains: named ones, then the `*` one.
  const heps = namedHeps(w)
  const wildcard = w.hostEndpoints.wildcard
  const allHeps: ReadonlyArray<readonly [string, Endpoint]> = wildcard === undefined ? heps : [...heps, ['*', wildcard] as const]
  for (const [iface, ep] of allHeps) {
    const base = { profiles: ep.profiles, allow: 'Accept' as const, encapDrops: false }
    addEndpointChain('filter', spec('cali-th-', ep, iface, { ...base, type: 'normal', stage: 'normal', direction: 'egress', tiers: ep.normal.egress, failsafe: 'cali-failsafe-out' }))
    addEndpointChain('filter', spec('cali-fh-', ep, iface, { ...base, type: 'normal', stage: 'normal', direction: 'ingress', tiers: ep.normal.ingress, failsafe: 'cali-failsafe-in' }))
    addEndpointChain('filter', spec('cali-thfw-', ep, iface, { ...base, profiles: undefined, type: 'forward', stage: 'forwardEgress', direction: 'egress', tiers: ep.forward.egress, failsafe: undefined }))
    addEndpointChain('filter', spec('cali-fhfw-', ep, iface, { ...base, profiles: undefined, type: 'forward', stage: 'forwardIngress', direction: 'ingress', tiers: ep.forward.ingress, failsafe: undefined }))
    addEndpointChain('mangle', spec('cali-th-', ep, iface, { ...base, allow: 'Return', type: 'normal', stage: 'normal', direction: 'egress', tiers: ep.normal.egress, failsafe: 'cali-failsafe-out' }))
    if (hasPreDnat(ep))
      addEndpointChain('mangle', spec('cali-fh-', ep, iface, { ...base, profiles: undefined, type: 'preDnat', stage: 'preDnat', direction: 'ingress', tiers: ep.preDnat.ingress, failsafe: 'cali-failsafe-in' }))
    // felix ignores untracked policy on the `*` host endpoint
    if (iface !== '*' && hasUntracked(ep)) {
      addEndpointChain('raw', spec('cali-th-', ep, iface, { ...base, profiles: undefined, type: 'untracked', stage: 'untracked', direction: 'egress', tiers: ep.untracked.egress, failsafe: 'cali-failsafe-out' }))
      addEndpointChain('raw', spec('cali-fh-', ep, iface, { ...base, profiles: undefined, type: 'untracked', stage: 'untracked', direction: 'ingress', tiers: ep.untracked.ingress, failsafe: 'cali-failsafe-in' }))
    }
  }

  // Dispatch chains.
  const goto = (chain: string): Rule => ({ match: [], action: { _tag: 'Goto', chain }, comments: [] })
  const unknown: Rule = { match: [], action: deny, comments: ['Unknown interface'] }
  const hepIfaces = heps.map(([i]) => i)
  const wc = (prefix: EndpointChainPrefix): ReadonlyArray<Rule> => (wildcard === undefined ? [] : [goto(names.endpoint(prefix, '*'))])
  const dispatch: Record<TableName, Array<Chain>> = {
    filter: [
      ...dispatchChains({ root: 'cali-from-wl-dispatch', side: 'in', interfaces: workloads, target: (i) => names.endpoint('cali-fw-', i), endRules: [unknown] }),
      ...dispatchChains({ root: 'cali-to-wl-dispatch', side: 'out', interfaces: workloads, target: (i) => names.endpoint('cali-tw-', i), endRules: [unknown] }),
      ...dispatchChains({ root: 'cali-from-host-endpoint', side: 'in', interfaces: hepIfaces, target: (i) => names.endpoint('cali-fh-', i), endRules: wc('cali-fh-') }),
      ...dispatchChains({ root: 'cali-to-host-endpoint', side: 'out', interfaces: hepIfaces, target: (i) => names.endpoint('cali-th-', i), endRules: wc('cali-th-') }),
      ...dispatchChains({ root: 'cali-from-hep-forward', side: 'in', interfaces: hepIfaces, target: (i) => names.endpoint('cali-fhfw-', i), endRules: wc('cali-fhfw-') }),
      ...dispatchChains({ root: 'cali-to-hep-forward', side: 'out', interfaces: hepIfaces, target: (i) => names.endpoint('cali-thfw-', i), endRules: wc('cali-thfw-') }),
    ],
    mangle: [
      ...dispatchChains({
        root: 'cali-from-host-endpoint',
        side: 'in',
        interfaces: heps.filter(([, ep]) => hasPreDnat(ep)).map(([i]) => i),
        target: (i) => names.endpoint('cali-fh-', i),
        endRules: wildcard !== undefined && hasPreDnat(wildcard) ? wc('cali-fh-') : [],
      }),
      ...dispatchChains({
        root: 'cali-to-host-endpoint',
        side: 'out',
        interfaces: hepIfaces,
        target: (i) => names.endpoint('cali-th-', i),
        endRules:
          wildcard === undefined
            ? []
            : [
                ...settings.interfacePrefixes.map(
                  (p): Rule => ({ match: [{ _tag: 'Interface', side: 'out', name: p, prefix: true }], action: { _tag: 'Return' }, comments: ['Skip egress WHEP policy for traffic to local workload'] }),
                ),
                ...wc('cali-th-'),
              ],
      }),
    ],
    raw: (() => {
      const untracked = heps.filter(([, ep]) => hasUntracked(ep)).map(([i]) => i)
      return [
        ...dispatchChains({ root: 'cali-from-host-endpoint', side: 'in', interfaces: untracked, target: (i) => names.endpoint('cali-fh-', i), endRules: [] }),
        ...dispatchChains({ root: 'cali-to-host-endpoint', side: 'out', interfaces: untracked, target: (i) => names.endpoint('cali-th-', i), endRules: [] }),
      ]
    })(),
  }

  // Policy and profile chains per table.
  const ruleCtx = (logPrefix: string): RuleContext => ({ family, marks, deny, logPrefix, set: registerSet, service: registerService })
  const template = options.logPrefix ?? 'calico-packet'
  const policyChains = (table: TableName): Either<CalicoError, ReadonlyArray<Chain>> => {
    const out: Array<Chain> = []
    for (const [name, ref] of policyRefs.get(table) ?? []) {
      const key = ref.policy.key
      const who = key.namespace === undefined || key.namespace === '' ? key.name : `${key.namespace}/${key.name}`
      const stages = [...ref.stages].sort()
      const rules = lowerRules(
        rulesFor(ref.direction === 'ingress' ? ref.policy.ingress : ref.policy.egress, family),
        ruleCtx(expandLogPrefix(template, ref.tier, shortKind(key.kind), key.name, key.namespace)),
        `${key.kind} ${who} ${ref.direction}`,
        (ruleIndex) => ({ _tag: 'PolicyRule', policy: key, tier: ref.tier, direction: ref.direction, ruleIndex, stages }),
        ['policies', key.kind, ...(key.namespace === undefined ? [] : [key.namespace]), key.name, 'spec', ref.direction],
      )
      if (E.isLeft(rules)) return rules
      out.push({ name, rules: rules.right })
    }
    for (const [name, ref] of profileRefs.get(table) ?? []) {
      const p = ref.profile
      const rules = lowerRules(
        rulesFor(ref.direction === 'ingress' ? p.ingress : p.egress, family),
        ruleCtx(expandLogPrefix(template, '', 'pro', p.name, undefined)),
        `Profile ${p.name} ${ref.direction}`,
        (ruleIndex) => ({ _tag: 'ProfileRule', profile: p.name, direction: ref.direction, ruleIndex }),
        ['profiles', p.name, 'spec', ref.direction],
      )
      if (E.isLeft(rules)) return rules
      out.push({ name, rules: rules.right })
    }
    return E.right(out)
  }

  const staticCtx = { family, marks, settings, deny }
  const tables: Array<Table> = []
  for (const name of ['raw', 'mangle', 'filter'] as const) {
    const st = staticChains(staticCtx, name)
    const pc = policyChains(name)
    if (E.isLeft(pc)) return pc
    const all = [...st.chains, ...dispatch[name], ...chains[name], ...pc.right, ...failsafeChains(staticCtx, name)]
    tables.push({ name, chains: reachable(all, st.hooks), hooks: st.hooks })
  }
  const firstError = errors[0]
  if (firstError !== undefined) return E.left(firstError)
  const setDefs = [...sets.values()].sort((a, b) => (a.ref.id < b.ref.id ? -1 : a.ref.id > b.ref.id ? 1 : 0))
  return E.right({ family, tables, sets: setDefs })
}

/**
 * Lowers a World into the netfilter IR for IPv4 and IPv6.
 * @example
 * ```ts
 * pipe(world, Emit.netfilter.lower({}), E.map((p) => p.v4.tables.map((t) => t.name))) // right(['raw', 'mangle', 'filter'])
 * ```
 * @since 0.2.0
 */
export const lower =
  (options: LowerOptions = {}) =>
  (world: World): Either<CalicoError, Program> => {
    const bad = checkInterfaces(world)
    if (bad[0] !== undefined) return E.left(bad[0])
    const marks = allocateMarks(options.markMask ?? DEFAULT_MARK_MASK)
    if (E.isLeft(marks)) return marks
    const v4 = lowerFamily(world, 4, marks.right, options)
    if (E.isLeft(v4)) return v4
    const v6 = lowerFamily(world, 6, marks.right, options)
    if (E.isLeft(v6)) return v6
    return E.right({ v4: v4.right, v6: v6.right })
  }
