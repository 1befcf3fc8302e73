import { describe, expect, it } from 'vitest'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import { load } from '../../src/load.js'
import { build } from '../../src/policy/build.js'
import { selectorFieldErrors } from '../../src/selector/resource-selectors.js'
import { load as loadModel } from '../../src/model/load.js'

const k = (n: number) => 'k'.repeat(n)

describe('selectorFieldErrors: keys too long after Calico prefixes them', () => {
  it('allows 507 characters in a namespaceSelector (512 with pcns.) and reports 508 at the key', () => {
    expect(selectorFieldErrors(`has(${k(507)})`, ['spec', 'namespaceSelector'])).toEqual([])
    expect(selectorFieldErrors(`a == 'x' && !has( ${k(508)})`, ['spec', 'namespaceSelector'])).toEqual([
      {
        _tag: 'SelectorSyntax',
        path: ['spec', 'namespaceSelector'],
        source: `a == 'x' && !has( ${k(508)})`,
        offset: 18,
        expected: ['label of at most 507 characters'],
        message: `label too long with the "pcns." prefix: pcns.${k(508)}`,
      },
    ])
  })
  it('checks serviceAccountSelector and serviceAccounts.selector with pcsa., and comparisons too', () => {
    const at = ['spec', 'ingress', 0, 'source', 'serviceAccounts', 'selector']
    expect(selectorFieldErrors(`${k(510)} in {'a'}`, at)).toEqual([
      {
        _tag: 'SelectorSyntax',
        path: at,
        source: `${k(510)} in {'a'}`,
        offset: 0,
        expected: ['label of at most 507 characters'],
        message: `label too long with the "pcsa." prefix: pcsa.${k(510)}`,
      },
    ])
    expect(selectorFieldErrors(`has(${k(508)})`, ['spec', 'serviceAccountSelector'])).toHaveLength(1)
  })
  it('leaves fields Calico does not prefix at the plain limit, and reports syntax errors as such', () => {
    expect(selectorFieldErrors(`has(${k(512)})`, ['spec', 'selector'])).toEqual([])
    expect(selectorFieldErrors(`has(${k(512)})`, ['spec', 'ingress', 0, 'source', 'notSelector'])).toEqual([])
    expect(selectorFieldErrors('has(a', ['spec', 'namespaceSelector'])).toEqual([
      { _tag: 'SelectorSyntax', path: ['spec', 'namespaceSelector'], source: 'has(a', offset: 5, expected: [')'], message: "no closing ')' after has(" },
    ])
  })
})

const gnp = (name: string, spec: string) => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: ${name} }
spec: ${spec}
`

describe('load and Policy.build report prefixed keys that become too long', () => {
  const policyLevel = gnp('p', `{ namespaceSelector: "!has(${k(510)})", ingress: [{ action: Deny }] }`)
  const ruleLevel = gnp('q', `{ selector: all(), ingress: [{ action: Allow, source: { namespaceSelector: "has(${k(510)})" } }] }`)
  it('load: an error at the field path', () => {
    const r = load(policyLevel + '---\n' + ruleLevel)
    expect(E.isLeft(r) && r.left.map((e) => [e.path, e._tag === 'SelectorSyntax' ? e.offset : -1])).toEqual([
      [['spec', 'namespaceSelector'], 5],
      [['spec', 'ingress', 0, 'source', 'namespaceSelector'], 4],
    ])
  })
  it('Policy.build: a Left at the field path (not a policy that selects nothing, not a throw)', () => {
    const resources = loadModel(policyLevel + '---\n' + ruleLevel)
    if (E.isLeft(resources)) throw new Error(resources.left.map(formatError).join('\n'))
    const r = build({ resources: resources.right, node: 'n0', interfaces: [] })
    expect(E.isLeft(r) && r.left.map((e) => [e.origin?.name, e.path]).sort()).toEqual([
      ['p', ['spec', 'namespaceSelector']],
      ['q', ['spec', 'ingress', 0, 'source', 'namespaceSelector']],
    ])
  })
})
