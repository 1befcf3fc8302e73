// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/model/codec.js'
import {
  Annotations,
  DEFAULT_NAMESPACE,
  Labels,
  ObjectMeta,
  annotationErrors,
  applyScope,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelErrors,
  labelValueErrors,
  nameErrors,
  objectMeta,
  qualifiedNameErrors,
  utf8Length,
} from '../../src/model/metadata.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const SUBDOMAIN_MSG =
  "name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)"
const LABEL_NAME_MSG = "name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?)"
const QNAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

describe('utf8Length', () => {
  it('counts UTF-8 bytes as Go does', () => {
    expect([utf8Length('abc'), utf8Length('añb'), utf8Length('€'), utf8Length('😀')]).toEqual([3, 4, 3, 4])
  })
})

describe('nameErrors (V39)', () => {
  it('generic subdomain rule: accepts dotted lowercase names', () => {
    expect(nameErrors('Subdomain')('eth0.node-1')).toEqual([])
  })
  it('generic subdomain rule: rejects underscores and capitals (docs say _ is fine; code rejects)', () => {
    expect(nameErrors('Subdomain')('my_host')).toEqual([SUBDOMAIN_MSG])
    expect(nameErrors('Subdomain')('Host')).toEqual([SUBDOMAIN_MSG])
  })
  it('generic subdomain rule: length limit 253 bytes', () => {
    expect(nameErrors('Subdomain')('a'.repeat(253))).toEqual([])
    expect(nameErrors('Subdomain')('a'.repeat(256))).toEqual(['name is too long by 3 bytes'])
  })
  it('tier rule: single label, at most 63', () => {
    expect(nameErrors('Tier')('net-sec')).toEqual([])
    expect(nameErrors('Tier')('net.sec')).toEqual([LABEL_NAME_MSG])
    expect(nameErrors('Tier')('a'.repeat(64))).toEqual(['name is too long by 1 bytes'])
  })
  it('GlobalNetworkPolicy rule: at most one dot', () => {
    expect(nameErrors('GlobalNetworkPolicy')('security.allow-ssh')).toEqual([])
    expect(nameErrors('GlobalNetworkPolicy')('a.b.c')).toEqual([LABEL_NAME_MSG])
  })
  it('NetworkPolicy rule: one dot, or knp.default./ossg.default. prefixes', () => {
    expect(nameErrors('NetworkPolicy')('knp.default.a.b.c')).toEqual([])
    expect(nameErrors('NetworkPolicy')('ossg.default.x.y')).toEqual([])
    expect(nameErrors('NetworkPolicy')('a.b')).toEqual([])
    expect(nameErrors('NetworkPolicy')('a.b.c')).toEqual([LABEL_NAME_MSG])
  })
  it('Kubernetes rules use Kubernetes messages', () => {
    expect(nameErrors('KubernetesLabel')('kube-system')).toEqual([])
    expect(nameErrors('KubernetesLabel')('a.b')).toEqual(dns1123LabelErrors('a.b'))
    expect(dns1123LabelErrors('a.b')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ])
    expect(nameErrors('KubernetesSubdomain')('default')).toEqual([])
    expect(dns1123SubdomainErrors('A')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ])
  })
})

describe('qualifiedNameErrors / labelValueErrors', () => {
  it('accepts prefixed and plain keys', () => {
    expect(qualifiedNameErrors('projectcalico.org/namespace')).toEqual([])
    expect(qualifiedNameErrors('App_Name.v1')).toEqual([])
  })
  it('rejects an empty prefix, a bad name part, too many slashes and long names', () => {
    expect(qualifiedNameErrors('/app')).toEqual(['prefix part must be non-empty'])
    expect(qualifiedNameErrors('-app')).toEqual([QNAME_PART])
    expect(qualifiedNameErrors('x/')).toEqual(['name part must be non-empty', QNAME_PART])
    expect(qualifiedNameErrors('a'.repeat(64))).toEqual(['name part must be no more than 63 characters'])
    expect(qualifiedNameErrors('a/b/c')).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ])
  })
  it('label values: empty is fine, 64 characters or bad characters are not', () => {
    expect(labelValueErrors('')).toEqual([])
    expect(labelValueErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters'])
    expect(labelValueErrors('a b')).toEqual([LABEL_VALUE_MSG])
  })
})

describe('Labels (V45)', () => {
  it('accepts valid labels', () => {
    expect(decodeWith(Labels)({ app: 'web', 'projectcalico.org/tier': '' })).toEqual(E.right({ app: 'web', 'projectcalico.org/tier': '' }))
  })
  it('reports each bad key and value at its path, and non-string values', () => {
    expect(decodeWith(Labels)({ '-x': 'ok', good: 'bad value', n: 1 })).toEqual(
      E.left([
        { _tag: 'Decode', path: ['n'], expected: 'a string', actual: 1 },
        { _tag: 'Invalid', path: ['-x'], message: `invalid label key "-x": ${QNAME_PART}` },
        { _tag: 'Invalid', path: ['good'], message: `invalid label value "bad value": ${LABEL_VALUE_MSG}` },
      ]),
    )
  })
  it('treats __proto__, constructor and toString as ordinary keys: reported, never dropped', () => {
    const input = JSON.parse('{"__proto__": "x", "constructor": "y", "toString": "z"}') as unknown
    expect(decodeWith(Labels)(input)).toEqual(
      E.left([{ _tag: 'Invalid', path: ['__proto__'], message: `invalid label key "__proto__": ${QNAME_PART}` }]),
    )
    const ok = decodeWith(Labels)(JSON.parse('{"constructor": "y", "toString": "z"}') as unknown)
    expect(E.isRight(ok) && Object.entries(ok.right)).toEqual([
      ['constructor', 'y'],
      ['toString', 'z'],
    ])
  })
  it('labelErrors combines key and value problems', () => {
    expect(labelErrors('ok', 'ok')).toEqual([])
    expect(labelErrors('ok', '-')).toEqual([`invalid label value "-": ${LABEL_VALUE_MSG}`])
  })
})

describe('Annotations (V46)', () => {
  it('accepts arbitrary values and qualified-name keys, checked in lower case', () => {
    expect(decodeWith(Annotations)({ 'Example.COM/Owner': 'any text: {"json": true}' })).toEqual(
      E.right({ 'Example.COM/Owner': 'any text: {"json": true}' }),
    )
  })
  it('rejects a bad key', () => {
    expect(decodeWith(Annotations)({ 'a b': 'x' })).toEqual(
      E.left([{ _tag: 'Invalid', path: ['a b'], message: `invalid annotation key "a b": ${QNAME_PART}` }]),
    )
  })
  it('reports a __proto__ key instead of dropping it', () => {
    expect(decodeWith(Annotations)(JSON.parse('{"__proto__": "x"}') as unknown)).toEqual(
      E.left([{ _tag: 'Invalid', path: ['__proto__'], message: `invalid annotation key "__proto__": ${QNAME_PART}` }]),
    )
  })
  it('accepts exactly 256 KiB and rejects one byte more', () => {
    const key = 'k'
    expect(annotationErrors({ [key]: 'v'.repeat(256 * 1024 - 1) })).toEqual([])
    expect(decodeWith(Annotations)({ [key]: 'v'.repeat(256 * 1024) })).toEqual(
      E.left([{ _tag: 'Invalid', path: [], message: 'total size of annotations is too large by 1 bytes' }]),
    )
  })
})

describe('ObjectMeta', () => {
  const full = {
    name: 'web',
    namespace: 'prod',
    generateName: 'web-',
    labels: { app: 'web' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    uid: '6c1a2b3c-0000-4000-8000-000000000001',
    resourceVersion: '12345',
    creationTimestamp: '2024-05-01T10:00:00Z',
    deletionTimestamp: '2024-05-02T10:00:00.123+02:00',
    deletionGracePeriodSeconds: 30,
    generation: 2,
    finalizers: ['projectcalico.org/tier-controller'],
    ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'web-0', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    managedFields: [
      { manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2024-05-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } },
    ],
    selfLink: '/api/v1/namespaces/prod/pods/web',
  }
  it('accepts everything calicoctl and kubectl print', () => {
    expect(decodeWith(ObjectMeta)(full)).toEqual(E.right(full))
  })
  it('treats null fields as absent (creationTimestamp: null)', () => {
    expect(decodeWith(ObjectMeta)({ name: 'x', creationTimestamp: null })).toEqual(E.right({ name: 'x' }))
  })
  it('reports unknown fields, a missing name and bad timestamps', () => {
    const r = decodeWith(ObjectMeta)({ nme: 'x', creationTimestamp: 'yesterday' })
    expect(r).toEqual(
      E.left([
        { _tag: 'UnknownField', path: ['nme'] },
        { _tag: 'Decode', path: ['name'], expected: 'a string', actual: undefined },
        { _tag: 'Decode', path: ['creationTimestamp'], expected: 'an RFC 3339 timestamp', actual: 'yesterday' },
      ]),
    )
  })
  it('rejects an empty name and checks the kind rule', () => {
    expect(decodeWith(ObjectMeta)({ name: '' })).toEqual(E.left([{ _tag: 'Invalid', path: ['name'], message: 'name must be specified' }]))
    const r = decodeWith(objectMeta('Tier'))({ name: 'a.b', labels: { x: 'y z' } })
    expect(E.isLeft(r) ? r.left.map(formatError) : []).toEqual([`name: ${LABEL_NAME_MSG}`, `labels.x: invalid label value "y z": ${LABEL_VALUE_MSG}`])
  })
})

describe('applyScope', () => {
  it('defaults the namespace of namespaced kinds to default', () => {
    expect(applyScope('Namespaced', 'NetworkSet')({ name: 'x' })).toEqual({ meta: { name: 'x', namespace: DEFAULT_NAMESPACE }, errors: [] })
  })
  it('keeps a given namespace and checks it', () => {
    expect(applyScope('Namespaced', 'NetworkSet')({ name: 'x', namespace: 'prod' })).toEqual({ meta: { name: 'x', namespace: 'prod' }, errors: [] })
    expect(applyScope('Namespaced', 'NetworkSet')({ name: 'x', namespace: 'Prod' }).errors).toEqual([
      { path: ['metadata', 'namespace'], message: `invalid namespace "Prod": ${dns1123LabelErrors('Prod')[0] ?? ''}` },
    ])
  })
  it('rejects a namespace on cluster-scoped kinds and drops an empty one', () => {
    expect(applyScope('Cluster', 'Tier')({ name: 'x', namespace: 'prod' }).errors).toEqual([
      { path: ['metadata', 'namespace'], message: 'Tier is cluster-scoped and cannot have a namespace' },
    ])
    expect(applyScope('Cluster', 'Tier')({ name: 'x', namespace: '' })).toEqual({ meta: { name: 'x' }, errors: [] })
  })
})
