import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'docs/api/**', 'node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^fp-ts/(?!lib/)', message: 'import fp-ts through src/internal/fp.ts' }] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Spreading an array into call arguments throws past ~100,000 elements: use pushAll
      // (src/internal/array.ts) or a loop.
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name=/^(push|unshift|concat|splice|max|min|fromCharCode|fromCodePoint|apply)$/] > SpreadElement",
        message: 'no argument spreading of arrays (unbounded length): use pushAll from src/internal/array.ts or a loop',
      }],
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^fp-ts/(?!lib/)', message: 'import fp-ts through src/internal/fp.ts' },
        { regex: '^node:', message: 'the library core is pure: no node:* imports outside src/cli' },
      ] }],
    },
  },
)
