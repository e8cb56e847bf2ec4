// `npm run lint`: correctness rules (not style: Prettier owns layout) and the layering rules of
// STYLE.md that the architecture test cannot see as precisely.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SHELL_TO_CORE = {
  regex: String.raw`(^|/)core/(?!index\.ts$).+`,
  message: 'Shells import the core only through its public entry, src/core/index.ts (export what you need there).',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'generated/', 'coverage/', '.tmp/', '.scratch/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Matching control characters on purpose is how spec text and headers are checked (security).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read untyped JSON from real tools and servers.
    files: ['tests/**/*.ts', 'src/**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The shells: everything under src/ but the core itself (tests beside the code may reach in).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/core/**', 'src/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SHELL_TO_CORE] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: String.raw`^(\.\./)+(cli|ui|proxy|prom|live|demo|delivery)/`, message: 'The core imports no shell.' },
            { regex: '^node:', message: 'The core is isomorphic: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
