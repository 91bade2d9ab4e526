#!/usr/bin/env node
// dist/ssm-emulator.cjs, the CLI (scripts/bundle.mjs writes it from this file): runs the bundle
// dist/ssm-emulator-bundle.cjs with the V8 code cache the build made, so start-up does not compile the
// bundle (Node 20 has no module.enableCompileCache; vm.Script takes cachedData). CommonJS, not ESM:
// Node reaches a CommonJS entry's first line ~12 ms sooner than an ES module's.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire, Module } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

// Replaced by scripts/bundle.mjs with a hash of the bundle: V8 checks only a source's length, so the
// cache names the exact bundle it was made from.
const BUNDLE_ID = '__SSM_BUNDLE_ID__';

const bundle = join(__dirname, 'ssm-emulator-bundle.cjs');
const cacheFile = join(__dirname, 'ssm-emulator-bundle.cache');
// ... and the path: functions from the cache keep the file name they were compiled under in stack traces.
const header = Buffer.from(`${BUNDLE_ID} ${bundle}\n`);

let cachedData;
try {
  const file = readFileSync(cacheFile);
  if (file.subarray(0, header.length).equals(header)) cachedData = file.subarray(header.length);
} catch {
  // No cache (or unreadable): compile as usual.
}

// The bundle is one function expression taking what Node gives a CommonJS module. (A Buffer's toString()
// decodes the ASCII bundle about twice as fast as readFileSync(file, 'utf8') on Node 20.)
const source = readFileSync(bundle).toString();
const bundleModule = { exports: {} };
// The bundle's import() (scripts/bundle.mjs): a vm.Script cannot import ES modules on Node 20, this file can.
const importModule = (specifier) => import(specifier);
bundleFunction()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, __dirname, importModule);

function bundleFunction() {
  // node --enable-source-maps: Node's own loader compiles it, so that stack traces name the sources (it maps
  // only what it loaded). The bundle's first line is empty (its shebang was removed): no column moves.
  if (process.sourceMapsEnabled) {
    const m = new Module(bundle, module);
    m.filename = bundle;
    m.paths = Module._nodeModulePaths(__dirname);
    m._compile(`module.exports = ${source}`, bundle);
    return m.exports;
  }
  const script = new vm.Script(source, { filename: bundle, cachedData });
  // `npm run build` starts the CLI once with this set and the cache is written as it exits: it then holds
  // the functions start-up and the first requests compiled, not just the top level.
  if (process.env.SSM_EMULATOR_WRITE_CODE_CACHE === '1') {
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, Buffer.concat([header, script.createCachedData()]));
      renameSync(tmp, cacheFile);
    });
  }
  return script.runInThisContext();
}
