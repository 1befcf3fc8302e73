import { describe, expect, it } from 'vitest'
import { nodeIo, type Io } from '../../src/cli/io.js'
import { run } from '../../src/cli/run.js'
import { USAGE } from '../../src/cli/usage.js'

const FIX = 'test/fixtures/cli'

const cli = async (...argv: string[]) => {
  let out = ''
  let err = ''
  const io: Io = { ...nodeIo, out: (s) => (out += s), err: (s) => (err += s) }
  const code = await run(io, argv)
  return { code, out, err }
}

describe('calico-policy validate', () => {
  it('accepts valid files and reports a summary', async () => {
    expect(await cli('validate', `${FIX}/good.yaml`)).toEqual({ code: 0, out: 'ok: 1 file, 10 resources, 0 errors\n', err: '' })
  })
  it('prints every error with file, document, resource and field path, and exits 1', async () => {
    expect(await cli('validate', `${FIX}/broken`)).toEqual({
      code: 1,
      out: '',
      err: [
        `${FIX}/broken/policies.yaml, document 1, GlobalNetworkPolicy allow-ssh: spec.ingress[0].sourc: unknown field "sourc"`,
        `${FIX}/broken/policies.yaml, document 1, GlobalNetworkPolicy allow-ssh: spec.ingress[0].destination.nets[0]: "10.0.0.1/8" has host bits set (did you mean 10.0.0.0/8?)`,
        `${FIX}/broken/policies.yaml, document 1, GlobalNetworkPolicy allow-ssh: spec.ingress[0].destination.ports[1]: "70000" is not a port, a port range or a named port`,
        `${FIX}/broken/policies.yaml, document 2, Tier edge: spec.order: "ten" is not a number`,
        `${FIX}/broken/syntax.yaml, document 1: line 2:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
        'invalid: 2 files, 0 resources, 5 errors',
        '',
      ].join('\n'),
    })
  })
  it('gives machine-readable output with --json', async () => {
    const r = await cli('validate', '--json', `${FIX}/broken/policies.yaml`)
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out)).toEqual({
      files: 1,
      resources: 0,
      errors: [
        { file: `${FIX}/broken/policies.yaml`, document: 1, kind: 'GlobalNetworkPolicy', name: 'allow-ssh', path: 'spec.ingress.0.sourc', tag: 'UnknownField', message: 'spec.ingress[0].sourc: unknown field "sourc"' },
        { file: `${FIX}/broken/policies.yaml`, document: 1, kind: 'GlobalNetworkPolicy', name: 'allow-ssh', path: 'spec.ingress.0.destination.nets.0', tag: 'InvalidCidr', message: 'spec.ingress[0].destination.nets[0]: "10.0.0.1/8" has host bits set (did you mean 10.0.0.0/8?)' },
        { file: `${FIX}/broken/policies.yaml`, document: 1, kind: 'GlobalNetworkPolicy', name: 'allow-ssh', path: 'spec.ingress.0.destination.ports.1', tag: 'Decode', message: 'spec.ingress[0].destination.ports[1]: "70000" is not a port, a port range or a named port' },
        { file: `${FIX}/broken/policies.yaml`, document: 2, kind: 'Tier', name: 'edge', path: 'spec.order', tag: 'Decode', message: 'spec.order: "ten" is not a number' },
      ],
    })
    expect(r.err).toBe('')
  })
  it('reports paths that do not exist', async () => {
    expect(await cli('validate', `${FIX}/nope.yaml`)).toEqual({
      code: 1,
      out: '',
      err: `${FIX}/nope.yaml: no such file or directory\ninvalid: 0 files, 0 resources, 1 error\n`,
    })
  })
  it('is a usage error without paths', async () => {
    expect(await cli('validate')).toEqual({
      code: 2,
      out: '',
      err: "calico-policy validate: validate needs at least one file or directory\nRun 'calico-policy help' for usage.\n",
    })
  })
})

describe('calico-policy selector', () => {
  it('prints the canonical form, unique ID and match result', async () => {
    expect(await cli('selector', "role == 'db' && tier in {'b', 'a'}", '--labels', 'role=db,tier=a')).toEqual({
      code: 0,
      out: 'canonical: (role == "db" && tier in {"a", "b"})\nuniqueId:  s:STFOBA69Yr4uFopR-E_Ea35G7aI3Qtxr6dQi7g\nmatches:   true\n',
      err: '',
    })
  })
  it('gives JSON with --json', async () => {
    const r = await cli('selector', '--json', 'all()', '--labels', 'a=', '--labels', 'b=2')
    expect(JSON.parse(r.out)).toEqual({ valid: true, canonical: 'all()', uniqueId: 's:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug', labels: { a: '', b: '2' }, matches: true })
  })
  it('reports a syntax error with Calico\'s message on stderr and exits 1', async () => {
    expect(await cli('selector', 'a == x')).toEqual({ code: 1, out: '', err: 'invalid selector "a == x": expected string (at offset 5; expected \"string\")\n' })
    const r = await cli('selector', '--json', 'a ==')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out).valid).toBe(false)
  })
  it('keeps --labels keys such as __proto__ and constructor', async () => {
    const r = await cli('selector', '--json', "has(__proto__) && constructor == 'c'", '--labels', '__proto__=x,constructor=c')
    expect(JSON.parse(r.out)).toEqual({
      valid: true,
      canonical: '(has(__proto__) && constructor == "c")',
      uniqueId: JSON.parse(r.out).uniqueId,
      labels: JSON.parse('{"__proto__": "x", "constructor": "c"}'),
      matches: true,
    })
  })
  it('rejects malformed labels as a usage error', async () => {
    expect((await cli('selector', 'all()', '--labels', 'novalue')).code).toBe(2)
  })
})

describe('calico-policy', () => {
  it('prints usage for help and rejects unknown commands', async () => {
    expect(await cli('help')).toEqual({ code: 0, out: USAGE, err: '' })
    expect(await cli('frobnicate')).toEqual({ code: 2, out: '', err: `calico-policy: unknown command "frobnicate"\n\n${USAGE}` })
    expect((await cli('validate', '--bogus', 'x')).code).toBe(2)
  })
})
