// Errors AWS sends with an empty message carry a reason for the debug log (issue 17): every `new X('')` in src
// says why with .because(...), so a user at --log-level debug sees what went wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/model/service-error.js';
import { ParameterNotFound } from '../../src/model/generated/errors.js';

const SRC = new URL('../../src', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (f) => f.isFile() && f.name.endsWith('.ts') && !join(f.parentPath, f.name).includes('/generated/'),
    )
    .map((f) => join(f.parentPath, f.name));
}

describe('errors with an empty message', () => {
  it('every one thrown in src gives its reason', () => {
    const missing: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new [A-Za-z.]+\(''\)(?!\s*\.because\()/g)) {
        const line = text.slice(0, m.index).split('\n').length;
        missing.push(`${file.slice(SRC.length + 1)}:${line}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('a reason is kept for the log and never sent', () => {
    const e = new ParameterNotFound('').because('no parameter /x in 000000000000/us-east-1');
    expect(e).toBeInstanceOf(ServiceError);
    expect(e.reason).toBe('no parameter /x in 000000000000/us-east-1');
    expect(e.toBody()).toEqual({ __type: 'ParameterNotFound' });
  });
});
