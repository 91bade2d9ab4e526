import { describe, expect, it } from 'vitest';
import { getPublic, listPublic } from '../../../src/engine/parameters/public/catalogue.js';

describe('public parameters', () => {
  it('answers global-infrastructure and AMI names', () => {
    expect(
      getPublic('/aws/service/global-infrastructure/regions/us-east-1/longName', 'eu-west-1')?.value,
    ).toBe('US East (N. Virginia)');
    expect(getPublic('/aws/service/global-infrastructure/current-region', 'eu-west-1')?.value).toBe(
      'eu-west-1',
    );
    const ami = getPublic(
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      'us-east-1',
    )!.value;
    expect(ami).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(
      getPublic('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64', 'us-west-2')!.value,
    ).not.toBe(ami);
  });
  it('lists one level or a whole subtree in key order', () => {
    const base = '/aws/service/global-infrastructure/regions';
    const regions = listPublic('us-east-1', { after: `${base}/`, before: `${base}0`, parent: base }, 1000);
    expect(regions.map((r) => r.value)).toContain('us-east-1');
    expect(regions.every((r) => r.key.split('/').length === 6)).toBe(true);
    const keys = listPublic('us-east-1', { after: `${base}/`, before: `${base}0` }, 50).map((r) => r.key);
    expect([...keys].sort()).toEqual(keys);
  });
});
