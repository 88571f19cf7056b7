// Lint rules, including the layout's import boundaries (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noKysely = {
  name: 'kysely',
  message: 'SQL lives in *.repo.ts and src/db/; take a `Db` (src/db/schema.ts) and call a repository.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-results/', '.cache/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noKysely] }],
    },
  },
  {
    // Migrations are frozen and written against Kysely<any> by design.
    files: ['src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noKysely],
          patterns: [
            { group: ['**/reader/**', '**/newsroom/**', '**/content-api/**', '**/app/**', '**/cli/**'], message: 'Features are used by the edges, never the other way round.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/reader/**'],
    ignores: ['src/reader/deps.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noKysely],
          patterns: [
            { group: ['**/*.service.ts', '**/*.repo.ts'], message: 'The reader reaches features only through src/reader/deps.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noKysely], patterns: [{ group: ['../*'], message: 'src/shared imports nothing from the app.' }] }],
    },
  },
  {
    // Tests of the shared helpers may use the test helpers (arbitraries, fixtures), and only those.
    files: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noKysely], patterns: [{ regex: '^\\.\\./(?!\\.\\./test/helpers/)', message: 'src/shared imports nothing from the app.' }] }],
    },
  },
  {
    // Last, so it wins: repositories, the database layer and the two full-text engines (the
    // named dialect adapters) are where SQL belongs; tests inspect the database directly.
    files: ['src/**/*.repo.ts', 'src/db/**', 'src/search/backends/**', 'test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Browser code: bundled by esbuild for the reader's pages.
    files: ['src/reader/client/**'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', location: 'readonly', IntersectionObserver: 'readonly', DOMException: 'readonly', CSS: 'readonly', fetch: 'readonly' } },
  },
);
