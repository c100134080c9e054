import { describe, expect, it } from 'vitest';
import { addMonths, catalogueEolDate, dateOf, dayNotBefore, isCalendarDate, todayAnywhere } from './dates.js';

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2400-02-29', '2025-01-31', '2025-04-30', '2025-12-31', '1999-01-01', '0001-01-01', '9999-12-31'])('accepts %s', (d) => {
    expect(isCalendarDate(d)).toBe(true);
  });

  it.each([
    ['2023-02-29', 'not a leap year'],
    ['1900-02-29', 'century not divisible by 400'],
    ['2100-02-29', 'century not divisible by 400'],
    ['2024-02-30', 'February never has 30 days'],
    ['2026-02-30', 'February never has 30 days'],
    ['2025-04-31', 'April has 30 days'],
    ['2025-00-10', 'month 0'],
    ['2025-13-01', 'month 13'],
    ['2025-06-00', 'day 0'],
    ['2025-01-32', 'day 32'],
    ['2025-6-15', 'unpadded month'],
    ['25-06-15', 'two-digit year'],
    ['2025-06-15T00:00:00Z', 'a timestamp'],
    [' 2025-06-15', 'surrounding space'],
    ['2025/06/15', 'wrong separator'],
    ['0000-06-15', 'no year 0'],
    ['', 'empty'],
  ])('refuses %s (%s)', (d) => {
    expect(isCalendarDate(d)).toBe(false);
  });

  it('agrees with the leap-year rule for every year 1901–2400', () => {
    for (let y = 1901; y <= 2400; y++) {
      const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
      expect(isCalendarDate(`${y}-02-29`), String(y)).toBe(leap);
    }
  });
});

describe('addMonths', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-05-15', 1, '2024-06-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-12-31', 1, '2025-01-31'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2025-06-15', 0, '2025-06-15'],
    ['2025-06-15', 36, '2028-06-15'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('always lands on a real date in the target month, never later in the month than the start', () => {
    for (let day = new Date(Date.UTC(2023, 0, 1)); day.getUTCFullYear() < 2025; day.setUTCDate(day.getUTCDate() + 1)) {
      const start = dateOf(day);
      for (const months of [-13, -1, 1, 2, 6, 12, 25]) {
        const out = addMonths(start, months);
        expect(isCalendarDate(out), `${start} + ${months}`).toBe(true);
        const [y, m, d] = start.split('-').map(Number) as [number, number, number];
        const [oy, om, od] = out.split('-').map(Number) as [number, number, number];
        expect(oy * 12 + om - (y * 12 + m), `${start} + ${months}`).toBe(months);
        expect(od <= d, `${start} + ${months} = ${out}`).toBe(true);
      }
    }
  });
});

describe('dateOf', () => {
  it('gives the UTC calendar date of an instant', () => {
    expect(dateOf(new Date('2025-03-01T23:59:59.999Z'))).toBe('2025-03-01');
    expect(dateOf(new Date('2025-03-01T00:30:00+02:00'))).toBe('2025-02-28');
  });
});

describe('todayAnywhere', () => {
  it.each([
    // [instant, earliest (UTC−12), latest (UTC+14)]
    ['2026-11-30T00:00:00Z', '2026-11-29', '2026-11-30'],
    ['2026-11-30T09:59:59Z', '2026-11-29', '2026-11-30'],
    ['2026-11-30T10:00:00Z', '2026-11-29', '2026-12-01'],
    ['2026-11-30T11:59:59Z', '2026-11-29', '2026-12-01'],
    ['2026-11-30T12:00:00Z', '2026-11-30', '2026-12-01'],
    ['2026-12-31T23:00:00Z', '2026-12-31', '2027-01-01'],
    ['2028-02-28T20:00:00Z', '2028-02-28', '2028-02-29'],
  ])('at %s the dates in use run from %s to %s', (instant, earliest, latest) => {
    expect(todayAnywhere(new Date(instant))).toEqual({ earliest, latest });
  });

  it('spans the local dates of the extreme time zones, and the UTC date lies between them', () => {
    for (let hour = 0; hour < 48; hour++) {
      const instant = new Date(Date.UTC(2026, 10, 30, hour, 30));
      const local = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
      const { earliest, latest } = todayAnywhere(instant);
      expect(local('Etc/GMT+12')).toBe(earliest);
      expect(local('Pacific/Kiritimati')).toBe(latest);
      expect(earliest <= dateOf(instant) && dateOf(instant) <= latest).toBe(true);
    }
  });
});

describe('catalogueEolDate', () => {
  it('takes the fixed date first, else the lifetime after purchase, else nothing', () => {
    expect(catalogueEolDate({ eolDate: '2030-01-01', eolMonths: 36 }, '2024-05-31')).toBe('2030-01-01');
    expect(catalogueEolDate({ eolDate: null, eolMonths: 36 }, '2024-05-31')).toBe(addMonths('2024-05-31', 36));
    expect(catalogueEolDate({ eolDate: null, eolMonths: 36 }, null)).toBeNull();
    expect(catalogueEolDate({ eolDate: null, eolMonths: null }, '2024-05-31')).toBeNull();
  });
});

describe('dayNotBefore', () => {
  it('keeps a date not before the boundary, moves one that is today somewhere up to a boundary also today somewhere, refuses an earlier one', () => {
    const earliest = '2026-11-27'; // 01:00 UTC on 28 November: still the 27th west of UTC
    expect(dayNotBefore('2026-11-28', '2026-11-20', earliest)).toBe('2026-11-28');
    expect(dayNotBefore('2026-11-28', '2026-11-28', earliest)).toBe('2026-11-28');
    expect(dayNotBefore('2026-11-27', '2026-11-28', earliest)).toBe('2026-11-28');
    expect(dayNotBefore('2026-11-26', '2026-11-28', earliest)).toBeNull();
    expect(dayNotBefore('2026-11-05', '2026-11-20', earliest)).toBeNull();
  });
});
