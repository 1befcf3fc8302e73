/**
 * The iptables renderer (`felix/iptables/renderer.go`, `match_builder.go`, `actions.go`): one
 * `iptables-restore` input per family with a `*table … COMMIT` section per table (chain
 * declarations, `-A` rules each led by its `cali:<hash>` comment, then the hook rules in the
 * kernel chains), and one `ipset restore` input for the IP sets of both families.
 * @module
 */
import type { Action, Chain, Hook, IpFamily, IpSetDef, Match, Program, Rule, RuleOrigin, Ruleset, Table, TableName } from '../netfilter/ir.js'
import { ipsetName } from '../netfilter/ip-set-names.js'
import { IPTABLES_LOG_PREFIX_LIMIT, logPrefix, sanitizeComment } from '../netfilter/comments.js'
import { ruleHashes } from '../netfilter/rule-hash.js'

/** felix's `maxIptablesCommentLength`. */
const MAX_COMMENT = 256

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp', 136: 'udplite' }

/**
 * The name iptables knows a protocol number by, or the number.
 * @example
 * ```ts
 * protocolName(6) // 'tcp'
 * ```
 * @since 0.2.0
 */
export const protocolName = (p: number): string => PROTOCOL_NAMES[p] ?? String(p)

const hex = (n: number): string => (n === 0 ? '0x0' : `0x${n.toString(16)}`)

const ports = (ranges: ReadonlyArray<readonly [number, number]>): string => ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}:${hi}`)).join(',')

const not = (negated: boolean): string => (negated ? '! ' : '')

/**
 * One match criterion as iptables text.
 * @example
 * ```ts
 * renderMatch({ _tag: 'Mark', value: 0, mask: 0x20000, negated: false }) // '-m mark --mark 0/0x20000'
 * ```
 * @since 0.2.0
 */
export const renderMatch = (m: Match): string => {
  switch (m._tag) {
    case 'Protocol':
      return `${not(m.negated)}-p ${m.numeric ? m.protocol : protocolName(m.protocol)}`
    case 'Net':
      return `${not(m.negated)}--${m.side === 'src' ? 'source' : 'destination'} ${m.cidr}`
    case 'Set':
      return `-m set ${not(m.negated)}--match-set ${ipsetName(m.set)} ${m.ipPort ? `${m.side},${m.side}` : m.side}`
    case 'Ports':
      return `-m multiport ${not(m.negated)}--${m.side === 'src' ? 'source' : 'destination'}-ports ${ports(m.ranges)}`
    case 'Icmp': {
      const tc = m.code === undefined ? `${m.type}` : `${m.type}/${m.code}`
      return m.family === 4 ? `-m icmp ${not(m.negated)}--icmp-type ${tc}` : `-m icmp6 ${not(m.negated)}--icmpv6-type ${tc}`
    }
    case 'Mark':
      return `-m mark ${not(m.negated)}--mark ${m.value === 0 ? '0' : hex(m.value)}/${hex(m.mask)}`
    case 'Interface':
      return `--${m.side === 'in' ? 'in' : 'out'}-interface ${m.name}${m.prefix ? '+' : ''}`
    case 'Conntrack':
      return `-m conntrack ${not(m.negated)}--ctstate ${m.states.join(',')}`
    case 'RpfilterInvalid':
      return '-m rpfilter --invert --validmark'
  }
}

/**
 * An action as iptables text (`''` for a rule without action).
 * @example
 * ```ts
 * renderAction({ _tag: 'SetMark', mark: 0x10000 }) // '--jump MARK --set-mark 0x10000/0x10000'
 * ```
 * @since 0.2.0
 */
export const renderAction = (a: Action): string => {
  switch (a._tag) {
    case 'None':
      return ''
    case 'Accept':
      return '--jump ACCEPT'
    case 'Drop':
      return '--jump DROP'
    case 'Reject':
      return '--jump REJECT'
    case 'Return':
      return '--jump RETURN'
    case 'Jump':
      return `--jump ${a.chain}`
    case 'Goto':
      return `--goto ${a.chain}`
    case 'SetMark':
      return `--jump MARK --set-mark ${hex(a.mark)}/${hex(a.mark)}`
    case 'ClearMark':
      return `--jump MARK --set-mark 0/${hex(a.mark)}`
    case 'SetMaskedMark':
      return `--jump MARK --set-mark ${hex(a.value)}/${hex(a.mask)}`
    case 'NoTrack':
      return '--jump NOTRACK'
    case 'Log':
      return `--jump LOG --log-prefix "${logPrefix(a.prefix, IPTABLES_LOG_PREFIX_LIMIT)}: " --log-level 5`
  }
}

const body = (r: Rule): string =>
  [...r.comments.map((c) => `-m comment --comment "${sanitizeComment(c, MAX_COMMENT)}"`), ...r.match.map(renderMatch), renderAction(r.action)].filter((s) => s !== '').join(' ')

const line = (verb: string, chain: string, hashFragment: string, r: Rule): string => {
  const b = body(r)
  return b === '' ? `${verb} ${chain} ${hashFragment}` : `${verb} ${chain} ${hashFragment} ${b}`
}

/**
 * Where a hashed rule sits and what it came from: the rule-hash comment, family, table, chain and
 * the rule's origin in the evaluator's vocabulary.
 * @since 0.2.0
 */
export interface OriginEntry {
  readonly hash: string
  readonly family: IpFamily
  readonly table: TableName
  readonly chain: string
  readonly origin: RuleOrigin
}

/**
 * The rule hashes of a felix-owned chain (`-A <chain> HASH …` per rule, seeded with the chain).
 * @example
 * ```ts
 * chainHashes({ name: 'cali-foo', rules: [rule] }) // ['…16 chars…']
 * ```
 * @since 0.2.0
 */
export const chainHashes = (c: Chain): ReadonlyArray<string> => ruleHashes(c.name, c.rules.map((r) => line('-A', c.name, 'HASH', r)))

/** Hook rules are hashed as a chain of their own, named after the kernel chain (`<chain>*appends*` for appended rules). */
const hookHashes = (h: Hook): ReadonlyArray<string> => chainHashes({ name: h.mode === 'insert' ? h.chain : `${h.chain}*appends*`, rules: h.rules })

const hashFragment = (hash: string): string => `-m comment --comment "cali:${hash}"`

const renderTable = (family: IpFamily, t: Table, origins: Array<OriginEntry>): string => {
  const out: Array<string> = [`*${t.name}`]
  for (const c of t.chains) out.push(`:${c.name} - -`)
  for (const c of t.chains) {
    const hashes = chainHashes(c)
    c.rules.forEach((r, i) => {
      const hash = hashes[i] as string
      out.push(line('-A', c.name, hashFragment(hash), r))
      if (r.origin !== undefined) origins.push({ hash, family, table: t.name, chain: c.name, origin: r.origin })
    })
  }
  for (const h of t.hooks) {
    const hashes = hookHashes(h)
    h.rules.forEach((r, i) => out.push(line(h.mode === 'insert' ? '-I' : '-A', h.chain, hashFragment(hashes[i] as string), r)))
  }
  out.push('COMMIT')
  return out.join('\n') + '\n'
}

/**
 * The `iptables-restore` (or `ip6tables-restore`) input for one family, and the origins of its
 * hashed rules.
 * @example
 * ```ts
 * renderRestore(program.v4).text.startsWith('*raw') // true
 * ```
 * @since 0.2.0
 */
export const renderRestore = (rs: Ruleset): { readonly text: string; readonly origins: ReadonlyArray<OriginEntry>; readonly rules: number } => {
  const origins: Array<OriginEntry> = []
  const text = rs.tables.map((t) => renderTable(rs.family, t, origins)).join('')
  const rules = rs.tables.reduce((n, t) => n + t.chains.reduce((k, c) => k + c.rules.length, 0) + t.hooks.reduce((k, h) => k + h.rules.length, 0), 0)
  return { text, origins, rules }
}

/** felix's default `MaxIpsetSize`. */
const MAX_ELEM = 1048576

const renderSet = (s: IpSetDef): ReadonlyArray<string> => {
  const name = ipsetName(s.ref)
  const family = s.ref.family === 4 ? 'inet' : 'inet6'
  switch (s._tag) {
    case 'Net':
      return [`create ${name} hash:net family ${family} maxelem ${MAX_ELEM}`, ...s.members.map((m) => `add ${name} ${m}`)]
    case 'IpPort':
      return [`create ${name} hash:ip,port family ${family} maxelem ${MAX_ELEM}`, ...s.members.map((m) => `add ${name} ${m.address},${protocolName(m.protocol)}:${m.port}`)]
  }
}

/**
 * The `ipset restore` input creating and filling every IP set of both families.
 * @example
 * ```ts
 * renderIpsets(program) // 'create cali40s:… hash:net family inet maxelem 1048576\nadd …\n'
 * ```
 * @since 0.2.0
 */
export const renderIpsets = (p: Program): string => {
  const lines = [...p.v4.sets, ...p.v6.sets].flatMap(renderSet)
  return lines.length === 0 ? '' : lines.join('\n') + '\n'
}
