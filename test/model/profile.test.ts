// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeProfile } from '../../src/model/profile.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'

const profile = (name: string, spec?: unknown) => ({ apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name }, ...(spec === undefined ? {} : { spec }) })
const messages = (u: unknown) => {
  const r = decodeProfile(u)
  return E.isLeft(r) ? r.left.map(formatError) : []
}

describe('Profile', () => {
  it('decodes a kns profile as calicoctl prints it', () => {
    const p = profile('kns.shop', {
      ingress: [{ action: 'Allow', destination: {}, source: {} }],
      egress: [{ action: 'Allow', destination: {}, source: {} }],
      labelsToApply: { 'pcns.kubernetes.io/metadata.name': 'shop', 'pcns.projectcalico.org/name': 'shop' },
    })
    expect(decodeProfile(p)).toEqual(E.right(p))
  })
  it('defaults a missing spec', () => {
    expect(decodeProfile(profile('projectcalico-default-allow'))).toEqual(
      E.right({ apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'projectcalico-default-allow' }, spec: {} }),
    )
  })
  it('rules are validated with their paths', () => {
    expect(messages(profile('p', { ingress: [{ action: 'Allow' }, { action: 'Accept' }], egress: [{ action: 'Allow', protocol: 'ICMP', destination: { ports: [80] } }] }))).toEqual([
      'spec.ingress[1].action: "Accept" is not one of "Allow", "Deny", "Log", "Pass"',
      'spec.egress[0].destination.ports: rules that specify ports must set protocol to TCP or UDP or SCTP',
    ])
  })
  it('V45: labelsToApply keys and values are label-checked', () => {
    expect(messages(profile('p', { labelsToApply: { 'pcns.ok': 'fine', 'bad key': 'x', k: 'bad value' } }))).toEqual([
      expect.stringMatching(/^spec\.labelsToApply\["bad key"\]: invalid label key "bad key": name part must consist of/),
      expect.stringMatching(/^spec\.labelsToApply\.k: invalid label value "bad value": a valid label must be/),
    ])
  })
  it('at most 1024 rules per direction', () => {
    const many = Array.from({ length: 1025 }, () => ({ action: 'Allow' }))
    expect(messages(profile('p', { ingress: many }))).toEqual(['spec.ingress: Too many: 1025: must have at most 1024 items'])
    expect(messages(profile('p', { ingress: many.slice(1) }))).toEqual([])
  })
})
