// Bundles one-line programs against the built package with esbuild (tsup's own copy), minified,
// for the browser, and prints their sizes, minified and gzipped (docs/performance.md records them).
// Fails if importing `calico-policy/selector` does not give a much smaller bundle than the root.
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const programs = {
  "import { Selector } from 'calico-policy/selector'": "import { Selector } from 'calico-policy/selector'\nconsole.log(Selector.parse(\"a == 'b'\"))",
  "import { Selector } from 'calico-policy'": "import { Selector } from 'calico-policy'\nconsole.log(Selector.parse(\"a == 'b'\"))",
  "import { Model } from 'calico-policy/model'": "import { Model } from 'calico-policy/model'\nconsole.log(Model.load('kind: Tier'))",
  "import { Eval } from 'calico-policy/eval'": "import { Eval } from 'calico-policy/eval'\nconsole.log(Eval.parsePacket('tcp 10.0.0.1 -> 10.0.0.2 in eth0'))",
  "import { Emit } from 'calico-policy/emit'": "import { Emit } from 'calico-policy/emit'\nconsole.log(Emit.iptables)",
  "import { Policy } from 'calico-policy/policy'": "import { Policy } from 'calico-policy/policy'\nconsole.log(Policy.build)",
  "import * as all from 'calico-policy'": "import * as all from 'calico-policy'\nconsole.log(all)",
}

const sizes = {}
for (const [name, contents] of Object.entries(programs)) {
  const out = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const code = out.outputFiles[0].contents
  sizes[name] = { minified: code.length, gzip: gzipSync(code, { level: 9 }).length }
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
for (const [name, s] of Object.entries(sizes)) console.log(`${name.padEnd(48)} ${kb(s.minified).padStart(9)} minified ${kb(s.gzip).padStart(9)} gzip`)
const selector = sizes["import { Selector } from 'calico-policy/selector'"]
const whole = sizes["import * as all from 'calico-policy'"]
assert.ok(selector.gzip * 2 < whole.gzip, 'calico-policy/selector should bundle to less than half of the whole library')
