import { describe, expect, it } from 'vitest'
import { evaluateOk } from '../eval/hand-world.js'
import { parsePacket } from '../../src/eval/packet.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import type { Resource } from '../../src/model/resource.js'
import { build, type BuildInput } from '../../src/policy/build.js'
import { buildInputErrors, interfaceAddress, interfaceErrors } from '../../src/policy/interfaces.js'
import { update } from '../../src/policy/update.js'
import type { World } from '../../src/policy/world.js'
import { resources } from './yaml.js'

const HEP_BY_IP = resources(`
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: h}
spec: {node: n0, expectedIPs: [10.0.0.2]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-all}
spec: {selector: all(), ingress: [{action: Deny}]}
`)

const must = (w: E.Either<ReadonlyArray<{ readonly _tag: string }>, World>): World => {
  if (E.isLeft(w)) throw new Error(w.left.map((e) => formatError(e as never)).join('\n'))
  return w.right
}

const verdict = (w: World, text: string): string => {
  const p = parsePacket(text)
  if (E.isLeft(p)) throw new Error('bad packet')
  return evaluateOk(w, { dataplane: 'iptables' })(p.right).verdict
}

const invalid = (path: ReadonlyArray<string | number>, message: string) => ({ _tag: 'Invalid', path, message })

describe('interfaceAddress', () => {
  it('takes plain addresses and addr/len (the address part), nothing else', () => {
    expect(['10.0.0.2', '10.0.0.2/24', 'fd00::1/64', '10.0.0.2/32', '10.0.0.2/33', '10.0.0.2/', '10.0.0.2/024', '010.0.0.2', 'not-an-ip', 'fd00::1/129'].map(interfaceAddress)).toEqual([
      { family: 4, value: 0x0a000002 },
      { family: 4, value: 0x0a000002 },
      { family: 6, value: 0xfd000000000000000000000000000001n },
      { family: 4, value: 0x0a000002 },
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })
})

describe('interfaceErrors', () => {
  it('reports each bad name and address with its path', () => {
    expect(
      interfaceErrors([
        { name: 'eth0', addresses: ['10.0.0.2/24', 'not-an-ip', '010.0.0.2', 7] },
        { name: '', addresses: [] },
        { name: 'a b', addresses: [] },
        { name: 'abcdefghijklmnop', addresses: [] },
        { name: 'eth0', addresses: [] },
        { name: 'x/y', addresses: [] },
        { name: 'tab\u0001', addresses: [] },
        { name: '..', addresses: [] },
        { name: 'eth1' },
        'eth2',
        { name: 3, addresses: [] },
      ]),
    ).toEqual([
      invalid(['interfaces', 0, 'addresses', 1], 'not an IPv4 or IPv6 address (optionally with /len): "not-an-ip"'),
      invalid(['interfaces', 0, 'addresses', 2], 'not an IPv4 or IPv6 address (optionally with /len): "010.0.0.2"'),
      invalid(['interfaces', 0, 'addresses', 3], 'not an IPv4 or IPv6 address (optionally with /len): 7'),
      invalid(['interfaces', 1, 'name'], 'an interface name must not be empty: ""'),
      invalid(['interfaces', 2, 'name'], 'an interface name cannot contain white space, control characters, "/" or ":": "a b"'),
      invalid(['interfaces', 3, 'name'], 'an interface name has at most 15 bytes (Linux IFNAMSIZ): "abcdefghijklmnop"'),
      invalid(['interfaces', 4, 'name'], 'interface "eth0" is listed twice'),
      invalid(['interfaces', 5, 'name'], 'an interface name cannot contain white space, control characters, "/" or ":": "x/y"'),
      invalid(['interfaces', 6, 'name'], 'an interface name cannot contain white space, control characters, "/" or ":": "tab\\u0001"'),
      invalid(['interfaces', 7, 'name'], 'an interface cannot be named "..": ".."'),
      invalid(['interfaces', 8, 'addresses'], 'addresses must be an array of IP addresses'),
      invalid(['interfaces', 9], 'an interface must be an object { name, addresses }'),
      invalid(['interfaces', 10, 'name'], 'an interface name must be a string'),
    ])
  })

  it('accepts 15-byte names and counts bytes, not characters', () => {
    expect([interfaceErrors([{ name: 'abcdefghijklmno', addresses: [] }]), interfaceErrors([{ name: 'ééééééé€', addresses: [] }])]).toEqual([
      [],
      [invalid(['interfaces', 0, 'name'], 'an interface name has at most 15 bytes (Linux IFNAMSIZ): "ééééééé€"')],
    ])
  })
})

describe('Policy.build options', () => {
  it('binds a HEP through an address written addr/len, as ip addr prints it', () => {
    const w = must(build({ resources: HEP_BY_IP, node: 'n0', interfaces: [{ name: 'eth0', addresses: ['10.0.0.2/24'] }] }))
    expect([w.hostEndpoints.byInterface.get('eth0')?.name, verdict(w, 'tcp 1.2.3.4:1 -> 10.0.0.2:80 in eth0')]).toEqual(['h', 'Deny'])
  })

  it('refuses bad interfaces instead of dropping them', () => {
    expect(build({ resources: HEP_BY_IP, node: 'n0', interfaces: [{ name: 'eth0', addresses: ['10.0.0.2', '10.0.0.2/24x'] }] })).toEqual(
      E.left([invalid(['interfaces', 0, 'addresses', 1], 'not an IPv4 or IPv6 address (optionally with /len): "10.0.0.2/24x"')]),
    )
  })

  it('reports misuse from JavaScript as errors, never throws', () => {
    // (a selector that is not a string is a Decode error of its own, see the next test)
    const undecoded = { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'p' }, spec: { selector: 'all()', ingress: 5 } } as unknown as Resource
    const calls: ReadonlyArray<unknown> = [
      undefined,
      { node: 'n0', interfaces: [] },
      { resources: 'x', node: 'n0' },
      { resources: [42, { kind: 'Tier' }], node: 7, interfaces: [], felixConfig: 'x' },
    ]
    expect(calls.map((c) => buildInputErrors(c))).toEqual([
      [invalid([], 'Policy.build needs an object { resources, node, interfaces }')],
      [invalid(['resources'], 'resources must be an array of resources from load or Model.decodeResource')],
      [invalid(['resources'], 'resources must be an array of resources from load or Model.decodeResource'), invalid(['interfaces'], 'interfaces must be an array of { name, addresses }')],
      [
        invalid(['resources', 0], 'not a decoded resource (use load or Model.decodeResource)'),
        invalid(['resources', 1], 'not a decoded resource (use load or Model.decodeResource)'),
        invalid(['node'], 'node must be a string'),
        invalid(['felixConfig'], 'felixConfig must be an object of felix settings'),
      ],
    ])
    expect(build(undefined as unknown as BuildInput)).toEqual(E.left([invalid([], 'Policy.build needs an object { resources, node, interfaces }')]))
    const r = build({ resources: [undecoded], node: 'n0', interfaces: [] })
    expect(E.isLeft(r) ? r.left.map((e) => [e._tag, e.path, (e as { readonly message: string }).message.split(': ')[0]]) : r).toEqual([
      ['Invalid', [], 'Policy.build failed (were the resources decoded by load or Model.decodeResource?)'],
    ])
  })
  it('reports a selector that is not a string as a Decode error at its path', () => {
    const bad = { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'p' }, spec: { selector: 5 } } as unknown as Resource
    expect(build({ resources: [bad], node: 'n0', interfaces: [] })).toEqual(
      E.left([{ _tag: 'Decode', path: ['spec', 'selector'], expected: 'a selector string', actual: 5, origin: { kind: 'GlobalNetworkPolicy', name: 'p' } }]),
    )
  })
})

describe('Policy.update interfaces', () => {
  it('checks changed interfaces like build does', () => {
    const w = must(build({ resources: HEP_BY_IP, node: 'n0', interfaces: [] }))
    expect(update(w)({ _tag: 'Interfaces', interfaces: [{ name: 'eth0', addresses: ['10.0.0.2/24', 'nope'] }] })).toEqual(
      E.left([invalid(['interfaces', 0, 'addresses', 1], 'not an IPv4 or IPv6 address (optionally with /len): "nope"')]),
    )
    const next = must(update(w)({ _tag: 'Interfaces', interfaces: [{ name: 'eth0', addresses: ['10.0.0.2/24'] }] }))
    expect(verdict(next, 'tcp 1.2.3.4:1 -> 10.0.0.2:80 in eth0')).toEqual('Deny')
  })

  it('turns an undecoded resource into an error and rebuilds the lineage afterwards', () => {
    const w = must(build({ resources: HEP_BY_IP, node: 'n0', interfaces: [{ name: 'eth0', addresses: ['10.0.0.2'] }] }))
    const bad = { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'p' }, spec: { selector: 'all()', ingress: 5 } } as unknown as Resource
    const r = update(w)({ _tag: 'Upsert', resource: bad })
    expect(E.isLeft(r) ? r.left.map((e) => [e._tag, e.path, (e as { readonly message: string }).message.split(': ')[0]]) : r).toEqual([
      ['Invalid', [], 'Policy.update failed (were the resources decoded by load or Model.decodeResource?)'],
    ])
    const allow = resources('apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: deny-all}\nspec: {selector: all(), ingress: [{action: Allow}]}\n')[0] as Resource
    const next = must(update(w)({ _tag: 'Upsert', resource: allow }))
    expect([verdict(w, 'tcp 1.2.3.4:1 -> 10.0.0.2:80 in eth0'), verdict(next, 'tcp 1.2.3.4:1 -> 10.0.0.2:80 in eth0')]).toEqual(['Deny', 'Allow'])
  })
})
