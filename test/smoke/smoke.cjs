// Requires the built package by its own name as CommonJS (run after `tsup` by `npm run check:package`).
const assert = require('node:assert/strict')
const pkg = require('calico-policy')

assert.equal(typeof pkg.formatError, 'function')
assert.equal(typeof pkg.Selector, 'object')
if (typeof pkg.Selector.parse === 'function') {
  const sel = pkg.Selector.parse('has(a) && b in {"y", "x"}')
  assert.equal(sel._tag, 'Right')
  assert.equal(pkg.Selector.print(sel.right), '(has(a) && b in {"x", "y"})')
}
if (typeof pkg.load === 'function') {
  const r = pkg.load('{"apiVersion": "projectcalico.org/v3", "kind": "Tier", "metadata": {"name": "t"}, "spec": {}}')
  assert.equal(r._tag, 'Right')
}
console.log('CJS require of calico-policy: ok')
