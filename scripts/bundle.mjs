#!/usr/bin/env node
// Bundles the compiled CLI into one file: resolving and loading ~300 small ES modules dominated start-up
// (about half of it), and one file loads in one step. Four outputs:
// - dist/ssm-emulator-bundle.cjs: the bundle, minified CommonJS so that it can be compiled with a V8 code
//   cache (every byte is read and decoded at each start: minified, 1.4 MB instead of 2.6 MB, ~13 ms less);
// - dist/ssm-emulator-bundle.cjs.map: its source map, for stack traces (node --enable-source-maps);
// - dist/ssm-emulator-bundle.cache: that cache, made by starting the CLI once and sending it a few requests;
// - dist/ssm-emulator.cjs: the CLI (package.json bin), scripts/launcher.cjs: runs the bundle with the cache.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const cli = join(dist, 'ssm-emulator.cjs');
const bundleFile = join(dist, 'ssm-emulator-bundle.cjs');
const cacheFile = join(dist, 'ssm-emulator-bundle.cache');

// Every byte of the bundle is read and decoded at each start: leave out what never runs.
// Fastify loads these only for route JSON schemas (the emulator passes its own compilers, src/api/server.ts)
// and for app.inject(), which only tests use (they run the sources, not the bundle).
const NEVER_LOADED = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'light-my-request'];
const leaveOut = {
  name: 'leave-out',
  setup(b) {
    const names = new RegExp(`^(${NEVER_LOADED.join('|')})$`);
    b.onResolve({ filter: names }, (a) => ({ path: a.path, namespace: 'left-out' }));
    // zod's classic API re-exports all of its ~50 locales as z.locales; the emulator uses English only.
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (a) =>
      a.importer.includes(`${sep}zod${sep}`)
        ? { path: join(dirname(a.importer), a.path), namespace: 'zod-en' }
        : undefined,
    );
    // Fastify requires these at load for options the emulator never sets (https, http2, plugin version
    // ranges): loaded on first use instead (node:http2 and semver cost ~8 ms of start-up).
    b.onLoad({ filter: /[\\/]fastify[\\/]lib[\\/](server|plugin-utils)\.js$/ }, (a) => ({
      contents: lazyRequires(readFileSync(a.path, 'utf8'), a.path, {
        'server.js': ['node:https', 'node:http2'],
        'plugin-utils.js': ['semver'],
      }),
      loader: 'js',
    }));
    // just-bash (the virtual nodes' simulated shell) is an ES module loaded on a node's first command. The
    // bundle runs in vm.Script, where import() needs a flag on Node 20, so the launcher passes its own import().
    b.onLoad({ filter: /[\\/]agent-sim[\\/]shell[\\/]load\.js$/ }, (a) => {
      const source = readFileSync(a.path, 'utf8');
      const call = "import('just-bash')";
      if (!source.includes(call))
        throw new Error(`bundle: ${a.path} no longer has ${call}; update scripts/bundle.mjs`);
      return { contents: source.replace(call, "__ssmImport('just-bash')"), loader: 'js' };
    });
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (a) => ({
      contents: `throw new Error(${JSON.stringify(`${a.path} is left out of the ssm-emulator bundle (scripts/bundle.mjs)`)});`,
    }));
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, (a) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(a.path), 'en.js'))};`,
      resolveDir: dirname(a.path),
    }));
  },
};

/** Rewrites `const x = require('id')` for the given ids so that the module loads when x is first used. */
function lazyRequires(source, path, byFile) {
  const ids = byFile[path.split(sep).pop()];
  let out = source;
  for (const id of ids) {
    const line = new RegExp(`^const (\\w+) = require\\('${id}'\\)$`, 'm');
    if (!line.test(out))
      throw new Error(`bundle: ${path} no longer requires ${id} as expected; update lazyRequires`);
    out = out.replace(line, (_, name) => `const ${name} = __lazyRequire(() => require('${id}'))`);
  }
  return `${out}\nfunction __lazyRequire(load) {\n  let m\n  return new Proxy({}, { get: (_, key) => (m ??= load())[key] })\n}\n`;
}

await build({
  entryPoints: [join(dist, 'src/cli/main.js')],
  outfile: bundleFile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Native addons load from node_modules; ws's optional native helpers are absent by design; just-bash
  // (6 MB, loaded on a virtual node's first command) stays a package so that start-up never reads it.
  external: ['better-sqlite3', 'node-pty', 'bufferutil', 'utf-8-validate', 'just-bash'],
  // The modules locate files next to themselves (package.json, the document catalog) with import.meta.url.
  define: { 'import.meta.url': '__ssmModuleUrl' },
  // The bundle is one function expression, the wrapper Node gives a CommonJS module: the launcher compiles
  // it as it is, and the source map counts the wrapper's columns.
  banner: {
    js: "(function (exports, require, module, __filename, __dirname, __ssmImport) {const __ssmModuleUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  footer: { js: '})' },
  plugins: [leaveOut],
  logLevel: 'warning',
  legalComments: 'none',
  // Names are display-only in the bundle (plugin names, stack traces); the source map restores them.
  minify: true,
  sourcemap: 'linked',
});

// esbuild escapes non-ASCII text in strings and identifiers but keeps comments as they are: one such
// character makes Node decode the whole bundle into a two-byte string, 4x slower than ASCII.
// The shebang would come before the wrapper (the line stays, so the source map still fits).
const utf8 = readFileSync(bundleFile, 'utf8').replace(/^#!.*/, '');
// Outside strings these end a line: written as text they would not (esbuild escapes them inside strings).
if (/[\u2028\u2029]/.test(utf8)) throw new Error('bundle: a line or paragraph separator outside a string');
const source = utf8.replace(
  /[\u0080-\uffff]/g, // UTF-16 units: \uXXXX means the same in a comment, a string or a regular expression
  (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
);
writeFileSync(bundleFile, source);
const bundleId = createHash('sha256').update(source).digest('hex').slice(0, 32);
const launcher = readFileSync(join(root, 'scripts/launcher.cjs'), 'utf8');
writeFileSync(cli, launcher.replace("'__SSM_BUNDLE_ID__'", `'${bundleId}'`));
chmodSync(cli, 0o755);

rmSync(cacheFile, { force: true });
try {
  await writeCodeCache();
} catch (err) {
  // The CLI works without the cache, only its start-up is slower.
  console.warn(`bundle: no code cache (${err.message}); start-up compiles the bundle`);
}

/** Starts the CLI in memory, sends the calls a first session makes, and stops it: the launcher writes the cache as it exits. */
async function writeCodeCache() {
  const child = spawn(
    process.execPath,
    [cli, 'start', '--in-memory', '--port', '0', '--log-level', 'silent', '--host', '127.0.0.1'],
    {
      // The developer's SSM_EMULATOR_* settings (a fleet file, a data dir) are not the start-up users get.
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SSM_EMULATOR_'))),
        SSM_EMULATOR_WRITE_CODE_CACHE: '1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const endpoint = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`the CLI exited with ${code} before listening`)));
      setTimeout(() => reject(new Error('the CLI did not start within 30 s')), 30_000).unref();
    });
    for (const [operation, body] of [
      ['GetServiceSetting', { SettingId: '/ssm/parameter-store/default-parameter-tier' }],
      ['PutParameter', { Name: '/warm-up', Value: 'x', Type: 'String' }],
      ['GetParameter', { Name: '/warm-up' }],
      ['DescribeInstanceInformation', {}],
    ]) {
      await call(endpoint, operation, body);
    }
  } finally {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }
  const code = await exited;
  if (code !== 0) throw new Error(`the CLI exited with ${code}`);
  readFileSync(cacheFile); // throws when the launcher did not write it
}

function call(endpoint, operation, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      `${endpoint}/`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AmazonSSM.${operation}`,
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261126/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=00',
        },
      },
      (res) => {
        res.resume();
        res.once('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`${operation}: ${res.statusCode}`)),
        );
      },
    );
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}
