import { describe, expect, it } from 'vitest'
import { compileInterfaceRegex, regexMatches } from '../../src/model/interface-regex.js'

const tests = (source: string, names: ReadonlyArray<string>): ReadonlyArray<boolean> | string => {
  const r = compileInterfaceRegex(source)
  return r._tag === 'Compiled' ? names.map(r.test) : r.message
}

describe('compileInterfaceRegex', () => {
  it('uses RE2 syntax and matches anywhere in the name, as Go MatchString', () => {
    expect([
      tests('(?i)ETH0', ['eth0', 'xETH0y', 'eth1']),
      tests('^veth', ['veth12', 'aveth']),
      tests('\\Aeth[0-9]+\\z', ['eth12', 'eth12a']),
      tests('[[:digit:]]$', ['eth1', 'eth']),
    ]).toEqual([
      [true, true, false],
      [true, false],
      [true, false],
      [true, false],
    ])
  })

  it('refuses what RE2 refuses (JavaScript-only syntax included) with its message', () => {
    expect(['(a', '(?<=a)b', 'a{1001}', '\\1'].map((s) => tests(s, []))).toEqual([
      'error parsing regexp: missing closing ): `(a`',
      'error parsing regexp: invalid named capture: `(?<=a)b`',
      'error parsing regexp: invalid repeat count: `{1001}`',
      'error parsing regexp: invalid escape sequence: `\\1`',
    ])
  })

  it('matches in linear time where a backtracking engine explodes', () => {
    const t0 = performance.now()
    const r = regexMatches({ source: '(a+)+$' }, `${'a'.repeat(5000)}!`)
    expect([r, performance.now() - t0 < 1000]).toEqual([false, true])
  })
})
