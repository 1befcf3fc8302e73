import { describe, expect, it } from 'vitest'
import { E } from '../../src/internal/fp.js'
import { resolveSettings } from '../../src/policy/settings.js'

describe('resolveSettings overrides', () => {
  it('reports __proto__, constructor and toString keys as unknown fields, never ignores or throws', () => {
    const overrides = JSON.parse('{"__proto__":"x","constructor":"x","toString":"y","DefaultEndpointToHostAction":"Accept"}') as Record<string, unknown>
    expect(resolveSettings([], 'n0', overrides)).toEqual(
      E.left([
        { _tag: 'UnknownField', path: ['felixConfig', '__proto__'] },
        { _tag: 'UnknownField', path: ['felixConfig', 'constructor'] },
        { _tag: 'UnknownField', path: ['felixConfig', 'toString'] },
      ]),
    )
  })
  it('reports an object-valued __proto__ key too', () => {
    const overrides = JSON.parse('{"__proto__":{"defaultEndpointToHostAction":"Accept"}}') as Record<string, unknown>
    expect(resolveSettings([], 'n0', overrides)).toEqual(E.left([{ _tag: 'UnknownField', path: ['felixConfig', '__proto__'] }]))
  })
})
