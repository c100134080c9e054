import { describe, expect, it } from 'vitest';
import { type Recurrence, PLAN_STATUSES_TO_DO, RECURRENCE_MAX, RECURRENCE_UNITS, checkRecurrence, daysBetween, isPlanOverdue, nextDueAfterRun, nextOccurrence, occurrence, sameRecurrence } from './recurrence.js';
import { AUDIT_PLAN_STATUSES } from './audit-rules.js';
import { addDays, addMonths } from '../register/dates.js';

const monthly = (every = 1): Recurrence => ({ every, unit: 'months' });

describe('occurrence: months counted from the anchor, clamped to the month end', () => {
  it.each([
    ['2027-01-31', 1, '2027-02-28'], ['2028-01-31', 1, '2028-02-29'], ['2027-01-31', 2, '2027-03-31'], ['2027-01-31', 3, '2027-04-30'],
    ['2028-02-29', 12, '2029-02-28'], ['2028-02-29', 48, '2032-02-29'], ['2027-08-31', 6, '2028-02-29'], ['2027-12-15', 1, '2028-01-15'],
    ['2027-03-30', 11, '2028-02-29'], ['2027-10-31', 4, '2028-02-29'],
  ])('%s + %i months is %s', (anchor, k, expected) => {
    expect(occurrence(anchor, monthly(), k)).toBe(expected);
  });
  it('a plan anchored on the 31st comes back to the 31st: no drift to the 28th', () => {
    expect(Array.from({ length: 13 }, (_, k) => occurrence('2027-12-31', monthly(), k))).toEqual([
      '2027-12-31', '2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30', '2028-05-31', '2028-06-30', '2028-07-31', '2028-08-31', '2028-09-30',
      '2028-10-31', '2028-11-30', '2028-12-31',
    ]);
  });
  it.each([
    ['2028-02-28', { every: 10, unit: 'days' } as Recurrence, 3, '2028-03-29'], ['2028-02-28', { every: 2, unit: 'weeks' } as Recurrence, 1, '2028-03-13'],
    ['2028-02-29', { every: 1, unit: 'days' } as Recurrence, 1, '2028-03-01'], ['2027-02-28', { every: 1, unit: 'days' } as Recurrence, 1, '2027-03-01'],
  ])('days and weeks count leap days as days: %s + %o × %i is %s', (anchor, rule, k, expected) => {
    expect(occurrence(anchor, rule, k)).toBe(expected);
  });
});

/** The definition, by brute force: walk the occurrences one by one. */
function slowNext(anchor: string, rule: Recurrence, after: string): string {
  for (let k = 0; ; k++) { const o = occurrence(anchor, rule, k); if (o > after) return o; }
}

describe('nextOccurrence', () => {
  const anchors = ['2027-01-31', '2027-02-28', '2028-02-29', '2027-03-30', '2027-12-31', '2028-01-01', '2027-06-15'];
  const rules: Recurrence[] = [
    ...[1, 2, 3, 6, 12, 24].map(monthly), { every: 1, unit: 'weeks' }, { every: 3, unit: 'weeks' }, { every: 1, unit: 'days' }, { every: 30, unit: 'days' }, { every: 365, unit: 'days' },
  ];
  it('equals the brute-force walk for every anchor, rule and day of four years (leap years and month ends included)', () => {
    let checked = 0;
    for (const anchor of anchors) {
      for (const rule of rules) {
        for (let after = addDays(anchor, -40); after < '2031-03-01'; after = addDays(after, rule.unit === 'days' && rule.every === 1 ? 17 : 3)) {
          expect(nextOccurrence(anchor, rule, after), `${anchor} ${rule.every} ${rule.unit} after ${after}`).toBe(slowNext(anchor, rule, after));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });
  it('is always later than the date given and falls on the schedule', () => {
    expect(nextOccurrence('2027-01-31', monthly(), '2027-01-31')).toBe('2027-02-28');
    expect(nextOccurrence('2027-01-31', monthly(), '2027-02-28')).toBe('2027-03-31');
    expect(nextOccurrence('2027-01-31', monthly(), '2026-06-01')).toBe('2027-01-31');
    expect(nextOccurrence('2028-02-29', { every: 12, unit: 'months' }, '2028-03-01')).toBe('2029-02-28');
  });
});

describe('nextDueAfterRun', () => {
  const anchor = '2027-01-31';
  it.each([
    ['closed early: counts for the date it was due', '2027-01-31', '2027-01-20', '2027-02-28'],
    ['closed on the day', '2027-01-31', '2027-01-31', '2027-02-28'],
    ['closed late: the dates that passed meanwhile are skipped', '2027-01-31', '2027-03-05', '2027-03-31'],
    ['closed on a later occurrence', '2027-01-31', '2027-02-28', '2027-03-31'],
  ])('%s', (_why, dueOn, closedOn, next) => {
    expect(nextDueAfterRun(anchor, monthly(), dueOn, closedOn)).toBe(next);
  });
  it('a quarterly plan anchored on 30 November runs on the last day of February in a leap year', () => {
    expect(nextDueAfterRun('2027-11-30', monthly(3), '2027-11-30', '2027-11-30')).toBe('2028-02-29');
    expect(nextDueAfterRun('2027-11-30', monthly(3), '2028-02-29', '2028-02-29')).toBe('2028-05-30');
  });

  it('a plan closed three days late every month stays on its schedule: no drift, where "today + a month" would drift', () => {
    let due = '2027-01-31';
    let fromToday = due;
    const dues: string[] = [];
    for (let k = 0; k < 14; k++) {
      const closedOn = addDays(due, 3);
      due = nextDueAfterRun('2027-01-31', monthly(), due, closedOn);
      fromToday = addMonths(addDays(fromToday, 3), 1);
      dues.push(due);
    }
    // Each run, though late, counts for its own month: the plan is due in the next month, on the anchor's day.
    expect(dues).toEqual(Array.from({ length: 14 }, (_, k) => occurrence('2027-01-31', monthly(), k + 1)));
    expect(fromToday).not.toBe(due);
  });

  const anchors = ['2027-01-31', '2027-02-28', '2028-02-29', '2027-08-31', '2027-12-31', '2028-01-01'];
  const rules: Recurrence[] = [monthly(1), monthly(3), monthly(12), { every: 1, unit: 'weeks' }, { every: 2, unit: 'weeks' }, { every: 1, unit: 'days' }, { every: 90, unit: 'days' }];
  it('for every schedule, due date on it and close from two months early to a year late: the first date of the schedule after both', () => {
    let checked = 0;
    for (const anchor of anchors) {
      for (const rule of rules) {
        for (let k = 0; k < 8; k++) {
          const dueOn = occurrence(anchor, rule, k);
          for (let closedOn = addDays(dueOn, -61); closedOn <= addDays(dueOn, 400); closedOn = addDays(closedOn, 9)) {
            const next = nextDueAfterRun(anchor, rule, dueOn, closedOn);
            const why = `${anchor} every ${rule.every} ${rule.unit}, due ${dueOn}, closed ${closedOn}`;
            // On the schedule, counted on from the date satisfied: the j-th date after it, j ≥ 1.
            let j = 1;
            while (occurrence(anchor, rule, k + j) <= closedOn) j += 1;
            expect(next, why).toBe(occurrence(anchor, rule, k + j));
            expect(next > dueOn && next > closedOn, why).toBe(true);
            // Closed by its due date: exactly one interval on from it, whatever the day of the close.
            if (closedOn <= dueOn) expect(next, why).toBe(occurrence(anchor, rule, k + 1));
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(15_000);
  });
});

describe('sameRecurrence', () => {
  it.each([
    [null, null, true], [monthly(1), null, false], [null, monthly(1), false], [monthly(1), monthly(1), true], [monthly(1), monthly(2), false],
    [{ every: 7, unit: 'days' } as Recurrence, { every: 1, unit: 'weeks' } as Recurrence, false],
  ])('%o and %o: %s', (a, b, same) => expect(sameRecurrence(a, b)).toBe(same));
});

describe('checkRecurrence', () => {
  it.each(RECURRENCE_UNITS.flatMap((unit) => [
    [unit, 1, true], [unit, RECURRENCE_MAX[unit], true], [unit, 0, false], [unit, -1, false], [unit, 1.5, false], [unit, RECURRENCE_MAX[unit] + 1, false],
  ] as const))('every %i %s: %s', (unit, every, ok) => {
    expect(checkRecurrence({ unit, every }).ok).toBe(ok);
  });
});

describe('isPlanOverdue: overdue means "not done"', () => {
  it.each([
    [{ dueOn: '2027-01-30', status: 'planned' }, true], [{ dueOn: '2027-01-30', status: 'in_progress' }, true],
    [{ dueOn: '2027-01-31', status: 'planned' }, false], [{ dueOn: null, status: 'planned' }, false],
    [{ dueOn: '2027-01-30', status: 'completed' }, false], [{ dueOn: '2027-01-30', status: 'cancelled' }, false],
  ])('%o on 2027-01-31: %s', (plan, overdue) => {
    expect(isPlanOverdue(plan, '2027-01-31')).toBe(overdue);
  });
  it.each(AUDIT_PLAN_STATUSES)('%s: overdue from the day after its due date for as long as it is still to be done, however long ago that was', (status) => {
    const toDo = (PLAN_STATUSES_TO_DO as readonly string[]).includes(status);
    expect(isPlanOverdue({ dueOn: '2027-01-31', status }, '2027-01-31')).toBe(false);
    for (const today of ['2027-02-01', '2027-03-01', '2028-02-29', '2037-01-31']) expect(isPlanOverdue({ dueOn: '2027-01-31', status }, today), today).toBe(toDo);
    expect(isPlanOverdue({ dueOn: null, status }, '2037-01-31')).toBe(false);
  });
  it('daysBetween counts calendar days across a leap day', () => expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2));
});
