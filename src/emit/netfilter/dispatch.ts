/**
 * Interface dispatch chains (`felix/rules/dispatch.go`): interface names are sorted, their
 * common prefix found and the names binned by the next character; a bin with one name gets a
 * `goto` in the root chain, a bin with several gets a prefix match jumping to a child chain
 * `<root>-<char>` that holds their gotos. The end rules (unknown workload interface drop, or
 * the `*` host endpoint's chain) close the root and every child chain.
 * @module
 */
import type { Chain, Match, Rule } from './ir.js'

/**
 * One dispatch tree: root chain name, interface match side, the endpoint chain each interface
 * goes to, and the end rules.
 * @since 0.2.0
 */
export interface DispatchSpec {
  readonly root: string
  readonly side: 'in' | 'out'
  readonly interfaces: ReadonlyArray<string>
  readonly target: (iface: string) => string
  readonly endRules: ReadonlyArray<Rule>
}

const commonPrefix = (names: ReadonlyArray<string>): string => {
  const first = names[0]
  if (first === undefined) return ''
  let n = first.length
  for (const name of names) {
    let i = 0
    while (i < n && i < name.length && name[i] === first[i]) i++
    n = i
  }
  return first.slice(0, n)
}

/**
 * The child chains (first) and the root chain of one dispatch tree.
 * @example
 * ```ts
 * dispatchChains({ root: 'cali-from-wl-dispatch', side: 'in', interfaces: ['cali1', 'cali2'], target: (i) => `cali-fw-${i}`, endRules: [] })
 * ```
 * @since 0.2.0
 */
export const dispatchChains = (spec: DispatchSpec): ReadonlyArray<Chain> => {
  const names = [...new Set(spec.interfaces)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const common = commonPrefix(names)
  const bins = new Map<string, Array<string>>()
  for (const name of names) {
    const prefix = name.length > common.length ? name.slice(0, common.length + 1) : common
    const bin = bins.get(prefix)
    if (bin === undefined) bins.set(prefix, [name])
    else bin.push(name)
  }
  const iface = (name: string, prefix: boolean): Match => ({ _tag: 'Interface', side: spec.side, name, prefix })
  const go = (name: string): Rule => ({ match: [iface(name, false)], action: { _tag: 'Goto', chain: spec.target(name) }, comments: [] })
  const children: Array<Chain> = []
  const rootRules: Array<Rule> = []
  for (const [prefix, bin] of bins) {
    if (bin.length > 1) {
      const child = `${spec.root}-${prefix.slice(common.length)}`
      rootRules.push({ match: [iface(prefix, true)], action: { _tag: 'Goto', chain: child }, comments: [] })
      children.push({ name: child, rules: [...bin.map(go), ...spec.endRules] })
    } else rootRules.push(go(bin[0] as string))
  }
  return [...children, { name: spec.root, rules: [...rootRules, ...spec.endRules] }]
}
