import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COMMAND_USAGE, USAGE } from '../../src/cli/usage.js'
import { FIX, cli } from './cli.js'

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version

describe('calico-policy validate', () => {
  it('accepts valid files and reports a summary', async () => {
    expect(await cli(['validate', `${FIX}/good.yaml`])).toEqual({ code: 0, out: 'ok: 1 file, 10 resources, 0 errors\n', err: '' })
  })
  it('prints every error with file, document, resource and field path, and exits 1', async () => {
    expect(await cli(['validate', `${FIX}/broken`])).toEqual({
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
  it('prints at most --max-errors errors, then how many more', async () => {
    expect(await cli(['validate', '--max-errors', '2', `${FIX}/broken`])).toEqual({
      code: 1,
      out: '',
      err: [
        `${FIX}/broken/policies.yaml, document 1, GlobalNetworkPolicy allow-ssh: spec.ingress[0].sourc: unknown field "sourc"`,
        `${FIX}/broken/policies.yaml, document 1, GlobalNetworkPolicy allow-ssh: spec.ingress[0].destination.nets[0]: "10.0.0.1/8" has host bits set (did you mean 10.0.0.0/8?)`,
        '... and 3 more errors',
        'invalid: 2 files, 0 resources, 5 errors',
        '',
      ].join('\n'),
    })
    expect((await cli(['validate', '--max-errors', 'x', FIX])).err).toBe(
      `calico-policy validate: --max-errors: "x" is not a non-negative whole number\nRun 'calico-policy validate --help' for usage.\n`,
    )
  })
  it('gives machine-readable output with --json, at most --max-errors errors and the full count', async () => {
    const r = await cli(['validate', '--json', '--max-errors', '3', `${FIX}/broken/policies.yaml`])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out)).toEqual({
      files: 1,
      resources: 0,
      errorCount: 4,
      errors: [
        { file: `${FIX}/broken/policies.yaml`, document: 1, kind: 'GlobalNetworkPolicy', name: 'allow-ssh', path: 'spec.ingress.0.sourc', tag: 'UnknownField', message: 'spec.ingress[0].sourc: unknown field "sourc"' },
        { file: `${FIX}/broken/policies.yaml`, document: 1, kind: 'GlobalNetworkPolicy', name: 'allow-ssh', path: 'spec.ingress.0.destination.nets.0', tag: 'InvalidCidr', message: 'spec.ingress[0].destination.nets[0]: "10.0.0.1/8" has host bits set (did you mean 10.0.0.0/8?)' },
        { file: `${FIX}/broken/policies.yaml`, document: 1, kind: 'GlobalNetworkPolicy', name: 'allow-ssh', path: 'spec.ingress.0.destination.ports.1', tag: 'Decode', message: 'spec.ingress[0].destination.ports[1]: "70000" is not a port, a port range or a named port' },
      ],
    })
    expect(r.err).toBe('')
  })
  it('reports paths that do not exist', async () => {
    expect(await cli(['validate', `${FIX}/nope.yaml`])).toEqual({
      code: 1,
      out: '',
      err: `${FIX}/nope.yaml: no such file or directory\ninvalid: 0 files, 0 resources, 1 error\n`,
    })
  })
  it('refuses a file over --max-bytes without reading it', async () => {
    const size = readFileSync(`${FIX}/good.yaml`).length
    expect(await cli(['validate', '--max-bytes', '100', `${FIX}/good.yaml`])).toEqual({
      code: 1,
      out: '',
      err: `${FIX}/good.yaml: is ${size} bytes, over the limit of 100 bytes (--max-bytes)\ninvalid: 0 files, 0 resources, 1 error\n`,
    })
  })
  it('is a usage error without paths', async () => {
    expect(await cli(['validate'])).toEqual({
      code: 2,
      out: '',
      err: "calico-policy validate: validate needs at least one file or directory\nRun 'calico-policy validate --help' for usage.\n",
    })
  })
})

describe('calico-policy selector', () => {
  it('prints the canonical form, unique ID and match result', async () => {
    expect(await cli(['selector', "role == 'db' && tier in {'b', 'a'}", '--labels', 'role=db,tier=a'])).toEqual({
      code: 0,
      out: 'canonical: (role == "db" && tier in {"a", "b"})\nuniqueId:  s:STFOBA69Yr4uFopR-E_Ea35G7aI3Qtxr6dQi7g\nmatches:   true\n',
      err: '',
    })
  })
  it('gives JSON with --json', async () => {
    const r = await cli(['selector', '--json', 'all()', '--labels', 'a=', '--labels', 'b=2'])
    expect(JSON.parse(r.out)).toEqual({ valid: true, canonical: 'all()', uniqueId: 's:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug', labels: { a: '', b: '2' }, matches: true })
  })
  it("reports a syntax error with Calico's message on stderr and exits 1", async () => {
    expect(await cli(['selector', 'a == x'])).toEqual({ code: 1, out: '', err: 'invalid selector "a == x": expected string (at offset 5; expected "string")\n' })
    const r = await cli(['selector', '--json', 'a =='])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out).valid).toBe(false)
  })
  it('keeps --labels keys such as __proto__ and constructor', async () => {
    const r = await cli(['selector', '--json', "has(__proto__) && constructor == 'c'", '--labels', '__proto__=x,constructor=c'])
    expect(JSON.parse(r.out)).toEqual({
      valid: true,
      canonical: '(has(__proto__) && constructor == "c")',
      uniqueId: JSON.parse(r.out).uniqueId,
      labels: JSON.parse('{"__proto__": "x", "constructor": "c"}'),
      matches: true,
    })
  })
  it('escapes control characters in the canonical form it prints as text', async () => {
    expect(await cli(['selector', 'a == "\u001b[2J\u202e"'])).toEqual({
      code: 0,
      out: 'canonical: a == "\\u001b[2J\\u202e"\nuniqueId:  s:qTTD5PTmecEPs5yHDc-vSVvx1Ps_JZrBHsJo7Q\n',
      err: '',
    })
  })
  it('rejects malformed labels as a usage error', async () => {
    expect((await cli(['selector', 'all()', '--labels', 'novalue'])).code).toBe(2)
  })
})

describe('calico-policy help, --help and --version', () => {
  it('prints the whole usage for help and --help', async () => {
    expect(await cli(['help'])).toEqual({ code: 0, out: USAGE, err: '' })
    expect(await cli(['--help'])).toEqual({ code: 0, out: USAGE, err: '' })
  })
  it("prints one command's help for help CMD and CMD --help", async () => {
    for (const command of ['validate', 'selector', 'eval']) {
      const text = COMMAND_USAGE[command]
      expect(text).toMatch(new RegExp(`^Usage:\\n  calico-policy ${command} `))
      expect(await cli(['help', command])).toEqual({ code: 0, out: text, err: '' })
      expect(await cli([command, '--help'])).toEqual({ code: 0, out: text, err: '' })
      expect(await cli([command, 'x', '-h'])).toEqual({ code: 0, out: text, err: '' })
    }
    expect(await cli(['help', 'nope'])).toEqual({ code: 2, out: '', err: `calico-policy help: unknown command "nope"\nRun 'calico-policy help --help' for usage.\n` })
  })
  it('prints the version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, out: `calico-policy ${VERSION}\n`, err: '' })
  })
  it('prints the usage on standard error and exits 2 without a command', async () => {
    expect(await cli([])).toEqual({ code: 2, out: '', err: USAGE })
  })
  it('reports an unknown command or option in one line with a pointer to --help', async () => {
    expect(await cli(['frobnicate'])).toEqual({ code: 2, out: '', err: `calico-policy: unknown command "frobnicate"\nRun 'calico-policy --help' for usage.\n` })
    expect(await cli(['validate', '--bogus', 'x'])).toEqual({
      code: 2,
      out: '',
      err: `calico-policy validate: Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--bogus"\nRun 'calico-policy validate --help' for usage.\n`,
    })
  })
  it('reports an internal error in one line with exit status 70, never a stack trace', async () => {
    const r = await cli(['validate', FIX], {
      stat: () => {
        throw new RangeError('Maximum call stack size exceeded\n    at somewhere (x.js:1:1)')
      },
    })
    expect(r).toEqual({ code: 70, out: '', err: 'calico-policy: internal error (please report it): RangeError: Maximum call stack size exceeded\n' })
  })
})
