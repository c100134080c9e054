/**
 * How dates read on every page, defined once. The contract keeps two kinds apart, and so does this module:
 * - a calendar date ("YYYY-MM-DD": `…On`, `…Date`, a warranty end) is a day with no time zone. It is shown as that
 *   day, never shifted: read as a timestamp it would show the day before west of UTC.
 * - an instant (an ISO timestamp: `…At`) is a moment. It is shown with its time in the reader's time zone
 *   (`dateTime`), or as the reader's day where the time says nothing useful (`instantDate`).
 * Both in the reader's locale, medium style: "2 Oct 2026", "2 Oct 2026, 14:05". Files people take away (CSV,
 * exports) keep ISO 8601 and never go through here.
 */

const EMPTY = '—';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** "2026-10-02": a calendar date as the API writes it. */
export const isCalendarDate = (v: unknown): v is string => typeof v === 'string' && CALENDAR_DATE.test(v);
/** "2026-10-02T14:05:00.000Z": an instant as the API writes it. */
export const isInstant = (v: unknown): v is string => typeof v === 'string' && INSTANT.test(v);

// Formatters are built once per page load: the locale and time zone are the browser's, and a table of dates would
// otherwise build one per cell.
let formats: { day: Intl.DateTimeFormat; month: Intl.DateTimeFormat; localDay: Intl.DateTimeFormat; moment: Intl.DateTimeFormat } | null = null;
function format() {
  formats ??= {
    day: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }),
    month: new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
    localDay: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }),
    moment: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
  };
  return formats;
}

/** A value that is not the date it should be is shown as it is, never as "Invalid Date" nor as an error. */
function written(f: Intl.DateTimeFormat, at: Date, raw: string): string {
  return Number.isNaN(at.getTime()) ? raw : f.format(at);
}

/** A calendar date (a due date, a warranty end) as the reader writes dates; "—" when there is none. */
export function calendarDate(day: string | null | undefined): string {
  if (!day) return EMPTY;
  const at = new Date(`${day}T00:00:00Z`);
  // The engine rolls 30 February over to March: a day that does not exist is shown as written.
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day ? format().day.format(at) : day;
}

/** A calendar month ("2026-11", a report's period) as the reader writes months: "Nov 2026"; as written when it is none. */
export function calendarMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? format().month.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : month;
}

/** An instant with its time, in the reader's time zone; "—" when there is none. */
export const dateTime = (instant: string | null | undefined): string =>
  (instant ? written(format().moment, new Date(instant), instant) : EMPTY);

/** The day an instant fell on where the reader is (a token's expiry, a last change in a list); "—" when there is none. */
export const instantDate = (instant: string | null | undefined): string =>
  (instant ? written(format().localDay, new Date(instant), instant) : EMPTY);

/**
 * A text that may be a date, where no field definition says (history of any record, a device's software): a calendar
 * date or an instant is shown as such, anything else as it is.
 */
export const dateOrText = (v: string): string => (isCalendarDate(v) ? calendarDate(v) : isInstant(v) ? dateTime(v) : v);

/** Today where the person is, as a calendar date: what the date fields they fill in start from. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
