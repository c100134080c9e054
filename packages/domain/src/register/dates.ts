/** Calendar dates (YYYY-MM-DD, no time zone) are kept apart from timestamps everywhere in the register. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // There is no year 0 (1 BC is followed by AD 1), and PostgreSQL's date type refuses it.
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/** The calendar date of an instant, in UTC. */
export function dateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

const HOUR = 3_600_000;

/**
 * The calendar dates that are "today" somewhere on Earth at `instant`, whose local times run from UTC−12 to UTC+14.
 * A date a person enters is a date of their own time zone, which the server does not know, so a check of such a date
 * against today uses this span and never refuses a date that is today where the person is: "not after today" allows
 * up to `latest`, "not before today" from `earliest`, and "after today" needs a date after `earliest`. Facts the
 * server records itself (last seen, last verified, an assignment's start) stay on the UTC date, `dateOf`.
 */
export function todayAnywhere(instant: Date): { earliest: string; latest: string } {
  return { earliest: dateOf(new Date(instant.getTime() - 12 * HOUR)), latest: dateOf(new Date(instant.getTime() + 14 * HOUR)) };
}

/**
 * The day an assignment period ends, or the next one starts, when the work is dated `on` and the period before it began
 * (or ended) on `boundary`: `on` when it is not earlier; `boundary` when both are today somewhere (`earliestToday`
 * from `todayAnywhere`: the person's today west of UTC is the server's yesterday, and a same-day return must not look
 * like one before the loan); null when `on` really is earlier.
 */
export function dayNotBefore(on: string, boundary: string, earliestToday: string): string | null {
  if (on >= boundary) return on;
  return on >= earliestToday && boundary >= earliestToday ? boundary : null;
}

/** The calendar date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return dateOf(new Date(Date.UTC(y, m - 1, d + days)));
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return dateOf(target);
}

/**
 * The end of life a catalogue model gives an asset bought on `purchaseDate`: the model's fixed date, or its lifetime in
 * months after the purchase; null when the model gives neither (or a lifetime without a purchase date).
 */
export function catalogueEolDate(model: { eolDate: string | null; eolMonths: number | null }, purchaseDate: string | null): string | null {
  return model.eolDate ?? (model.eolMonths && purchaseDate ? addMonths(purchaseDate, model.eolMonths) : null);
}
