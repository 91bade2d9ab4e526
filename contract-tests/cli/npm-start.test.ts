// `npm start` as the README says to run it, and as CI scripts stop it (`npm start & ... kill $!`): no rebuild
// when nothing changed, and SIGTERM / SIGINT sent to npm stop the server and free the port.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { childEnv, CLI, freePort, probe } from './cli-process.js';
// @ts-expect-error: a plain ES module script without types
import { upToDate } from '../../scripts/build.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SLOW = 90_000;

beforeAll(() => {
  expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` (npm test does)`).toBe(true);
  expect(upToDate(), 'dist/ is older than the sources: run `npm run build` (npm test does)').toBe(true);
});

/** `npm start -- --port P --in-memory` in the repository; resolves once the server answers. */
async function npmStart() {
  const port = await freePort();
  const npm = spawn('npm', ['start', '--', '--port', String(port), '--in-memory'], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  npm.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  npm.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | string>((resolve) =>
    npm.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  for (let i = 0; i < 600 && !out.includes(' listening on '); i++)
    await new Promise((r) => setTimeout(r, 50));
  expect(out, err).toContain(`listening on http://127.0.0.1:${port}`);
  return { npm, port, out: () => out, err: () => err, exited };
}

describe('npm start', { timeout: SLOW }, () => {
  it('runs the built CLI without rebuilding when nothing changed', async () => {
    const built = statSync(CLI).mtimeMs;
    const s = await npmStart();
    expect(s.err()).not.toContain('building');
    expect(statSync(CLI).mtimeMs).toBe(built);
    expect((await fetch(`http://127.0.0.1:${s.port}/_emulator/health`)).status).toBe(200);
    s.npm.kill('SIGTERM');
    await s.exited;
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the server when npm gets ${signal} (no shell left holding the port)`, async () => {
      const s = await npmStart();
      s.npm.kill(signal);
      await s.exited;
      expect(s.out()).toContain(`ssm-emulator: ${signal}, shutting down`);
      expect(await probe(s.port)).toBe('refused');
    });
  }
});
