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
