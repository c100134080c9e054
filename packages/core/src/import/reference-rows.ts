import type { z } from 'zod';
import { AppError } from '@custodia/contracts';
import { comparisonKey, diffRecords } from '@custodia/domain';
import { type EventInput, newId } from '@custodia/data';
import { applyReferenceUpdate, insertReference } from '../reference/crud.js';
import type { AnyResource } from '../reference/resource.js';
import { constraintKind } from '../shared/db-errors.js';
import type { NameIndex } from './lookups.js';
import type { ImportRun } from './run-import.js';
import type { SourceRow } from './source-row.js';

/** One identity of a record, e.g. its e-mail: `key` is compared case-insensitively, `what` names it in messages. */
export interface IdentityKey { column: string; what: string; key: string }

/** A row that passed its own checks: the record it describes and the keys that identify it, in match order. */
export interface ReferenceCandidate {
  line: number;
  /** Validated create input, API field names. */
  input: Record<string, unknown>;
  /** Fields whose cells were filled in: an upsert changes only these. */
  given: string[];
  keys: IdentityKey[];
}

export interface ReferenceImport {
  res: AnyResource;
  /** API field → file column, for problems raised while writing. */
  columnOf: Record<string, string>;
  /** Records already in the register, by identity key. */
  identity: NameIndex;
  /** Makes a written (or, after a problem, merely checked) record known to later rows of the file. */
  remember(id: string, c: ReferenceCandidate): void;
  /** An upsert's patch of a matched record, from the record as it is (e.g. a contact added to its list, not replacing it). */
  mergePatch?(before: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown>;
}

const asImport = (events: EventInput[]): EventInput[] => events.map((e) => ({ ...e, action: 'import' as const }));

/**
 * Returns the step that writes one checked row: a duplicate of an earlier row is refused, a match of an existing
 * record (first key that finds one; keys pointing at different records are refused) is skipped in `create` mode and
 * patched in `upsert` mode, anything else is created. Once the import has a problem nothing more is written, but
 * rows are still checked and remembered under a stand-in id so the report covers the whole file.
 */
export function referenceWriter(run: ImportRun, spec: ReferenceImport): (c: ReferenceCandidate) => Promise<string | undefined> {
  const seen = new Map<string, number>();
  const entity = spec.res.entity.replace('_', ' ');
  return async (c) => {
    const problem = (column: string, code: string, message: string) => { run.problem({ line: c.line, column, code, message }); return undefined; };
    for (const k of c.keys) {
      const first = seen.get(comparisonKey(k.key));
      if (first !== undefined) return problem(k.column, 'DUPLICATE_IN_FILE', `Same ${k.what} as line ${first}`);
    }
    const found = c.keys.map((k) => ({ ...k, id: spec.identity.find(k.key) }));
    const match = found.find((f) => f.id !== undefined);
    if (match?.id === null) return problem(match.column, 'MATCH_AMBIGUOUS', `Several existing ${entity}s have this ${match.what}; the row cannot be matched to one`);
    const other = found.find((f) => f.id && f.id !== match?.id);
    if (match && other) return problem(other.column, 'MATCH_CONFLICT', `The ${match.what} matches one existing ${entity} and the ${other.what} another`);
    for (const k of c.keys) seen.set(comparisonKey(k.key), c.line);

    const writing = run.report.problems.length === 0;
    let id = match?.id ?? newId();
    try {
      if (!match) {
        if (writing) {
          const r = await insertReference<{ id: string }>(run.tx, spec.res, c.input, run.now);
          id = r.out.id;
          await run.emit(asImport(r.events));
        }
        run.report.created++;
      } else if (run.options.mode === 'create' || !writing) {
        run.report.skipped++;
      } else {
        const row = await run.tx.selectFrom(spec.res.table).selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Record<string, unknown>;
        const before = spec.res.present(row) as Record<string, unknown>;
        const given = Object.fromEntries(c.given.map((f) => [f, c.input[f] ?? null]));
        const patch = spec.mergePatch ? spec.mergePatch(before, given) : given;
        if (Object.keys(diffRecords(Object.fromEntries(c.given.map((f) => [f, before[f]])), patch)).length === 0) {
          run.report.skipped++;
        } else {
          const r = await applyReferenceUpdate(run.tx, spec.res, id, Number(row['version']), patch, run.now);
          await run.emit(asImport(r.events));
          run.report.updated++;
        }
      }
    } catch (error) {
      if (error instanceof AppError) {
        const first = error.errors[0];
        return problem(spec.columnOf[first?.field ?? ''] ?? first?.field ?? '', first?.code ?? error.code, first?.message ?? error.message);
      }
      const kind = constraintKind(error);
      if (kind === 'unique') return problem('', 'UNIQUE_VIOLATION', `Another ${entity} already has one of these unique values`);
      if (kind === 'foreign_key') return problem('', 'REFERENCE_NOT_FOUND', 'A referenced record does not exist');
      throw error;
    }
    spec.remember(id, c);
    return id;
  };
}

type Index = Pick<NameIndex, 'find'>;

/** Reads the cells of one row and collects its problems. */
export class RowReader {
  readonly problems: { column: string; code: string; message: string }[] = [];
  constructor(private readonly row: SourceRow, private readonly run: ImportRun) {}

  problem(column: string, code: string, message: string): void {
    this.problems.push({ column, code, message });
    this.run.problem({ line: this.row.line, column, code, message });
  }

  /** The trimmed cell, or undefined when empty or absent. */
  text(column: string): string | undefined {
    return this.row.cells[column]?.trim() || undefined;
  }

  /** A number when the cell holds one; other text is passed on for validation to refuse. */
  number(column: string): number | string | undefined {
    const v = this.text(column);
    return v !== undefined && /^[+-]?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }

  boolean(column: string): boolean | undefined {
    const v = this.text(column)?.toLowerCase();
    if (v === undefined) return undefined;
    if (['true', 'yes', 'y', '1'].includes(v)) return true;
    if (['false', 'no', 'n', '0'].includes(v)) return false;
    this.problem(column, 'INVALID_VALUE', `"${this.text(column)}" is not true/false, yes/no or 1/0`);
    return undefined;
  }

  /** Resolves a reference by code, name or e-mail; unknown and ambiguous values are problems. */
  ref(column: string, index: Index, what: string, hint: string): string | undefined {
    const v = this.text(column);
    if (!v) return undefined;
    const id = index.find(v);
    if (id === undefined) this.problem(column, 'REFERENCE_NOT_FOUND', `Unknown ${what} "${v}"`);
    else if (id === null) this.problem(column, 'REFERENCE_AMBIGUOUS', `Several ${what}s are called "${v}": use the ${hint}`);
    return id ?? undefined;
  }

  /** Validates the input with its create schema; issues on columns that already have a problem are not repeated. */
  validate<S extends z.ZodType>(schema: S, input: Record<string, unknown>, columnOf: Record<string, string>): z.output<S> | undefined {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = columnOf[field] ?? field;
        if (!this.problems.some((p) => p.column === column)) this.problem(column, issue.message.match(/^TEXT_[A-Z_]+$/)?.[0] ?? 'INVALID_VALUE', issue.message);
      }
    }
    return parsed.success && this.problems.length === 0 ? parsed.data : undefined;
  }
}
