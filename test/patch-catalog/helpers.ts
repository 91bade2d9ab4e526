// Small hand-made patches and baselines, so each rule test states exactly what it depends on.
import type { PatchRule } from '../../src/model/generated/types.js';
import {
  definitionFrom,
  type BaselineDefinition,
  type BaselineInput,
} from '../../src/patch-catalog/baseline.js';
import type { CatalogPatch } from '../../src/patch-catalog/catalog-types.js';

export const DAY = 86_400_000;
export const T0 = Date.parse('2026-06-01T12:00:00Z');

/** An Amazon Linux 2023 update notice for `name` at `version-release`. */
export function alPatch(
  name: string,
  version: string,
  release: string,
  extra: Partial<CatalogPatch> = {},
): CatalogPatch {
  const title = `${name}.x86_64:0:${version}-${release}`;
  return {
    id: title,
    os: 'AMAZON_LINUX_2023',
    products: ['AmazonLinux2023'],
    title,
    releaseMs: T0,
    security: true,
    classification: 'Security',
    severity: 'Important',
    name,
    arch: 'x86_64',
    epoch: 0,
    version,
    release,
    advisoryIds: ['ALAS2023-2026-100'],
    cveIds: ['CVE-2026-1234'],
    ...extra,
  };
}

export function winPatch(kb: string, extra: Partial<CatalogPatch> = {}): CatalogPatch {
  return {
    id: `id-${kb}`,
    os: 'WINDOWS',
    products: ['WindowsServer2022'],
    title: `2026-06 Cumulative Update for Microsoft server operating system version 21H2 (${kb})`,
    releaseMs: T0,
    security: true,
    classification: 'SecurityUpdates',
    msrcSeverity: 'Critical',
    kb,
    patchSet: 'OS',
    productFamily: 'Windows',
    series: `series-${kb}`,
    ...extra,
  };
}

export function rule(filters: Record<string, string[]>, extra: Partial<PatchRule> = {}): PatchRule {
  return {
    PatchFilterGroup: {
      PatchFilters: Object.entries(filters).map(([Key, Values]) => ({ Key: Key as never, Values })),
    },
    ...extra,
  };
}

export function baseline(input: BaselineInput): BaselineDefinition {
  return definitionFrom({ Name: 'test-baseline', ...input });
}
