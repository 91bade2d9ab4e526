#!/usr/bin/env node
// Bundles the compiled CLI into one module, dist/ssm-emulator.mjs: resolving and loading ~300 small
// ES modules dominated start-up (about half of it), and one file loads in one step.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'dist/src/cli/main.js')],
  outfile: join(root, 'dist/ssm-emulator.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addons load from node_modules; ws's optional native helpers are absent by design.
  external: ['better-sqlite3', 'node-pty', 'bufferutil', 'utf-8-validate'],
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __ssmCreateRequire } from 'node:module'; const require = __ssmCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
});
