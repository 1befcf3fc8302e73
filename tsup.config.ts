import { defineConfig } from 'tsup'

/** The library's entry points: the root and one subpath per namespace (package.json "exports"). */
const library = {
  index: 'src/index.ts',
  selector: 'src/entries/selector.ts',
  model: 'src/entries/model.ts',
  policy: 'src/entries/policy.ts',
  eval: 'src/entries/eval.ts',
  emit: 'src/entries/emit.ts',
}

export default defineConfig([
  // The library as ESM and CommonJS, with types for both.
  { entry: library, format: ['esm', 'cjs'], dts: { entry: library }, sourcemap: true, target: 'node20' },
  // The command as ESM only (package.json "bin").
  { entry: { cli: 'src/cli/main.ts' }, format: ['esm'], sourcemap: true, target: 'node20' },
])
