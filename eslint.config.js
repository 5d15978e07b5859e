// Lint, including the layering rule that keeps the house standing:
//   src/core      imports no platform module (no Node, DOM-only APIs, Electron or native packages)
//   src/main      is Node; only src/main/electron may import 'electron'
//   src/preload   imports only 'electron' and the contract
//   src/renderer  never imports Node, Electron or the backend
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nativeAndServerPackages = ['electron', 'better-sqlite3', 'bonjour-service', '@roamhq/wrtc', 'ws'];

const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      ...(paths.length > 0 && { paths: paths.map((name) => ({ name, message })) }),
      ...(patterns.length > 0 && { patterns: [{ group: patterns, message }] }),
    },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench/results/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict(
      [...nodeBuiltins, ...nativeAndServerPackages, 'react', 'react-dom'],
      ['**/main/**', '**/renderer/**', '**/preload/**'],
      'src/core is the isomorphic engine: the host injects platform services.',
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: restrict(
      ['electron'],
      ['**/renderer/**', '**/preload/**'],
      'Only the Electron shell (src/main/electron) imports electron.',
    ),
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: restrict([], ['**/renderer/**'], 'The shell loads the renderer as a page, never as a module.'),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, ...nativeAndServerPackages.filter((p) => p !== 'electron')],
      ['**/main/**', '**/renderer/**'],
      'The preload only bridges the contract.',
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [...nodeBuiltins, ...nativeAndServerPackages],
        ['**/main/**', '**/preload/**'],
        'The renderer is a web page: no Node, no Electron, no backend.',
      ),
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.js', 'bin/**/*.js'],
    rules: { 'no-console': 'off' },
  },
);
