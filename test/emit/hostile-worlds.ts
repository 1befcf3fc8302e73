/**
 * Worlds whose names, tiers and profiles carry hostile text: decoded from valid YAML, then
 * tampered with (the decoders would reject the text), to test the emitters' own defences.
 */
import { E } from '../../src/internal/fp.js'
import { load } from '../../src/load.js'
import type { Resource } from '../../src/model/resource.js'
import { build } from '../../src/policy/build.js'
import type { World } from '../../src/policy/world.js'

export const EVIL = [
  'a"b',
  'x\n-A INPUT -j ACCEPT',
  '-j ACCEPT',
  '{ braces }',
  'semi;colon',
  '# hash',
  `long-${'x'.repeat(300)}`,
  'ünïcödé-名前',
  "it's",
  'back\\slash',
  'COMMIT',
]

const BASE = `
apiVersion: projectcalico.org/v3
kind: Tier
metadata: { name: t1 }
spec: { order: 10 }
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: { name: h, labels: { role: edge } }
spec: { node: n1, interfaceName: eth0, expectedIPs: [10.0.0.1], profiles: [p1] }
---
apiVersion: projectcalico.org/v3
kind: Profile
metadata: { name: p1 }
spec: { ingress: [{ action: Log }, { action: Allow }], egress: [{ action: Allow }] }
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: t1.g }
spec:
  tier: t1
  selector: role == 'edge'
  ingress:
    - action: Log
    - action: Allow
      protocol: TCP
      source: { selector: role == 'edge' }
      destination: { ports: [22] }
`

export const resources = (): ReadonlyArray<Resource> => {
  const r = load(BASE)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

export const rename = (rs: ReadonlyArray<Resource>, evil: string): ReadonlyArray<Resource> =>
  rs.map((r) => {
    if (r.kind === 'Tier') return { ...r, metadata: { ...r.metadata, name: evil } } as Resource
    if (r.kind === 'GlobalNetworkPolicy') return { ...r, metadata: { ...r.metadata, name: `${evil}.g` }, spec: { ...r.spec, tier: evil } } as Resource
    if (r.kind === 'Profile') return { ...r, metadata: { ...r.metadata, name: evil } } as Resource
    if (r.kind === 'HostEndpoint') return { ...r, spec: { ...r.spec, profiles: [evil] } } as Resource
    return r
  })

export const worldOf = (rs: ReadonlyArray<Resource>): World => {
  const w = build({ resources: rs, node: 'n1', interfaces: [{ name: 'eth0', addresses: ['10.0.0.1'] }] })
  if (E.isLeft(w)) throw new Error(JSON.stringify(w.left))
  return w.right
}

