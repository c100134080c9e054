import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import { AppError } from '@custodia/contracts';

/** Keyset cursors: the sort value and id of the last row, opaque to clients. */
export interface CursorValue { v: string | number; id: string }

export function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify([value.v, value.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorValue {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') && typeof parsed[1] === 'string') {
      return { v: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR');
}

/** Escapes LIKE wildcards in user text; queries use ESCAPE '\'. */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `expr LIKE pattern ESCAPE '\'`: SQLite has no default escape character, so the clause must be explicit. */
export const likeEscaped = (expr: Expression<unknown>, pattern: string): RawBuilder<SqlBool> => sql<SqlBool>`${expr} like ${pattern} escape '\\'`;

/** Text whose case SQLite's own lower() and LIKE can fold: ASCII. */
const ASCII = /^[\x00-\x7f]*$/;

/**
 * "`expr` contains `query`, ignoring case": `lower(expr) LIKE %query%` with the query lower-cased and its wildcards
 * escaped. SQLite's lower() folds ASCII only ("École" stays "École", so "école" never found it): a query with other
 * characters uses `unicode_lower`, which every SQLite connection registers (JavaScript's toLowerCase; a call into
 * JavaScript per row, so ASCII queries, most of them, keep the built-in). PostgreSQL's lower() follows the database's
 * locale.
 */
export function containsIgnoringCase(eb: ExpressionBuilder<any, any>, engine: 'sqlite' | 'postgres', expr: Expression<unknown> | string, query: string): RawBuilder<SqlBool> {
  const lower = engine === 'sqlite' && !ASCII.test(query) ? 'unicode_lower' : 'lower';
  return likeEscaped(eb.fn(lower, [typeof expr === 'string' ? eb.ref(expr) : expr]), `%${likeEscape(query.toLowerCase())}%`);
}
