import { seededRandom } from '../discovery/synthetic-fleet.js';

/**
 * Random samples of an audit's scope (ITAM practice guide Table 3.6 "random intervals" / sampling): a plan may check a
 * number or a percentage of what its scope holds instead of all of it. The sample is drawn when a run starts from the
 * scope's assets in tag order, with a seeded generator, so the run can record how it was drawn (method and seed) and
 * anyone can draw it again. No clock and no hidden randomness here: the caller gives the random source.
 */

/** A plan's sample: a number of assets, or a whole percentage of the scope. */
export type SampleRule = { count: number } | { percent: number };

export const SAMPLE_MAX_COUNT = 100_000;

/**
 * How runs draw their sample, recorded with each run: Floyd's algorithm over the scope's assets ordered by tag key,
 * driven by mulberry32 seeded with the 32-bit FNV-1a hash of the seed text.
 */
export const SAMPLE_METHOD = 'floyd-mulberry32-fnv1a:v1';

/** How many assets a rule samples from a scope of `population`: never more than there are; at least one of a non-empty scope. */
export function sampleSize(population: number, rule: SampleRule): number {
  if (population <= 0) return 0;
  const wanted = 'count' in rule ? rule.count : Math.ceil((population * rule.percent) / 100);
  return Math.max(1, Math.min(population, wanted));
}

/** Whether a rule is well formed: a count from 1 to SAMPLE_MAX_COUNT, or a percentage from 1 to 99 (100 is the whole scope). */
export function checkSampleRule(rule: SampleRule): { ok: true } | { ok: false; field: 'count' | 'percent'; reason: string } {
  if ('count' in rule) {
    return Number.isInteger(rule.count) && rule.count >= 1 && rule.count <= SAMPLE_MAX_COUNT ? { ok: true } : { ok: false, field: 'count', reason: `A sample of 1 to ${SAMPLE_MAX_COUNT} assets` };
  }
  return Number.isInteger(rule.percent) && rule.percent >= 1 && rule.percent <= 99 ? { ok: true } : { ok: false, field: 'percent', reason: 'A sample of 1 to 99 percent (100 percent is the whole scope: no sample)' };
}

/** A random source returning numbers in [0, 1). */
export type RandomSource = () => number;

/** mulberry32 seeded with the FNV-1a hash of `seed`: the same seed gives the same numbers on every machine. */
export function sampleRandom(seed: string): RandomSource {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) { h ^= seed.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return seededRandom(h);
}

/**
 * `size` distinct positions out of 0…population−1, each subset equally likely (Floyd's algorithm: `size` draws, memory
 * for the sample only), in ascending order.
 */
export function drawSample(population: number, size: number, random: RandomSource): number[] {
  const k = Math.max(0, Math.min(size, population));
  const chosen = new Set<number>();
  for (let j = population - k; j < population; j++) {
    const t = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((x, y) => x - y);
}
