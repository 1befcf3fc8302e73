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
