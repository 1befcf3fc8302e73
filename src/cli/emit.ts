import { parseArgs } from 'node:util'
import { iptables, type IptablesOptions, type IptablesOutput } from '../emit/iptables/emit.js'
import { nft, type NftOptions, type NftOutput } from '../emit/nft/emit.js'
import { E } from '../internal/fp.js'
import { formatError, quote } from '../errors.js'
import type { FelixConfiguration } from '../model/felix-configuration.js'
import { effectiveFelixConfig, type FelixSettings } from '../model/felix-settings.js'
import type { Resource } from '../model/resource.js'
import { WORLD_OPTIONS, nodeWorld } from './world.js'
import type { Io } from './io.js'
import { EXIT, UsageError } from './usage.js'

/** The FelixConfiguration settings the node ends up with: its resources, then --felix-config (a `node.<node>` layer, as `Policy.build` applies it). */
const felixSettings = (resources: ReadonlyArray<Resource>, node: string, overrides: Readonly<Record<string, unknown>>): FelixSettings => {
  const configs = resources.filter((r): r is FelixConfiguration => r.kind === 'FelixConfiguration')
  const perNode = `node.${node}`
  const existing = configs.find((c) => c.metadata.name === perNode)
  const merged = {
    ...(existing ?? { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: perNode } }),
    spec: { ...(existing?.spec ?? {}), ...overrides },
  } as FelixConfiguration
  return effectiveFelixConfig([...configs.filter((c) => c !== existing), merged], node)
}

/** The felix settings the iptables backend renders, and those it cannot render yet (reported, never ignored). */
const iptablesOptions = (s: FelixSettings): { readonly options: IptablesOptions; readonly unsupported: ReadonlyArray<string> } => {
  const unsupported: Array<string> = []
  if (s.iptablesFilterAllowAction !== 'Accept') unsupported.push(`IptablesFilterAllowAction=${s.iptablesFilterAllowAction}`)
  if (s.iptablesMangleAllowAction !== 'Accept') unsupported.push(`IptablesMangleAllowAction=${s.iptablesMangleAllowAction}`)
  if (s.chainInsertMode !== 'Insert') unsupported.push(`ChainInsertMode=${s.chainInsertMode}`)
  if (s.logActionRateLimit !== null) unsupported.push(`LogActionRateLimit=${s.logActionRateLimit}`)
  return { options: { markMask: s.iptablesMarkMask, denyAction: s.iptablesFilterDenyAction, logPrefix: s.logPrefix }, unsupported }
}

/** The felix settings the nftables backend renders, and those it cannot render yet. */
const nftOptions = (s: FelixSettings): { readonly options: NftOptions; readonly unsupported: ReadonlyArray<string> } => {
  const unsupported: Array<string> = []
  if (s.nftablesFilterAllowAction !== 'Accept') unsupported.push(`NftablesFilterAllowAction=${s.nftablesFilterAllowAction}`)
  if (s.nftablesMangleAllowAction !== 'Accept') unsupported.push(`NftablesMangleAllowAction=${s.nftablesMangleAllowAction}`)
  if (s.logActionRateLimit !== null) unsupported.push(`LogActionRateLimit=${s.logActionRateLimit}`)
  return { options: { markMask: s.nftablesMarkMask, denyAction: s.nftablesFilterDenyAction, logPrefix: s.logPrefix }, unsupported }
}

/**
 * `calico-policy emit iptables|nft [--node NAME] [--interface NAME=ADDR[,ADDR...]]...
 * [--felix-config KEY=VALUE]... [--max-errors N] [--max-bytes N] (--out DIR | --stdout) PATH...`
 */
export const emitCommand = async (io: Io, args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      ...WORLD_OPTIONS,
      out: { type: 'string' },
      stdout: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  })
  const [backend, ...paths] = positionals
  if (backend !== 'iptables' && backend !== 'nft') throw new UsageError(`emit needs a backend, iptables or nft, not ${quote(backend ?? '')}`)
  if (paths.length === 0) throw new UsageError('emit needs at least one resource file or directory')
  if ((values.out === undefined) === !values.stdout) throw new UsageError('give either --out DIR or --stdout')
  const loaded = await nodeWorld(io, values, paths)
  if (typeof loaded === 'number') return loaded
  const { world, resources, node, felixConfig } = loaded
  const settings = felixSettings(resources, node, felixConfig)
  const { unsupported } = backend === 'iptables' ? iptablesOptions(settings) : nftOptions(settings)
  if (unsupported.length > 0) {
    for (const u of unsupported) io.err(`felixConfig: ${u} is not supported by the ${backend} backend\n`)
    return EXIT.invalid
  }
  const out =
    backend === 'iptables'
      ? E.map((o: IptablesOutput): ReadonlyArray<readonly [string, string]> => [
          ['ipsets.restore', o.ipsets],
          ['iptables.restore', o.iptables],
          ['ip6tables.restore', o.ip6tables],
          ['origins.json', `${JSON.stringify(o.origins, null, 2)}\n`],
        ])(iptables.emit(iptablesOptions(settings).options)(world))
      : E.map((o: NftOutput): ReadonlyArray<readonly [string, string]> => [
          ['ruleset.nft', o.ruleset],
          ['origins.json', `${JSON.stringify(o.origins, null, 2)}\n`],
        ])(nft.emit(nftOptions(settings).options)(world))
  if (out._tag === 'Left') {
    io.err(`${formatError(out.left)}\n`)
    return EXIT.invalid
  }
  const files = out.right
  if (values.stdout) {
    for (const [name, text] of files) await io.out(`==> ${name} <==\n${text}\n`)
    return EXIT.ok
  }
  const dir = values.out as string
  for (const [name, text] of files) {
    const written = await io.writeText(`${dir}/${name}`, text)
    if (written._tag === 'Left') {
      io.err(`--out ${quote(dir)}: cannot write ${name}: ${written.left}\n`)
      return EXIT.invalid
    }
  }
  return EXIT.ok
}
