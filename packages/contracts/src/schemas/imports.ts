import { z } from 'zod';
import { Currency, Id, ShortText, Timestamp } from './common.js';

export const ImportKindParams = z.strictObject({ kind: z.enum(['assets', 'people', 'locations', 'models']) });

export const ImportQuery = z.strictObject({
  mode: z.enum(['create', 'upsert']).default('create').describe('create: matches are left alone; upsert: matches are updated'),
  dryRun: z.enum(['true', 'false']).default('false').describe('Check every row and report; write nothing'),
  currency: Currency.optional().describe('Currency of purchase costs when the file has no currency column (assets)'),
  fileName: ShortText.optional().describe('Original file name, kept in the import record'),
});

export const ImportProblem = z.object({ line: z.number().int(), column: z.string().optional(), code: z.string(), message: z.string() });

export const ImportReport = z.object({
  importId: Id.nullable(),
  applied: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  problems: z.array(ImportProblem),
});

/** `GET /api/v1/imports/{kind}/columns`: the columns a file of this kind may have; headers match a name or an alias ignoring case, spaces, '_', '-' and '.'. */
export const ImportColumns = z.object({
  kind: z.string(),
  columns: z.array(z.object({ name: z.string().describe('Canonical column name'), aliases: z.array(z.string()).describe('Other accepted header spellings') })),
});

export const ImportRun = z.object({
  id: Id, kind: z.string(), fileName: z.string(), fileSha256: z.string(), mode: z.string(), status: z.string(), rows: z.number().int(),
  created: z.number().int(), updated: z.number().int(), skipped: z.number().int(), actor: z.string(), startedAt: Timestamp,
  finishedAt: Timestamp.nullable(), report: z.record(z.string(), z.unknown()),
});
