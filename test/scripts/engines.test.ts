// npm install on the Node the README names prints no EBADENGINE: every locked package accepts this Node.
// (cookie@2, pulled by light-my-request 6.8 under fastify, wants Node 22: package.json overrides it to 6.6.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v
    .replace(/^v/, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  return [a, b, c];
};
const cmp = (x: Version, y: Version) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];

/** The range forms package.json engines use: `||` of space-separated ^, ~, >=, >, <=, <, = or bare versions. */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alt) =>
    alt
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1') // `>= 4` is `>=4`
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((c) => {
        if (c === '*' || c === 'x') return true;
        const [, op = '', raw] = /^(\^|~|>=|>|<=|<|=)?\s*(.+)$/.exec(c)!;
        const w = parse(raw);
        const parts = raw
          .replace(/^v/, '')
          .split('.')
          .filter((p) => /^\d+$/.test(p)).length;
        switch (op) {
          case '^':
            return cmp(v, w) >= 0 && v[0] === w[0];
          case '~':
            return cmp(v, w) >= 0 && v[0] === w[0] && v[1] === w[1];
          case '>=':
            return cmp(v, w) >= 0;
          case '>':
            return cmp(v, w) > 0;
          case '<=':
            return cmp(v, w) <= 0;
          case '<':
            return cmp(v, w) < 0;
          default: // `20` or `20.9` match that major (and minor)
            return v[0] === w[0] && (parts < 2 || v[1] === w[1]) && (parts < 3 || v[2] === w[2]);
        }
      }),
  );
}

describe('engines', () => {
  it('reads the range forms the lock file uses', () => {
    expect(satisfies('v20.20.2', '>=22')).toBe(false);
    expect(satisfies('v20.20.2', '^18.18.0 || ^20.9.0 || >=21.1.0')).toBe(true);
    expect(satisfies('v20.20.2', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('v20.5.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('v24.1.0', '^20.0.0 || ^22.0.0 || >=24.0.0')).toBe(true);
    expect(satisfies('v20.20.2', '>= 0.4')).toBe(true);
    expect(satisfies('v20.20.2', '*')).toBe(true);
    expect(satisfies('v20.20.2', '10.* || >= 12.*')).toBe(true);
    expect(satisfies('v20.20.2', '>=14.17 <21')).toBe(true);
  });

  it('every locked package accepts the Node running the tests', () => {
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const refused = Object.entries(lock.packages)
      .filter(([, p]) => !Array.isArray(p.engines) && p.engines?.node)
      .filter(([, p]) => !satisfies(process.version, (p.engines as { node: string }).node))
      .map(([name, p]) => `${name} wants node ${(p.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });
});
