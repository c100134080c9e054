import type { EventSource, FieldProvenance, FieldSource } from '@custodia/domain';
import type { EventInput } from '@custodia/data';
import type { Tx } from '../shared/change.js';

/** Which authority a change comes from, by where it came from. Audits record their own source explicitly. */
export const FIELD_SOURCE_OF: Record<EventSource, FieldSource> = {
  api: 'person', web: 'person', cli: 'person', import: 'import', agent: 'discovery', job: 'system', system: 'system',
};

/** Change keys that are not fields of the asset. */
const NOT_FIELDS = new Set(['id', 'assetTypeId', 'lifecycleModelId', 'transition', 'evidence', 'version']);

/** Asset events that change no field of the asset. */
const NOT_FIELD_CHANGES = new Set<string>(['delete', 'attach', 'detach', 'update_attachment', 'cover', 'uncover']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The asset fields an event changed, attributes one by one (`attributes.hostname`). */
export function changedFields(event: EventInput): string[] {
  if (!event.changes) return [];
  const fields: string[] = [];
  for (const [key, change] of Object.entries(event.changes)) {
    if (NOT_FIELDS.has(key)) continue;
    if (key === 'attributes' && (isRecord(change.before) || isRecord(change.after))) {
      const before = isRecord(change.before) ? change.before : {};
      const after = isRecord(change.after) ? change.after : {};
      for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) fields.push(`attributes.${k}`);
      }
    } else fields.push(key);
  }
  return fields;
}

/**
 * Field authority: records who set each changed asset field and when, in the transaction of the change. Discovery
 * reads it to decide whether it may overwrite a value (it never overwrites what a person or an audit set).
 */
export async function recordFieldSources(tx: Tx, events: readonly EventInput[], source: FieldSource, actor: string, at: string): Promise<void> {
  const rows: { asset_id: string; field: string; source: string; actor: string; changed_at: string }[] = [];
  for (const event of events) {
    // Attaching, re-filing or removing a file, or a contract's coverage, changes no field of the asset.
    if (event.entityType !== 'asset' || NOT_FIELD_CHANGES.has(event.action)) continue;
    for (const field of changedFields(event)) rows.push({ asset_id: event.entityId, field, source, actor, changed_at: at });
  }
  for (let i = 0; i < rows.length; i += 200) {
    await tx.insertInto('asset_field_sources').values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['asset_id', 'field']).doUpdateSet((eb) => ({ source: eb.ref('excluded.source'), actor: eb.ref('excluded.actor'), changed_at: eb.ref('excluded.changed_at') })))
      .execute();
  }
}

export async function readFieldSources(db: Tx, assetId: string): Promise<Map<string, FieldProvenance & { actor: string }>> {
  const rows = await db.selectFrom('asset_field_sources').select(['field', 'source', 'actor', 'changed_at']).where('asset_id', '=', assetId).execute();
  return new Map(rows.map((r) => [r.field, { source: r.source as FieldSource, at: r.changed_at, actor: r.actor }]));
}
