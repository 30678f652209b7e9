// @ts-check
const eslint = require('@eslint/js');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');
const reactHooks = require('eslint-plugin-react-hooks');

module.exports = tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-bench/',
      'coverage/',
      'node_modules/',
      '.data/',
      'eslint.config.js',
      'jest.config.js',
      'jest.browser.config.js',
      'web/src/gql/',
      'web/postcss.config.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // The web app: React hooks rules on top of the TypeScript ones.
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['test/utils/*.js', 'web/e2e/*.js', 'bench/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // A migration is frozen history: it copies what it needs instead of importing application code.
    files: ['src/database/migrations/[0-9]*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', './*'],
              message: 'A migration is frozen history: copy what it needs into the migration file.',
            },
          ],
        },
      ],
    },
  },
  {
    // The matching and domain core stays pure: no framework, database, GraphQL, clock or randomness.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'typeorm/*',
                'graphql',
                'graphql/*',
                'pg',
                'class-validator',
                'class-transformer',
                'express',
              ],
              message: 'src/core is pure TypeScript: no framework or database imports.',
            },
            { group: ['../../*/**', '!../../core/**'], message: 'src/core imports only from src/core.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Seeds are parameters in src/core.' },
        { object: 'Date', property: 'now', message: 'Time is a parameter in src/core.' },
      ],
    },
  },
);
