import { type Tables, newId, readJson, writeJson } from '@custodia/data';
import type { Kysely } from 'kysely';
import type { SecurityEventKind } from '@custodia/domain';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import type { Context } from '../shared/context.js';
import { loginKey } from './accounts.js';
import { equalsFolded } from '../shared/search-sql.js';

export interface SecurityEvent {
  kind: SecurityEventKind;
  outcome: 'success' | 'failure' | 'denied';
  accountId?: string | null;
  login?: string | null;
  ip?: string | null;
  method?: string | null;
  route?: string | null;
  status?: number | null;
  requestId?: string | null;
  detail?: Record<string, unknown> | null;
}

/**
 * Appends to the security log (ASVS 16.3): sign-ins, sign-outs, credential changes and every authentication or
 * authorisation failure. Written outside the failed request's transaction, so a refused request still leaves its trace.
 */
export async function logSecurityEvent(db: Kysely<Tables>, at: Date, e: SecurityEvent): Promise<void> {
  await db.insertInto('security_log').values({
    id: newId(at.getTime()), occurred_at: at.toISOString(), kind: e.kind, outcome: e.outcome, account_id: e.accountId ?? null,
    login: e.login ? e.login.slice(0, 200) : null, ip: e.ip ?? null, method: e.method ?? null, route: e.route ? e.route.slice(0, 500) : null,
    status: e.status ?? null, request_id: e.requestId ?? null, detail: e.detail ? writeJson(e.detail) : null,
  }).execute();
}

export interface SecurityLogFilter {
  limit: number; cursor?: string | undefined; accountId?: string | undefined; kind?: string | undefined; outcome?: string | undefined; login?: string | undefined;
  /** Instants (ISO 8601): at or after `from`, before `to`. */
  from?: string | undefined; to?: string | undefined;
}

/** The security log, newest first, keyset-paginated; optionally one account's entries, one kind, one outcome, one login, a time range. */
export async function listSecurityLog(ctx: Context, query: SecurityLogFilter) {
  let q = ctx.database.db.selectFrom('security_log').selectAll().orderBy('id', 'desc').limit(query.limit + 1);
  if (query.accountId) q = q.where('account_id', '=', query.accountId);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.outcome) q = q.where('outcome', '=', query.outcome);
  // A login: the entries of the account with that login, and those naming it (sign-ins with a login that matches no account).
  if (query.login) {
    const login = query.login.trim();
    q = q.where((eb) => eb.or([
      equalsFolded(eb, ctx.database.engine, 'login', login),
      eb('account_id', 'in', eb.selectFrom('accounts').select('id').where('login_key', '=', loginKey(login))),
    ]));
  }
  // Stored as ISO-8601 UTC text on SQLite: compare with the same form (on PostgreSQL, timestamptz compares as instants).
  if (query.from) q = q.where('occurred_at', '>=', new Date(query.from).toISOString());
  if (query.to) q = q.where('occurred_at', '<', new Date(query.to).toISOString());
  if (query.cursor) q = q.where('id', '<', String(decodeCursor(query.cursor).v));
  const rows = await q.execute();
  const items = rows.slice(0, query.limit).map((r) => ({
    id: r.id, occurredAt: r.occurred_at, kind: r.kind, outcome: r.outcome, accountId: r.account_id, login: r.login, ip: r.ip, method: r.method,
    route: r.route, status: r.status === null ? null : Number(r.status), requestId: r.request_id, detail: readJson<Record<string, unknown> | null>(r.detail, null),
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.id, id: last.id }) : null };
}
