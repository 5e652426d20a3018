// Lint rules, including the layering of ARCHITECTURE.md §3 as no-restricted-imports per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const upper = (...layers) => layers.flatMap((l) => [`../${l}/*`, `../../${l}/*`, `**/src/${l}/*`]);
const react = ['react', 'react-dom', 'react-dom/*', 'react/*'];
const tfjs = ['@tensorflow/*'];

/** Patterns each folder must not import. */
const LAYER_RULES = [
  {
    files: ['src/model/**'],
    ban: [...react, ...upper('analysis', 'workers', 'app', 'ui', 'cli'), '../data/*', '!../data/types', '!../data/random'],
    why: 'model/ imports tfjs, data/types and data/random only',
  },
  { files: ['src/data/**'], ban: [...react, ...tfjs, ...upper('model', 'analysis', 'workers', 'app', 'ui', 'cli')], why: 'data/ is pure: no React, no tfjs, no upper layers' },
  { files: ['src/analysis/**'], ban: [...react, ...upper('workers', 'app', 'ui', 'cli')], why: 'analysis/ is pure numerics: no React, no DOM, no upper layers' },
  { files: ['src/workers/**'], ban: [...react, ...upper('app', 'ui', 'cli')], why: 'workers/ import model/, analysis/ and data/ only' },
  { files: ['src/cli/**'], ban: [...react, ...upper('workers', 'app', 'ui')], why: 'the CLI uses model/, analysis/ and data/ only' },
  { files: ['src/ui/**'], ban: [...tfjs, ...upper('model', 'analysis', 'workers', 'cli')], why: 'ui/ reads state and dispatches actions; it never calls tfjs, model/ or analysis/' },
  { files: ['src/app/**'], ban: [...upper('cli')], why: 'app/ does not import the CLI' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'public/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...LAYER_RULES.map(({ files, ban, why }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ban, message: why + ' (ARCHITECTURE.md §3).' }] }] },
  })),
);
