import { describe, expect, it } from 'vitest';
import { accuracyChange, accuracyCounts, auditAccuracy } from './accuracy.js';

describe('accuracyCounts', () => {
  it('counts each result of a run that checks all of its scope', () => {
    expect(accuracyCounts([
      { result: 'found', sampled: true, count: 7 }, { result: 'wrong_location', sampled: true, count: 2 },
      { result: 'missing', sampled: true, count: 1 }, { result: 'unexpected', sampled: true, count: 3 },
    ])).toEqual({ expected: 10, foundWhereExpected: 7, foundElsewhere: 2, missing: 1, unexpected: 3 });
  });

  it('counts only the drawn assets of a sample: one recorded anyway, or neither drawn nor recorded, is left out', () => {
    expect(accuracyCounts([
      { result: 'found', sampled: true, count: 3 }, { result: 'missing', sampled: true, count: 1 },
      { result: 'found', sampled: false, count: 2 }, { result: 'wrong_location', sampled: false, count: 1 }, { result: 'pending', sampled: false, count: 40 },
    ])).toEqual({ expected: 4, foundWhereExpected: 3, foundElsewhere: 0, missing: 1, unexpected: 0 });
  });

  it('counts what an open run has not found yet as not found', () => {
    expect(accuracyCounts([{ result: 'found', sampled: true, count: 1 }, { result: 'pending', sampled: true, count: 3 }]))
      .toEqual({ expected: 4, foundWhereExpected: 1, foundElsewhere: 0, missing: 3, unexpected: 0 });
  });

  it('is all zeros for a run without items', () => {
    expect(accuracyCounts([])).toEqual({ expected: 0, foundWhereExpected: 0, foundElsewhere: 0, missing: 0, unexpected: 0 });
  });
});

describe('auditAccuracy', () => {
  it('is found where expected over expected', () => {
    expect(auditAccuracy({ expected: 4, foundWhereExpected: 3 })).toBe(0.75);
    expect(auditAccuracy({ expected: 5, foundWhereExpected: 5 })).toBe(1);
    expect(auditAccuracy({ expected: 5, foundWhereExpected: 0 })).toBe(0);
  });

  it('is unknown (null) when nothing was expected, even if unexpected items were found', () => {
    expect(auditAccuracy({ expected: 0, foundWhereExpected: 0 })).toBeNull();
    expect(auditAccuracy(accuracyCounts([{ result: 'unexpected', sampled: true, count: 2 }]))).toBeNull();
  });

  it('judges a sample on its drawn assets alone', () => {
    const sample = accuracyCounts([{ result: 'found', sampled: true, count: 1 }, { result: 'missing', sampled: true, count: 1 }, { result: 'found', sampled: false, count: 6 }]);
    expect(auditAccuracy(sample)).toBe(0.5);
  });
});

describe('accuracyChange', () => {
  it('is the difference from the previous run, null when either is unknown', () => {
    expect(accuracyChange(0.75, 0.5)).toBe(0.25);
    expect(accuracyChange(0.5, 0.75)).toBe(-0.25);
    expect(accuracyChange(1, 1)).toBe(0);
    expect(accuracyChange(0.5, null)).toBeNull();
    expect(accuracyChange(null, 0.5)).toBeNull();
  });
});
