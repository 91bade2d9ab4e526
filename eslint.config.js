import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// No SQL outside src/store: handlers and engines use repositories (DESIGN.md section 1).
const SQLITE = [{ name: 'better-sqlite3', message: 'Only src/store may use SQLite.' }];

/** A relative import of a top-level folder of src (`../engine/x.js`, `../../api/y.js`). */
const folder = (name) => `^(\\.\\./)+${name}(/|$)`;

/**
 * The layers (DESIGN.md sections 1 and 5): imports point api -> engine -> store, and the engine and the agents
 * meet only in src/agent-contract. `forbidden` maps a folder of src to why it may not be imported from `files`.
 */
function layer(files, forbidden, paths = SQLITE) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths,
          patterns: Object.entries(forbidden).map(([name, message]) => ({ regex: folder(name), message })),
        },
      ],
    },
  };
}
const AGENTS = 'The engine talks to agents only through src/agent-contract (the fleet and its links).';
const ENGINE = 'Agents talk to the engine only through src/agent-contract messages.';
const API = 'Only src/api (and the composition root) may import the wire layer.';
const CONTRACT = 'src/agent-contract is imported by both sides and imports neither.';
const NEUTRAL =
  'src/patch-catalog (the simulated OS repositories and Patch Manager rules) is read by the engine and by agents: it imports neither.';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'src/api/model/generated/**',
      'src/model/generated/**',
      '.ssm-emulator/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: SQLITE }],
    },
  },
  layer(['src/engine/**'], { 'agent-sim': AGENTS, api: API }),
  layer(['src/agent-sim/**'], { engine: ENGINE, api: API }),
  layer(['src/agent-contract/**'], { engine: CONTRACT, 'agent-sim': CONTRACT, api: CONTRACT }),
  layer(['src/patch-catalog/**', 'src/wildcard.ts'], {
    engine: NEUTRAL,
    'agent-sim': NEUTRAL,
    api: NEUTRAL,
    store: NEUTRAL,
    'agent-contract': NEUTRAL,
  }),
  layer(
    ['src/store/**'],
    { engine: 'The store is below the engine.', api: 'The store is below the wire.' },
    [],
  ),
  // The CLI launcher is CommonJS (scripts/launcher.cjs says why).
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Tests read loosely typed JSON bodies and SDK errors.
  {
    files: ['test/**', 'contract-tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
