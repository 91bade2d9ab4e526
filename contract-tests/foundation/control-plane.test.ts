// /_emulator/*: health, reset, coverage and clock, as test suites use them.
import { GetServiceSettingCommand, UpdateServiceSettingCommand } from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';

const server = useServer();

const TIER = '/ssm/parameter-store/default-parameter-tier';
const tierOf = async (accessKeyId: string, region = 'us-east-1') =>
  (await server.client({ accessKeyId, region }).send(new GetServiceSettingCommand({ SettingId: TIER })))
    .ServiceSetting?.SettingValue;
const setTier = (accessKeyId: string, region = 'us-east-1') =>
  server
    .client({ accessKeyId, region })
    .send(new UpdateServiceSettingCommand({ SettingId: TIER, SettingValue: 'Advanced' }));

describe('health', () => {
  it('reports status, version and uptime', async () => {
    const { status, json } = await server.control('GET', '/_emulator/health');
    expect(status).toBe(200);
    expect(json.status).toBe('ok');
    expect(json.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(json.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });
});

describe('reset', () => {
  it('resets one account/region and leaves the others', async () => {
    await setTier('111122223333');
    await setTier('444455556666');
    const r = await server.control('POST', '/_emulator/reset', {
      account: '111122223333',
      region: 'us-east-1',
    });
    expect(r.json).toEqual({ reset: { account: '111122223333', region: 'us-east-1' } });
    expect(await tierOf('111122223333')).toBe('Standard');
    expect(await tierOf('444455556666')).toBe('Advanced');
  });

  it('resets everything with an empty body', async () => {
    await setTier('111122223333', 'eu-west-1');
    expect((await server.control('POST', '/_emulator/reset')).json).toEqual({ reset: 'all' });
    expect(await tierOf('111122223333', 'eu-west-1')).toBe('Standard');
    expect(await tierOf('444455556666')).toBe('Standard');
  });

  it('refuses a malformed body with 400 and changes nothing', async () => {
    await setTier('111122223333');
    const r = await server.control('POST', '/_emulator/reset', { account: 'nope' });
    expect(r.status).toBe(400);
    expect(r.json.error).toContain('account');
    expect(await tierOf('111122223333')).toBe('Advanced');
  });
});

describe('coverage', () => {
  it('counts handlers against the model, as docs/coverage.md lists them', async () => {
    const { json } = await server.control('GET', '/_emulator/coverage');
    expect(json.total).toBe(154);
    const implemented = Object.values(json.areas as Record<string, { implemented: string[] }>).flatMap(
      (a) => a.implemented,
    );
    expect(implemented.length).toBe(json.implemented);
    expect(implemented).toContain('GetServiceSetting');
    const doc = readFileSync(new URL('../../docs/coverage.md', import.meta.url), 'utf8');
    for (const op of implemented) expect(doc, op).toContain(`| ${op} | yes |`);
    expect(doc).toContain(`${json.implemented} of ${json.total} operations`);
  });
});

describe('clock', () => {
  it('is real by default, then freezes, sets, advances and returns to real time', async () => {
    const real = (await server.control('GET', '/_emulator/clock')).json;
    expect(real.mode).toBe('real');
    expect(Math.abs(Date.parse(real.now) - Date.now())).toBeLessThan(5000);

    const frozen = (await server.control('POST', '/_emulator/clock', { freeze: true })).json;
    expect(frozen.mode).toBe('virtual');
    await new Promise((r) => setTimeout(r, 20));
    expect((await server.control('GET', '/_emulator/clock')).json.now).toBe(frozen.now);

    const set = (await server.control('POST', '/_emulator/clock', { set: '2030-01-01T00:00:00Z' })).json;
    expect(set).toEqual({ now: '2030-01-01T00:00:00.000Z', mode: 'virtual' });
    const adv = (await server.control('POST', '/_emulator/clock', { advance: 3600 })).json;
    expect(adv.now).toBe('2030-01-01T01:00:00.000Z');

    // Domain time follows the clock: a setting changed now carries the virtual date.
    await setTier('777788889999');
    const s = await server
      .client({ accessKeyId: '777788889999' })
      .send(new GetServiceSettingCommand({ SettingId: TIER }));
    expect(s.ServiceSetting?.LastModifiedDate?.toISOString()).toBe('2030-01-01T01:00:00.000Z');

    expect((await server.control('POST', '/_emulator/clock', { real: true })).json.mode).toBe('real');
  });

  it('never goes backwards by surprise: real time keeps a lead, only set or a full reset move it back', async () => {
    await server.control('POST', '/_emulator/reset');
    await server.control('POST', '/_emulator/clock', { set: '2031-01-01T00:00:00Z' });

    // Back to real time from ahead: it runs on from 2031, at the wall clock's speed.
    const real = (await server.control('POST', '/_emulator/clock', { real: true })).json;
    expect(real.mode).toBe('real');
    expect(Date.parse(real.now)).toBeGreaterThanOrEqual(Date.parse('2031-01-01T00:00:00Z'));
    expect(real.aheadSeconds).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(Date.parse((await server.control('GET', '/_emulator/clock')).json.now)).toBeGreaterThan(
      Date.parse(real.now),
    );

    // A scoped reset leaves the clock alone; a full one returns it to the wall clock.
    await server.control('POST', '/_emulator/reset', { account: '111122223333' });
    expect(Date.parse((await server.control('GET', '/_emulator/clock')).json.now)).toBeGreaterThan(
      Date.parse('2031-01-01T00:00:00Z'),
    );
    await server.control('POST', '/_emulator/reset');
    const after = (await server.control('GET', '/_emulator/clock')).json;
    expect(after).toEqual({ now: expect.any(String), mode: 'real' });
    expect(Math.abs(Date.parse(after.now) - Date.now())).toBeLessThan(5000);

    // An explicit set to an earlier moment (a test's starting date) is taken as asked.
    const start = await server.control('POST', '/_emulator/clock', { set: '2026-03-01T12:00:00Z' });
    expect(start).toEqual({ status: 200, json: { now: '2026-03-01T12:00:00.000Z', mode: 'virtual' } });
    await server.control('POST', '/_emulator/reset');
  });

  it('refuses a bad clock request with 400', async () => {
    for (const body of [{ advance: -5 }, { set: 'yesterday' }, { freeze: true, real: true }, {}]) {
      const r = await server.control('POST', '/_emulator/clock', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });
});
