/**
 * A lab topology from the inputs of `Policy.build`: the node's host interfaces with their
 * addresses, and its local workload endpoints (spec.node is the node) with their interface names
 * and addresses. Interfaces that packets name but the inputs do not (an unknown `cali…`, a host
 * interface the node did not list) are added without addresses, so those paths can be sent too.
 */
import { isWorkloadInterface } from '../../../src/eval/paths.js'
import type { Resource } from '../../../src/model/resource.js'
import type { WorkloadEndpoint } from '../../../src/model/workload-endpoint.js'
import type { HostInterface, Settings } from '../../../src/policy/world.js'
import { isLinkName, type Link, type Probe, type Topology } from './lab.js'

export interface TopologyInput {
  readonly resources: ReadonlyArray<Resource>
  readonly node: string
  readonly interfaces: ReadonlyArray<HostInterface>
  readonly settings: Settings
  readonly packets?: ReadonlyArray<Probe>
}

const address = (net: string): string => net.split('/')[0] as string

export const topologyOf = (input: TopologyInput): Topology => {
  const links = new Map<string, { role: Link['role']; addresses: Set<string> }>()
  const add = (name: string, addresses: ReadonlyArray<string>) => {
    if (!isLinkName(name)) return
    const role = isWorkloadInterface(input.settings, name) ? 'workload' : 'host'
    const l = links.get(name) ?? { role, addresses: new Set<string>() }
    for (const a of addresses) l.addresses.add(a)
    links.set(name, l)
  }
  for (const i of input.interfaces) add(i.name, i.addresses)
  for (const r of input.resources) {
    if (r.kind !== 'WorkloadEndpoint') continue
    const w = r as WorkloadEndpoint
    if (w.spec.node !== input.node || w.spec.interfaceName === undefined) continue
    add(w.spec.interfaceName, (w.spec.ipNetworks ?? []).map(address))
  }
  for (const p of input.packets ?? []) {
    if (p.in !== null) add(p.in, [])
    if (p.out !== null) add(p.out, [])
  }
  // An address belongs to one interface: a host address wins, then the first workload listing it.
  const taken = new Set<string>()
  const ordered = [...links.entries()].sort(([, a], [, b]) => (a.role === b.role ? 0 : a.role === 'host' ? -1 : 1))
  const out: Array<Link> = []
  for (const [name, l] of ordered) {
    const addresses = [...l.addresses].filter((a) => !taken.has(a))
    for (const a of addresses) taken.add(a)
    out.push({ name, role: l.role, addresses })
  }
  return { links: out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) }
}
