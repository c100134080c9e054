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

/** SQLite busy after the timeout, or a PostgreSQL connection/serialisation failure: tell the client to retry. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return code === 'SQLITE_BUSY' || code === '40001' || code === '40P01' || code === '57P01' || code === 'ECONNREFUSED';
}
