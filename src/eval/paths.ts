/**
 * Packet paths (docs/reference.md §8; dispatch chains in `felix/rules/dispatch.go`, top-level
 * chains in `felix/rules/static.go`): the traffic type of a packet and, per traffic type, which
 * endpoint chains run in which order and how their results combine (§8.10, §8.12).
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import type { Endpoint, Settings, World } from '../policy/world.js'
import { evalChain, type ChainResult, type Ctx } from './chain.js'
import type { PacketView } from './packet.js'
import type { TrafficType, Verdict } from './trace.js'

/**
 * Whether the interface is a workload interface (its name starts with an `InterfacePrefix`);
 * `false` for anything that is not a name.
 * @example
 * ```ts
 * isWorkloadInterface(defaultSettings, 'cali12345') // true
 * isWorkloadInterface(defaultSettings, 'eth0')      // false
 * ```
 * @since 0.1.0
 */
export const isWorkloadInterface = (settings: Settings, name: string): boolean => {
  if (typeof name !== 'string' || !Array.isArray(settings?.interfacePrefixes)) return false
  for (const prefix of settings.interfacePrefixes) if (name.startsWith(prefix)) return true
  return false
}

/**
 * Derives the traffic type from the packet's interfaces (`null` = the host itself).
 * @example
 * ```ts
 * trafficType(defaultSettings, 'eth0', null)      // 'ToHost'
 * trafficType(defaultSettings, 'eth0', 'cali123') // 'ForwardedToWorkload'
 * ```
 * @since 0.1.0
 */
export const trafficType = (settings: Settings, inIf: string | null, outIf: string | null): TrafficType => {
  if (inIf === null) return outIf !== null && isWorkloadInterface(settings, outIf) ? 'HostToWorkload' : 'FromHost'
  const wlIn = isWorkloadInterface(settings, inIf)
  if (outIf === null) return wlIn ? 'WorkloadToHost' : 'ToHost'
  const wlOut = isWorkloadInterface(settings, outIf)
  if (wlIn) return wlOut ? 'WorkloadToWorkload' : 'ForwardedFromWorkload'
  return wlOut ? 'ForwardedToWorkload' : 'Forwarded'
}

const hasUntracked = (ep: Endpoint): boolean => ep.untracked.ingress.length > 0 || ep.untracked.egress.length > 0
const hasPreDnat = (ep: Endpoint): boolean => ep.preDnat.ingress.length > 0 || ep.preDnat.egress.length > 0

/** The active named HEP of a host interface (never for workload interfaces). */
const namedHep = (w: World, iface: string): Endpoint | undefined =>
  isWorkloadInterface(w.settings, iface) ? undefined : (w.hostEndpoints.byInterface.get(iface) ?? w.hostEndpoints.byName.get(iface))

/** HEPfor(raw, x): the named HEP, only if it has untracked policy; never the wildcard (§8.0). */
const rawHep = (w: World, iface: string): Endpoint | undefined => {
  const h = namedHep(w, iface)
  return h !== undefined && hasUntracked(h) ? h : undefined
}

/**
 * HEPfor(mangle, x): in iptables the named HEP if it has pre-DNAT policy, else the wildcard if it
 * has (so the wildcard's pre-DNAT policy also covers named-HEP interfaces without any: quirk Q1).
 * The BPF dataplane attaches one HEP per interface, the named one if any, else the wildcard.
 */
const mangleHep = (ctx: Ctx, iface: string): Endpoint | undefined => {
  const w = ctx.world
  const h = namedHep(w, iface)
  const wc = w.hostEndpoints.wildcard
  if (ctx.bpf) {
    const ep = h ?? wc
    return ep !== undefined && hasPreDnat(ep) ? ep : undefined
  }
  if (h !== undefined && hasPreDnat(h)) return h
  return wc !== undefined && hasPreDnat(wc) ? wc : undefined
}

/** HEPfor(filter, x) and HEPfor(forward, x): the named HEP, else the wildcard. */
const filterHep = (w: World, iface: string): Endpoint | undefined => namedHep(w, iface) ?? w.hostEndpoints.wildcard

const tracked = (p: PacketView): boolean => p.conntrack !== 'established' && p.conntrack !== 'related'

const finalOf = (r: ChainResult): Verdict | undefined => (r === 'Deny' ? 'Deny' : r === 'Allow' || r === 'Accept' ? 'Allow' : undefined)

const noHostEndpoint = (ctx: Ctx, iface: string, direction: 'ingress' | 'egress'): Verdict => {
  if (ctx.trace !== null) ctx.trace.push({ stage: 'noHostEndpoint', interface: iface, direction, result: 'None' })
  return 'NoVerdict'
}

const unknownWorkload = (ctx: Ctx, iface: string, direction: 'ingress' | 'egress'): Verdict => {
  if (ctx.trace !== null) ctx.trace.push({ stage: 'unknownWorkload', interface: iface, direction, result: 'Deny' })
  return 'Deny'
}

/** (a) Traffic to the host arriving on a host interface (§8.1). */
const toHost = (ctx: Ctx, pre: PacketView, post: PacketView, iface: string): Verdict => {
  const w = ctx.world
  const raw = rawHep(w, iface)
  if (raw !== undefined) {
    const v = finalOf(evalChain(ctx, 'untracked', raw, 'ingress', pre, iface))
    if (v !== undefined) return v
  }
  if (tracked(post)) {
    const mangle = mangleHep(ctx, iface)
    if (mangle !== undefined) {
      const v = finalOf(evalChain(ctx, 'preDnat', mangle, 'ingress', pre, iface))
      if (v !== undefined) return v
    }
  }
  const h = filterHep(w, iface)
  if (h === undefined) return noHostEndpoint(ctx, iface, 'ingress')
  return evalChain(ctx, 'normal', h, 'ingress', post, iface) === 'Deny' ? 'Deny' : 'Allow'
}

/** (b) Traffic from the host out of a host interface (§8.2). */
const fromHost = (ctx: Ctx, pre: PacketView, post: PacketView, iface: string): Verdict => {
  const w = ctx.world
  const raw = rawHep(w, iface)
  if (raw !== undefined) {
    const v = finalOf(evalChain(ctx, 'untracked', raw, 'egress', pre, iface))
    if (v !== undefined) return v
  }
  const h = filterHep(w, iface)
  if (h === undefined) return noHostEndpoint(ctx, iface, 'egress')
  return evalChain(ctx, 'normal', h, 'egress', post, iface) === 'Deny' ? 'Deny' : 'Allow'
}

const ROUTER_ICMPV6 = new Set([130, 131, 132, 133, 135, 136])

/** (f) Local workload to the host itself (§8.6). */
const workloadToHost = (ctx: Ctx, pre: PacketView, post: PacketView, iface: string): Verdict => {
  const w = ctx.world
  const wc = w.hostEndpoints.wildcard
  if (tracked(post) && wc !== undefined && hasPreDnat(wc)) {
    if (evalChain(ctx, 'preDnat', wc, 'ingress', pre, iface) === 'Deny') return 'Deny'
  }
  if (post.family === 6 && post.protocol === 58 && ROUTER_ICMPV6.has(post.icmpType)) {
    if (ctx.trace !== null) ctx.trace.push({ stage: 'workloadToHostIcmpv6', icmpType: post.icmpType, result: 'Allow' })
    return 'Allow'
  }
  const wep = w.workloads.get(iface)
  if (wep === undefined) return unknownWorkload(ctx, iface, 'egress')
  const r = evalChain(ctx, 'workload', wep, 'egress', post, iface)
  if (r === 'Deny') return 'Deny'
  if (r === 'Accept') return 'Allow'
  const action = w.settings.defaultEndpointToHostAction
  const verdict: Verdict = action === 'Drop' ? 'Deny' : action === 'Accept' ? 'Allow' : 'NoVerdict'
  if (ctx.trace !== null)
    ctx.trace.push({ stage: 'defaultEndpointToHostAction', action, result: verdict === 'NoVerdict' ? 'None' : verdict })
  return verdict
}

/** (c), (d), (e) and workload-to-workload: forwarded traffic through filter FORWARD (§8.3–§8.5, §8.7). */
const forwarded = (ctx: Ctx, pre: PacketView, post: PacketView, inIf: string, outIf: string): Verdict => {
  const w = ctx.world
  const s = w.settings
  const wlIn = isWorkloadInterface(s, inIf)
  const wlOut = isWorkloadInterface(s, outIf)
  let mark = false
  if (!wlIn) {
    const raw = rawHep(w, inIf)
    if (raw !== undefined) {
      const r = evalChain(ctx, 'untracked', raw, 'ingress', pre, inIf)
      if (r === 'Deny') return 'Deny'
      if (r === 'Allow') mark = true
    }
  }
  if (!mark && tracked(post)) {
    const mangle = mangleHep(ctx, inIf)
    if (mangle !== undefined) {
      const r = evalChain(ctx, 'preDnat', mangle, 'ingress', pre, inIf)
      if (r === 'Deny') return 'Deny'
      if (r === 'Allow') mark = true
    }
  }
  if (!mark) {
    const h = filterHep(w, inIf)
    if (h !== undefined) {
      const r = evalChain(ctx, 'forward', h, 'ingress', post, inIf)
      if (r === 'Deny') return 'Deny'
      if (r === 'Accept') return 'Allow'
      if (r === 'Allow') mark = true
    }
  }
  if (wlIn) {
    const wep = w.workloads.get(inIf)
    if (wep === undefined) return unknownWorkload(ctx, inIf, 'egress')
    const r = evalChain(ctx, 'workload', wep, 'egress', post, inIf)
    if (r === 'Deny') return 'Deny'
    if (r === 'Accept') return 'Allow'
    mark = true
  }
  if (wlOut) {
    const wep = w.workloads.get(outIf)
    if (wep === undefined) return unknownWorkload(ctx, outIf, 'ingress')
    const r = evalChain(ctx, 'workload', wep, 'ingress', post, outIf)
    if (r === 'Deny') return 'Deny'
    if (r === 'Accept') return 'Allow'
    mark = true
  }
  const h = filterHep(w, outIf)
  if (h !== undefined) {
    const r = evalChain(ctx, 'forward', h, 'egress', post, outIf)
    if (r === 'Deny') return 'Deny'
    if (r === 'Accept') return 'Allow'
    mark = r === 'Allow'
  }
  return mark ? 'Allow' : 'NoVerdict'
}

/**
 * Runs the stages of the packet's path and combines their results into Calico's verdict.
 * @internal
 */
export const runPath = (ctx: Ctx, type: TrafficType, pre: PacketView, post: PacketView, inIf: string | null, outIf: string | null): Verdict => {
  switch (type) {
    case 'ToHost':
      return toHost(ctx, pre, post, inIf as string)
    case 'FromHost':
      return fromHost(ctx, pre, post, outIf as string)
    case 'HostToWorkload':
      if (ctx.trace !== null) ctx.trace.push({ stage: 'hostToWorkload', interface: outIf as string, result: 'None' })
      return 'NoVerdict'
    case 'WorkloadToHost':
      return workloadToHost(ctx, pre, post, inIf as string)
    case 'Forwarded':
    case 'ForwardedToWorkload':
    case 'ForwardedFromWorkload':
    case 'WorkloadToWorkload':
      return forwarded(ctx, pre, post, inIf as string, outIf as string)
  }
}
