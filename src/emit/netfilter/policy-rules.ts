/**
 * One compiled Calico rule into netfilter rules (`felix/rules/policy.go`
 * `ProtoRuleToIptablesRules`, `CalculateRuleMatch`, `CombineMatchAndActionsForProtoRule`):
 * the match is evaluated once into a mark and the verdict follows from the mark; criteria that
 * one iptables rule cannot OR (several CIDRs on a side, more than 15 multiport slots, numeric
 * and named ports together) become match blocks over the two scratch mark bits.
 * @module
 */
import type { CalicoError, Path } from '../../errors.js'
import { pushAll } from '../../internal/array.js'
import { E, type Either } from '../../internal/fp.js'
import type { Ports, Rule as WorldRule, SetId, Side as WorldSide } from '../../policy/world.js'
import { cidrsOf } from './cidrs.js'
import type { Action, IpFamily, IpSetRef, Match, Rule, RuleOrigin, Side } from './ir.js'
import type { Marks } from './marks.js'

/**
 * What lowering a rule needs from its surroundings: the family, the mark bits, the deny
 * action, the expanded log prefix of the owning policy or profile, and IP-set registration.
 * @since 0.2.0
 */
export interface RuleContext {
  readonly family: IpFamily
  readonly marks: Marks
  readonly deny: Action
  readonly logPrefix: string
  /** Registers a World IP set for this family and returns its reference. */
  readonly set: (id: SetId) => IpSetRef
  /** Registers the (empty) set of a Kubernetes service; `ipPort` for destination services. */
  readonly service: (svc: { readonly name: string; readonly namespace: string }, ipPort: boolean) => IpSetRef
}

/** iptables' multiport limit: 15 slots, a single port takes one, a range two. */
const MULTIPORT_SLOTS = 15

/**
 * Felix's `SplitPortList`: groups of port ranges of at most 15 multiport slots.
 * @example
 * ```ts
 * splitPorts([80, 80, 8000, 8100]) // [[[80, 80], [8000, 8100]]]
 * ```
 * @since 0.2.0
 */
export const splitPorts = (ranges: ReadonlyArray<number>): ReadonlyArray<ReadonlyArray<readonly [number, number]>> => {
  const splits: Array<Array<readonly [number, number]>> = []
  let cur: Array<readonly [number, number]> = []
  let free = MULTIPORT_SLOTS
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    const lo = ranges[i] as number
    const hi = ranges[i + 1] as number
    const need = lo === hi ? 1 : 2
    if (free < need) {
      splits.push(cur)
      cur = []
      free = MULTIPORT_SLOTS
    }
    cur.push([lo, hi])
    free -= need
  }
  if (cur.length > 0) splits.push(cur)
  return splits
}

const ICMP = 1
const ICMPV6 = 58
const PORT_PROTOCOLS = new Set([6, 17, 132, 136])

interface Blocks {
  readonly rules: Array<Rule>
  used: boolean
  firstPositiveDone: boolean
}

const setMark = (mark: number): Action => ({ _tag: 'SetMark', mark })
const clearMark = (mark: number): Action => ({ _tag: 'ClearMark', mark })
const markSet = (mark: number): Match => ({ _tag: 'Mark', value: mark, mask: mark, negated: false })
const markClear = (mark: number): Match => ({ _tag: 'Mark', value: 0, mask: mark, negated: false })

const rule = (match: ReadonlyArray<Match>, action: Action): Rule => ({ match, action, comments: [] })

const initial = (b: Blocks, m: Marks, bits: number): void => {
  if (b.used) return
  b.rules.push(rule([], { _tag: 'SetMaskedMark', value: bits, mask: m.scratch0 | m.scratch1 }))
  b.used = true
}

const positiveMark = (b: Blocks, m: Marks): number => (b.firstPositiveDone ? m.scratch1 : m.scratch0)

const finishPositive = (b: Blocks, m: Marks): void => {
  if (!b.firstPositiveDone) {
    b.firstPositiveDone = true
    return
  }
  b.rules.push(rule([markClear(m.scratch1)], clearMark(m.scratch0)))
}

const portMatch = (side: Side, protocol: number, ranges: ReadonlyArray<readonly [number, number]>, negated: boolean): Match => ({ _tag: 'Ports', side, protocol, ranges, negated })

/** Lowers one World rule; `path` names it for errors. */
export const lowerRule = (r: WorldRule, ctx: RuleContext, origin: RuleOrigin, path: Path): Either<CalicoError, ReadonlyArray<Rule>> => {
  const m = ctx.marks
  const unsupported = (feature: string, at: Path): Either<CalicoError, never> => E.left({ _tag: 'Unsupported', path: [...path, ...at], backend: 'netfilter', feature })
  const numericPorts = (s: WorldSide): boolean => (s.ports?.ranges.length ?? 0) > 0 || (s.notPorts?.ranges.length ?? 0) > 0
  if ((numericPorts(r.src) || numericPorts(r.dst)) && (r.protocol === undefined || !PORT_PROTOCOLS.has(r.protocol)))
    return unsupported('ports without a TCP, UDP, SCTP or UDPLite protocol', ['ports'])
  if ((r.icmp !== undefined || r.notIcmp !== undefined) && r.protocol !== (ctx.family === 4 ? ICMP : ICMPV6))
    return unsupported(`ICMP type matches without protocol ${ctx.family === 4 ? 'ICMP' : 'ICMPv6'}`, ['icmp'])
  const protocol = r.protocol
  const b: Blocks = { rules: [], used: false, firstPositiveDone: false }

  const portBlock = (side: Side, ports: Ports): void => {
    initial(b, m, 0)
    const mark = positiveMark(b, m)
    for (const split of splitPorts(ports.ranges)) b.rules.push(rule([{ _tag: 'Protocol', protocol: protocol as number, numeric: false, negated: false }, portMatch(side, protocol as number, split, false)], setMark(mark)))
    for (const id of ports.named) b.rules.push(rule([{ _tag: 'Set', side, set: ctx.set(id), ipPort: true, negated: false }], setMark(mark)))
    finishPositive(b, m)
  }
  const cidrBlock = (side: Side, cidrs: ReadonlyArray<string>): void => {
    initial(b, m, 0)
    const mark = positiveMark(b, m)
    for (const cidr of cidrs) b.rules.push(rule([{ _tag: 'Net', side, cidr, negated: false }], setMark(mark)))
    finishPositive(b, m)
  }
  const negatedCidrBlock = (side: Side, cidrs: ReadonlyArray<string>): void => {
    initial(b, m, m.scratch0)
    for (const cidr of cidrs) b.rules.push(rule([{ _tag: 'Net', side, cidr, negated: false }], clearMark(m.scratch0)))
  }

  // Which criteria stay in the final rule.
  const sideState = (s: WorldSide) => ({
    nets: s.nets === undefined ? [] : cidrsOf(s.nets, ctx.family),
    notNets: s.notNets === undefined ? [] : cidrsOf(s.notNets, ctx.family),
    ranges: s.ports?.ranges ?? [],
    named: s.ports?.named ?? [],
    portsInBlock: false,
  })
  const src = sideState(r.src)
  const dst = sideState(r.dst)
  if (splitPorts(src.ranges).length + src.named.length > 1 && r.src.ports !== undefined) {
    portBlock('src', r.src.ports)
    src.portsInBlock = true
  }
  if (splitPorts(dst.ranges).length + dst.named.length > 1 && r.dst.ports !== undefined) {
    portBlock('dst', r.dst.ports)
    dst.portsInBlock = true
  }
  let srcNets = src.nets
  let dstNets = dst.nets
  let srcNotNets = src.notNets
  let dstNotNets = dst.notNets
  if (srcNets.length > 1) {
    cidrBlock('src', srcNets)
    srcNets = []
  }
  if (dstNets.length > 1) {
    cidrBlock('dst', dstNets)
    dstNets = []
  }
  if (srcNets.length + srcNotNets.length > 1) {
    negatedCidrBlock('src', srcNotNets)
    srcNotNets = []
  }
  if (dstNets.length + dstNotNets.length > 1) {
    negatedCidrBlock('dst', dstNotNets)
    dstNotNets = []
  }

  const match: Array<Match> = []
  if (protocol !== undefined) match.push({ _tag: 'Protocol', protocol, numeric: false, negated: false })
  const positiveSide = (side: Side, ws: WorldSide, st: typeof src, nets: ReadonlyArray<string>): void => {
    if (nets.length === 1) match.push({ _tag: 'Net', side, cidr: nets[0] as string, negated: false })
    // A rule whose ports are only named ports needs no selector set: felix's named-port set is
    // already restricted to the selector's endpoints.
    const onlyNamed = st.ranges.length === 0 && st.named.length > 0
    if (ws.selector !== undefined && !onlyNamed) match.push({ _tag: 'Set', side, set: ctx.set(ws.selector), ipPort: false, negated: false })
    if (side === 'src' && ws.service !== undefined) match.push({ _tag: 'Set', side, set: ctx.service(ws.service, false), ipPort: false, negated: false })
    if (side === 'dst' && ws.service !== undefined) match.push({ _tag: 'Set', side, set: ctx.service(ws.service, true), ipPort: true, negated: false })
    if (!st.portsInBlock) {
      const splits = splitPorts(st.ranges)
      if (splits.length === 1) match.push(portMatch(side, protocol as number, splits[0] as ReadonlyArray<readonly [number, number]>, false))
      for (const id of st.named) match.push({ _tag: 'Set', side, set: ctx.set(id), ipPort: true, negated: false })
    }
  }
  positiveSide('src', r.src, src, srcNets)
  positiveSide('dst', r.dst, dst, dstNets)
  if (r.icmp !== undefined) match.push({ _tag: 'Icmp', family: ctx.family, type: r.icmp.type, code: r.icmp.code, negated: false })
  if (r.notProtocol !== undefined) match.push({ _tag: 'Protocol', protocol: r.notProtocol, numeric: false, negated: true })
  const negativeSide = (side: Side, ws: WorldSide, notNets: ReadonlyArray<string>): void => {
    if (notNets.length === 1) match.push({ _tag: 'Net', side, cidr: notNets[0] as string, negated: true })
    if (ws.notSelector !== undefined) match.push({ _tag: 'Set', side, set: ctx.set(ws.notSelector), ipPort: false, negated: true })
    if (ws.notPorts !== undefined) {
      for (const split of splitPorts(ws.notPorts.ranges)) match.push(portMatch(side, protocol as number, split, true))
      for (const id of ws.notPorts.named) match.push({ _tag: 'Set', side, set: ctx.set(id), ipPort: true, negated: true })
    }
  }
  negativeSide('src', r.src, srcNotNets)
  negativeSide('dst', r.dst, dstNotNets)
  if (r.notIcmp !== undefined) match.push({ _tag: 'Icmp', family: ctx.family, type: r.notIcmp.type, code: r.notIcmp.code, negated: true })
  if (b.used) match.push(markSet(m.scratch0))

  const withOrigin = (x: Rule): Rule => ({ ...x, origin })
  const out: Array<Rule> = b.rules.map(withOrigin)
  switch (r.action) {
    case 'Log':
      out.push(withOrigin(rule(match, { _tag: 'Log', prefix: ctx.logPrefix })))
      break
    case 'Allow':
      out.push(withOrigin(rule(match, setMark(m.accept))), withOrigin(rule([markSet(m.accept)], { _tag: 'Return' })))
      break
    case 'Pass':
      out.push(withOrigin(rule(match, setMark(m.pass))), withOrigin(rule([markSet(m.pass)], { _tag: 'Return' })))
      break
    case 'Deny':
      out.push(withOrigin(rule(match, setMark(m.drop))), withOrigin(rule([markSet(m.drop)], ctx.deny)))
      break
  }
  return E.right(out)
}

/**
 * A policy or profile chain's rules: each rule lowered, trailing `Return` rules stripped (they
 * are no-ops), and the chain comment on the first rule (a chain without rules keeps one empty
 * rule carrying it).
 * @example
 * ```ts
 * lowerRules([allowRule], ctx, 'GlobalNetworkPolicy allow-ssh ingress', originOf, ['policy'])
 * ```
 * @since 0.2.0
 */
export const lowerRules = (
  rules: ReadonlyArray<WorldRule>,
  ctx: RuleContext,
  chainComment: string,
  originOf: (index: number) => RuleOrigin,
  path: Path,
): Either<CalicoError, ReadonlyArray<Rule>> => {
  const out: Array<Rule> = []
  for (const r of rules) {
    const lowered = lowerRule(r, ctx, originOf(r.index), [...path, r.index])
    if (E.isLeft(lowered)) return lowered
    pushAll(out, lowered.right)
  }
  while (out.length > 0 && (out[out.length - 1] as Rule).action._tag === 'Return') out.pop()
  const first = out[0]
  if (first === undefined) out.push({ match: [], action: { _tag: 'None' }, comments: [chainComment] })
  else out[0] = { ...first, comments: [...first.comments, chainComment] }
  return E.right(out)
}
