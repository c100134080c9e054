import { addDays, addMonths } from '../register/dates.js';

/**
 * Recurring audit plans (cycle counting, ITAM practice guide Table 3.6 "schedule at planned intervals"): a plan that
 * recurs every N days, weeks or months keeps one schedule anchored on a date — its occurrences are the anchor plus
 * 0, 1, 2, … intervals, each month counted from the anchor (so a plan anchored on 31 January falls on the last day of
 * February and on 31 March again, never drifting to the 28th). Pure date arithmetic on calendar dates (`YYYY-MM-DD`).
 */

export const RECURRENCE_UNITS = ['days', 'weeks', 'months'] as const;
export type RecurrenceUnit = (typeof RECURRENCE_UNITS)[number];

/** The longest interval of each unit: two years, whichever way it is counted. */
export const RECURRENCE_MAX: Readonly<Record<RecurrenceUnit, number>> = { days: 731, weeks: 104, months: 24 };

export interface Recurrence { every: number; unit: RecurrenceUnit }

/** The k-th occurrence of a schedule anchored on `anchorOn` (k = 0 is the anchor itself). */
export function occurrence(anchorOn: string, rule: Recurrence, k: number): string {
  switch (rule.unit) {
    case 'days': return addDays(anchorOn, k * rule.every);
    case 'weeks': return addDays(anchorOn, k * rule.every * 7);
    case 'months': return addMonths(anchorOn, k * rule.every);
  }
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const monthNumber = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/** The first occurrence of the schedule strictly after `after` (the anchor itself when it is later). */
export function nextOccurrence(anchorOn: string, rule: Recurrence, after: string): string {
  if (anchorOn > after) return anchorOn;
  const span = rule.unit === 'months' ? monthNumber(after) - monthNumber(anchorOn) : dayNumber(after) - dayNumber(anchorOn);
  const step = rule.unit === 'weeks' ? rule.every * 7 : rule.every;
  // An estimate one interval short at most (a month clamped to its last day may fall before `after`); step on from it.
  let k = Math.max(0, Math.floor(span / step));
  while (occurrence(anchorOn, rule, k) <= after) k += 1;
  return occurrence(anchorOn, rule, k);
}

/**
 * The date a recurring plan is due next once a run of it is completed (closed) on `closedOn`. The run satisfies the
 * date the plan was due (`dueOn`, a date of the schedule); the next date counts on from that one by the plan's
 * interval, never from the day of the close, so cycles do not drift however early or late their runs are. Dates
 * already past when the run closes (and the close's own day) are skipped: one run stands for one cycle, and the plan
 * is next due on the schedule's first date after both `dueOn` and `closedOn` — a run done early counts for the date it
 * was due, one done late for the dates that passed meanwhile.
 */
export function nextDueAfterRun(anchorOn: string, rule: Recurrence, dueOn: string, closedOn: string): string {
  return nextOccurrence(anchorOn, rule, dueOn > closedOn ? dueOn : closedOn);
}

/** Whether two recurrences are the same rule (both none, or the same interval in the same unit). */
export function sameRecurrence(a: Recurrence | null, b: Recurrence | null): boolean {
  return a === null || b === null ? a === b : a.every === b.every && a.unit === b.unit;
}

/** Whether a recurrence is well formed: a whole number of units from 1 to the unit's maximum. */
export function checkRecurrence(rule: Recurrence): { ok: true } | { ok: false; reason: string } {
  const max = RECURRENCE_MAX[rule.unit];
  if (!Number.isInteger(rule.every) || rule.every < 1 || rule.every > max) return { ok: false, reason: `Every 1 to ${max} ${rule.unit}` };
  return { ok: true };
}

/** Plan statuses that mean "still to be done": planned, or a run in progress. */
export const PLAN_STATUSES_TO_DO = ['planned', 'in_progress'] as const;

/**
 * Overdue means "not done": a plan is overdue from the day after its due date while it is still to be done (planned,
 * or a run in progress). Time alone never clears it — a missed date is not skipped, nor moved on to the next date of a
 * recurring schedule — and starting a run does not either: only completing a run does (a one-off plan is then
 * completed; a recurring one is due on its next date, `nextDueAfterRun`), or a person cancelling the plan or giving it
 * a new due date.
 */
export function isPlanOverdue(plan: { dueOn: string | null; status: string }, today: string): boolean {
  return plan.dueOn !== null && plan.dueOn < today && (PLAN_STATUSES_TO_DO as readonly string[]).includes(plan.status);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}
