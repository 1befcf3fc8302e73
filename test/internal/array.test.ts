import { describe, expect, it } from 'vitest'
import { pushAll } from '../../src/internal/array.js'

describe('pushAll', () => {
  it('appends arrays far longer than the engine argument limit, in order', () => {
    const items = Array.from({ length: 1_000_000 }, (_, i) => i)
    const target = [-1]
    expect(pushAll(target, items)).toBe(target)
    expect(target.length).toBe(1_000_001)
    expect([target[0], target[1], target[1_000_000]]).toEqual([-1, 0, 999_999])
  })
})
