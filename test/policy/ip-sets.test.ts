import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { parse } from '../../src/selector/parse.js'
import { atomsOf } from '../../src/policy/ip-sets.js'

const atoms = (text: string) => {
  const r = parse(text)
  if (E.isLeft(r)) throw new Error(text)
  return atomsOf(r.right)?.map((a) => a.split('\u0000'))
}

describe('atomsOf', () => {
  it('names a label condition that every match satisfies, or none when a match may lack every key', () => {
    expect(
      [
        "app == 'web'",
        "app in {'a', 'b'}",
        'has(app)',
        "app starts with 'w'",
        "has(tier) && app == 'web'",
        "app == 'web' || has(tier)",
        "app == 'web' || !has(tier)",
        "app != 'web'",
        "app not in {'a'}",
        '!has(app)',
        "!(app == 'web')",
        'all()',
        'global()',
        "all() && app == 'web'",
      ].map(atoms),
    ).toEqual([
      [['v', 'app', 'web']],
      [['v', 'app', 'a'], ['v', 'app', 'b']],
      [['k', 'app']],
      [['k', 'app']],
      [['v', 'app', 'web']],
      [['v', 'app', 'web'], ['k', 'tier']],
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      [['v', 'app', 'web']],
    ])
  })
})
