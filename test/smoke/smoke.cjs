// Requires the built package and each subpath by its own name as CommonJS (run after the build by
// `npm run check:package`).
const assert = require('node:assert/strict')
const pkg = require('calico-policy')

assert.equal(typeof pkg.formatError, 'function')
const sel = pkg.Selector.parse('has(a) && b in {"y", "x"}')
assert.equal(sel._tag, 'Right')
assert.equal(pkg.Selector.print(sel.right), '(has(a) && b in {"x", "y"})')
const r = pkg.load('{"apiVersion": "projectcalico.org/v3", "kind": "Tier", "metadata": {"name": "t"}, "spec": {}}')
assert.equal(r._tag, 'Right')

for (const [path, name] of [['selector', 'Selector'], ['model', 'Model'], ['policy', 'Policy'], ['eval', 'Eval'], ['emit', 'Emit']]) {
  const entry = require(`calico-policy/${path}`)
  assert.deepEqual(Object.keys(entry).sort(), [name, 'formatError', 'formatPath'].sort(), path)
  const expected = Object.keys(pkg[name]).filter((k) => name !== 'Selector' || (k !== 'resourceSelectors' && k !== 'selectorErrors'))
  assert.deepEqual(Object.keys(entry[name]).sort(), expected.sort(), path)
}
assert.equal(require('calico-policy/selector').Selector.print(require('calico-policy/selector').Selector.parse("role == 'db'").right), 'role == "db"')
console.log('CJS require of calico-policy and its subpaths: ok')
