import { describe, expect, it } from 'vitest';
import { concurrencyOf, errorLimitOf } from '../../../src/engine/commands/rate.js';

describe('rate controls', () => {
  it('numbers are taken as they are', () => {
    expect(concurrencyOf('10', 100)).toBe(10);
    expect(errorLimitOf('0', 100)).toBe(0);
  });
  it('concurrency percentages round up and run at least one node', () => {
    expect(concurrencyOf('10%', 5)).toBe(1);
    expect(concurrencyOf('10%', 101)).toBe(11);
    expect(concurrencyOf('100%', 1000)).toBe(1000);
  });
  it('error percentages round down: 10% of 50 allows 5 (stops at the sixth, UG "Using error controls")', () => {
    expect(errorLimitOf('10%', 50)).toBe(5);
    expect(errorLimitOf('5%', 2)).toBe(0);
  });
});
