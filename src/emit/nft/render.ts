/**
 * The nftables renderer (`felix/nftables/renderer.go`, `match_builder.go`, `actions.go`,
 * `table_layer.go`): one `nft -f` input holding a `calico` table per family (`ip`, `ip6`) in
 * which each iptables table is a layer (every chain name gets a `raw-`, `mangle-` or `filter-`
 * prefix), base chains at felix's hooks and priorities, IP sets as nft sets, and rules
 * `<match> counter <action> comment "cali:<hash>; …"`.
 * @module
 */
import type { CalicoError, Path } from '../../errors.js'
import { E, type Either } from '../../internal/fp.js'
import { logPrefix, sanitizeComment } from '../netfilter/comments.js'
import { nftSetName } from '../netfilter/ip-set-names.js'
import type { Action, Hook, IpFamily, IpSetDef, Match, Program, Rule, Ruleset, TableName } from '../netfilter/ir.js'
import { ruleHashes } from '../netfilter/rule-hash.js'
import type { OriginEntry } from '../iptables/render.js'

/** `knftables.CommentLengthMax`. */
const MAX_COMMENT = 128
/** nft's log prefix limit (127 characters), less felix's `": "`. */
const LOG_PREFIX_LIMIT = 127

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp', 136: 'udplite' }
const TRANSPORT: Readonly<Record<number, string>> = { 6: 'tcp', 17: 'udp', 132: 'sctp' }

/** Base chains felix creates (`felix/nftables/table.go`): type, hook and numeric priority. */
const BASE_CHAINS: Readonly<Record<string, string>> = {
  'raw-PREROUTING': 'type filter hook prerouting priority -300',
  'raw-OUTPUT': 'type filter hook output priority -300',
  'mangle-PREROUTING': 'type filter hook prerouting priority -150',
  'mangle-POSTROUTING': 'type filter hook postrouting priority -150',
  'filter-INPUT': 'type filter hook input priority 0',
  'filter-FORWARD': 'type filter hook forward priority 0',
  'filter-OUTPUT': 'type filter hook output priority 0',
}

const hex = (n: number): string => (n === 0 ? '0x0' : `0x${(n >>> 0).toString(16)}`)
const invert = (n: number): number => (n ^ 0xffffffff) >>> 0

/** A chain's name inside its layer (felix prefixes every name that does not already start with the layer). */
const layered = (layer: TableName, name: string): string => (name.startsWith(layer) ? name : `${layer}-${name}`)

/** Interface names are bare words in nft unless they contain something else. */
const ifname = (name: string, prefix: boolean): string => {
  const text = `${name}${prefix ? '*' : ''}`
  return /^[A-Za-z0-9_-]+$/.test(name) ? text : `"${text}"`
}

type Result<A> = Either<CalicoError, A>

const unsupported = (path: Path, feature: string): Result<never> => E.left({ _tag: 'Unsupported', path, backend: 'nft', feature })

const ipv = (family: IpFamily): string => (family === 4 ? 'ip' : 'ip6')

/**
 * One match criterion as nft text.
 * @example
 * ```ts
 * renderNftMatch(4, { _tag: 'Mark', value: 0, mask: 0x20000, negated: false }, [])
 * // right('meta mark & 0x20000 == 0')
 * ```
 * @since 0.2.0
 */
export const renderNftMatch = (family: IpFamily, m: Match, path: Path): Result<string> => {
  const ne = m._tag !== 'Interface' && m._tag !== 'RpfilterInvalid' && m.negated ? '!= ' : ''
  switch (m._tag) {
    case 'Protocol':
      return E.right(`meta l4proto ${ne}${m.numeric ? m.protocol : (PROTOCOL_NAMES[m.protocol] ?? m.protocol)}`)
    case 'Net':
      return E.right(`${ipv(family)} ${m.side === 'src' ? 'saddr' : 'daddr'} ${ne}${m.cidr}`)
    case 'Set': {
      const addr = `${ipv(family)} ${m.side === 'src' ? 'saddr' : 'daddr'}`
      const key = m.ipPort ? `${addr} . meta l4proto . th ${m.side === 'src' ? 'sport' : 'dport'}` : addr
      return E.right(`${key} ${ne}@${nftSetName(m.set)}`)
    }
    case 'Ports': {
      const proto = TRANSPORT[m.protocol]
      if (proto === undefined) return unsupported(path, `port matches for protocol ${m.protocol} (nft matches ports of TCP, UDP and SCTP only)`)
      const list = m.ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', ')
      return E.right(`${proto} ${m.side === 'src' ? 'sport' : 'dport'} ${ne}{ ${list} }`)
    }
    case 'Icmp': {
      const kw = m.family === 4 ? 'icmp' : 'icmpv6'
      if (m.code === undefined) return E.right(`${kw} type ${ne}${m.type}`)
      // felix renders a negated type and code as `type != T code != C`, which means "neither",
      // not "not both" as in iptables and the evaluator: not rendered rather than rendered wrong.
      if (m.negated) return unsupported(path, 'notICMP with a code (felix renders it as "type != T code != C", which differs from iptables)')
      return E.right(`${kw} type ${m.type} code ${m.code}`)
    }
    case 'Mark':
      return E.right(`meta mark & ${hex(m.mask)} ${m.negated ? '!=' : '=='} ${m.value === 0 ? '0' : hex(m.value)}`)
    case 'Interface':
      return E.right(`${m.side === 'in' ? 'iifname' : 'oifname'} ${ifname(m.name, m.prefix)}`)
    case 'Conntrack': {
      const dnat = m.states.includes('DNAT')
      const states = m.states.map((s) => s.toLowerCase()).join(',')
      return E.right(dnat ? `ct status ${ne}${states}` : `ct state ${ne}${states}`)
    }
    case 'RpfilterInvalid':
      return E.right('fib saddr . mark . iif oif 0')
  }
}

/**
 * An action as nft text (`''` for none).
 * @example
 * ```ts
 * renderNftAction('filter', { _tag: 'ClearMark', mark: 0x20000 }) // 'meta mark set mark & 0xfffdffff'
 * ```
 * @since 0.2.0
 */
export const renderNftAction = (layer: TableName, a: Action): string => {
  switch (a._tag) {
    case 'None':
      return ''
    case 'Accept':
      return 'accept'
    case 'Drop':
      return 'drop'
    case 'Reject':
      return 'reject'
    case 'Return':
      return 'return'
    case 'Jump':
      return `jump ${layered(layer, a.chain)}`
    case 'Goto':
      return `goto ${layered(layer, a.chain)}`
    case 'SetMark':
      return `meta mark set mark or ${hex(a.mark)}`
    case 'ClearMark':
      return `meta mark set mark & ${hex(invert(a.mark))}`
    case 'SetMaskedMark':
      return `meta mark set mark & ${hex(invert(a.mask))} ^ ${hex(a.value)}`
    case 'NoTrack':
      return 'notrack'
    case 'Log':
      return `log prefix "${logPrefix(a.prefix, LOG_PREFIX_LIMIT)}: " level info`
  }
}

/** `! --ctstate DNAT`, which felix renders as `ct status != dnat` in nft mode. */
const isNotDnat = (m: Match): boolean => m._tag === 'Conntrack' && m.negated && m.states.length === 1 && m.states[0] === 'DNAT'

/**
 * The rule body felix hashes and writes: `<match> counter <action>`, or `continue` when empty.
 * With `noEntry`, a `! --ctstate DNAT` match is rendered as `ct state invalid,untracked` (see
 * `bodies`).
 */
const body = (family: IpFamily, layer: TableName, r: Rule, path: Path, noEntry: boolean): Result<string> => {
  const parts: Array<string> = []
  for (const m of r.match) {
    if (noEntry && isNotDnat(m)) {
      parts.push('ct state invalid,untracked')
      continue
    }
    const text = renderNftMatch(family, m, path)
    if (E.isLeft(text)) return text
    parts.push(text.right)
  }
  if (r.action._tag !== 'None') {
    parts.push('counter')
    parts.push(renderNftAction(layer, r.action))
  }
  return E.right(parts.length === 0 ? 'continue' : parts.join(' '))
}

/**
 * The bodies one rule becomes. nft's `ct status` matches nothing when the packet has no conntrack
 * entry (conntrack calls it invalid, or does not track it: ICMPv6 neighbour discovery, `notrack`),
 * so felix's `ct status != dnat` skips such packets, where iptables' `-m conntrack ! --ctstate DNAT`
 * (and the evaluator) matches them: in `cali-OUTPUT` the node's own neighbour solicitations and
 * invalid packets would leave without host endpoint egress policy. A rule with that match is
 * therefore rendered as felix's rule followed by the same rule for packets without an entry
 * (`ct state invalid,untracked`); the two never both match, and felix's rule keeps its hash
 * (docs/emitters.md, "What is rendered, and what is not").
 */
const bodies = (family: IpFamily, layer: TableName, r: Rule, path: Path): Result<ReadonlyArray<string>> => {
  const felix = body(family, layer, r, path, false)
  if (E.isLeft(felix) || !r.match.some(isNotDnat)) return E.map((b: string) => [b])(felix)
  return E.map((b: string) => [felix.right, b])(body(family, layer, r, path, true))
}

const comment = (hash: string, comments: ReadonlyArray<string>): string => {
  const head = `cali:${hash};`
  const per = comments.length === 0 ? 0 : Math.floor((MAX_COMMENT - head.length) / comments.length)
  return [head, ...comments.map((c) => sanitizeComment(c, per))].join(' ').slice(0, MAX_COMMENT)
}

/** Where a rule comes from, as a resource path when it has an origin (for errors). */
const pathOf = (r: Rule, layer: TableName, chain: string, index: number): Path => {
  const o = r.origin
  if (o?._tag === 'PolicyRule') return ['policies', o.policy.kind, ...(o.policy.namespace === undefined ? [] : [o.policy.namespace]), o.policy.name, 'spec', o.direction, o.ruleIndex]
  if (o?._tag === 'ProfileRule') return ['profiles', o.profile, 'spec', o.direction, o.ruleIndex]
  return ['tables', layer, 'chains', chain, 'rules', index]
}

interface Rendered {
  readonly name: string
  readonly lines: ReadonlyArray<string>
}

const renderChain = (
  family: IpFamily,
  layer: TableName,
  seedName: string,
  chainName: string,
  rules: ReadonlyArray<Rule>,
  origins: Array<OriginEntry> | undefined,
): Result<Rendered> => {
  const rendered: Array<{ readonly rule: Rule; readonly body: string }> = []
  for (const [i, r] of rules.entries()) {
    const b = bodies(family, layer, r, pathOf(r, layer, chainName, i))
    if (E.isLeft(b)) return b
    for (const text of b.right) rendered.push({ rule: r, body: text })
  }
  const hashes = ruleHashes(
    seedName,
    rendered.map((x) => x.body),
  )
  const lines = rendered.map(({ rule: r, body: text }, i) => {
    const hash = hashes[i] as string
    if (origins !== undefined && r.origin !== undefined) origins.push({ hash, family, table: layer, chain: chainName, origin: r.origin })
    return `add rule ${ipv(family)} calico ${chainName} ${text} comment "${comment(hash, r.comments)}"`
  })
  return E.right({ name: chainName, lines })
}

const SET_TYPE: Readonly<Record<IpFamily, string>> = { 4: 'ipv4_addr', 6: 'ipv6_addr' }

const renderSet = (s: IpSetDef): ReadonlyArray<string> => {
  const name = nftSetName(s.ref)
  const fam = ipv(s.ref.family)
  switch (s._tag) {
    case 'Net': {
      const head = `add set ${fam} calico ${name} { type ${SET_TYPE[s.ref.family]} ; flags interval ; }`
      return s.members.length === 0 ? [head] : [head, `add element ${fam} calico ${name} { ${s.members.join(', ')} }`]
    }
    case 'IpPort': {
      const head = `add set ${fam} calico ${name} { type ${SET_TYPE[s.ref.family]} . inet_proto . inet_service ; }`
      const elems = s.members.map((m) => `${m.address} . ${PROTOCOL_NAMES[m.protocol] ?? m.protocol} . ${m.port}`)
      return elems.length === 0 ? [head] : [head, `add element ${fam} calico ${name} { ${elems.join(', ')} }`]
    }
  }
}

const renderFamily = (rs: Ruleset, origins: Array<OriginEntry>): Result<{ readonly text: string; readonly rules: number }> => {
  const fam = ipv(rs.family)
  const declarations: Array<string> = [`add table ${fam} calico`, `delete table ${fam} calico`, `add table ${fam} calico`]
  const ruleLines: Array<string> = []
  const bases = new Set<string>()
  for (const t of rs.tables) for (const h of t.hooks) bases.add(layered(t.name, h.chain))
  for (const b of Object.keys(BASE_CHAINS)) if (bases.has(b)) declarations.push(`add chain ${fam} calico ${b} { ${BASE_CHAINS[b] as string} ; }`)
  for (const t of rs.tables) for (const c of t.chains) declarations.push(`add chain ${fam} calico ${layered(t.name, c.name)}`)
  for (const s of rs.sets) for (const l of renderSet(s)) declarations.push(l)
  let rules = 0
  for (const t of rs.tables) {
    for (const c of t.chains) {
      const name = layered(t.name, c.name)
      const r = renderChain(rs.family, t.name, name, name, c.rules, origins)
      if (E.isLeft(r)) return r
      for (const l of r.right.lines) ruleLines.push(l)
      rules += r.right.lines.length
    }
    // Hook rules: inserted ones first, hashed as a chain named after the base chain; appended
    // ones after, hashed as `<base chain>*appends*` (felix/nftables/table.go).
    const byChain = new Map<string, { insert: Array<Hook>; append: Array<Hook> }>()
    for (const h of t.hooks) {
      const e = byChain.get(h.chain) ?? { insert: [], append: [] }
      ;(h.mode === 'insert' ? e.insert : e.append).push(h)
      byChain.set(h.chain, e)
    }
    for (const [kernelChain, { insert, append }] of byChain) {
      const base = layered(t.name, kernelChain)
      for (const [hooks, seed] of [
        [insert, base],
        [append, `${base}*appends*`],
      ] as const) {
        const hookRules = hooks.flatMap((h) => h.rules)
        if (hookRules.length === 0) continue
        const r = renderChain(rs.family, t.name, seed, base, hookRules, undefined)
        if (E.isLeft(r)) return r
        for (const l of r.right.lines) ruleLines.push(l)
        rules += r.right.lines.length
      }
    }
  }
  return E.right({ text: [...declarations, ...ruleLines].join('\n') + '\n', rules })
}

/**
 * The `nft -f` input for both families (each `calico` table is deleted and re-created in the same
 * transaction, so loading it replaces felix's state atomically), the origins of its hashed rules
 * and the rule counts.
 * @example
 * ```ts
 * renderRuleset(program) // right({ text: 'add table ip calico\n…', origins: […], rules: { v4, v6 } })
 * ```
 * @since 0.2.0
 */
export const renderRuleset = (
  p: Program,
): Result<{ readonly text: string; readonly origins: ReadonlyArray<OriginEntry>; readonly rules: { readonly v4: number; readonly v6: number } }> => {
  const origins: Array<OriginEntry> = []
  const v4 = renderFamily(p.v4, origins)
  if (E.isLeft(v4)) return v4
  const v6 = renderFamily(p.v6, origins)
  if (E.isLeft(v6)) return v6
  return E.right({ text: v4.right.text + v6.right.text, origins, rules: { v4: v4.right.rules, v6: v6.right.rules } })
}

