import { builtinModules } from 'node:module';

import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    rules: {
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
    // The pure core never touches Electron: it must run in the CLI and the headless gateway.
    files: [
      'src-main/core/**/*.ts',
      'src-main/cli/**/*.ts',
      'src-main/protocol.ts',
      'src-main/format.ts',
      'src-main/gateway-proof.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'src-main/core is pure Node: pass Electron objects in from src-main/electron.',
            },
          ],
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
    // The renderer runs sandboxed in a browser or Electron: no Node built-ins, ever.
    files: ['src-renderer/**/*.{ts,tsx}', 'src-main/protocol.ts', 'src-main/format.ts', 'src-main/gateway-proof.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer and protocol.ts never import Node built-ins.',
            })),
            { name: 'electron', message: 'The renderer talks to the gateway over WebSocket only.' },
          ],
        },
      ],
    },
  },
);
