// Seeded fuzzing of the wire: thousands of random, model-aware and malformed bodies over every operation of
// the model. Whatever comes in, the answer is JSON, an AWS-shaped error or a 200, never a 5xx, and the server
// stays up. Deterministic: the same seed sends the same bodies (SSM_FUZZ_SEED=n tries another sequence).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODEL, OPERATION_NAMES } from '../../src/api/model/index.js';
import { compileAllPatterns } from '../../src/api/protocol/validator.js';
import { useServer } from '../helpers/server.js';

const SEED = Number(process.env.SSM_FUZZ_SEED ?? 20261126);
const ROUNDS = 20; // bodies per operation: 154 operations -> about 3,000 requests
const CONCURRENCY = 8;
// Deep values reach the validator's walker and renderer (the deepest case is its own test below).
const MAX_DEPTH = 1000;
// Shapes whose pattern does not compile would 500; none today, but a model update could bring one back.
const UNCOMPILABLE = new Set(compileAllPatterns());

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz',
  'ABCXYZ0123456789-_./:=+@ ',
  '\'"\\{}[],;%$!?<>&|`~#^*()\t\n\r\u0000',
  'éüßøΩЖ中文日本語한국어',
  '😀🚀👩‍💻🏳️‍🌈',
].map((a) => [...a]);
// Zero-width, right-to-left override, BOM, and lone surrogates (split on purpose).
ALPHABETS.push(['\u200b', '\u202e', '\ufeff', '\ud800', '\udfff']);

const TAME = [...'abcdefghijklmnopqrstuvwxyz0123456789'];

class Gen {
  /** While true, forShape makes values that pass the model's checks except patterns. */
  tame = false;

  constructor(private readonly rnd: () => number) {}

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }

  string(max = 40): string {
    const n = this.int(0, max);
    let s = '';
    for (let i = 0; i < n; i++) s += this.pick(this.pick(ALPHABETS));
    return this.chance(0.1)
      ? this.pick(['/', 'tag:Env', '__proto__', 'constructor', 'AWS-RunShellScript', '*']) + s
      : s;
  }

  number(): number {
    return this.pick([
      0,
      -0,
      1,
      -1,
      7,
      1.5,
      -2.25,
      49,
      50,
      51,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53,
      Number.MAX_SAFE_INTEGER + 2,
      1e20,
      1e308,
      -1e308,
      5e-324,
      this.int(-1000, 100_000),
    ]);
  }

  /** Any JSON value, of any type, nested a little. */
  json(depth = 3): unknown {
    const kind = depth <= 0 ? this.int(0, 3) : this.int(0, 5);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.number();
      case 3:
        return this.string();
      case 4:
        return Array.from({ length: this.int(0, 4) }, () => this.json(depth - 1));
      default:
        return this.object(depth - 1);
    }
  }

  object(depth: number): Record<string, unknown> {
    const o = bag();
    for (let i = this.int(0, 4); i > 0; i--)
      o[this.pick(['__proto__', 'constructor', 'prototype', '', 'Name', this.string(12)])] = this.json(depth);
    return o;
  }

  /** The nastiest values: deep nesting, huge strings, odd numbers, arrays where objects go. */
  hostile(): unknown {
    switch (this.int(0, 6)) {
      case 0: {
        let v: unknown = this.json(0);
        const asObject = this.chance(0.5);
        for (let i = this.int(50, MAX_DEPTH); i > 0; i--) v = asObject ? { a: v } : [v];
        return v;
      }
      case 1:
        return this.pick(['x', 'x', '€', '😀']).repeat(this.int(5_000, 20_000));
      case 2:
        return this.number();
      case 3:
        return Array.from({ length: this.int(0, 3) }, () => this.object(1));
      case 4:
        return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
      case 5:
        return Array.from({ length: this.int(100, 2000) }, () => this.string(3));
      default:
        return this.json(4);
    }
  }

  /** A value for a shape: usually the right type (right or wrong size), sometimes anything at all. */
  forShape(name: string, depth = 0): unknown {
    const s = MODEL.shapes[name];
    if (this.tame) return this.tameValue(name, depth);
    if (this.chance(0.12)) return this.chance(0.4) ? this.hostile() : this.json(2);
    switch (s.type) {
      case 'string':
        if (s.enum && this.chance(0.7)) return this.pick(s.enum);
        if (this.chance(0.04) && (s.max ?? 2048) < 40_000) return 'z'.repeat((s.max ?? 2048) + 1);
        if (this.chance(0.1)) return '';
        return this.string(Math.min(s.max ?? 40, 60));
      case 'integer':
      case 'long':
      case 'double':
      case 'float':
        return this.chance(0.5)
          ? this.pick([s.min ?? 0, s.max ?? 100, (s.min ?? 0) - 1, (s.max ?? 100) + 1])
          : this.number();
      case 'boolean':
        return this.chance(0.9) ? this.chance(0.5) : this.pick(['true', 0, 1]);
      case 'timestamp':
        return this.pick([
          1700000000,
          1700000000.123,
          '1700000000',
          '2026-01-01T00:00:00Z',
          'yesterday',
          -1,
          0,
        ]);
      case 'blob':
        return this.chance(0.8) ? Buffer.from(this.string(30)).toString('base64') : this.string(10);
      case 'list': {
        const n = this.chance(0.2) ? (s.max ?? 5) + 1 : this.int(0, 4);
        return Array.from({ length: Math.min(n, 60) }, () =>
          this.chance(0.05) ? null : this.forShape(s.member!, depth + 1),
        );
      }
      case 'map': {
        const o = bag();
        const n = this.chance(0.15) ? (s.max ?? 5) + 1 : this.int(0, 4);
        for (let i = Math.min(n, 60); i > 0; i--) {
          const key = this.chance(0.15)
            ? this.pick(['', '__proto__', ' ', 'k'.repeat(300)])
            : this.string(12);
          o[key] = this.chance(0.05) ? null : this.forShape(s.value!, depth + 1);
        }
        return o;
      }
      case 'structure':
        return this.structure(name, depth);
    }
  }

  /** Values that satisfy types, sizes and enums (patterns only by luck), so that bodies reach the handlers. */
  tameValue(name: string, depth: number): unknown {
    const s = MODEL.shapes[name];
    const size = () => this.int(s.min ?? 0, Math.min(s.max ?? 3, (s.min ?? 0) + 3));
    switch (s.type) {
      case 'string': {
        if (s.enum) return this.pick(s.enum);
        const n = this.int(Math.max(s.min ?? 1, 1), Math.min(s.max ?? 12, Math.max(s.min ?? 1, 1) + 12));
        return Array.from({ length: n }, () => this.pick(TAME)).join('');
      }
      case 'integer':
      case 'long':
      case 'double':
      case 'float':
        return this.int(s.min ?? 0, Math.min(s.max ?? 100, (s.min ?? 0) + 100));
      case 'boolean':
        return this.chance(0.5);
      case 'timestamp':
        return 1700000000 + this.int(0, 100_000_000);
      case 'blob':
        return Buffer.from(this.string(20)).toString('base64');
      case 'list':
        return Array.from({ length: size() }, () => this.tameValue(s.member!, depth + 1));
      case 'map': {
        const o = bag();
        for (let i = size(); i > 0; i--)
          o[String(this.tameValue(s.key!, depth + 1))] = this.tameValue(s.value!, depth + 1);
        return o;
      }
      case 'structure':
        return this.structure(name, depth);
    }
  }

  structure(name: string, depth: number): Record<string, unknown> {
    const s = MODEL.shapes[name];
    const required = new Set(s.required ?? []);
    const o: Record<string, unknown> = {};
    for (const [member, ref] of Object.entries(s.members ?? {})) {
      if (reachesUncompilable(ref.shape)) continue;
      if (this.chance(required.has(member) ? 0.9 : 0.4))
        o[member] = depth > 8 ? this.json(1) : this.forShape(ref.shape, depth + 1);
    }
    if (!this.tame && this.chance(0.1)) o[this.string(10)] = this.json(2);
    return o;
  }

  /** The operation's own member names, each with a value of a random type. */
  namesWithRandomTypes(input: string | undefined): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const [member, ref] of Object.entries(MODEL.shapes[input ?? '']?.members ?? {})) {
      if (!reachesUncompilable(ref.shape) && this.chance(0.7))
        o[member] = this.chance(0.2) ? this.hostile() : this.json(2);
    }
    return o;
  }

  malformed(valid: string): string {
    return this.pick([
      () => valid.slice(0, this.int(0, Math.max(0, valid.length - 1))),
      () => `${valid},`,
      () => valid.replace(/:/g, '='),
      () => `{"Name":}`,
      () => `{"a":1,}`,
      () => `{'Name':'x'}`,
      () => `{"Name":"x"`,
      () => `\ufeff${valid}`,
      () => 'NaN',
      () => '{"n":1e999}',
      () => `{"n":${'9'.repeat(400)}}`,
      () => '[]',
      () => 'null',
      () => '"just a string"',
      () => String.fromCharCode(...Array.from({ length: this.int(1, 64) }, () => this.int(0, 0xffff))),
      () => '{"a":"\\ud800"}',
      () => '{"a":"\\x41"}',
      () => `${'['.repeat(5000)}${']'.repeat(5000)}`,
    ])();
  }
}

/** A prototype-less object, so that a `__proto__` key is data and ends up in the JSON. */
const bag = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;

const reachCache = new Map<string, boolean>();
function reachesUncompilable(name: string): boolean {
  let r = reachCache.get(name);
  if (r === undefined) {
    reachCache.set(name, false);
    const s = MODEL.shapes[name];
    const children = [s.member, s.key, s.value, ...Object.values(s.members ?? {}).map((m) => m.shape)].filter(
      (x): x is string => !!x,
    );
    r = UNCOMPILABLE.has(name) || children.some(reachesUncompilable);
    reachCache.set(name, r);
  }
  return r;
}

interface Case {
  op: string;
  kind: 'model' | 'tame' | 'random' | 'names' | 'malformed';
  body: string;
  contentType: string;
}

function buildCases(seed: number, rounds = ROUNDS): Case[] {
  const g = new Gen(prng(seed));
  const kinds: Case['kind'][] = [
    'model',
    'random',
    'tame',
    'names',
    'malformed',
    'model',
    'tame',
    'random',
    'names',
    'malformed',
  ];
  const cases: Case[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const op of OPERATION_NAMES) {
      const kind = kinds[round % kinds.length];
      const input = MODEL.operations[op].input;
      let body: string;
      if (kind === 'model') body = JSON.stringify(input ? g.structure(input, 0) : g.object(2));
      else if (kind === 'tame') {
        g.tame = true;
        body = JSON.stringify(input ? g.structure(input, 0) : {});
        g.tame = false;
      } else if (kind === 'names') body = JSON.stringify(g.namesWithRandomTypes(input));
      else if (kind === 'random') body = JSON.stringify(g.chance(0.8) ? g.object(3) : g.json(3));
      else body = g.malformed(JSON.stringify(input ? g.structure(input, 0) : {}));
      const contentType = g.chance(0.9)
        ? 'application/x-amz-json-1.1'
        : g.pick(['application/json', 'text/plain', 'application/octet-stream']);
      cases.push({ op, kind, body, contentType });
    }
  }
  return cases;
}

let built: Case[] | undefined;
const cases = () => (built ??= buildCases(SEED));

const server = useServer();
afterEach(() => vi.restoreAllMocks());

describe('fuzz', () => {
  it('is deterministic for a seed and covers every operation with every kind of body', () => {
    const bodies = (seed: number) => buildCases(seed, 5).map((c) => c.body);
    expect(bodies(SEED)).toEqual(bodies(SEED));
    expect(bodies(SEED + 1)).not.toEqual(bodies(SEED));
    const all = cases();
    for (const op of OPERATION_NAMES) {
      expect(new Set(all.filter((c) => c.op === op).map((c) => c.kind)), op).toEqual(
        new Set(['model', 'tame', 'random', 'names', 'malformed']),
      );
    }
    expect(all.length).toBe(ROUNDS * OPERATION_NAMES.length);
  });

  // About 5 s on an idle 2-core machine; the timeout leaves room for a loaded one.
  it(
    `answers ${ROUNDS} random bodies per operation with JSON and never a 5xx (seed ${SEED})`,
    { timeout: 60_000 },
    async () => {
      const all = cases();
      const failures: string[] = [];
      const outcomes = new Map<string, number>();
      let next = 0;
      const worker = async () => {
        while (next < all.length) {
          const c = all[next++];
          const r = await server.raw(`AmazonSSM.${c.op}`, c.body, { 'content-type': c.contentType });
          const problem =
            r.status >= 500
              ? `status ${r.status}`
              : r.json === undefined || typeof r.json !== 'object' || r.json === null || Array.isArray(r.json)
                ? 'body is not a JSON object'
                : r.status !== 200 && (typeof r.json.__type !== 'string' || r.json.__type === '')
                  ? `status ${r.status} without __type`
                  : r.status === 200 && '__type' in r.json
                    ? '200 with a __type'
                    : !r.headers.get('x-amzn-requestid')
                      ? 'no x-amzn-RequestId'
                      : undefined;
          const label = r.status === 200 ? '200' : String(r.json?.__type);
          outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
          if (problem)
            failures.push(
              `${c.op} [${c.kind}] ${problem}: sent ${c.body.slice(0, 200)} -> ${r.text.slice(0, 300)}`,
            );
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      expect(failures.slice(0, 5), `${failures.length} bad answers with seed ${SEED}`).toEqual([]);
      // The bodies really exercised every layer: parse errors, type errors, constraint errors.
      for (const type of ['SerializationException', 'ValidationException'])
        expect(outcomes.get(type) ?? 0, type).toBeGreaterThan(50);
    },
  );

  it('answers a request carrying account ids (a `(?i)` pattern) without a 5xx', async () => {
    const r = await server.raw(
      'AmazonSSM.ModifyDocumentPermission',
      '{"Name":"doc","PermissionType":"Share","AccountIdsToAdd":["ALL","111122223333"]}',
    );
    expect(r.status).toBeLessThan(500);
    expect(r.json.__type).not.toBe('InternalServerError');
  });

  it('is alive and still answers correctly afterwards', async () => {
    const health = await server.control('GET', '/_emulator/health');
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('ok');
    const r = await server.raw(
      'AmazonSSM.GetServiceSetting',
      '{"SettingId":"/ssm/parameter-store/high-throughput-enabled"}',
    );
    expect(r.status).toBe(200);
    expect(r.json.ServiceSetting.SettingId).toBe('/ssm/parameter-store/high-throughput-enabled');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile nesting', () => {
  // An over-long list is rendered into its message only after its elements are type-checked.
  it('answers a deeply nested element of an over-long list with SerializationException', async () => {
    let deep = '"x"';
    for (let i = 0; i < 50_000; i++) deep = `[${deep}]`;
    const r = await server.raw('AmazonSSM.GetParameters', `{"Names":[${Array(11).fill(deep).join(',')}]}`);
    expect({ status: r.status, json: r.json }).toEqual({
      status: 400,
      json: { __type: 'SerializationException', Message: 'Start of list found where not expected' },
    });
  });
});
