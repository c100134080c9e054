import { AppError, type ErrorCode } from '@custodia/contracts';

/** Recognises constraint failures of either engine so a race that slips past our checks still answers 409, not 500. */
export function constraintKind(error: unknown): 'unique' | 'foreign_key' | null {
  const e = error as { code?: string; message?: string } | null;
  if (!e || typeof e !== 'object') return null;
  if (e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
  if (e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign_key';
  return null;
}

export function mapConstraintError(error: unknown, unique: ErrorCode = 'UNIQUE_VIOLATION', fk: ErrorCode = 'REFERENCE_NOT_FOUND'): never {
  const kind = constraintKind(error);
  if (kind === 'unique') throw new AppError(unique);
  if (kind === 'foreign_key') throw new AppError(fk);
  throw error;
}

/** PostgreSQL SQLSTATEs a retry may get past: serialisation failure, deadlock, the server shutting down or starting. */
const PG_TRANSIENT = new Set(['40001', '40P01', '57P01', '57P02', '57P03']);
/** The connection itself failed (the server went away, a network partition, a connection killed mid-transaction). */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
const PG_CONNECTION_LOST = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/;

/**
 * A failure of the database that is not the request's fault and may pass (security test plan FT-03, FT-04, FT-05,
 * FT-08), so the client hears 503 and retries; the transaction was rolled back, so nothing of it was written:
 * - SQLite: still busy after the busy timeout or locked; the disk full (SQLITE_FULL) or failing (SQLITE_IOERR);
 * - PostgreSQL: the SQLSTATEs above, class 08 (connection exception) and class 53 (insufficient resources: disk full,
 *   out of memory, too many connections);
 * - the connection to the server refused, reset or cut: node-postgres says so in messages without a code, and a
 *   transaction whose connection died fails on its ROLLBACK with "not queryable" (which hides the first error);
 * - no connection within CUSTODIA_PG_CONNECT_TIMEOUT_MS ("timeout exceeded when trying to connect" from the pool,
 *   "Connection terminated due to connection timeout" from a connect the server never answered).
 */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR)/.test(code)) return true;
  if (PG_TRANSIENT.has(code) || /^(08|53)[0-9A-Z]{3}$/.test(code) || NETWORK.has(code)) return true;
  return code === '' && typeof e.message === 'string' && PG_CONNECTION_LOST.test(e.message);
}
