import { describe, expect, it } from 'vitest';
import { addDays, addMonths, canonicalTimeZone, catalogueEolDate, dateOf, dayNotBefore, isCalendarDate, isTimeZone, startOfDate, todayAnywhere, zoneOffsetMs } from './dates.js';

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
      const start = dateOf(day, 'UTC');
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

describe('addDays', () => {
  it('agrees with the calendar for every day of 1899–2101, forwards and backwards', () => {
    const wrong: string[] = [];
    for (let day = new Date(Date.UTC(1899, 0, 1)); day.getUTCFullYear() < 2102; day.setUTCDate(day.getUTCDate() + 1)) {
      const start = dateOf(day, 'UTC');
      for (const days of [-400, -1, 1, 59, 366, 1461]) {
        const expected = new Date(day.getTime() + days * 86_400_000).toISOString().slice(0, 10);
        if (addDays(start, days) !== expected) wrong.push(`${start} + ${days}: ${addDays(start, days)}, not ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('counts the years before 100 as themselves (Date.UTC would read 0050 as 1950)', () => {
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
    expect(addDays('0004-02-28', 1)).toBe('0004-02-29');
    expect(addDays('0001-01-01', 0)).toBe('0001-01-01');
    expect(addDays('9999-12-31', -365)).toBe('9998-12-31');
    expect(addMonths('0050-01-31', 1)).toBe('0050-02-28');
    expect(addMonths('0099-12-15', 1)).toBe('0100-01-15');
  });
});

describe('dateOf', () => {
  it('gives the UTC calendar date of an instant in UTC', () => {
    expect(dateOf(new Date('2025-03-01T23:59:59.999Z'), 'UTC')).toBe('2025-03-01');
    expect(dateOf(new Date('2025-03-01T00:30:00+02:00'), 'UTC')).toBe('2025-02-28');
    expect(dateOf(new Date('2025-03-01T00:00:00Z'), 'Etc/UTC')).toBe('2025-03-01');
  });

  it.each([
    // [zone, instant, local date] — each side of local midnight, to the millisecond.
    ['Australia/Sydney', '2027-03-01T12:59:59.999Z', '2027-03-01'], // 23:59:59.999 AEDT (UTC+11)
    ['Australia/Sydney', '2027-03-01T13:00:00.000Z', '2027-03-02'], // 00:00 AEDT
    ['Australia/Sydney', '2027-03-01T22:30:00Z', '2027-03-02'], // 09:30 AEDT: Monday morning, Sunday in UTC
    ['Australia/Sydney', '2027-07-01T13:59:59.999Z', '2027-07-01'], // 23:59:59.999 AEST (UTC+10, winter)
    ['Australia/Sydney', '2027-07-01T14:00:00Z', '2027-07-02'],
    ['America/Los_Angeles', '2027-03-02T07:59:59.999Z', '2027-03-01'], // 23:59:59.999 PST (UTC−8)
    ['America/Los_Angeles', '2027-03-02T08:00:00Z', '2027-03-02'],
    ['America/Los_Angeles', '2027-03-02T05:00:00Z', '2027-03-01'], // 21:00 on the 1st: the 2nd in UTC
    ['America/Los_Angeles', '2027-07-02T06:59:59.999Z', '2027-07-01'], // 23:59:59.999 PDT (UTC−7)
    ['America/Los_Angeles', '2027-07-02T07:00:00Z', '2027-07-02'],
    ['Asia/Kolkata', '2027-03-01T18:29:59.999Z', '2027-03-01'], // UTC+5:30
    ['Asia/Kolkata', '2027-03-01T18:30:00Z', '2027-03-02'],
    ['Asia/Kathmandu', '2027-03-01T18:14:59.999Z', '2027-03-01'], // UTC+5:45
    ['Asia/Kathmandu', '2027-03-01T18:15:00Z', '2027-03-02'],
    ['Australia/Adelaide', '2027-03-01T13:29:59.999Z', '2027-03-01'], // UTC+10:30 in summer
    ['Australia/Adelaide', '2027-03-01T13:30:00Z', '2027-03-02'],
    ['America/St_Johns', '2027-01-02T03:29:59.999Z', '2027-01-01'], // UTC−3:30
    ['America/St_Johns', '2027-01-02T03:30:00Z', '2027-01-02'],
    ['Pacific/Kiritimati', '2027-03-01T09:59:59.999Z', '2027-03-01'], // UTC+14: the first to start a day
    ['Pacific/Kiritimati', '2027-03-01T10:00:00Z', '2027-03-02'],
    ['Etc/GMT-14', '2027-03-01T10:00:00Z', '2027-03-02'],
    ['Etc/GMT+12', '2027-03-02T11:59:59.999Z', '2027-03-01'], // UTC−12: the last to end it
    ['Etc/GMT+12', '2027-03-02T12:00:00Z', '2027-03-02'],
    ['Pacific/Chatham', '2026-12-31T10:14:59.999Z', '2026-12-31'], // UTC+13:45 in summer
    ['Pacific/Chatham', '2026-12-31T10:15:00Z', '2027-01-01'],
    ['Europe/Berlin', '2026-12-31T22:59:59.999Z', '2026-12-31'], // a year ends an hour before UTC's
    ['Europe/Berlin', '2026-12-31T23:00:00Z', '2027-01-01'],
    ['America/New_York', '2028-03-01T04:59:59.999Z', '2028-02-29'], // a leap day, UTC−5
    ['America/New_York', '2028-03-01T05:00:00Z', '2028-03-01'],
  ])('in %s, %s is %s', (zone, instant, date) => {
    expect(dateOf(new Date(instant), zone)).toBe(date);
  });

  it.each([
    // Clocks change at night, never at midnight there: the day stays the same across the change, and the next
    // midnight is 23 or 25 hours after the last one.
    ['Europe/Berlin', '2027-03-28T00:59:59Z', '2027-03-28T01:00:00Z', '2027-03-27T22:59:59.999Z', '2027-03-28T22:00:00Z'], // spring forward
    ['Europe/Berlin', '2027-10-31T00:59:59Z', '2027-10-31T01:00:00Z', '2027-10-30T21:59:59.999Z', '2027-10-31T23:00:00Z'], // fall back
    ['America/Los_Angeles', '2027-03-14T09:59:59Z', '2027-03-14T10:00:00Z', '2027-03-14T07:59:59.999Z', '2027-03-15T07:00:00Z'],
    ['America/Los_Angeles', '2027-11-07T08:59:59Z', '2027-11-07T09:00:00Z', '2027-11-07T06:59:59.999Z', '2027-11-08T08:00:00Z'],
    ['Australia/Sydney', '2027-04-03T15:59:59Z', '2027-04-03T16:00:00Z', '2027-04-03T12:59:59.999Z', '2027-04-04T14:00:00Z'], // AEDT ends
    ['Australia/Sydney', '2027-10-02T15:59:59Z', '2027-10-02T16:00:00Z', '2027-10-02T13:59:59.999Z', '2027-10-03T13:00:00Z'], // AEDT starts
  ])('in %s the change of clocks between %s and %s keeps the day, which runs until %s and ends at %s', (zone, before, after, lastOfDayBefore, nextDay) => {
    const day = dateOf(new Date(before), zone);
    expect(dateOf(new Date(after), zone)).toBe(day);
    expect(dateOf(new Date(lastOfDayBefore), zone) < day).toBe(true);
    expect(dateOf(new Date(new Date(lastOfDayBefore).getTime() + 1), zone)).toBe(day);
    expect(dateOf(new Date(new Date(nextDay).getTime() - 1), zone)).toBe(day);
    expect(dateOf(new Date(nextDay), zone) > day).toBe(true);
  });

  it('agrees with the engine\'s own local calendar, every 53 minutes over two years in zones of every kind', () => {
    const zones = ['UTC', 'Australia/Sydney', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Pacific/Chatham', 'America/St_Johns', 'Europe/London', 'Australia/Lord_Howe'];
    const step = 53 * 60_000;
    for (const zone of zones) {
      const local = new Intl.DateTimeFormat('en-CA-u-ca-iso8601-nu-latn', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += step) {
        const at = new Date(t);
        const date = dateOf(at, zone);
        if (date !== local.format(at)) expect(date, `${zone} at ${at.toISOString()}`).toBe(local.format(at));
      }
    }
  });

  it('gives the UTC date for UTC, over the years the register holds', () => {
    for (let t = Date.UTC(1970, 0, 1, 23, 59, 59, 999); t < Date.UTC(2200, 0, 1); t += 86_400_000 * 7 + 3_600_000) {
      const at = new Date(t);
      const date = dateOf(at, 'Etc/UTC');
      if (date !== at.toISOString().slice(0, 10)) expect(date, at.toISOString()).toBe(at.toISOString().slice(0, 10));
    }
  });

  it('is the UTC date moved by the zone\'s offset at that instant, whole days apart at most by one', () => {
    expect(zoneOffsetMs(new Date('2027-03-01T22:30:00Z'), 'Australia/Sydney')).toBe(11 * 3_600_000);
    expect(zoneOffsetMs(new Date('2027-07-01T22:30:00Z'), 'Australia/Sydney')).toBe(10 * 3_600_000);
    expect(zoneOffsetMs(new Date('2027-03-01T22:30:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(zoneOffsetMs(new Date('2027-03-01T22:30:00Z'), 'America/St_Johns')).toBe(-3.5 * 3_600_000);
    expect(zoneOffsetMs(new Date('2027-03-01T22:30:00Z'), 'Etc/GMT+12')).toBe(-12 * 3_600_000);
    expect(zoneOffsetMs(new Date('2027-03-01T22:30:00Z'), 'UTC')).toBe(0);
    // Before standard time, a zone kept its local mean time, to the second.
    expect(zoneOffsetMs(new Date('1850-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe(((5 * 60 + 53) * 60 + 28) * 1000);
  });

  it('is deterministic: the same instant and zone give the same date, whatever was asked in between', () => {
    const at = new Date('2027-03-01T13:30:00Z');
    const first = ['Australia/Sydney', 'America/Los_Angeles', 'Asia/Kolkata'].map((z) => dateOf(at, z));
    for (const z of ['Europe/Berlin', 'Pacific/Kiritimati', 'australia/sydney']) dateOf(at, z);
    expect(['Australia/Sydney', 'America/Los_Angeles', 'Asia/Kolkata'].map((z) => dateOf(at, z))).toEqual(first);
    expect(first).toEqual(['2027-03-02', '2027-03-01', '2027-03-01']);
    expect(dateOf(at, 'australia/sydney')).toBe('2027-03-02');
  });

  it('refuses a zone that does not exist', () => {
    expect(() => dateOf(new Date('2027-03-01T00:00:00Z'), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('startOfDate', () => {
  it.each([
    ['UTC', '2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['Europe/Berlin', '2026-03-01', '2026-02-28T23:00:00.000Z'], // CET
    ['Europe/Berlin', '2026-07-01', '2026-06-30T22:00:00.000Z'], // CEST
    ['Europe/Berlin', '2026-03-29', '2026-03-28T23:00:00.000Z'], // the day clocks go forward at 02:00
    ['Australia/Sydney', '2027-03-01', '2027-02-28T13:00:00.000Z'], // AEDT, a day ahead of UTC
    ['America/Los_Angeles', '2027-03-01', '2027-03-01T08:00:00.000Z'],
    ['Asia/Kathmandu', '2027-03-01', '2027-02-28T18:15:00.000Z'],
    ['Pacific/Kiritimati', '2027-01-01', '2026-12-31T10:00:00.000Z'],
    ['Etc/GMT+12', '2027-01-01', '2027-01-01T12:00:00.000Z'],
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z'], // midnight skipped: the day starts at 01:00 −03
    ['America/Havana', '2026-11-01', '2026-11-01T04:00:00.000Z'], // midnight twice: the first one, −04
    ['UTC', '0050-03-01', '0050-03-01T00:00:00.000Z'], // not read as 1950
  ])('%s, %s: %s', (zone, date, instant) => {
    expect(startOfDate(date, zone).toISOString()).toBe(instant);
  });

  it('is the first instant of the date there: the millisecond before is the day before, in zones of every kind', () => {
    const zones = ['UTC', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Los_Angeles', 'America/St_Johns', 'Asia/Kolkata', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Pacific/Chatham'];
    for (const zone of zones) {
      for (let date = '2026-01-01'; date < '2028-01-01'; date = addDays(date, 1)) {
        const start = startOfDate(date, zone);
        expect(dateOf(start, zone), `${zone} ${date}`).toBe(date);
        expect(dateOf(new Date(start.getTime() - 1), zone), `${zone} ${date}`).toBe(addDays(date, -1));
      }
    }
  });
});

describe('isTimeZone', () => {
  it.each(['UTC', 'Etc/UTC', 'Europe/Berlin', 'europe/berlin', 'Asia/Kolkata', 'Asia/Calcutta', 'America/Los_Angeles', 'US/Pacific', 'Australia/Lord_Howe', 'Etc/GMT-14', 'Etc/GMT+12', 'America/Argentina/Buenos_Aires'])('accepts %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(['', ' Europe/Berlin', 'Europe/Berlin ', 'Mars/Olympus_Mons', 'Europe/Berlinn', '+05:30', '-08:00', 'UTC+2', 'GMT+1', 'Europe\\Berlin', 'local', '../../etc/passwd'])('refuses %j', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['europe/berlin', 'Europe/Berlin'], ['EUROPE/BERLIN', 'Europe/Berlin'], ['Europe/Berlin', 'Europe/Berlin'], ['utc', 'UTC'],
    ['etc/gmt-14', 'Etc/GMT-14'], ['america/los_angeles', 'America/Los_Angeles'],
    // Aliases keep the name given: the engine's own spelling may be the older name of the zone.
    ['Asia/Kolkata', 'Asia/Kolkata'], ['US/Pacific', 'US/Pacific'],
  ])('%s → %s', (given, expected) => {
    expect(canonicalTimeZone(given)).toBe(expected);
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
      expect(earliest <= dateOf(instant, 'UTC') && dateOf(instant, 'UTC') <= latest).toBe(true);
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
