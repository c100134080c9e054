import { describe, expect, it } from 'vitest';
import { VERIFICATION_MAX_AGE_DAYS, verificationCutoff, verificationStatus, verifiedOnProblem } from './verification.js';

describe('verificationCutoff', () => {
  it.each([
    ['2026-12-01', 365, '2025-12-01'],
    ['2025-03-01', 365, '2024-03-01'], // 2024 is a leap year: 365 days before 1 March 2025 is 1 March 2024
    ['2024-03-01', 365, '2023-03-02'], // 366-day span across 29 February 2024
    ['2024-02-29', 365, '2023-03-01'],
    ['2025-01-01', 1, '2024-12-31'],
    ['2025-01-01', 0, '2025-01-01'],
  ])('%s, %i days → %s', (today, days, cutoff) => {
    expect(verificationCutoff(today, days)).toBe(cutoff);
  });

  it('defaults to 365 days', () => {
    expect(VERIFICATION_MAX_AGE_DAYS).toBe(365);
    expect(verificationCutoff('2026-06-15')).toBe('2025-06-15');
  });
});

describe('verificationStatus', () => {
  const today = '2026-12-01';
  it.each([
    [null, 'never'],
    ['', 'never'],
    ['2025-12-01', 'current'], // exactly 365 days ago
    ['2025-11-30', 'overdue'], // 366 days ago: more than 365
    ['2020-01-01', 'overdue'],
    ['2026-12-01', 'current'],
    ['2026-06-01', 'current'],
  ] as const)('%s → %s', (last, status) => {
    expect(verificationStatus(last, today)).toBe(status);
  });

  it('matches counting the days between the two dates, for every day of two years', () => {
    const dayMs = 86_400_000;
    const t = Date.UTC(2026, 1, 28);
    for (let back = 0; back < 730; back++) {
      const last = new Date(t - back * dayMs).toISOString().slice(0, 10);
      expect(verificationStatus(last, '2026-02-28'), last).toBe(back > 365 ? 'overdue' : 'current');
    }
  });
});

describe('verifiedOnProblem', () => {
  it('accepts no date, a past date and the latest today anywhere; refuses a later one', () => {
    expect(verifiedOnProblem(null, '2026-11-29')).toBeNull();
    expect(verifiedOnProblem('2025-01-01', '2026-11-29')).toBeNull();
    expect(verifiedOnProblem('2026-11-29', '2026-11-29')).toBeNull();
    expect(verifiedOnProblem('2026-11-30', '2026-11-29')).toMatch(/cannot be in the future \(after 2026-11-29\)/);
  });
});
