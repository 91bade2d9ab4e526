import { it } from 'vitest';
import { catalogAt } from '../src/patch-catalog/catalog.js';
import { computeNodePatchState } from '../src/patch-catalog/compliance.js';
import { imagePackages } from '../src/patch-catalog/node-platform.js';
import { awsDefaultFor } from '../src/engine/patching/predefined.js';
import { compareVersions, parseVersion } from '../src/patch-catalog/versions.js';
it('prof', () => {
  const NOW = Date.parse('2026-12-04T00:00:00Z');
  const os = 'UBUNTU',
    product = 'Ubuntu22.04';
  const catalog = catalogAt(os, NOW);
  const installed = imagePackages(catalog, product, NOW - 60 * 86400000);
  const b = awsDefaultFor(os);
  computeNodePatchState({ baseline: b, catalog, product, installed, atMs: NOW });
  let t = performance.now();
  for (let i = 0; i < 200; i++)
    computeNodePatchState({ baseline: b, catalog, product, installed, atMs: NOW });
  console.log('per node', ((performance.now() - t) / 200).toFixed(3));
  t = performance.now();
  for (let i = 0; i < 200; i++) JSON.stringify(b);
  console.log('stringify', ((performance.now() - t) / 200).toFixed(3));
  const a = parseVersion('1:2.3.4-0ubuntu0.1.5'),
    c = parseVersion('1:2.3.4-0ubuntu0.1.7');
  t = performance.now();
  for (let i = 0; i < 200000; i++) compareVersions(a, c, 'deb');
  console.log('cmp us', ((performance.now() - t) / 200).toFixed(3));
  t = performance.now();
  for (let i = 0; i < 200; i++) catalogAt(os, NOW);
  console.log('catalogAt', ((performance.now() - t) / 200).toFixed(3));
});
