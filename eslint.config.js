// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Layer rules from DESIGN.md: each folder lists what it must never import.
 * `patterns` match import specifiers, so relative paths into a forbidden folder are caught too.
 */
const nodeBuiltins = [
  'node:*',
  'fs',
  'net',
  'tls',
  'http',
  'https',
  'crypto',
  'os',
  'path',
  'child_process',
];
/** Only core/store talks to the database; everything else uses the RecordsPort. */
const databaseOnlyInStore = {
  group: ['pg', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*'],
  message:
    'Only core/store writes SQL or opens a database: use the RecordsPort (core/farm/records-port.ts).',
};
const layer = (files, forbidden, message, extraPatterns = [], ignores = []) => ({
  files,
  ignores,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: [{ group: forbidden, message }, databaseOnlyInStore, ...extraPatterns] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bin/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  layer(
    ['shared/**'],
    [
      ...nodeBuiltins,
      'electron',
      '**/core/**',
      '**/renderer/**',
      '**/electron/**',
      '**/servers/**',
      '**/cli/**',
      '**/sim/**',
    ],
    'shared/ is environment-neutral: zod and shared/ only (DESIGN.md layer table).',
  ),
  layer(
    ['core/**'],
    ['electron', '**/renderer/**', '**/electron/**', '**/servers/**', '**/cli/**', '**/sim/**'],
    'core/ may import Node, network libraries and shared/ only. Tests that need the simulator live in test/.',
    [],
    ['core/store/**'],
  ),
  {
    files: ['core/store/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'electron',
                '**/renderer/**',
                '**/electron/**',
                '**/servers/**',
                '**/cli/**',
                '**/sim/**',
              ],
              message: 'core/ may import Node, network libraries and shared/ only.',
            },
          ],
        },
      ],
    },
  },
  // The renderer runs in a browser (or a sandboxed Electron page): browser globals, hooks rules.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  layer(
    ['renderer/**'],
    [
      ...nodeBuiltins,
      'electron',
      '**/core/**',
      '**/electron/**',
      '**/servers/**',
      '**/cli/**',
      '**/sim/**',
    ],
    'renderer/ reaches the engine only through the contract in shared/.',
  ),
  layer(
    ['electron/**'],
    ['**/renderer/**', '**/servers/**', '**/cli/**', '**/sim/**'],
    'electron/ may import core/ and shared/ only.',
  ),
  layer(
    ['servers/**', 'cli/**'],
    ['electron', '**/renderer/**', '**/sim/**'],
    'servers/ and cli/ are faces of the engine: core/ and shared/ only.',
  ),
  layer(
    ['sim/**'],
    ['electron', '**/core/**', '**/renderer/**', '**/electron/**', '**/servers/**', '**/cli/**'],
    'sim/ must not share logic with the client it tests: no core/ imports (DESIGN.md).',
    [
      {
        group: ['**/shared/**'],
        allowTypeImports: true,
        message: 'sim/ may take types from shared/, never its parsing logic (DESIGN.md).',
      },
    ],
  ),
  prettier,
);
