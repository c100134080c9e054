import { dateOf } from '@custodia/domain';
import type { Context } from './context.js';

/**
 * Dates the server decides itself are calendar facts of the organisation, so they are taken in its time zone
 * (`Context.timeZone`, CUSTODIA_TIME_ZONE): today (key dates, overdue verifications and plans), and the day something
 * it records happened (last verified, last seen, an assignment's start, a discrepancy's due date). An audit closed at
 * 09:00 on Monday in Sydney is verified on Monday, though it is still Sunday in UTC. Instants (`*_at`) stay instants;
 * a date a person enters is judged against `todayAnywhere` instead, since it is a date of their own zone.
 */
export const todayOf = (ctx: Pick<Context, 'now' | 'timeZone'>): string => dateOf(ctx.now(), ctx.timeZone);

/** The organisation's calendar date at `instant` (a Date, or an ISO timestamp as the database and runChange give it). */
export const localDateOf = (ctx: Pick<Context, 'timeZone'>, instant: Date | string): string =>
  dateOf(typeof instant === 'string' ? new Date(instant) : instant, ctx.timeZone);
