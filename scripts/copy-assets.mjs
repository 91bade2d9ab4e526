#!/usr/bin/env node
// Copies the data files that modules read at run time (the AWS-owned document catalog) next to their
// compiled modules in dist/, so the built package and the Docker image need no src/.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ASSET_DIRS = ['src/engine/documents/catalog'];

for (const dir of ASSET_DIRS) {
  const out = join(root, 'dist', dir);
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(join(root, dir))) {
    if (f.endsWith('.json') || f.endsWith('.yaml')) cpSync(join(root, dir, f), join(out, f));
  }
}
