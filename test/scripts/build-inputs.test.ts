// npm start rebuilds only when what the build reads changed: the sources, the scripts, the settings, the lock.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types
import { inputsHash, recordInputs, upToDate } from '../../scripts/build.mjs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssm-build-'));
  for (const d of ['src/api', 'scripts', 'dist', 'test']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'src/api/server.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'scripts/bundle.mjs'), '// bundle\n');
  writeFileSync(join(dir, 'package.json'), '{}\n');
  writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}\n');
  writeFileSync(join(dir, 'dist/ssm-emulator.cjs'), '// built\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('build inputs', () => {
  it('is not up to date before a build has been recorded, and is after', () => {
    expect(upToDate(dir)).toBe(false);
    recordInputs(dir);
    expect(upToDate(dir)).toBe(true);
  });

  it('changes with a source, a new source, a script or the lock file, and not with tests or timestamps', () => {
    recordInputs(dir);
    const before = inputsHash(dir);
    writeFileSync(join(dir, 'test/x.test.ts'), 'it()\n');
    utimesSync(join(dir, 'src/api/server.ts'), new Date(0), new Date(0)); // touched (or copied with old times)
    expect(inputsHash(dir)).toBe(before);
    expect(upToDate(dir)).toBe(true);
    for (const [file, content] of [
      ['src/api/server.ts', 'export const a = 2;\n'],
      ['src/api/new.ts', 'export {};\n'],
      ['scripts/bundle.mjs', '// bundle v2\n'],
      ['package-lock.json', '{"lockfileVersion":3,"packages":{}}\n'],
    ]) {
      writeFileSync(join(dir, file), content);
      expect(upToDate(dir), file).toBe(false);
      recordInputs(dir);
    }
  });

  it('is not up to date without the built CLI', () => {
    recordInputs(dir);
    rmSync(join(dir, 'dist/ssm-emulator.cjs'));
    expect(upToDate(dir)).toBe(false);
  });
});
