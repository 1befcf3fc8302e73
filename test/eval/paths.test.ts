import { describe, expect, it } from 'vitest'
import { isWorkloadInterface, trafficType } from '../../src/eval/paths.js'
import { defaultSettings } from '../../src/policy/settings.js'

describe('trafficType', () => {
  it('derives all eight traffic types from the interfaces', () => {
    const cases: ReadonlyArray<[string | null, string | null]> = [
      ['eth0', null],
      [null, 'eth0'],
      ['eth0', 'eth1'],
      ['eth0', 'cali1'],
      ['cali1', 'eth0'],
      ['cali1', null],
      [null, 'cali1'],
      ['cali1', 'cali2'],
    ]
    expect(cases.map(([i, o]) => trafficType(defaultSettings, i, o))).toEqual([
      'ToHost',
      'FromHost',
      'Forwarded',
      'ForwardedToWorkload',
      'ForwardedFromWorkload',
      'WorkloadToHost',
      'HostToWorkload',
      'WorkloadToWorkload',
    ])
  })
  it('uses every InterfacePrefix', () => {
    const s = { ...defaultSettings, interfacePrefixes: ['tap', 'cali'] }
    expect([isWorkloadInterface(s, 'tap0'), isWorkloadInterface(s, 'cali0'), isWorkloadInterface(s, 'eth0'), isWorkloadInterface(defaultSettings, 'tap0')]).toEqual([
      true,
      true,
      false,
      false,
    ])
  })
})
