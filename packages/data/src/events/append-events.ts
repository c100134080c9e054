import { hash as digest } from 'node:crypto';
import { type EventAction, type EventContent, type EventSource, type FieldChanges, chainTextOf, storedChangesText } from '@custodia/domain';
import { CompiledQuery, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Tables } from '../schema.js';
import { webhookOutbox } from './webhook-outbox.js';

interface EventTarget {
  entityType: string;
  entityId: string;
  action: EventAction;
}

/**
 * One history event to append: its changes as an object, or already rendered in their stored form (`changesText`,
 * which must equal `storedChangesText(changes)`: producers that build many events, like imports, render them directly).
 */
export type EventInput = EventTarget & ({ changes: FieldChanges; changesText?: undefined } | { changes?: undefined; changesText: string });

export interface EventMeta {
  actor: string;
  source: EventSource;
  reason: string | null;
  requestId: string | null;
  occurredAt: string;
}

/** SHA-256 of the UTF-8 text, in hex (one-shot: cheaper than a Hash object per event). */
export const sha256 = (text: string): string => digest('sha256', text, 'hex');

const BATCH = 400;

/**
 * Appends events to the hash chain inside the caller's transaction, so the change and its history commit together.
 * The chain head row is updated first: on PostgreSQL that row lock serialises appenders; SQLite has one writer anyway.
 */
export async function appendEvents(trx: Transaction<Tables>, inputs: readonly EventInput[], meta: EventMeta): Promise<number> {
  if (inputs.length === 0) return 0;
  await trx.updateTable('event_chain').set((eb) => ({ last_seq: eb.ref('last_seq') })).where('id', '=', 1).execute();
  const head = await trx.selectFrom('event_chain').select(['last_seq', 'last_hash', 'webhooks_stamp']).where('id', '=', 1).executeTakeFirstOrThrow();
  // Webhooks cost nothing while there are none: the stamp comes with the head row read anyway, and is '' until the
  // first webhook is registered; after that, the active ones are cached by stamp (`webhook-outbox.ts`).
  const outbox = head.webhooks_stamp === '' ? null : await webhookOutbox(trx, head.webhooks_stamp);
  const flush = async (batch: Tables['events'][]) => {
    await insertRows(trx, 'events', batch);
    if (outbox) {
      const deliveries = await outbox(batch);
      if (deliveries.length) await insertRows(trx, 'webhook_deliveries', deliveries);
    }
  };
  let seq = Number(head.last_seq);
  let prevHash = head.last_hash;
  let rows: Tables['events'][] = [];
  for (const input of inputs) {
    seq += 1;
    const content: Omit<EventContent, 'changes'> = {
      seq,
      entityType: input.entityType,
      entityId: input.entityId,
      action: input.action,
      actor: meta.actor,
      source: meta.source,
      reason: meta.reason,
      requestId: meta.requestId,
      occurredAt: meta.occurredAt,
      prevHash,
    };
    // The changes are rendered once: the stored text is exactly what the hash signs.
    const changes = input.changesText ?? storedChangesText(input.changes);
    const hash = sha256(chainTextOf(content, changes));
    rows.push({
      seq, entity_type: content.entityType, entity_id: content.entityId, action: content.action, actor: content.actor, source: content.source,
      reason: content.reason, request_id: content.requestId, occurred_at: content.occurredAt, changes, prev_hash: prevHash, hash,
    });
    prevHash = hash;
    if (rows.length === BATCH) {
      await flush(rows);
      rows = [];
    }
  }
  await flush(rows);
  await trx.updateTable('event_chain').set({ last_seq: seq, last_hash: prevHash }).where('id', '=', 1).execute();
  return seq;
}

/** Multi-row INSERT texts by the one-row text Kysely compiled (which carries the dialect's quoting) and row count. */
const insertTexts = new Map<string, string>();
const INSERT_TEXTS_MAX = 256;

/**
 * `insertInto(table).values(rows)` (in statements of at most 400 rows) for many rows of the same columns, without building and compiling the query tree
 * for every statement: Kysely compiles a one-row INSERT (which gives the dialect's quoting and placeholders), the
 * n-row text is derived from it once and cached, and the values are passed in row order, as Kysely would pass them.
 * Rows whose columns differ, or an `undefined` value (which Kysely writes as `default`), go through Kysely itself.
 * Several statements may run: call it inside a transaction (as the importers and appendEvents do) for all or nothing.
 */
export async function insertRows<T extends keyof Tables & string>(db: Kysely<Tables> | Transaction<Tables>, table: T, rows: readonly Insertable<Tables[T]>[]): Promise<void> {
  // Statements of a few fixed sizes only (400, 100, 25, 5 and 1 rows): each shape is prepared once and stays in the
  // statement cache, where a text per row count made SQLite prepare (and keep) a new large statement for most calls.
  let at = 0;
  for (const size of INSERT_SIZES) {
    for (; rows.length - at >= size; at += size) await insertShape(db, table, at === 0 && size === rows.length ? rows : rows.slice(at, at + size));
  }
}

const INSERT_SIZES = [400, 100, 25, 5, 1];

async function insertShape<T extends keyof Tables & string>(db: Kysely<Tables> | Transaction<Tables>, table: T, rows: readonly Insertable<Tables[T]>[]): Promise<void> {
  const first = rows[0] as Record<string, unknown>;
  const columns = Object.keys(first);
  const parameters: unknown[] = new Array(rows.length * columns.length);
  let p = 0;
  for (const row of rows as readonly Record<string, unknown>[]) {
    let n = 0;
    for (const key in row) if (Object.hasOwn(row, key)) n++;
    if (n !== columns.length) return void (await db.insertInto(table).values(rows as never).execute());
    for (const column of columns) {
      const value = row[column];
      if (value === undefined) return void (await db.insertInto(table).values(rows as never).execute());
      parameters[p++] = value;
    }
  }
  const one = db.insertInto(table).values(first as never).compile();
  const key = `${one.sql}\u0000${rows.length}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    text = multiRowText(one.sql, one.parameters.length, columns.length, rows.length);
    if (text === undefined) return void (await db.insertInto(table).values(rows as never).execute());
    if (insertTexts.size >= INSERT_TEXTS_MAX) insertTexts.delete(insertTexts.keys().next().value!);
    insertTexts.set(key, text);
  }
  await db.executeQuery(CompiledQuery.raw(text, parameters));
}

/** The n-row form of a one-row `insert … values (?, …)` or `values ($1, …)`; undefined when it is not of that form. */
function multiRowText(sql: string, parameterCount: number, width: number, count: number): string | undefined {
  const at = sql.lastIndexOf(' values (');
  if (at < 0 || parameterCount !== width || !sql.endsWith(')')) return undefined;
  const tuple = sql.slice(at + ' values '.length);
  const numbered = tuple.includes('$1');
  const expected = `(${Array.from({ length: width }, (_, i) => (numbered ? `$${i + 1}` : '?')).join(', ')})`;
  if (tuple !== expected) return undefined;
  let out = sql.slice(0, at + ' values '.length);
  for (let r = 0; r < count; r++) {
    out += r === 0 ? '(' : ', (';
    for (let c = 0; c < width; c++) out += (c === 0 ? '' : ', ') + (numbered ? `$${r * width + c + 1}` : '?');
    out += ')';
  }
  return out;
}
