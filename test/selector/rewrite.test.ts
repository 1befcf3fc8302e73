import { describe, expect, it } from 'vitest'
import {
  all,
  and,
  contains,
  endsWith,
  eq,
  global,
  has,
  inSet,
  ne,
  not,
  notInSet,
  or,
  startsWith,
} from '../../src/selector/ast.js'
import { parse } from '../../src/selector/parse.js'
import { print } from '../../src/selector/print.js'
import { prefixLabels } from '../../src/selector/rewrite.js'
import { E, pipe } from '../../src/internal/fp.js'

describe('prefixLabels', () => {
  it('prefixes the key of every kind of term and leaves all() and global() alone', () => {
    const sel = or(
      and(has('a'), eq('b', 'x'), ne('c', 'y'), inSet('d', ['1']), notInSet('e', [])),
      not(and(contains('f', 'x'), startsWith('g', 'y'), endsWith('h', 'z'))),
      all,
      global,
    )
    expect(prefixLabels('pcns.')(sel)).toEqual(
      or(
        and(has('pcns.a'), eq('pcns.b', 'x'), ne('pcns.c', 'y'), inSet('pcns.d', ['1']), notInSet('pcns.e', [])),
        not(and(contains('pcns.f', 'x'), startsWith('pcns.g', 'y'), endsWith('pcns.h', 'z'))),
        all,
        global,
      ),
    )
  })

  it('composes with parse and print as Calico does for namespace selectors', () => {
    expect(pipe(parse("team == 'a' && !has(x) || all()"), E.map(prefixLabels('pcsa.')), E.map(print))).toEqual(
      E.right('((pcsa.team == "a" && !has(pcsa.x)) || all())'),
    )
  })

  it('does not change the input tree', () => {
    const sel = and(has('a'), eq('b', 'x'))
    prefixLabels('p.')(sel)
    expect(sel).toEqual(and(has('a'), eq('b', 'x')))
  })
})
