// MaxConcurrency / MaxErrors: "10" or "10%" of the targets (the model's pattern has already checked the form).

/**
 * Concurrency from a percentage rounds up, at least 1, so a small fleet still runs (AWS documents no rounding;
 * a floor would make "10%" of 5 targets run nothing).
 */
export function concurrencyOf(value: string, targets: number): number {
  if (value.endsWith('%')) return Math.max(1, Math.ceil((Number(value.slice(0, -1)) * targets) / 100));
  return Number(value);
}

/**
 * Errors allowed from a percentage round down: UG "Using error controls": 10% of 50 nodes stops at the sixth
 * error, i.e. 5 allowed.
 */
export function errorLimitOf(value: string, targets: number): number {
  if (value.endsWith('%')) return Math.floor((Number(value.slice(0, -1)) * targets) / 100);
  return Number(value);
}
