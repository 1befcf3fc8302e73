import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { load } from '../../src/model/load.js'
import { kindOf, type Resource } from '../../src/model/resource.js'
import { formatError, type CalicoError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const FIXTURES = join(__dirname, '../fixtures/calicoctl')
const SCENARIOS = join(__dirname, '../fixtures/scenarios')

const loaded = (text: string, file?: string): ReadonlyArray<Resource> => {
  const r = load(text, file === undefined ? {} : { file })
  if (E.isLeft(r)) throw new Error(r.left.map(formatError).join('\n'))
  return r.right
}
const failures = (text: string, file?: string): ReadonlyArray<CalicoError> => {
  const r = load(text, file === undefined ? {} : { file })
  if (E.isRight(r)) throw new Error('expected errors')
  return r.left
}

describe('load: the calicoctl fixture directory', () => {
  const files = readdirSync(FIXTURES).sort()
  it.each(files)('%s loads without errors', (file) => {
    expect(loaded(readFileSync(join(FIXTURES, file), 'utf8'), file).length).toBeGreaterThan(0)
  })
  it('covers every kind, from single documents and List forms', () => {
    const all = files.flatMap((f) => loaded(readFileSync(join(FIXTURES, f), 'utf8'), f))
    const counts: Record<string, number> = {}
    for (const r of all) counts[kindOf(r)] = (counts[kindOf(r)] ?? 0) + 1
    expect(counts).toEqual({
      FelixConfiguration: 3,
      GlobalNetworkPolicy: 5,
      GlobalNetworkSet: 2,
      HostEndpoint: 3,
      KubernetesNetworkPolicy: 2,
      Namespace: 2,
      NetworkPolicy: 2,
      NetworkSet: 1,
      Profile: 4,
      ServiceAccount: 2,
      StagedGlobalNetworkPolicy: 1,
      StagedKubernetesNetworkPolicy: 1,
      StagedNetworkPolicy: 1,
      Tier: 6,
      WorkloadEndpoint: 2,
    })
  })
  it('applies defaulting while loading (tier order, namespaces) and keeps list order', () => {
    const tiers = loaded(readFileSync(join(FIXTURES, 'tiers.yaml'), 'utf8'))
    expect(tiers.map((t) => (t.kind === 'Tier' ? [t.metadata.name, t.spec.order, t.spec.defaultAction] : []))).toEqual([
      ['default', 1_000_000, 'Deny'],
      ['kube-admin', 1000, 'Pass'],
      ['kube-baseline', 10_000_000, 'Pass'],
      ['security', 100, 'Pass'],
      ['platform', 1_000_000, 'Deny'],
    ])
  })
  it('every scenario fixture loads too', () => {
    const dirs = readdirSync(SCENARIOS).filter((d) => !d.startsWith('_') && !d.endsWith('.md'))
    expect(dirs.length).toBeGreaterThan(0)
    for (const d of dirs) expect(loaded(readFileSync(join(SCENARIOS, d, 'resources.yaml'), 'utf8'), d).length).toBeGreaterThan(0)
  })
})

describe('load: documents and formats', () => {
  const tier = (name: string) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: ${name}\n`
  it('reads a single document', () => {
    expect(load(tier('security'))).toEqual(
      E.right([{ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 1_000_000, defaultAction: 'Deny' } }]),
    )
  })
  it('skips empty and comment-only documents', () => {
    expect(loaded(`---\n${tier('a')}---\n# nothing here\n---\n---\n${tier('b')}`).map((r) => r.metadata.name)).toEqual(['a', 'b'])
    expect(load('')).toEqual(E.right([]))
    expect(load('# just a comment\n')).toEqual(E.right([]))
  })
  it('reads JSON, including a List', () => {
    const json = JSON.stringify({
      apiVersion: 'projectcalico.org/v3',
      kind: 'TierList',
      metadata: { resourceVersion: '7' },
      items: [{ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'a' }, spec: { order: 1 } }],
    })
    expect(load(json)).toEqual(E.right([{ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'a' }, spec: { order: 1, defaultAction: 'Deny' } }]))
  })
  it('items of a typed list may omit apiVersion and kind', () => {
    const text = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSetList\nitems:\n- metadata: {name: a}\n  spec: {nets: [10.0.0.1]}\n'
    expect(load(text)).toEqual(
      E.right([{ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: { name: 'a' }, spec: { nets: ['10.0.0.1/32'] } }]),
    )
  })
  it('a v1 List may mix kinds', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: shop}\n- ${tier('t').replace(/\n(?!$)/g, '\n  ')}`
    expect(loaded(text).map(kindOf)).toEqual(['Namespace', 'Tier'])
  })
})

describe('load: errors', () => {
  it('reports the document, kind and name with the field path (the brief example)', () => {
    const text = `${'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\n'}---\n---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: allow-ssh
spec:
  ingress:
  - action: Allow
    protocol: TCP
    destination:
      ports: [22, "70000"]
`
    expect(failures(text)).toEqual([
      {
        _tag: 'Decode',
        path: ['spec', 'ingress', 0, 'destination', 'ports', 1],
        expected: 'a port, a port range or a named port',
        actual: '70000',
        origin: { document: 3, kind: 'GlobalNetworkPolicy', name: 'allow-ssh' },
      },
    ])
    expect(failures(text).map(formatError)).toEqual([
      'document 3, GlobalNetworkPolicy allow-ssh: spec.ingress[0].destination.ports[1]: "70000" is not a port, a port range or a named port',
    ])
  })
  it('collects every error of every document, with the file name and namespace', () => {
    const text = `apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata: {name: partners, namespace: shop}
spec: {nets: [10.0.0.300]}
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: h}
spec: {node: n1}
`
    expect(failures(text, 'cluster.yaml').map(formatError)).toEqual([
      'cluster.yaml, document 1, NetworkSet shop/partners: spec.nets[0]: "10.0.0.300" is not a dotted-quad IPv4 address',
      'cluster.yaml, document 2, HostEndpoint h: spec: at least one of interfaceName or expectedIPs must be specified',
    ])
  })
  it('reports YAML syntax errors as Parse errors with line and column, and still checks the other documents', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: [b\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: C\n'
    const errs = failures(text, 'ns.yaml')
    expect(errs[0]).toEqual({
      _tag: 'Parse',
      path: [],
      message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
      line: 10,
      column: 1,
      origin: { file: 'ns.yaml', document: 2 },
    })
    expect(errs.map(formatError)).toEqual([
      'ns.yaml, document 2: line 10:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
      expect.stringMatching(/^ns\.yaml, document 3, Namespace C: metadata\.name: a lowercase RFC 1123 label must consist of/),
    ])
  })
  it('reports duplicate keys', () => {
    expect(failures('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n').map(formatError)).toEqual([
      'document 1: line 5:3: Map keys must be unique',
    ])
  })
  it('reports malformed JSON with its position', () => {
    expect(failures('{"apiVersion": "projectcalico.org/v3", "kind": "Tier", "metadata": {"name": "x"} ').map(formatError)).toEqual([
      'document 1: line 1:82: Flow map must end with a }',
    ])
  })
  it('explains unknown apiVersion/kind pairs', () => {
    const text = [
      'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}',
      'apiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkPolicy\nmetadata: {name: p}',
      'apiVersion: projectcalico.org/v3\nkind: Bogus\nmetadata: {name: p}',
      'kind: Tier\nmetadata: {name: p}',
      'apiVersion: projectcalico.org/v2\nkind: NetworkPolicy\nmetadata: {name: p}',
      'just a string',
    ].join('\n---\n')
    expect(failures(text).map(formatError)).toEqual([
      'document 1, IPPool p: kind: kind IPPool is not supported by calico-policy (it does not affect policy)',
      'document 2, GlobalNetworkPolicy p: apiVersion: apiVersion "crd.projectcalico.org/v1" is not supported for kind GlobalNetworkPolicy (expected "projectcalico.org/v3"; crd.projectcalico.org/v1 is the internal storage format, use calicoctl or the projectcalico.org/v3 API)',
      'document 3, Bogus p: kind: unknown kind "Bogus" (apiVersion "projectcalico.org/v3")',
      'document 4, Tier p: apiVersion: missing required field (a string)',
      'document 5, NetworkPolicy p: apiVersion: apiVersion "projectcalico.org/v2" is not supported for kind NetworkPolicy (expected "projectcalico.org/v3" or "networking.k8s.io/v1")',
      'document 6: "just a string" is not a resource (an object with apiVersion, kind and metadata)',
    ])
  })
  it('errors inside a List name the item and carry an items[i] path', () => {
    const text = `apiVersion: projectcalico.org/v3
kind: HostEndpointList
metadata:
  resourceVersion: "1"
items:
- metadata: {name: a}
  spec: {node: n1, interfaceName: eth0}
- kind: Tier
  metadata: {name: b}
- metadata: {name: c}
  spec: {node: n1, interfaceName: "eth0:1"}
`
    expect(failures(text)).toEqual([
      {
        _tag: 'Invalid',
        path: ['items', 1, 'kind'],
        message: 'a HostEndpointList can only hold HostEndpoint items, not "Tier"',
        origin: { document: 1, kind: 'Tier', name: 'b' },
      },
      {
        _tag: 'Invalid',
        path: ['items', 2, 'spec', 'interfaceName'],
        message: `"eth0:1" is not "*" or an interface name of 1-15 letters, digits, '_', '.' or '-'`,
        origin: { document: 1, kind: 'HostEndpoint', name: 'c' },
      },
    ])
  })
  it('checks the list envelope', () => {
    expect(failures('apiVersion: v1\nkind: List\nmetadata: {resourceVersion: "", owner: me}\nitems: []\nextra: 1\n').map(formatError)).toEqual([
      'document 1, List: extra: unknown field "extra"',
      'document 1, List: metadata.owner: unknown field "owner"',
    ])
    expect(failures('apiVersion: projectcalico.org/v3\nkind: FooList\nitems: []\n').map(formatError)).toEqual([
      'document 1, FooList: kind: unknown kind "FooList" (apiVersion "projectcalico.org/v3")',
    ])
    expect(failures('apiVersion: v1\nkind: TierList\nitems: []\n').map(formatError)).toEqual([
      'document 1, TierList: apiVersion: apiVersion "v1" is not supported for kind TierList (expected "projectcalico.org/v3")',
    ])
    expect(failures('apiVersion: networking.k8s.io/v1\nkind: List\nitems: []\n').map(formatError)).toEqual([
      'document 1, List: apiVersion: apiVersion "networking.k8s.io/v1" is not supported for kind List (expected "v1")',
    ])
    expect(failures('apiVersion: v1\nkind: List\nitems: {}\n').map(formatError)).toEqual(['document 1, List: items: {} is not a list'])
  })
})

describe('load: hostile and malformed input', () => {
  it('answers anything but a string with a Left, never a throw or an empty success', () => {
    for (const [input, what] of [[42, 'number'], [undefined, 'undefined'], [null, 'null'], [{}, 'object']] as const) {
      expect(load(input as unknown as string, { file: 'f' })).toEqual(
        E.left([{ _tag: 'Parse', path: [], message: `expected text (a string), not ${what}`, origin: { file: 'f' } }]),
      )
    }
  })
  it('refuses a text larger than maxBytes (counted in UTF-8) before parsing it', () => {
    expect(load('a: 1\n', { maxBytes: 4 })).toEqual(E.left([{ _tag: 'Parse', path: [], message: 'the text is larger than 4 bytes (maxBytes)' }]))
    expect(load('# ééé\n', { maxBytes: 8 })).toEqual(E.left([{ _tag: 'Parse', path: [], message: 'the text is larger than 8 bytes (maxBytes)' }]))
    expect(load('# ééé\n', { maxBytes: 9 })).toEqual(E.right([]))
    expect(load('# 😀\n', { maxBytes: 6 })).toEqual(E.left([{ _tag: 'Parse', path: [], message: 'the text is larger than 6 bytes (maxBytes)' }]))
    expect(load('# 😀\n', { maxBytes: 7 })).toEqual(E.right([]))
  })
  it('refuses more documents than maxDocuments', () => {
    expect(load('a: 1\n---\nb: 2\n---\nc: 3\n', { maxDocuments: 2, file: 'x' })).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: 'more than 2 documents (maxDocuments)', origin: { file: 'x', document: 3 } }]),
    )
  })
  it('turns alias problems into Parse errors of their document', () => {
    expect(load('a: *x\n')).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: 'alias *x refers to no anchor &x before it in this document', line: 1, column: 4, origin: { document: 1 } }]),
    )
  })
  it('reads lists longer than the engine argument limit (no spreading into calls)', () => {
    const items = Array.from({ length: 130_000 }, () => ({ metadata: { name: 'T' } }))
    const r = load(JSON.stringify({ apiVersion: 'projectcalico.org/v3', kind: 'TierList', items }))
    expect(E.isLeft(r) && r.left.length).toBe(130_000)
    // A 4 MB document: correctness, not speed, is asserted here (npm run bench measures speed), so
    // the time limit only guards against a hang on a loaded CI machine.
  }, 120_000)
})
