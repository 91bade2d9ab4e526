#!/usr/bin/env node
// `npm run build`: TypeScript to dist/, the run-time data files, the bundled CLI (scripts/bundle.mjs); then it
// records a hash of what went in (dist/.build-inputs), so `npm start` (scripts/start.mjs) rebuilds only when the
// sources, scripts or dependencies changed since.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampOf = (dir) => join(dir, 'dist', '.build-inputs');
const cliOf = (dir) => join(dir, 'dist', 'ssm-emulator.cjs');
export const CLI = cliOf(root);

/** What the build reads: the sources, the build scripts, the TypeScript settings and the locked dependencies. */
const INPUT_DIRS = ['src', 'scripts'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** One hash of every input's path and content (~450 files: tens of milliseconds). */
export function inputsHash(dir = root) {
  const hash = createHash('sha256');
  const files = [...INPUT_FILES];
  for (const d of INPUT_DIRS) {
    if (!existsSync(join(dir, d))) continue;
    for (const f of readdirSync(join(dir, d), { recursive: true, withFileTypes: true }))
      if (f.isFile()) files.push(join(f.parentPath ?? f.path, f.name).slice(dir.length + 1));
  }
  for (const f of files.sort()) {
    const p = join(dir, f);
    if (!existsSync(p)) continue;
    hash.update(f).update('\0').update(readFileSync(p)).update('\0');
  }
  return hash.digest('hex');
}

/** True when dist/ holds a CLI built from exactly the inputs there are now. */
export function upToDate(dir = root) {
  if (!existsSync(cliOf(dir)) || !existsSync(stampOf(dir))) return false;
  return readFileSync(stampOf(dir), 'utf8').trim() === inputsHash(dir);
}

/** Records that dist/ was built from the inputs there are now. */
export function recordInputs(dir = root) {
  writeFileSync(stampOf(dir), inputsHash(dir) + '\n');
}

const STEPS = [
  [
    'compiling TypeScript',
    [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  ],
  ['copying data files', [join(root, 'scripts', 'copy-assets.mjs')]],
  ['bundling the CLI', [join(root, 'scripts', 'bundle.mjs')]],
];

/** Runs the build; `progress` prints each step and its time on stderr (npm start's first build takes a while). */
export function build({ progress = false } = {}) {
  rmSync(stampOf(root), { force: true }); // a build that fails half-way is not up to date
  const started = Date.now();
  for (const [what, args] of STEPS) {
    const t0 = Date.now();
    if (progress) process.stderr.write(`ssm-emulator: ${what}...`);
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      if (progress) process.stderr.write(' failed\n');
      throw new Error(`the build failed while ${what} (exit ${r.status ?? r.signal})`);
    }
    if (progress) process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  recordInputs();
  return Date.now() - started;
}

// `--if-changed` (npm test): nothing to do when dist/ was built from the inputs there are now.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    if (!(process.argv.includes('--if-changed') && upToDate()))
      build({ progress: process.argv.includes('--progress') });
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
