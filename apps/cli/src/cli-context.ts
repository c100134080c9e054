import { userInfo } from 'node:os';
import { type Database, openDatabase, resolveDatabaseTarget } from '@custodia/data';
import { type Context, FULL_ACCESS, bootstrapRegister } from '@custodia/core';

/** Opens the configured database (migrating it) and builds the use-case context of a CLI run. */
export async function openCliContext(source: 'cli' | 'import' | 'agent' = 'cli'): Promise<{ ctx: Context; database: Database }> {
  const database = await openDatabase(resolveDatabaseTarget());
  const actor = `cli:${process.env['CUSTODIA_ACTOR'] ?? safeUser()}`;
  const ctx: Context = { database, actor, source, requestId: null, now: () => new Date(), access: FULL_ACCESS };
  await bootstrapRegister({ ...ctx, source: 'system' });
  return { ctx, database };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Prints an error the way a person can act on it, and sets a non-zero exit code. */
export function reportError(error: unknown): void {
  const e = error as { code?: string; message?: string; syscall?: string; path?: string; extra?: { report?: { problems: { line: number; column?: string; code: string; message: string }[] } } };
  process.stderr.write(`custodia: ${systemMessage(e) ?? `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`}\n`);
  const problems = e.extra?.report?.problems ?? [];
  for (const p of problems.slice(0, 50)) process.stderr.write(`  line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.code}: ${p.message}\n`);
  if (problems.length > 50) process.stderr.write(`  … and ${problems.length - 50} more (use --report to write them all)\n`);
  process.exitCode = 1;
}

/**
 * A file-system error as a person reads it: "data.csv: no such file or directory (ENOENT)" rather than Node's
 * "ENOENT: no such file or directory, open 'data.csv'". Null for any other error.
 */
function systemMessage(e: { code?: string; message?: string; syscall?: string; path?: string }): string | null {
  if (typeof e.syscall !== 'string' || typeof e.code !== 'string') return null;
  const reason = (e.message ?? '').replace(/^[A-Z0-9_]+: /, '').replace(/, [a-z_]+(?: '[^']*')*$/, '');
  return `${e.path ? `${e.path}: ` : ''}${reason} (${e.code})`;
}
