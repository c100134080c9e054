import { describe, expect, it } from 'vitest';
import { calendarDate, calendarMonth, dateOrText, dateTime, instantDate, isCalendarDate, isInstant } from './dates';

const medium = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', ...options });

describe('dates as people read them', () => {
  it('a calendar date is its own day in the medium style, whatever the zone; an instant has its time', () => {
    expect(calendarDate('2026-11-30')).toBe(medium({ timeZone: 'UTC' }).format(Date.UTC(2026, 10, 30)));
    expect(calendarDate('2026-11-30')).toContain('30');
    expect(dateTime('2026-11-30T23:30:00Z')).toBe(medium({ timeStyle: 'short' }).format(Date.UTC(2026, 10, 30, 23, 30)));
    expect(instantDate('2026-11-30T23:30:00Z')).toBe(medium({}).format(Date.UTC(2026, 10, 30, 23, 30)));
  });

  it('a calendar month is that month, whatever the zone; a value that is no month is shown as it is', () => {
    const month = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    expect(calendarMonth('2026-11')).toBe(month.format(Date.UTC(2026, 10, 1)));
    expect(calendarMonth('2027-01')).toBe(month.format(Date.UTC(2027, 0, 1)));
    expect([calendarMonth('2026-13'), calendarMonth('November')]).toEqual(['2026-13', 'November']);
  });

  it('nothing reads as a dash; a value that is no date is shown as it is', () => {
    expect([calendarDate(null), dateTime(undefined), instantDate('')]).toEqual(['—', '—', '—']);
    expect(calendarDate('2026-02-30')).toBe('2026-02-30');
    expect(dateTime('yesterday')).toBe('yesterday');
  });

  it('tells calendar dates from instants by their shape, and leaves other text alone', () => {
    expect([isCalendarDate('2026-11-30'), isCalendarDate('2026-11-30T10:00:00Z'), isInstant('2026-11-30T10:00:00.123Z'), isInstant('2026-11-30T10:00+02:00'), isInstant('2026-11-30')])
      .toEqual([true, false, true, true, false]);
    expect(dateOrText('2026-11-30')).toBe(calendarDate('2026-11-30'));
    expect(dateOrText('2026-11-30T10:00:00Z')).toBe(dateTime('2026-11-30T10:00:00Z'));
    expect(dateOrText('PO-2026-11')).toBe('PO-2026-11');
  });
});
