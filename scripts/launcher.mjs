#!/usr/bin/env node
// dist/ssm-emulator.mjs (scripts/bundle.mjs writes it from this file): runs the CommonJS bundle
// dist/ssm-emulator.cjs with the V8 code cache the build made, so start-up does not compile the 2.6 MB
// bundle (Node 20 has no module.enableCompileCache; vm.Script takes cachedData).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// Replaced by scripts/bundle.mjs with a hash of the bundle: V8 checks only a source's length, so the
// cache names the exact bundle it was made from.
const BUNDLE_ID = '__SSM_BUNDLE_ID__';

const dir = dirname(fileURLToPath(import.meta.url));
const bundle = join(dir, 'ssm-emulator.cjs');
const cacheFile = join(dir, 'ssm-emulator.cache');
// ... and the path: functions from the cache keep the file name they were compiled under in stack traces.
const header = Buffer.from(`${BUNDLE_ID} ${bundle}\n`);

let cachedData;
try {
  const file = readFileSync(cacheFile);
  if (file.subarray(0, header.length).equals(header)) cachedData = file.subarray(header.length);
} catch {
  // No cache (or unreadable): compile as usual.
}

// The same wrapper Node gives a CommonJS module; the shebang line is not JavaScript. (A Buffer's
// toString() decodes the ASCII bundle about twice as fast as readFileSync(file, 'utf8') on Node 20.)
const source = readFileSync(bundle).toString().replace(/^#!.*/, '');
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  cachedData,
});

// `npm run build` starts the CLI once with this set and the cache is written as it exits: it then holds
// the functions start-up and the first requests compiled, not just the top level.
if (process.env.SSM_EMULATOR_WRITE_CODE_CACHE === '1') {
  process.once('exit', () => {
    const tmp = `${cacheFile}.${process.pid}`;
    writeFileSync(tmp, Buffer.concat([header, script.createCachedData()]));
    renameSync(tmp, cacheFile);
  });
}

const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dir);
