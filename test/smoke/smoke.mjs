// Imports the built package and each subpath by its own name as ESM (run after the build by
// `npm run check:package`), and runs the built command.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as pkg from 'calico-policy'
import * as emitEntry from 'calico-policy/emit'
import * as evalEntry from 'calico-policy/eval'
import * as modelEntry from 'calico-policy/model'
import * as policyEntry from 'calico-policy/policy'
import * as selectorEntry from 'calico-policy/selector'

assert.equal(typeof pkg.formatError, 'function')
assert.equal(typeof pkg.Model, 'object')
const sel = pkg.Selector.parse("role == 'db'")
assert.equal(sel._tag, 'Right')
assert.equal(pkg.Selector.print(sel.right), 'role == "db"')
assert.equal(pkg.Selector.uniqueId(pkg.Selector.parse('all()').right), 's:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug')
const r = pkg.load('apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 10\n')
assert.equal(r._tag, 'Right')

// Each subpath exports its namespace (the same functions as the root's) and formatError.
assert.deepEqual(Object.keys(selectorEntry).sort(), ['Selector', 'formatError', 'formatPath'])
assert.equal(selectorEntry.Selector.print(selectorEntry.Selector.parse('has(a) && b in {"y", "x"}').right), '(has(a) && b in {"x", "y"})')
// calico-policy/selector leaves out exactly the two functions that read resources.
assert.deepEqual(
  Object.keys(selectorEntry.Selector).sort(),
  Object.keys(pkg.Selector).filter((k) => k !== 'resourceSelectors' && k !== 'selectorErrors').sort(),
)
assert.deepEqual(Object.keys(modelEntry.Model).sort(), Object.keys(pkg.Model).sort())
assert.deepEqual(Object.keys(policyEntry.Policy).sort(), Object.keys(pkg.Policy).sort())
assert.deepEqual(Object.keys(evalEntry.Eval).sort(), Object.keys(pkg.Eval).sort())
assert.deepEqual(Object.keys(emitEntry.Emit).sort(), Object.keys(pkg.Emit).sort())
assert.deepEqual(Object.keys(emitEntry).sort(), ['Emit', 'formatError', 'formatPath'])
assert.equal(evalEntry.Eval.parsePacket('tcp 10.0.0.1:1 -> 10.0.0.2:22 in eth0')._tag, 'Right')
assert.equal(policyEntry.formatError({ _tag: 'UnknownField', path: ['spec', 'x'] }), 'spec.x: unknown field "x"')

// The command runs from the build and knows its version.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
assert.equal(execFileSync(process.execPath, ['dist/cli.js', '--version'], { encoding: 'utf8' }), `calico-policy ${version}\n`)
console.log('ESM import of calico-policy and its subpaths, and the command: ok')
