#!/usr/bin/env node
// `npm start`: builds only when the sources changed since the last build (printing its progress), then runs the
// built CLI in this very process. No child process and, with `exec` in the npm script, no shell in between:
// SIGTERM and SIGINT sent to `npm start` reach the server, which shuts down cleanly.
import { createRequire } from 'node:module';
import { build, CLI, upToDate } from './build.mjs';

if (!upToDate()) {
  process.stderr.write(
    'ssm-emulator: the sources changed since the last build (or there is none): building first\n',
  );
  try {
    const ms = build({ progress: true });
    process.stderr.write(`ssm-emulator: built in ${(ms / 1000).toFixed(1)} s\n`);
  } catch (err) {
    process.stderr.write(`ssm-emulator: ${err.message}\n`);
    process.exit(1);
  }
}
// The CLI reads its command from process.argv: `npm start -- --port 0` becomes `ssm-emulator start --port 0`.
process.argv = [process.argv[0], CLI, 'start', ...process.argv.slice(2)];
createRequire(import.meta.url)(CLI);
