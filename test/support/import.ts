import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { AppError } from '@custodia/contracts';
import type { Tables } from '@custodia/data';
import { type Context, type ImportOptions, type ImportReport, type SourceRow, bootstrapRegister, systemContext } from '@custodia/core';
import type { TestDatabase, TestEngine } from './databases.js';

/** An import source in memory: each record becomes a row, numbered from line 2 (line 1 being the header). */
export async function* rowsOf(records: Record<string, string>[]): AsyncGenerator<SourceRow> {
  let line = 2;
  for (const cells of records) yield { line: line++, cells };
}

/** Import options for a file; each call is a different file unless `sha` is given. */
export function opts(over: Partial<ImportOptions> = {}): ImportOptions {
  return { mode: 'create', dryRun: false, fileName: 'test.csv', fileSha256: randomUUID(), ...over };
}

/** A fresh database with the default asset types and a context whose changes come from an import. */
export async function openImportDb(engine: TestEngine): Promise<{ db: TestDatabase; ctx: Context }> {
  const db = await engine.open();
  await bootstrapRegister(systemContext(db, 'system'));
  return { db, ctx: systemContext(db, 'import', 'tester') };
}

export async function count(db: TestDatabase, table: keyof Tables): Promise<number> {
  const r = await db.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Runs an import that must be refused and returns its report; checks that no row of `tables` nor any event was written. */
export async function refused(db: TestDatabase, tables: (keyof Tables)[], run: () => Promise<ImportReport>): Promise<ImportReport> {
  const watched = [...tables, 'events', 'import_runs'] as (keyof Tables)[];
  const before = await Promise.all(watched.map((t) => count(db, t)));
  const error = await run().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('IMPORT_INVALID');
  expect(await Promise.all(watched.map((t) => count(db, t)))).toEqual(before);
  return (error as AppError & { extra: { report: ImportReport } }).extra.report;
}

/** The history events of the entity type written by imports. */
export async function importEvents(db: TestDatabase, entityType: string) {
  return db.db.selectFrom('events').selectAll().where('entity_type', '=', entityType).orderBy('seq').execute();
}
