/** Calendar dates (YYYY-MM-DD, no time zone) are kept apart from timestamps everywhere in the register. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // There is no year 0 (1 BC is followed by AD 1), and PostgreSQL's date type refuses it.
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/*
 * Date arithmetic on the proleptic Gregorian calendar in whole numbers (days since 1970-01-01), without Date objects:
 * Date.UTC reads the years 0–99 as 1900–1999, and the import computes an end of life per row.
 */
const isLeapYear = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m: number) => (m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!);

/** Days since 1970-01-01 of a date (H. Hinnant's days_from_civil). */
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The YYYY-MM-DD text of a day number (civil_from_days). */
function dateOfDayNumber(z: number): string {
  const days = z + 719468;
  const era = Math.floor(days / 146097);
  const doe = days - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return formatDate(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

const formatDate = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;

function dateParts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** The UTC calendar date of an instant: date arithmetic on UTC midnights, and the span of `todayAnywhere`. */
const utcDateOf = (instant: Date): string => instant.toISOString().slice(0, 10);

/**
 * Whether `name` is a time zone of the IANA database (`Europe/Berlin`, `Asia/Kolkata`, `UTC`, `Etc/GMT-14`), in the
 * spelling the engine accepts (any case). Offsets such as `+05:30` are not zones: they ignore daylight saving.
 */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    offsetFormat(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The usual spelling of a time zone name the engine accepts in any case (`europe/berlin` → `Europe/Berlin`, `utc` →
 * `UTC`), so the name shown and stored is the one people know. A name whose engine spelling is another zone's (the
 * engine's data may call `Asia/Kolkata` by its older name `Asia/Calcutta`) is kept as given: both are correct.
 */
export function canonicalTimeZone(name: string): string {
  const resolved = offsetFormat(name).resolvedOptions().timeZone;
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

// Building a DateTimeFormat costs far more than using one (tens of microseconds against one or two), and dates are
// taken per row in reports: one formatter per zone, kept for the life of the process (there are a few hundred zones).
const OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat>();
function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = OFFSET_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US-u-nu-latn', { timeZone, timeZoneName: 'longOffset' });
    OFFSET_FORMATS.set(timeZone, format);
  }
  return format;
}

/** "GMT", "GMT+05:30", "GMT-09:30", or with seconds for historical local mean time ("GMT+05:53:28"). */
const OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** The offset from UTC of `timeZone` at `instant`, in milliseconds (east positive): daylight saving included. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const name = offsetFormat(timeZone).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = OFFSET.exec(name);
  if (!m) throw new RangeError(`Cannot read the offset of ${timeZone} at ${instant.toISOString()} ("${name}")`);
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
}

/**
 * The calendar date of an instant in `timeZone` (an IANA zone, see `isTimeZone`): the organisation's "today" and the
 * day a fact it records happened (last verified, an assignment's start, when a plan falls due). The date is that of the
 * local wall clock, daylight saving and half-hour offsets included, in the proleptic Gregorian calendar like every
 * other date here. Deterministic: the same instant and zone give the same date (for the engine's zone database).
 */
export function dateOf(instant: Date, timeZone: string): string {
  if (timeZone === 'UTC') return utcDateOf(instant);
  return utcDateOf(new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)));
}

const HOUR = 3_600_000;
const DAY_MS = 24 * HOUR;

/**
 * The first instant of a calendar date in `timeZone`: its local midnight — the first one where clocks turned back
 * over midnight (Havana on 1 November 2026 has two), or, where they jump over it (Santiago starts daylight saving at
 * 00:00), the instant of the jump. Reports cut periods (months, days) of the organisation's zone at these instants.
 */
export function startOfDate(date: string, timeZone: string): Date {
  const [y, m, d] = dateParts(date);
  const base = dayNumber(y, m, d) * DAY_MS;
  if (timeZone === 'UTC') return new Date(base);
  // Local midnight is base − the offset in force then: read first at base, then at the instant it gives.
  let t = base - zoneOffsetMs(new Date(base), timeZone);
  t = base - zoneOffsetMs(new Date(t), timeZone);
  const starts = (at: number) => dateOf(new Date(at), timeZone) >= date;
  if (starts(t) && !starts(t - 1)) return new Date(t);
  // Midnight is missing or doubled: the first instant of the date lies within three hours of it (no zone moves more).
  let lo = t - 3 * HOUR;
  let hi = t + 3 * HOUR;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (starts(mid)) hi = mid; else lo = mid;
  }
  return new Date(hi);
}

/**
 * The calendar dates that are "today" somewhere on Earth at `instant`, whose local times run from UTC−12 to UTC+14.
 * A date a person enters is a date of their own time zone, which the server does not know, so a check of such a date
 * against today uses this span and never refuses a date that is today where the person is: "not after today" allows
 * up to `latest`, "not before today" from `earliest`, and "after today" needs a date after `earliest`. Facts the
 * server records itself (last verified, an assignment's start) are of the organisation's zone, `dateOf`.
 */
export function todayAnywhere(instant: Date): { earliest: string; latest: string } {
  return { earliest: utcDateOf(new Date(instant.getTime() - 12 * HOUR)), latest: utcDateOf(new Date(instant.getTime() + 14 * HOUR)) };
}

/**
 * The day an assignment period ends, or the next one starts, when the work is dated `on` and the period before it began
 * (or ended) on `boundary`: `on` when it is not earlier; `boundary` when both are today somewhere (`earliestToday`
 * from `todayAnywhere`: the today of a person west of the organisation's zone is the organisation's yesterday, and a
 * same-day return must not look like one before the loan); null when `on` really is earlier.
 */
export function dayNotBefore(on: string, boundary: string, earliestToday: string): string | null {
  if (on >= boundary) return on;
  return on >= earliestToday && boundary >= earliestToday ? boundary : null;
}

/** The calendar date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return dateOfDayNumber(dayNumber(y, m, d) + days);
}

/** The same day of the month `months` months later (earlier when negative), or that month's last day when it is shorter. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = dateParts(date);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return formatDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/**
 * The end of life a catalogue model gives an asset bought on `purchaseDate`: the model's fixed date, or its lifetime in
 * months after the purchase; null when the model gives neither (or a lifetime without a purchase date).
 */
export function catalogueEolDate(model: { eolDate: string | null; eolMonths: number | null }, purchaseDate: string | null): string | null {
  return model.eolDate ?? (model.eolMonths && purchaseDate ? addMonths(purchaseDate, model.eolMonths) : null);
}
