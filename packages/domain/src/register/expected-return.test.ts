import { describe, expect, it } from 'vitest';
import { expectedReturnProblem } from './expected-return.js';

describe('expectedReturnProblem', () => {
  it.each([
    [null, 'p1', '2026-11-30', null],
    [undefined, null, '2026-11-30', null],
    ['', null, '2026-11-30', null],
    ['2026-11-30', 'p1', '2026-11-30', null], // back the same day
    ['2027-01-15', 'p1', '2026-11-30', null],
    ['2026-11-29', 'p1', '2026-11-30', 'RETURN_BEFORE_ASSIGNMENT_START'],
    ['2025-12-31', 'p1', '2026-01-01', 'RETURN_BEFORE_ASSIGNMENT_START'],
    ['2027-01-15', null, '2026-11-30', 'RETURN_DATE_WITHOUT_ASSIGNEE'],
    ['2027-01-15', '', '2026-11-30', 'RETURN_DATE_WITHOUT_ASSIGNEE'],
    ['2020-01-01', 'p1', null, null], // a loan registered late: overdue, not refused
    ['2020-01-01', null, null, 'RETURN_DATE_WITHOUT_ASSIGNEE'],
  ])('return %s, assignee %s, starts %s → %s', (expectedReturn, assignee, startsOn, code) => {
    expect(expectedReturnProblem(expectedReturn, assignee, startsOn)?.code ?? null).toBe(code);
  });

  it('names the start date it compared with', () => {
    expect(expectedReturnProblem('2026-11-01', 'p1', '2026-11-30')?.message).toContain('2026-11-30');
  });
});
