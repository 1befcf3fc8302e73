import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAddress, parsePrefix, type Address, type Prefix } from '../../src/policy/address.js'
import { hasMember, membersOf, noMembers, patch, prefixesOf } from '../../src/policy/member-set.js'

const p = (t: string) => parsePrefix(t) as Prefix
const a = (t: string) => parseAddress(t) as Address

describe('member sets', () => {
  it('answer membership with nested and duplicate prefixes', () => {
    const s = membersOf([p('10.0.0.0/8'), p('10.1.0.0/16'), p('10.1.0.0/16'), p('192.168.1.7'), p('fd00::/64')])
    expect(['10.2.0.0', '10.1.3.4', '11.0.0.0', '192.168.1.7', '192.168.1.8', 'fd00::9', 'fd01::'].map((x) => hasMember(s, a(x)))).toEqual([
      true,
      true,
      false,
      true,
      false,
      true,
      false,
    ])
    expect(prefixesOf(s).length).toBe(4)
    expect(hasMember(noMembers, a('10.0.0.1'))).toBe(false)
  })

  it('patching gives the same set as building from scratch', () => {
    const cidr = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.constantFrom(8, 16, 24, 32)).map(([x, len]) => p(`10.${x % 4}.${x}.${x % 7}/${len}`))
    fc.assert(
      fc.property(fc.uniqueArray(cidr, { selector: (q) => `${q.lo}-${q.hi}`, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.array(cidr, { maxLength: 6 }), (start, drop, add) => {
        const removes = start.filter((_, i) => drop[i] === true)
        const kept = start.filter((_, i) => drop[i] !== true)
        const adds = add.filter((q) => !kept.some((k) => k.lo === q.lo && k.hi === q.hi)).filter((q, i, xs) => xs.findIndex((y) => y.lo === q.lo && y.hi === q.hi) === i)
        const patched = patch(membersOf(start), adds, removes)
        const rebuilt = membersOf([...kept, ...adds])
        expect(patched).toEqual(rebuilt)
      }),
    )
  })
})
