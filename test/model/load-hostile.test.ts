// The loader against inputs that are malformed, ambiguous or built to hurt: every case returns an
// Either with the exact error, never a throw, a hang or a process abort.
import { describe, expect, it, vi } from 'vitest'
import { formatError, type CalicoError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import { load } from '../../src/model/load.js'

const messages = (text: string): ReadonlyArray<string> => {
  const r = load(text)
  return E.isLeft(r) ? r.left.map(formatError) : ['(loaded)']
}
const errors = (text: string): ReadonlyArray<CalicoError> => {
  const r = load(text)
  return E.isLeft(r) ? r.left : []
}
const gnp = (ports: string) =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\nspec: {ingress: [{action: Allow, protocol: TCP, destination: {ports: [${ports}]}}]}\n`
const tier = (spec: string) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t}\nspec: ${spec}\n`

describe('load: duplicate and colliding keys', () => {
  it('refuses duplicate keys in JSON, with their position (JSON.parse would keep the last)', () => {
    const json = '{"apiVersion":"projectcalico.org/v3","kind":"GlobalNetworkPolicy","metadata":{"name":"p"},\n"spec":{"ingress":[{"action":"Deny","action":"Allow"}]}}'
    expect(load(json, { file: 'p.json' })).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: 'duplicate key "action" (keys must be unique)', line: 2, column: 37, origin: { file: 'p.json', document: 1 } }]),
    )
    expect(messages('{"a": 1, "\\u0061": 2}')).toEqual(['document 1: line 1:10: duplicate key "a" (keys must be unique)'])
  })
  it('refuses YAML keys that become the same JavaScript key', () => {
    expect(messages('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {1: x, "1": y}}\n')).toEqual([
      'document 1: line 3:36: key "1" appears twice (as 1 and "1")',
    ])
  })
  it('refuses mappings and sequences as keys, without writing process warnings', () => {
    const warn = vi.spyOn(process, 'emitWarning')
    try {
      expect(messages('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {[a, b]: x}}\n')).toEqual([
        'document 1: line 3:30: a mapping or a sequence cannot be a key',
      ])
      expect(messages('? {a: 1}\n: x\n')).toEqual(['document 1: line 1:3: a mapping or a sequence cannot be a key'])
      expect(warn).not.toHaveBeenCalled()
    } finally {
      warn.mockRestore()
    }
  })
  it('keeps a __proto__ key as an ordinary key in YAML as in JSON', () => {
    const yaml = errors('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {__proto__: x}}\n')
    const json = errors('{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "labels": {"__proto__": "x"}}}')
    expect(yaml.map((e) => e.path)).toEqual([['metadata', 'labels', '__proto__']])
    expect(json.map((e) => e.path)).toEqual([['metadata', 'labels', '__proto__']])
  })
})

describe("load: numbers and words calicoctl's YAML 1.1 reader reads differently", () => {
  it.each([
    ['0443', 'the number 443', 'the number 291'],
    ['-0443', 'the number -443', 'the number -291'],
    ['0b11', 'the string "0b11"', 'the number 3'],
    ['1_000', 'the string "1_000"', 'the number 1000'],
    ['0X1F', 'the string "0X1F"', 'the number 31'],
    ['+0x1F', 'the string "+0x1F"', 'the number 31'],
  ])('%s is reported as ambiguous', (port, yaml12, go) => {
    expect(messages(gnp(port))).toEqual([
      `document 1: line 4:71: ${port} is ambiguous: YAML 1.2 reads ${yaml12}, calicoctl's YAML 1.1 reader ${go}; quote it or write it plainly`,
    ])
  })
  it('reports yes/no/on/off/y/n and dates, which calicoctl reads as booleans and timestamps', () => {
    expect(messages('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {x: yes, y: Off, d: 2024-01-01}}\n')).toEqual([
      `document 1: line 3:33: yes is ambiguous: YAML 1.2 reads the string "yes", calicoctl's YAML 1.1 reader the boolean true; quote it or write it plainly`,
      `document 1: line 3:38: y is ambiguous: YAML 1.2 reads the string "y", calicoctl's YAML 1.1 reader the boolean true; quote it or write it plainly`,
      `document 1: line 3:41: Off is ambiguous: YAML 1.2 reads the string "Off", calicoctl's YAML 1.1 reader the boolean false; quote it or write it plainly`,
      `document 1: line 3:49: 2024-01-01 is ambiguous: YAML 1.2 reads the string "2024-01-01", calicoctl's YAML 1.1 reader a timestamp; quote it or write it plainly`,
    ])
  })
  it('accepts what both readers read alike, and anything quoted or tagged', () => {
    const ports = (p: string) => {
      const r = load(gnp(p))
      return E.isRight(r) && r.right[0]?.kind === 'GlobalNetworkPolicy' ? r.right[0].spec.ingress?.[0]?.destination?.ports : undefined
    }
    expect(ports('007, 0o17, 0x1F, 09, "0443", !!str 0b11')).toEqual([
      { _tag: 'PortRange', min: 7, max: 7 },
      { _tag: 'PortRange', min: 15, max: 15 },
      { _tag: 'PortRange', min: 31, max: 31 },
      { _tag: 'PortRange', min: 9, max: 9 },
      { _tag: 'PortRange', min: 443, max: 443 },
      { _tag: 'NamedPort', name: '0b11' },
    ])
    expect(messages('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {a: "yes", b: ! on}}\n')).toEqual(['(loaded)'])
  })
  it('refuses whole numbers written as floats where an integer is expected, and keeps them elsewhere', () => {
    expect(messages(gnp('22.0, 8.0e1, 1e3'))).toEqual([
      'document 1, GlobalNetworkPolicy p: spec.ingress[0].destination.ports[0]: 22.0 is written as a floating-point number where an integer is expected (write 22)',
      'document 1, GlobalNetworkPolicy p: spec.ingress[0].destination.ports[1]: 8.0e1 is written as a floating-point number where an integer is expected (write 80)',
      'document 1, GlobalNetworkPolicy p: spec.ingress[0].destination.ports[2]: 1e3 is written as a floating-point number where an integer is expected (write 1000)',
    ])
    // At the ends of the range too; a number that is invalid anyway keeps its own error.
    expect(messages(gnp('65535.0, 1.0, 0.0'))).toEqual([
      'document 1, GlobalNetworkPolicy p: spec.ingress[0].destination.ports[2]: port range invalid, port number must be between 1 and 65535',
      'document 1, GlobalNetworkPolicy p: spec.ingress[0].destination.ports[0]: 65535.0 is written as a floating-point number where an integer is expected (write 65535)',
      'document 1, GlobalNetworkPolicy p: spec.ingress[0].destination.ports[1]: 1.0 is written as a floating-point number where an integer is expected (write 1)',
    ])
    const json = '{"apiVersion":"projectcalico.org/v3","kind":"GlobalNetworkPolicy","metadata":{"name":"p"},"spec":{"ingress":[{"action":"Allow","protocol":6,"destination":{"ports":[1e3]}}]}}'
    expect(messages(json)).toEqual([
      'document 1, GlobalNetworkPolicy p: spec.ingress[0].destination.ports[0]: 1e3 is written as a floating-point number where an integer is expected (write 1000)',
    ])
    expect(messages(gnp('!!float 22'))).toEqual(['document 1: line 4:79: tag !!float is not read here (only YAML 1.2 core tags, on values they fit)'])
    // Tier order is a float in Calico: 100.0 is fine, and so is 1e+06 for the default tier.
    expect(load(tier('{order: 100.0}'))).toEqual(
      E.right([{ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 't' }, spec: { order: 100, defaultAction: 'Deny' } }]),
    )
  })
  it('names NaN and infinities as such', () => {
    expect(messages(tier('{order: .nan}'))).toEqual(['document 1, Tier t: spec.order: NaN is not a number'])
    expect(messages(tier('{order: 1e400}'))).toEqual(['document 1, Tier t: spec.order: Infinity is not a number'])
    expect(messages('{"apiVersion":"projectcalico.org/v3","kind":"Tier","metadata":{"name":"t"},"spec":{"order":-1e400}}')).toEqual([
      'document 1, Tier t: spec.order: -Infinity is not a number',
    ])
  })
})

describe('load: YAML versions, directives and tags', () => {
  it('reads %YAML 1.1 and 1.2 documents as YAML 1.2 and refuses other versions and directives', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n'
    expect(messages(`%YAML 1.1\n---\n${ns}`)).toEqual(['(loaded)'])
    expect(messages(`%YAML 1.2\n---\n${ns}`)).toEqual(['(loaded)'])
    // 1:30 stays the port range (YAML 1.1 would read the sexagesimal 90; go-yaml does not either).
    const range = load(`%YAML 1.1\n---\n${gnp('1:30')}`)
    expect(E.isRight(range) && range.right[0]?.kind === 'GlobalNetworkPolicy' && range.right[0].spec.ingress?.[0]?.destination?.ports).toEqual([
      { _tag: 'PortRange', min: 1, max: 30 },
    ])
    expect(messages(`%YAML 1.1\n---\n${gnp('yes')}`)).toEqual([
      `document 1: line 6:71: yes is ambiguous: YAML 1.2 reads the string "yes", calicoctl's YAML 1.1 reader the boolean true; quote it or write it plainly`,
    ])
    expect(messages(`${ns}...\n%YAML 2.0\n---\n${ns}`)).toEqual(['document 2: line 5:1: %YAML 2.0: only YAML 1.2 is read (%YAML 1.1 is read as 1.2 too)'])
    expect(messages(`%TAG ! tag:example.com,2000:\n---\n${ns}`)).toEqual(['document 1: line 1:1: %TAG: only the directive %YAML 1.2 is accepted'])
  })
  it('refuses tags outside the YAML 1.2 core schema', () => {
    expect(messages('apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: !!python/object:os.system t}\n')).toEqual([
      'document 1: line 3:44: tag !!python/object:os.system is not read here (only YAML 1.2 core tags, on values they fit)',
    ])
    expect(messages('a: !foo "all()"\nb: !!binary aGk=\nc: !!set {x}\n')).toEqual([
      'document 1: line 1:9: tag !foo is not read here (only YAML 1.2 core tags, on values they fit)',
      'document 1: line 2:13: tag !!binary is not read here (only YAML 1.2 core tags, on values they fit)',
      'document 1: line 3:10: tag !!set is not read here (only YAML 1.2 core tags, on values they fit)',
    ])
  })
})

describe('load: JSON oddities', () => {
  it('says that comments are not allowed in JSON', () => {
    expect(messages('{"apiVersion": "v1", // the version\n"kind": "Namespace"}')).toEqual(['document 1: line 1:22: comments are not allowed in JSON'])
    expect(messages('{"apiVersion": "v1", /* c */ "kind": "Namespace"}')).toEqual(['document 1: line 1:22: comments are not allowed in JSON'])
  })
  it('refuses concatenated JSON and JSON Lines with one clear error', () => {
    expect(messages('{"kind": "Namespace"}\n{"kind": "Namespace"}\n')).toEqual([
      'document 1: line 2:1: more than one JSON value: concatenated JSON and JSON Lines are not read (use a List, or YAML documents separated by ---)',
    ])
  })
  it('still reads YAML flow style that starts like JSON', () => {
    expect(load('{apiVersion: v1, kind: Namespace, metadata: {name: a}}')).toEqual(
      E.right([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' }, spec: {} }]),
    )
  })
  it('reads a byte order mark before any document like one at the start', () => {
    const ns = (n: string) => `\ufeffapiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`
    expect(load(`${ns('a')}---\n${ns('b')}`)).toEqual(
      E.right([
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' }, spec: {} },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' }, spec: {} },
      ]),
    )
    expect(load(`\ufeff{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}`)).toEqual(
      E.right([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' }, spec: {} }]),
    )
  })
  it('refuses control characters', () => {
    expect(load('a: b\nc: \u0001\n', { file: 'x' })).toEqual(
      E.left([{ _tag: 'Parse', path: [], message: 'control character U+0001 is not allowed in YAML or JSON text', line: 2, column: 4, origin: { file: 'x' } }]),
    )
  })
})

describe('load: nesting, aliases and size', () => {
  const deep = 'nesting deeper than 64 levels (the limit for a YAML or JSON document)'
  it('refuses deep nesting before parsing, in flow, block and JSON form', () => {
    const doc = '['.repeat(900) + ']'.repeat(900)
    expect(messages(`${doc}\n---\n${doc}`)).toEqual([`document 1: line 1:65: ${deep}`])
    expect(messages(`a: ${doc}\n---\na: ${doc}`)).toEqual([`document 1: line 1:67: ${deep}`, `document 2: line 3:67: ${deep}`])
    expect(messages('- '.repeat(100) + 'x\n')).toEqual([`document 1: line 1:129: ${deep}`])
    const block = 'a:\n' + Array.from({ length: 70 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n') + ' x\n'
    expect(messages(block)).toEqual([`document 1: line 65:66: ${deep}`])
    expect(messages('{"a":' + '['.repeat(100) + ']'.repeat(100) + '}')).toEqual([`document 1: line 1:69: ${deep}`])
    // 64 levels are fine.
    expect(messages('['.repeat(64) + ']'.repeat(64))).toEqual(['document 1: [[[[...]]]] is not a resource (an object with apiVersion, kind and metadata)'])
  })
  it('does not count brackets inside quoted or block scalars', () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  annotations:\n    q: "${'['.repeat(100)}"\n    s: '${'{'.repeat(100)}'\n    b: |\n      ${'['.repeat(100)}\n`
    expect(messages(text)).toEqual(['(loaded)'])
  })
  it('turns every alias problem into a Parse error of its document', () => {
    expect(messages('apiVersion: v1\nkind: Namespace\nmetadata: &m {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: *m\n')).toEqual([
      'document 2: line 7:11: alias *m refers to no anchor &m before it in this document',
    ])
    expect(messages('a: &a [1, *a]\n')).toEqual(['document 1: line 1:11: alias *a is inside its own anchor (a recursive structure)'])
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill('*' + String.fromCharCode(97 + i)).join(',')}]`)].join('\n')
    expect(messages(bomb)).toEqual([
      'document 1: line 1:1: aliases expand this document by 1234567880 nodes, more than 100000 (100000 or 10 times its own 29 nodes)',
    ])
  })
  it('allows ordinary use of anchors, even many times', () => {
    const text = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\nspec:\n  ingress:\n  - &r {action: Allow}\n' + '  - *r\n'.repeat(150)
    const r = load(text)
    expect(E.isRight(r) && r.right[0]?.kind === 'GlobalNetworkPolicy' && r.right[0].spec.ingress?.length).toBe(151)
  })
  it('refuses a policy with more rules than Calico allows without parsing it', () => {
    const rules = Array.from({ length: 20_000 }, (_, i) => `  - {action: Allow, protocol: TCP, destination: {ports: [${i + 1}]}}`).join('\n')
    const text = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\nspec:\n  ingress:\n${rules}\n`
    expect(errors(text)).toEqual([
      { _tag: 'Invalid', path: ['spec', 'ingress'], message: 'Too many: 20000: must have at most 1024 items', origin: { document: 1, kind: 'GlobalNetworkPolicy', name: 'p' } },
    ])
    // The same error as decoding the whole policy gives.
    const small = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\nspec:\n  ingress:\n${rules.split('\n').slice(0, 1025).join('\n')}\n`
    expect(JSON.stringify(errors(small))).toEqual(JSON.stringify(errors(text)).replace('20000', '1025'))
  })
})
