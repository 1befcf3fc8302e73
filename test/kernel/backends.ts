/**
 * The emitters the kernel suite proves, as one shape: a World to the rule files a host loads, or
 * the emitter's error (an `Unsupported` error makes the suite skip and count that World).
 */
import type { CalicoError } from '../../src/errors.js'
import { E, pipe, type Either } from '../../src/internal/fp.js'
import { iptables } from '../../src/emit/iptables/emit.js'
import { nft } from '../../src/emit/nft/emit.js'
import type { World } from '../../src/policy/world.js'
import type { Rules } from './harness/lab.js'

export interface Backend {
  readonly name: string
  readonly render: (world: World) => Either<CalicoError, Rules>
}

export const BACKENDS: ReadonlyArray<Backend> = [
  {
    name: 'iptables',
    render: (world) => pipe(iptables.emit({})(world), E.map((o): Rules => ({ ipsets: o.ipsets, iptables: o.iptables, ip6tables: o.ip6tables }))),
  },
  {
    name: 'nft',
    render: (world) => pipe(nft.emit({})(world), E.map((o): Rules => ({ nft: o.ruleset }))),
  },
]

/** The rules as one text, for failure reports. */
export const showRules = (r: Rules): string =>
  [
    ['ipset restore', r.ipsets],
    ['iptables-restore', r.iptables],
    ['ip6tables-restore', r.ip6tables],
    ['nft -f', r.nft],
  ]
    .filter(([, t]) => t !== undefined && t.trim() !== '')
    .map(([what, t]) => `--- ${what as string} ---\n${t as string}`)
    .join('\n')
