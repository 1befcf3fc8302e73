// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { DEFAULT_TIER_ORDER, Tier, builtinTiers, decodeTier } from '../../src/model/tier.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const tier = (name: string, spec?: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'Tier',
  metadata: { name },
  ...(spec === undefined ? {} : { spec }),
  ...extra,
})
const messages = (u: unknown) => {
  const r = decodeTier(u)
  return E.isLeft(r) ? r.left.map(formatError) : []
}

describe('Tier defaulting (§2.2)', () => {
  it('defaults order to 1 000 000 and defaultAction to Deny', () => {
    expect(decodeTier(tier('security', {}))).toEqual(
      E.right({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: DEFAULT_TIER_ORDER, defaultAction: 'Deny' } }),
    )
  })
  it('accepts a missing spec and drops status', () => {
    expect(decodeTier(tier('security', undefined, { status: { conditions: [] } }))).toEqual(
      E.right({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 1_000_000, defaultAction: 'Deny' } }),
    )
  })
  it('keeps given values', () => {
    expect(decodeTier(tier('platform', { order: 100.5, defaultAction: 'Pass' }))).toEqual(
      E.right({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'platform' }, spec: { order: 100.5, defaultAction: 'Pass' } }),
    )
  })
  it('is an io-ts codec', () => {
    expect(Tier.is({ kind: 'Tier' })).toBe(true)
    expect(E.isRight(Tier.decode(tier('x')))).toBe(true)
  })
})

describe('Tier validation (V41, V47)', () => {
  it('defaultAction must be Deny or Pass', () => {
    expect(messages(tier('x', { defaultAction: 'Allow' }))).toEqual(['spec.defaultAction: "Allow" is not one of "Deny", "Pass"'])
  })
  it('order must be a number', () => {
    expect(messages(tier('x', { order: 'first' }))).toEqual(['spec.order: "first" is not a number'])
  })
  it('name is a single label of at most 63 characters', () => {
    expect(messages(tier('a.b'))).toEqual([
      "metadata.name: name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?)",
    ])
    expect(messages(tier('a'.repeat(64)))).toEqual(['metadata.name: name is too long by 1 bytes'])
    expect(messages(tier('a'.repeat(63)))).toEqual([])
  })
  it('unknown fields are errors', () => {
    expect(messages(tier('x', { order: 1, defaultaction: 'Pass' }))).toEqual(['spec.defaultaction: unknown field "defaultaction"'])
  })
  it('a namespace is an error (cluster-scoped)', () => {
    expect(messages({ ...tier('x'), metadata: { name: 'x', namespace: 'default' } })).toEqual([
      'metadata.namespace: Tier is cluster-scoped and cannot have a namespace',
    ])
  })
  it.each([
    ['default', { order: 1_000_000, defaultAction: 'Pass' }, ["spec.defaultAction: The 'default' tier must have default action 'Deny'"]],
    ['default', { order: 5 }, ['spec.order: default tier order must be 1000000']],
    ['kube-admin', { order: 1000 }, ["spec.defaultAction: The 'kube-admin' tier must have default action 'Pass'"]],
    ['kube-admin', { order: 999, defaultAction: 'Pass' }, ['spec.order: kube-admin tier order must be 1000']],
    ['kube-baseline', { defaultAction: 'Pass' }, ['spec.order: kube-baseline tier order must be 10000000']],
    ['kube-baseline', { order: 10_000_000, defaultAction: 'Deny' }, ["spec.defaultAction: The 'kube-baseline' tier must have default action 'Pass'"]],
  ])('built-in tier %s with %j is rejected', (name, spec, expected) => {
    expect(messages(tier(name, spec))).toEqual(expected)
  })
  it.each(Object.entries(builtinTiers))('built-in tier %s with its fixed values is accepted', (name, spec) => {
    expect(decodeTier(tier(name, spec))).toEqual(E.right({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name }, spec }))
  })
  it('the default tier may omit both fields (defaults match)', () => {
    expect(messages(tier('default'))).toEqual([])
  })
})
