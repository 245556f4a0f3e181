import { builtinModules } from 'node:module';

import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noElectron = {
  name: 'electron',
  message: 'src-main/core is pure Node: pass Electron objects in from src-main/electron.',
};
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
/** The import bans of code that runs in a browser: the renderer and src-shared. */
const noNodeBuiltins = nodeBuiltins.map((name) => ({
  name,
  message: 'The renderer and src-shared never import Node built-ins.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      // The sources import each other as `./x.js` (ESM with TypeScript): resolve that to x.ts, so
      // import-x can follow the graph.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
        }),
      ],
    },
    rules: {
      // A cycle means two modules cannot be read (or started) one before the other.
      'import-x/no-cycle': 'error',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index', 'type'],
          'newlines-between': 'always',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The pure core never touches Electron (it must run in the CLI and the headless gateway), nor
    // the CLI, which is built on it.
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/cli/**'],
              message: 'src-main/core never imports src-main/cli: the CLI is built on the core, not the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/cli/**/*.ts', 'src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
        },
      ],
    },
  },
  {
    // Only the composition root may call shell.openExternal, and only through its one checked door.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/open-external.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'shell',
          property: 'openExternal',
          message: 'Use safeOpenExternal() from src-main/electron/open-external.ts.',
        },
      ],
    },
  },
  {
    // One way to read a caught value: errorMessage() from src-shared/error-message.ts.
    files: ['src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}', 'src-shared/**/*.ts'],
    ignores: ['src-shared/error-message.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ConditionalExpression[test.operator='instanceof'][test.right.name='Error'][consequent.property.name='message']",
          message: 'Use errorMessage(error) from src-shared/error-message.ts.',
        },
      ],
    },
  },
  {
    // One door spawns programs (an argument array, no shell, its own process group, killed as a
    // group): every other production file goes through core/reauth/process-group.ts. A separate
    // rule id from no-restricted-imports, so it adds to the per-folder import bans above.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/core/reauth/process-group.ts', 'src-main/**/*.test.ts', 'src-main/**/*.test-helper.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['child_process', 'node:child_process'].map((name) => ({
            name,
            message:
              'Spawn through core/reauth/process-group.ts (spawnGroup, runForOutput): the one door for child processes.',
          })),
        },
      ],
    },
  },
  {
    // Production code never imports test code. Test code is a test (*.test.ts, *.spec.ts), a
    // capability's own helper beside its tests (*.test-helper.ts), a shared fixture (test/), the
    // end-to-end suites (e2e/) or the benchmarks (bench/). By resolved path, so any spelling counts.
    files: ['src-main/**/*.{ts,mjs}', 'src-renderer/**/*.{ts,tsx}', 'src-shared/**/*.ts', 'scripts/**/*.{js,mjs}'],
    ignores: ['**/*.test.{ts,tsx}', '**/*.test-helper.{ts,tsx,mjs}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: '.',
              from: ['test/**', 'e2e/**', 'bench/**', 'src-*/**/*.test.*', 'src-*/**/*.test-helper.*'],
              message: 'Production code never imports tests, test helpers or fixtures.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer runs sandboxed in a browser or Electron: no Node built-ins, ever.
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noNodeBuiltins,
            { name: 'electron', message: 'The renderer talks to the gateway over WebSocket only.' },
          ],
        },
      ],
    },
  },
  {
    // src-shared runs on both sides, so it uses neither: no Node, no DOM, no side's own modules
    // (tsconfig.shared.json checks the same with lib ES2023 and no types).
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noNodeBuiltins,
            ...['electron', 'ws', 'react', 'react-dom'].map((name) => ({
              name,
              message: 'src-shared runs in Node and the browser alike: take what differs as a parameter.',
            })),
          ],
          patterns: [
            {
              group: ['**/src-main/**', '**/src-renderer/**'],
              message: 'src-shared imports only src-shared: the others import it, never the reverse.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'location',
          'localStorage',
          'sessionStorage',
          'WebSocket',
          'fetch',
          'XMLHttpRequest',
          'self',
        ].map((name) => ({ name, message: 'src-shared never uses the DOM: take it as a parameter.' })),
        ...['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({
          name,
          message: 'src-shared never uses Node: take it as a parameter.',
        })),
      ],
    },
  },
);
