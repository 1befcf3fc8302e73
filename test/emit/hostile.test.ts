/**
 * Hostile input: names, namespaces, tiers, labels, log prefixes and interface names that try to
 * break out of a comment or a chain name. The model's decoders reject most of them, so these
 * resources are decoded from valid YAML and then tampered with, to test the emitter's own
 * defences: escaped, hashed or rejected with a typed error, never passed through.
 */
import { describe, expect, it } from 'vitest'
import { iptables } from '../../src/emit/iptables/emit.js'
import { E } from '../../src/internal/fp.js'
import type { Resource } from '../../src/model/resource.js'
import { build } from '../../src/policy/build.js'
import { EVIL, rename, resources, worldOf } from './hostile-worlds.js'

/** Every line of a restore file is one of the forms we write, and every comment is safe and balanced. */
const wellFormed = (text: string): void => {
  for (const line of text.split('\n')) {
    if (line === '') continue
    expect(line).toMatch(/^(\*(raw|mangle|filter)|:cali-[A-Za-z0-9._/-]+ - -|-[AI] [A-Za-z0-9._/*-]+ .*|COMMIT)$/)
    const withoutComments = line.replace(/-m comment --comment "[\w @%+=:,./-]{0,256}"/g, '').replace(/--log-prefix "[\w @%+=:,./-]{0,27}: "/g, '')
    expect(withoutComments).not.toContain('"')
    expect(withoutComments).not.toMatch(/[^\x20-\x7e]/)
  }
}

describe('hostile names, tiers and profiles', () => {
  it.each(EVIL.map((e) => [JSON.stringify(e).slice(0, 40), e] as const))('%s stays inside comments and hashed chain names', (_label, evil) => {
    const out = iptables.emit({ logPrefix: `%t %n %p ${evil}` })(worldOf(rename(resources(), evil)))
    if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
    wellFormed(out.right.iptables)
    wellFormed(out.right.ip6tables)
    expect(out.right.iptables).not.toContain('\n-A INPUT -j ACCEPT')
    // the policy's and the profile's chains exist (under hashed names unless the name is safe and short)
    expect(out.right.iptables).toMatch(/^:cali-pi-\S+ - -$/m)
    expect(out.right.iptables).toMatch(/^:cali-pri-\S+ - -$/m)
    // and the origins keep the real names, for the agent mapping counters back
    expect(out.right.origins.some((o) => o.origin._tag === 'PolicyRule' && o.origin.tier === evil && o.origin.policy.name === `${evil}.g`)).toBe(true)
    expect(out.right.origins.some((o) => o.origin._tag === 'ProfileRule' && o.origin.profile === evil)).toBe(true)
  })
  it('cuts log prefixes to what iptables accepts', () => {
    const out = iptables.emit({ logPrefix: 'p'.repeat(100) })(worldOf(resources()))
    if (E.isLeft(out)) throw new Error(JSON.stringify(out.left))
    expect(out.right.iptables).toContain(`--jump LOG --log-prefix "${'p'.repeat(27)}: " --log-level 5`)
  })
})

describe('hostile interface names are rejected with a typed error', () => {
  it.each(['eth0 -j ACCEPT', 'a"b', 'x\ny', 'waytoolonginterfacename', 'eth+', 'é'])('%j', (name) => {
    const rs = resources().map((r) => (r.kind === 'HostEndpoint' ? ({ ...r, spec: { ...r.spec, interfaceName: name } } as Resource) : r))
    // the node lists no interfaces (Policy.build checks those), so the HEP binds by its interfaceName
    const w = build({ resources: rs, node: 'n1', interfaces: [] })
    if (E.isLeft(w)) throw new Error(JSON.stringify(w.left))
    expect(iptables.emit({})(w.right)).toEqual(
      E.left({ _tag: 'Invalid', path: ['hostEndpoints', name], message: `interface name ${JSON.stringify(name)} is not 1-15 characters of letters, digits, '_', '.', '@' or '-'` }),
    )
  })
  it('rejects a hostile interface prefix', () => {
    const w = worldOf(resources())
    expect(iptables.emit({})({ ...w, settings: { ...w.settings, interfacePrefixes: ['cali', 'x y'] } })).toEqual(
      E.left({ _tag: 'Invalid', path: ['settings', 'interfacePrefixes', 1], message: `interface name "x y" is not 1-15 characters of letters, digits, '_', '.', '@' or '-'` }),
    )
  })
})

describe('what iptables cannot express is Unsupported, never dropped', () => {
  it('ports without a port protocol', () => {
    const rs = resources().map((r) => {
      if (r.kind !== 'GlobalNetworkPolicy') return r
      const [log, allow] = r.spec.ingress ?? []
      const { protocol: _p, ...rest } = allow as NonNullable<typeof allow>
      return { ...r, spec: { ...r.spec, ingress: [log, rest] } } as Resource
    })
    expect(iptables.emit({})(worldOf(rs))).toEqual(
      E.left({ _tag: 'Unsupported', path: ['policies', 'GlobalNetworkPolicy', 't1.g', 'spec', 'ingress', 1, 'ports'], backend: 'netfilter', feature: 'ports without a TCP, UDP, SCTP or UDPLite protocol' }),
    )
  })
  it('a mark mask with too few bits', () => {
    expect(iptables.emit({ markMask: 0xf0 })(worldOf(resources()))).toEqual(
      E.left({ _tag: 'Invalid', path: ['markMask'], message: 'the mark mask 240 must be a 32-bit mask with at least 5 bits set' }),
    )
  })
})
