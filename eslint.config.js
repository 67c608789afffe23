// Lint: eslint recommended + typescript-eslint, and the import arrows of STYLE.md enforced per folder
// (core/ and ports/ <- use cases <- adapters <- composition roots), so a wrong arrow fails `npm test`
// (test/core/import-rules.test.ts checks that it does).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const adapters = ['store', 'keys', 'audit', 'http', 'cli', 'web'];
const useCases = ['ca', 'signing', 'documents', 'verification', 'transparency'];
// What a use case may import of another: its index, and for verification the reason catalogue
// (the registry verdict's sentences are verification's reasons). Everything else is internal.
const publicEntries = {
  documents: ['**/documents'],
  verification: ['**/verification', '**/verification/reasons'],
};
/** The import patterns of use case `other` that reach past its public entries. */
const internalsOf = (other) => {
  const open = publicEntries[other] ?? [];
  return [
    ...(open.includes(`**/${other}`) ? [] : [`**/${other}`]),
    `**/${other}/**`,
    ...open.filter((p) => p !== `**/${other}`).map((p) => `!${p}`),
  ];
};
const forbid = (folders, why) => ({
  group: folders.flatMap((f) => [`**/${f}`, `**/${f}/**`]),
  message: why,
});
const rule = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
// Outside core/, path validation is used through its index only; inside core/ deep imports are fine.
const validationIndexOnly = {
  group: ['**/core/validation/*'],
  message: "Import from 'core/validation' (its index), not its internal files.",
};

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read JSON answers field by field; typing each answer would add noise, not safety.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    // The verification page runs in the browser (bundled by scripts/build-web.js): core/ and the
    // pure reading of verification/ (pdf-facts.ts), never an adapter or Node's I/O.
    files: ['src/web/**/*.ts'],
    rules: rule(
      forbid(
        ['store', 'keys', 'audit', 'http', 'cli', 'config', 'main'],
        'The page runs in the browser: it imports core/ and pure reading code only.',
      ),
      {
        group: ['better-sqlite3', 'express', 'node:*', 'fs', 'crypto', 'zlib'],
        message: 'The page runs in the browser: no Node module (src/web/shims/ stand in for core).',
      },
      validationIndexOnly,
    ),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: rule(
      forbid(
        [...useCases, ...adapters, 'config', 'main'],
        'core/ is pure standards code: it imports no use case or adapter.',
      ),
      {
        group: ['better-sqlite3', 'express', 'node:fs', 'fs', 'node:fs/promises'],
        message: 'core/ does no I/O.',
      },
    ),
  },
  {
    // The shared ports are interfaces over core/'s types: they import no use case and no adapter.
    files: ['src/ports/**/*.ts'],
    rules: rule(
      forbid(
        [...useCases, ...adapters, 'config', 'main'],
        'src/ports/ holds the shared ports: it imports core/ only.',
      ),
    ),
  },
  ...useCases.map((useCase) => ({
    files: [`src/${useCase}/**/*.ts`],
    rules: rule(
      forbid(
        [...adapters, 'config', 'main'],
        'Use cases depend on core/, src/ports/ and their own ports, never on an adapter.',
      ),
      {
        group: useCases.filter((u) => u !== useCase).flatMap(internalsOf),
        message:
          "A use case imports another only through its public index ('documents', 'verification'), never its internals: move what both need to src/ports/ or documents/.",
      },
      {
        group: ['better-sqlite3', 'express'],
        message: 'Use cases do no SQL and no HTTP: use a port.',
      },
      validationIndexOnly,
    ),
  })),
  {
    files: ['src/store/**/*.ts', 'src/keys/**/*.ts', 'src/audit/**/*.ts'],
    rules: rule(
      forbid(
        ['http', 'cli', 'web', 'main'],
        'Persistence adapters implement ports; they know nothing of HTTP or the CLI.',
      ),
      validationIndexOnly,
    ),
  },
  {
    files: ['src/http/**/*.ts', 'src/cli/**/*.ts'],
    rules: rule(
      forbid(
        ['store', 'keys', 'audit'],
        'http/ and cli/ call use cases; only the composition roots wire adapters.',
      ),
      {
        group: ['better-sqlite3', 'node:crypto', 'crypto', 'pkijs', '@peculiar/*'],
        message: 'http/ and cli/ hold no crypto and no SQL.',
      },
      validationIndexOnly,
    ),
  },
);
