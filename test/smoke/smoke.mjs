// Imports the built package by its own name as ESM (run after `tsup` by `npm run check:package`).
import assert from 'node:assert/strict'
import * as pkg from 'calico-policy'

assert.equal(typeof pkg.formatError, 'function')
assert.equal(typeof pkg.Selector, 'object')
assert.equal(typeof pkg.Model, 'object')
if (typeof pkg.Selector.parse === 'function') {
  const sel = pkg.Selector.parse("role == 'db'")
  assert.equal(sel._tag, 'Right')
  assert.equal(pkg.Selector.print(sel.right), 'role == "db"')
  assert.equal(pkg.Selector.uniqueId(pkg.Selector.parse('all()').right), 's:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug')
}
if (typeof pkg.load === 'function') {
  const r = pkg.load('apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 10\n')
  assert.equal(r._tag, 'Right')
}
console.log('ESM import of calico-policy: ok')
