import { randomSource } from '@custodia/core';

/** Deterministic pseudo-random numbers: the demo register's generator, so the same seed gives the same rows. */
export type Random = ReturnType<typeof randomSource>;
export { randomSource };

/** Percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
