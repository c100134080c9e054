import { canonicalJson } from '@custodia/domain';
import type { DiscrepancyKind } from '@custodia/domain';
import type { Kysely } from 'kysely';
import { type EventInput, type Tables, newId, readJson, writeJson } from '@custodia/data';
import type { Tx } from '../shared/change.js';

/**
 * Register and discovered values are stored wrapped (`{"v": …}`): a bare JSON string in a jsonb column comes back from
 * PostgreSQL already parsed and could not be told from JSON text on SQLite.
 */
export const writeValue = (value: unknown): string => writeJson({ v: value ?? null });
export const readValue = (stored: unknown): unknown => readJson<{ v?: unknown } | null>(stored, null)?.v ?? null;

export interface DiscrepancyInput {
  kind: DiscrepancyKind;
  /** One open discrepancy per subject: e.g. `attribute_mismatch:<asset>:serial`. */
  dedupeKey: string;
  assetId: string | null;
  deviceId: string | null;
  auditRunId?: string | null;
  orgUnitId: string | null;
  field?: string | null;
  registerValue?: unknown;
  discoveredValue?: unknown;
  evidence: Record<string, unknown>;
  summary: string;
  owner?: string | null;
  dueOn?: string | null;
}

/**
 * Queues a discrepancy, or refreshes the open one for the same subject (a re-run of an agent does not queue a second).
 * A subject someone chose to ignore until a date, or to keep the register value for or dismiss while the discovered
 * value is unchanged, is not queued again — except an audit's finding: each run's findings stand on their own, so a
 * decision on an earlier run's finding does not hide a later run's. A subject ignored until a date comes back once the
 * organisation's `today` (shared/today.ts) is past it. Returns the history events of the change.
 */
export async function raiseDiscrepancy(tx: Tx, input: DiscrepancyInput, now: string, today: string): Promise<EventInput[]> {
  const open = await tx.selectFrom('discrepancies').select(['id', 'version', 'discovered_value', 'register_value', 'audit_run_id', 'owner', 'due_on'])
    .where('dedupe_key', '=', input.dedupeKey).where('status', '=', 'open').executeTakeFirst();
  const discovered = input.discoveredValue === undefined ? null : writeValue(input.discoveredValue);
  if (open) {
    const refreshed = await refreshOpen(tx, open, input, discovered, now);
    if (refreshed) return refreshed;
    // Settled meanwhile by a change that committed after the read (PostgreSQL): judged below as any closed subject.
  }
  const last = await latestOfSubject(tx, input.dedupeKey).executeTakeFirst();
  if (last?.status === 'ignored' && last.ignore_until && last.ignore_until >= today) return [];
  const decidedOnThis = !input.auditRunId || last?.audit_run_id === input.auditRunId;
  if (decidedOnThis && (last?.resolution === 'keep_register' || last?.resolution === 'dismiss')
    && canonicalJson(readValue(last.discovered_value)) === canonicalJson(input.discoveredValue ?? null)) return [];
  const id = newId();
  const row = {
    id, kind: input.kind, status: 'open', dedupe_key: input.dedupeKey, asset_id: input.assetId, device_id: input.deviceId, audit_run_id: input.auditRunId ?? null,
    org_unit_id: input.orgUnitId, field: input.field ?? null, register_value: input.registerValue === undefined ? null : writeValue(input.registerValue),
    discovered_value: discovered, evidence: writeJson(input.evidence), summary: input.summary, owner: input.owner ?? null, due_on: input.dueOn ?? null,
    ignore_until: null, resolution: null, resolution_note: null, resolved_by: null, resolved_at: null, detected_at: now, version: 1, created_at: now, updated_at: now,
  };
  await tx.insertInto('discrepancies').values(row).execute();
  return [{
    entityType: 'discrepancy', entityId: id, action: 'create',
    changes: { kind: { before: null, after: input.kind }, summary: { before: null, after: input.summary }, ...(input.assetId ? { assetId: { before: null, after: input.assetId } } : {}), ...(input.deviceId ? { deviceId: { before: null, after: input.deviceId } } : {}) },
  }];
}

interface OpenRow { id: string; version: number | string; discovered_value: unknown; register_value: unknown; audit_run_id: string | null; owner: string | null; due_on: string | null }

/**
 * Seen again: the detection time moves; the version moves only when the values differ (an ETag someone holds stays
 * valid). The org unit it is filed under follows the input (an asset-less subject may have moved). A finding of a
 * later audit run is taken over by that run, with the owner and due date its close gave — a history event says so.
 * Null when the row is no longer open: a resolution committed after it was read (PostgreSQL; the update waits for its
 * row lock, then finds it settled), and what it was settled on is not written over.
 */
async function refreshOpen(tx: Tx, open: OpenRow, input: DiscrepancyInput, discovered: string | null, now: string): Promise<EventInput[] | null> {
  const same = canonicalJson(readValue(open.discovered_value)) === canonicalJson(input.discoveredValue ?? null)
    && canonicalJson(readValue(open.register_value)) === canonicalJson(input.registerValue ?? null);
  const takenOver = Boolean(input.auditRunId) && input.auditRunId !== open.audit_run_id;
  const followUp = input.auditRunId ? { audit_run_id: input.auditRunId, owner: input.owner ?? null, due_on: input.dueOn ?? null, evidence: writeJson(input.evidence), summary: input.summary } : {};
  const changed = !same || takenOver;
  const updated = await tx.updateTable('discrepancies').set({
    detected_at: now, org_unit_id: input.orgUnitId, ...followUp,
    ...(same ? {} : { discovered_value: discovered, register_value: input.registerValue === undefined ? null : writeValue(input.registerValue), evidence: writeJson(input.evidence), summary: input.summary }),
    ...(changed ? { updated_at: now, version: Number(open.version) + 1 } : {}),
  }).where('id', '=', open.id).where('status', '=', 'open').executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return null;
  if (!takenOver) return [];
  const moved: Record<string, { before: unknown; after: unknown }> = { auditRunId: { before: open.audit_run_id, after: input.auditRunId } };
  if (open.owner !== (input.owner ?? null)) moved.owner = { before: open.owner, after: input.owner ?? null };
  if (open.due_on !== (input.dueOn ?? null)) moved.dueOn = { before: open.due_on, after: input.dueOn ?? null };
  return [{ entityType: 'discrepancy', entityId: open.id, action: 'update', changes: moved }];
}

/** The latest discrepancy of a subject, open or not (on the `discrepancies_subject_latest` index); built on the database or a transaction. */
export const latestOfSubject = (db: Kysely<Tables>, dedupeKey: string) =>
  db.selectFrom('discrepancies').select(['status', 'resolution', 'ignore_until', 'discovered_value', 'audit_run_id']).where('dedupe_key', '=', dedupeKey).orderBy('updated_at', 'desc').limit(1);

/** Closes open discrepancies of a subject that no longer hold (the values agree again, the device was seen). */
export async function settleDiscrepancy(tx: Tx, dedupeKey: string, note: string, actor: string, now: string): Promise<EventInput[]> {
  const open = await tx.selectFrom('discrepancies').select(['id', 'version']).where('dedupe_key', '=', dedupeKey).where('status', '=', 'open').executeTakeFirst();
  if (!open) return [];
  await tx.updateTable('discrepancies').set({ status: 'resolved', resolution: null, resolution_note: note, resolved_by: actor, resolved_at: now, updated_at: now, version: Number(open.version) + 1 })
    .where('id', '=', open.id).execute();
  return [{ entityType: 'discrepancy', entityId: open.id, action: 'resolve', changes: { status: { before: 'open', after: 'resolved' }, resolutionNote: { before: null, after: note } } }];
}

/** The subjects about a discovered device that only hold while it is linked to no asset. */
export const unlinkedDeviceKeys = (deviceId: string): string[] => [`unregistered:device:${deviceId}`, `duplicate_candidate:device:${deviceId}`];

/**
 * A device just linked to an asset (by an inventory's reconciliation or by a person): its "not registered" and
 * "possible duplicate" discrepancies no longer hold. `exceptKey` is the one being resolved by the same change.
 */
export async function settleLinkedDevice(tx: Tx, deviceId: string, note: string, actor: string, now: string, exceptKey?: string): Promise<EventInput[]> {
  const events: EventInput[] = [];
  for (const key of unlinkedDeviceKeys(deviceId)) if (key !== exceptKey) events.push(...await settleDiscrepancy(tx, key, note, actor, now));
  return events;
}

/** An asset whose device reported again is no longer "not seen". */
export const settleSeen = (tx: Tx, assetId: string, note: string, actor: string, now: string): Promise<EventInput[]> =>
  settleDiscrepancy(tx, `not_seen:${assetId}`, note, actor, now);
