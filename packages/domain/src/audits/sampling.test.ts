import { describe, expect, it } from 'vitest';
import { SAMPLE_MAX_COUNT, checkSampleRule, drawSample, sampleSize, sampleRandom } from './sampling.js';

describe('sampleSize', () => {
  it.each([
    [0, { count: 5 }, 0], [3, { count: 5 }, 3], [57, { count: 10 }, 10], [57, { percent: 10 }, 6], [10, { percent: 10 }, 1],
    [1, { percent: 1 }, 1], [200, { percent: 1 }, 2], [201, { percent: 1 }, 3], [100, { percent: 99 }, 99], [0, { percent: 50 }, 0],
  ] as const)('%i assets, %o: %i', (population, rule, size) => {
    expect(sampleSize(population, rule)).toBe(size);
  });
});

describe('checkSampleRule', () => {
  it.each([
    [{ count: 1 }, true], [{ count: SAMPLE_MAX_COUNT }, true], [{ count: 0 }, false], [{ count: 2.5 }, false], [{ count: SAMPLE_MAX_COUNT + 1 }, false],
    [{ percent: 1 }, true], [{ percent: 99 }, true], [{ percent: 0 }, false], [{ percent: 100 }, false], [{ percent: 12.5 }, false],
  ])('%o: %s', (rule, ok) => expect(checkSampleRule(rule).ok).toBe(ok));
});

describe('drawSample', () => {
  it('draws distinct positions within the population, in order, as many as asked (or all there are)', () => {
    for (const [n, k] of [[10, 3], [10, 10], [10, 0], [1, 1], [5, 9], [1000, 37]] as const) {
      const s = drawSample(n, k, sampleRandom(`${n}:${k}`));
      expect(s.length).toBe(Math.min(n, k));
      expect(new Set(s).size).toBe(s.length);
      expect(s.every((i) => Number.isInteger(i) && i >= 0 && i < n)).toBe(true);
      expect([...s].sort((a, b) => a - b)).toEqual(s);
    }
  });
  it('is decided by the random source alone: the same seed draws the same sample, another seed another one', () => {
    expect(drawSample(500, 20, sampleRandom('a1b2'))).toEqual(drawSample(500, 20, sampleRandom('a1b2')));
    expect(drawSample(500, 20, sampleRandom('a1b2'))).not.toEqual(drawSample(500, 20, sampleRandom('a1b3')));
  });
  it('follows a scripted source exactly (Floyd: position t, or j when t was drawn already)', () => {
    const script = [0.95, 0.95, 0.0];
    let i = 0;
    // n=5, k=3: j=2 → t=floor(.95*3)=2 → {2}; j=3 → t=floor(.95*4)=3 → {2,3}; j=4 → t=0 → {0,2,3}
    expect(drawSample(5, 3, () => script[i++]!)).toEqual([0, 2, 3]);
    i = 0;
    const again = [0.5, 0.5];
    // n=4, k=2: j=2 → t=1 → {1}; j=3 → t=2 → {1,2}
    expect(drawSample(4, 2, () => again[i++]!)).toEqual([1, 2]);
    const repeat = [0.4, 0.3];
    i = 0;
    // n=3, k=2: j=1 → t=0 → {0}; j=2 → t=floor(.3*3)=0, drawn → j=2 → {0,2}
    expect(drawSample(3, 2, () => repeat[i++]!)).toEqual([0, 2]);
  });
  it('gives every position the same chance (1,000 draws of 3 of 10: each position 300 ± 60 times)', () => {
    const hits = new Array(10).fill(0);
    const random = sampleRandom('uniformity');
    for (let r = 0; r < 1000; r++) for (const p of drawSample(10, 3, random)) hits[p] += 1;
    for (const h of hits) expect(Math.abs(h - 300)).toBeLessThan(60);
  });
  it('the seeded source stays in [0, 1)', () => {
    const random = sampleRandom('');
    for (let i = 0; i < 10_000; i++) { const x = random(); expect(x >= 0 && x < 1).toBe(true); }
  });
});
