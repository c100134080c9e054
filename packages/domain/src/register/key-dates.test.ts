import { describe, expect, it } from 'vitest';
import { KEY_DATE_RULES, KEY_DATE_WINDOW_DAYS, type KeyDateSubject, keyDateRange, keyDateRule, matchesKeyDate } from './key-dates.js';

const today = '2026-11-29';
const base: KeyDateSubject = { assignedPersonId: null, stageKind: 'in_use', expectedReturnDate: null, warrantyEnd: null, eolDate: null };

describe('key dates', () => {
  it('a return is overdue the day after its expected date, only while assigned', () => {
    const rule = keyDateRule('return_overdue');
    const assigned = { ...base, assignedPersonId: 'p' };
    expect(matchesKeyDate(rule, { ...assigned, expectedReturnDate: '2026-11-28' }, today)).toBe(true);
    expect(matchesKeyDate(rule, { ...assigned, expectedReturnDate: today }, today)).toBe(false);
    expect(matchesKeyDate(rule, { ...base, expectedReturnDate: '2026-01-01' }, today)).toBe(false);
    expect(matchesKeyDate(rule, assigned, today)).toBe(false);
  });

  it(`"soon" runs from today to ${KEY_DATE_WINDOW_DAYS} days ahead, both ends included`, () => {
    const rule = keyDateRule('warranty_ending');
    expect(keyDateRange(rule, today)).toEqual({ from: today, until: '2027-02-28' });
    expect(matchesKeyDate(rule, { ...base, warrantyEnd: today }, today)).toBe(true);
    expect(matchesKeyDate(rule, { ...base, warrantyEnd: '2027-02-27' }, today)).toBe(true);
    expect(matchesKeyDate(rule, { ...base, warrantyEnd: '2027-02-28' }, today)).toBe(false);
    expect(matchesKeyDate(rule, { ...base, warrantyEnd: '2026-11-28' }, today)).toBe(false);
  });

  it('only assets in service are in the warranty and end-of-life checks', () => {
    for (const rule of KEY_DATE_RULES.filter((r) => r.applies === 'in_service')) {
      const due = { ...base, warrantyEnd: '2026-12-01', eolDate: rule.when === 'passed' ? '2026-01-01' : '2026-12-01' };
      for (const kind of ['in_use', 'available', 'maintenance']) expect(matchesKeyDate(rule, { ...due, stageKind: kind }, today), `${rule.key} ${kind}`).toBe(true);
      for (const kind of ['planned', 'ordered', 'retired', 'hold', 'disposed', 'missing', 'lost']) expect(matchesKeyDate(rule, { ...due, stageKind: kind }, today), `${rule.key} ${kind}`).toBe(false);
    }
  });

  it('end of life: passed the day after, soon from the day itself', () => {
    expect(matchesKeyDate(keyDateRule('end_of_life_passed'), { ...base, eolDate: '2026-11-28' }, today)).toBe(true);
    expect(matchesKeyDate(keyDateRule('end_of_life_passed'), { ...base, eolDate: today }, today)).toBe(false);
    expect(matchesKeyDate(keyDateRule('end_of_life_soon'), { ...base, eolDate: today }, today)).toBe(true);
  });

  it('crosses month and leap-year ends', () => {
    expect(keyDateRange(keyDateRule('warranty_ending'), '2027-12-15').until).toBe('2028-03-15');
    expect(keyDateRange(keyDateRule('warranty_ending'), '2028-12-15').until).toBe('2029-03-16');
  });
});
