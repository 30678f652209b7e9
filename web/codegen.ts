import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from schema.gql (GraphQL Code Generator, client preset). The output (web/src/gql/)
 * is generated, not committed: `npm run typecheck`, `build:web` and `test:web` generate it first, so a
 * schema change that breaks a page fails the type-check.
 */
const config: CodegenConfig = {
  schema: 'schema.gql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**/*'],
  ignoreNoDocuments: false,
  errorsOnly: true,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
