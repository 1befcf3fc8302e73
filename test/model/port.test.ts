// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/model/codec.js'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import { Port, formatPort, isNumericPort, portNameErrors } from '../../src/model/port.js'

const d = decodeWith(Port)
const range = (min: number, max: number) => ({ _tag: 'PortRange' as const, min, max })
const notAPort = (actual: unknown) => E.left([{ _tag: 'Decode', path: [], expected: 'a port, a port range or a named port', actual }])
const invalid = (...messages: string[]) => E.left(messages.map((message) => ({ _tag: 'Invalid', path: [], message })))

describe('Port', () => {
  it('decodes numbers, numeric strings, ranges and names', () => {
    expect(d(80)).toEqual(E.right(range(80, 80)))
    expect(d('443')).toEqual(E.right(range(443, 443)))
    expect(d('8080:8089')).toEqual(E.right(range(8080, 8089)))
    expect(d('1:65535')).toEqual(E.right(range(1, 65535)))
    expect(d('http-alt')).toEqual(E.right({ _tag: 'NamedPort', name: 'http-alt' }))
  })
  it('reports values that are not ports as Decode errors', () => {
    const r = d('70000')
    expect(r).toEqual(notAPort('70000'))
    if (E.isLeft(r)) expect(r.left.map(formatError)).toEqual(['"70000" is not a port, a port range or a named port'])
    expect(d(70000)).toEqual(notAPort(70000))
    expect(d(-1)).toEqual(notAPort(-1))
    expect(d(80.5)).toEqual(notAPort(80.5))
    expect(d('1:70000')).toEqual(notAPort('1:70000'))
    expect(d('80,90')).toEqual(notAPort('80,90'))
    expect(d('a b')).toEqual(notAPort('a b'))
    expect(d('x'.repeat(129))).toEqual(notAPort('x'.repeat(129)))
    expect(d(null)).toEqual(notAPort(null))
  })
  it('V21: rejects port 0', () => {
    expect(d(0)).toEqual(invalid('port range invalid, port number must be between 1 and 65535'))
    expect(d('0:10')).toEqual(invalid('port range invalid, port number must be between 1 and 65535'))
  })
  it('V21: rejects ranges whose minimum exceeds the maximum', () => {
    expect(d('90:80')).toEqual(invalid('port range invalid'))
    expect(d('10:0')).toEqual(invalid('port range invalid', 'port range invalid, port number must be between 1 and 65535'))
    expect(d('80:80')).toEqual(E.right(range(80, 80)))
  })
  it('V21: checks port names with the Kubernetes port-name rule', () => {
    expect(d('HTTP')).toEqual(
      invalid(
        'invalid port name: must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)',
        'invalid port name: must contain at least one letter (a-z)',
      ),
    )
    expect(d('80-90')).toEqual(invalid('invalid port name: must contain at least one letter (a-z)'))
    expect(d('a--b')).toEqual(invalid('invalid port name: must not contain consecutive hyphens (-)'))
    expect(d('-web')).toEqual(invalid('invalid port name: must not begin or end with a hyphen (-)'))
    expect(d('averyveryverylongname')).toEqual(invalid('invalid port name: must be no more than 15 characters'))
    expect(d('web')).toEqual(E.right({ _tag: 'NamedPort', name: 'web' }))
  })
  it('encodes back to what Calico prints', () => {
    expect(Port.encode(range(80, 80))).toBe(80)
    expect(Port.encode(range(80, 90))).toBe('80:90')
    expect(Port.encode({ _tag: 'NamedPort', name: 'web' })).toBe('web')
  })
  it('is() accepts decoded ports only', () => {
    expect(Port.is(range(1, 2))).toBe(true)
    expect(Port.is(range(0, 2))).toBe(false)
    expect(Port.is(80)).toBe(false)
  })
})

describe('portNameErrors / formatPort / isNumericPort', () => {
  it('lists every problem of a name', () => {
    expect(portNameErrors('-')).toEqual([
      'must contain at least one letter (a-z)',
      'must not begin or end with a hyphen (-)',
    ])
    expect(portNameErrors('metrics')).toEqual([])
  })
  it('prints ports', () => {
    expect([range(80, 80), range(1, 2), { _tag: 'NamedPort' as const, name: 'x' }].map((p) => formatPort(p as Port))).toEqual(['80', '1:2', 'x'])
  })
  it('tells numeric ports from named ones', () => {
    expect(isNumericPort({ _tag: 'PortRange', min: 1, max: 1 })).toBe(true)
    expect(isNumericPort({ _tag: 'NamedPort', name: 'x' })).toBe(false)
  })
})
