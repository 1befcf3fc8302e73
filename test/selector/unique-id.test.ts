import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { all, and, eq, has, not } from '../../src/selector/ast.js'
import { parse } from '../../src/selector/parse.js'
import { makeUniqueId, uniqueId } from '../../src/selector/unique-id.js'
import { E, pipe } from '../../src/internal/fp.js'

describe('uniqueId', () => {
  it.each<[string, string]>([
    // the two vectors verified against felix
    ['all()', 's:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug'],
    ['role == "admin"', 's:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ'],
    // the id is computed from the canonical form, so spellings of one selector share it
    ['', 's:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug'],
    ["role=='admin'", 's:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ'],
    ["((role == 'admin'))", 's:xrMI17eQWU5f0KVJM80t57z2EdsHfHfwcQezWQ'],
  ])('%j', (text, id) => {
    expect(pipe(parse(text), E.map(uniqueId))).toEqual(E.right(id))
  })

  it('differs where only the canonical form differs', () => {
    const a = pipe(parse("!a == 'x'"), E.map(uniqueId))
    const b = pipe(parse("a != 'x'"), E.map(uniqueId))
    expect(E.isRight(a) && E.isRight(b) && a.right !== b.right).toBe(true)
  })

  it('has 38 base64url characters after the prefix', () => {
    for (const sel of [all, has('a'), and(eq('a', 'x'), not(has('b')))]) {
      expect(uniqueId(sel)).toMatch(/^s:[A-Za-z0-9_-]{38}$/)
    }
  })

  it('is the same for equal trees built separately', () => {
    expect(uniqueId(and(has('a'), eq('b', 'é😀')))).toBe(uniqueId(and(has('a'), eq('b', 'é😀'))))
  })
})

describe('makeUniqueId', () => {
  it('hashes "<prefix>:<content>" as UTF-8', () => {
    expect(makeUniqueId('s', 'all()')).toBe('s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug')
  })
})

describe('uniqueId of values holding lone surrogates (W10)', () => {
  const sha224url = (bytes: Uint8Array) => createHash('sha224').update(bytes).digest('base64url')
  it('hashes a lone surrogate as its own three bytes, not as U+FFFD', () => {
    const bytes = (...parts: ReadonlyArray<string | ReadonlyArray<number>>) =>
      Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : [...p])))
    expect(makeUniqueId('s', 'a == "\ud800"')).toBe(`s:${sha224url(bytes('s:a == "', [0xed, 0xa0, 0x80], '"'))}`)
    expect(makeUniqueId('s', 'a == "\udfff"')).toBe(`s:${sha224url(bytes('s:a == "', [0xed, 0xbf, 0xbf], '"'))}`)
    expect(makeUniqueId('s', 'a == "\ufffd"')).toBe(`s:${sha224url(bytes('s:a == "', [0xef, 0xbf, 0xbd], '"'))}`)
  })
  it('gives the three selectors of the finding three ids', () => {
    const ids = ["a == '\ud800'", "a == '\udfff'", "a == '\ufffd'"].map((t) => pipe(parse(t), E.map(uniqueId)))
    expect(new Set(ids.map((r) => (E.isRight(r) ? r.right : 'left'))).size).toBe(3)
  })
  it('is UTF-8 for well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(makeUniqueId('s', s)).toBe(`s:${sha224url(new TextEncoder().encode(`s:${s}`))}`)
      }),
    )
  })
})
