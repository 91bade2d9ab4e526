// Package version comparison as rpm and dpkg do it.
import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion, rpmVerCmp } from '../../src/patch-catalog/versions.js';
import { bumpUpstream } from '../../src/patch-catalog/catalog-linux.js';

describe('rpmVerCmp', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.0', '1.0.1', -1],
    ['1.0.10', '1.0.9', 1],
    ['1.0010', '1.10', 0], // leading zeros do not count
    ['2.0~rc1', '2.0', -1], // ~ sorts before the release
    ['1.0^git1', '1.0', 1], // ^ sorts after the base version
    ['1.0a', '1.0', 1],
    ['1.0.a', '1.0.1', -1], // a numeric segment is newer than an alphabetic one
    ['8.7p1', '8.7p2', -1],
    ['1.amzn2023.0.10', '1.amzn2023.0.9', 1],
  ])('%s vs %s = %i', (a, b, want) => {
    expect(Math.sign(rpmVerCmp(a, b)) || 0).toBe(want);
    expect(Math.sign(rpmVerCmp(b, a)) || 0).toBe(-want || 0);
  });
});

describe('compareVersions', () => {
  it('compares epoch first, then version, then release', () => {
    expect(compareVersions(parseVersion('1:1.0-1'), parseVersion('2.0-1'), 'rpm')).toBe(1);
    expect(
      compareVersions(parseVersion('1.24.0-1.amzn2023.0.2'), parseVersion('1.24.0-1.amzn2023.0.10'), 'rpm'),
    ).toBe(-1);
  });

  it('compares only versions when a side has no release (a node that lists `nginx 1.24.0`)', () => {
    expect(compareVersions(parseVersion('1.24.0'), parseVersion('1.24.0-1.amzn2023.0.9'), 'rpm')).toBe(0);
    expect(compareVersions(parseVersion('1.24.0'), parseVersion('1.24.1-1.amzn2023.0.1'), 'rpm')).toBe(-1);
  });

  it('orders Debian revisions as dpkg does, with ~ before anything', () => {
    expect(
      compareVersions(parseVersion('2.4.52-1ubuntu4.12'), parseVersion('2.4.52-1ubuntu4.2'), 'deb'),
    ).toBe(1);
    expect(compareVersions(parseVersion('1.0~rc1-1'), parseVersion('1.0-1'), 'deb')).toBe(-1);
    expect(compareVersions(parseVersion('2:8.2.3995-1ubuntu2'), parseVersion('9.0-1'), 'deb')).toBe(1);
  });

  it('parses [epoch:]version[-release]', () => {
    expect(parseVersion('1:8.9p1-3ubuntu0.1')).toEqual({ epoch: 1, version: '8.9p1', release: '3ubuntu0.1' });
    expect(parseVersion('15.8-1.amzn2')).toEqual({ epoch: 0, version: '15.8', release: '1.amzn2' });
    expect(parseVersion('1.24.0')).toEqual({ epoch: 0, version: '1.24.0' });
  });

  it('bumps the last numeric run before a +/~ suffix', () => {
    expect(bumpUpstream('2.55.3+22.04')).toBe('2.55.4+22.04');
    expect(bumpUpstream('17.0.6+10')).toBe('17.0.7+10');
    expect(bumpUpstream('8.7p1')).toBe('8.7p2');
  });
});
