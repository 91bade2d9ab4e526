// The simulated catalogs: deterministic, on a fixed timeline read at the emulator's date, realistic.
import { describe, expect, it } from 'vitest';
import { CATALOG_OPERATING_SYSTEMS, catalogAt, currentPatches } from '../../src/patch-catalog/catalog.js';
import { compareVersions } from '../../src/patch-catalog/versions.js';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const DAY = 86_400_000;

describe('catalogs', () => {
  it.each(CATALOG_OPERATING_SYSTEMS)(
    '%s has about 2,000 patches by December 2026, in release order',
    (os) => {
      const c = catalogAt(os, NOW);
      expect(c.patches.length).toBeGreaterThan(1500);
      expect(c.patches.length).toBeLessThan(2500);
      for (let i = 1; i < c.patches.length; i++)
        expect(c.patches[i].releaseMs).toBeGreaterThanOrEqual(c.patches[i - 1].releaseMs);
      expect(c.patches[c.patches.length - 1].releaseMs).toBeLessThanOrEqual(NOW);
      expect(new Set(c.patches.map((p) => p.id)).size).toBe(c.patches.length);
    },
  );

  it('is the same timeline whatever the date: an earlier date sees a prefix of a later one', () => {
    const later = catalogAt('AMAZON_LINUX_2023', NOW + 45 * DAY).patches;
    const earlier = catalogAt('AMAZON_LINUX_2023', NOW - 200 * DAY).patches;
    expect(earlier.length).toBeLessThan(later.length);
    expect(later.slice(0, earlier.length)).toEqual(earlier);
    expect(catalogAt('AMAZON_LINUX_2023', NOW).patches).toEqual(later.filter((p) => p.releaseMs <= NOW));
  });

  it('publishes nothing before a distribution exists (Amazon Linux 2023: 2023-03-15)', () => {
    expect(catalogAt('AMAZON_LINUX_2023', Date.parse('2023-03-14T00:00:00Z')).patches).toEqual([]);
    expect(catalogAt('AMAZON_LINUX_2023', Date.parse('2023-04-01T00:00:00Z')).patches.length).toBeGreaterThan(
      0,
    );
  });

  it('only ever raises a package version, on every Linux catalog', () => {
    for (const os of ['AMAZON_LINUX_2023', 'AMAZON_LINUX_2', 'REDHAT_ENTERPRISE_LINUX', 'UBUNTU'] as const) {
      const scheme = os === 'UBUNTU' ? 'deb' : 'rpm';
      const last = new Map<string, { epoch: number; version: string; release?: string }>();
      for (const p of catalogAt(os, NOW).patches) {
        const key = `${p.products[0]}/${p.name}`;
        const v = { epoch: p.epoch!, version: p.version!, release: p.release };
        const prev = last.get(key);
        if (prev) expect(compareVersions(v, prev, scheme), `${key} ${p.title}`).toBe(1);
        last.set(key, v);
      }
    }
  });

  it('gives Linux patches the distribution metadata: advisories, CVEs for security, severities', () => {
    const al = catalogAt('AMAZON_LINUX_2023', NOW).patches;
    const sec = al.find((p) => p.security)!;
    expect(sec.classification).toBe('Security');
    expect(sec.advisoryIds![0]).toMatch(/^ALAS2023-\d{4}-\d+$/);
    expect(sec.cveIds!.every((c) => /^CVE-\d{4}-\d{4,5}$/.test(c))).toBe(true);
    expect(['Critical', 'Important', 'Medium', 'Low']).toContain(sec.severity);
    expect(sec.title).toBe(`${sec.name}.${sec.arch}:${sec.epoch}:${sec.version}-${sec.release}`);
    const rhel = catalogAt('REDHAT_ENTERPRISE_LINUX', NOW).patches.find((p) => p.security)!;
    expect(rhel.advisoryIds![0]).toMatch(/^RHSA-\d{4}:\d{4}$/);
    expect(rhel.release).toMatch(/\.el9_\d$/);
    const ubuntu = catalogAt('UBUNTU', NOW).patches;
    expect(ubuntu.find((p) => p.security)!.repository).toMatch(/-security$/);
    expect(
      ubuntu.every((p) => ['Required', 'Important', 'Standard', 'Optional', 'Extra'].includes(p.priority!)),
    ).toBe(true);
  });

  it('releases Windows cumulative updates on the second Tuesday, one per product, superseding the last', () => {
    const win = catalogAt('WINDOWS', NOW).patches;
    const cu2022 = win.filter((p) => p.series === 'cu/WindowsServer2022');
    const nov = cu2022.find((p) => p.title.startsWith('2026-11'))!;
    expect(new Date(nov.releaseMs).toISOString()).toBe('2026-11-10T18:00:00.000Z');
    expect(nov.title).toMatch(/\(KB\d{7}\)$/);
    expect(nov).toMatchObject({ classification: 'SecurityUpdates', kb: expect.stringMatching(/^KB\d{7}$/) });
    const current = currentPatches(win);
    expect(current.filter((p) => p.series === 'cu/WindowsServer2022')).toEqual([cu2022[cu2022.length - 1]]);
    expect(current.length).toBeLessThan(60);
  });
});
