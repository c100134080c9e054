import { AppError } from '@custodia/contracts';
import { isCalendarDate } from '@custodia/domain';

/**
 * Keyset cursors: the sort value and id of the last row, opaque to clients, and, where a list sorts several ways, the
 * sort key it was made for (`k`): a cursor is only valid for that sort.
 */
export interface CursorValue { v: string | number; id: string; k?: string }

export function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify(value.k === undefined ? [value.v, value.id] : [value.v, value.id, value.k])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorValue {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    // NUL never occurs in a stored value (PostgreSQL text cannot hold it, and would fail the query).
    if (Array.isArray(parsed) && (parsed.length === 2 || (parsed.length === 3 && typeof parsed[2] === 'string'))
      && (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') && typeof parsed[1] === 'string'
      && !parsed.some((part) => typeof part === 'string' && part.includes('\u0000'))) {
      return parsed.length === 3 ? { v: parsed[0], id: parsed[1], k: parsed[2] as string } : { v: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR');
}

/** A cursor holding a whole number (a sequence number, an offset): anything else, or one beyond 2^53, is 400 INVALID_CURSOR. */
export function decodeIntegerCursor(cursor: string): number {
  const v = decodeCursor(cursor).v;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new AppError('INVALID_CURSOR');
  return v;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
/** An ISO-8601 instant on a real day at a real time (2026-02-30 has the shape, but PostgreSQL refuses to cast it). */
export const isInstant = (v: unknown): v is string => typeof v === 'string' && INSTANT.test(v) && isCalendarDate(v.slice(0, 10));

/**
 * The cursor of a list sorted by an instant: anything else in it is 400 INVALID_CURSOR on both engines. PostgreSQL
 * compares the value with a timestamptz column and fails on text that is not one (a 500), where SQLite compared it as
 * text and answered some page.
 */
export function decodeInstantCursor(cursor: string): CursorValue & { v: string } {
  const c = decodeCursor(cursor);
  if (!isInstant(c.v)) throw new AppError('INVALID_CURSOR');
  return { ...c, v: c.v };
}

/**
 * The cursor of a list that sorts several ways, checked against the order asked for now: one made for another order is
 * 400 INVALID_CURSOR (read as this order's key, it would answer some wrong page). A cursor without an order, made
 * before cursors named theirs, is taken as it comes.
 */
export function decodeCursorFor(cursor: string, order: string, instant: true): CursorValue & { v: string };
export function decodeCursorFor(cursor: string, order: string, instant?: boolean): CursorValue;
export function decodeCursorFor(cursor: string, order: string, instant = false): CursorValue {
  const c = instant ? decodeInstantCursor(cursor) : decodeCursor(cursor);
  if (c.k !== undefined && c.k !== order) throw cursorOfAnotherOrder();
  return c;
}

/** The refusal of a cursor made for another order of the same list. */
export const cursorOfAnotherOrder = () => new AppError('INVALID_CURSOR', 'This cursor belongs to another sort order: start again from the first page');
