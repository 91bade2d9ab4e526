import type { FastifyInstance } from 'fastify';
import { MODEL, OPERATION_NAMES } from '../model/index.js';
import type { ControlDeps } from './index.js';

export interface Coverage {
  total: number;
  implemented: number;
  areas: Record<string, { implemented: string[]; missing: string[] }>;
}

/** Implemented vs not, from the handler registry against the model (docs/coverage.md is the same list). */
export function computeCoverage(implemented: string[]): Coverage {
  const done = new Set(implemented);
  const areas: Coverage['areas'] = {};
  for (const op of OPERATION_NAMES) {
    const a = (areas[MODEL.operations[op].area] ??= { implemented: [], missing: [] });
    (done.has(op) ? a.implemented : a.missing).push(op);
  }
  return { total: OPERATION_NAMES.length, implemented: done.size, areas };
}

export function registerCoverage(app: FastifyInstance, { dispatcher }: ControlDeps): void {
  app.get('/_emulator/coverage', async () => computeCoverage(dispatcher.implemented()));
}
