import { AppError, type Webhook, type WebhookCreate, type WebhookUpdate } from '@custodia/contracts';
import { newId, touchWebhooks, writeJson } from '@custodia/data';
import { canonicalWebhookKinds, diffRecords } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { type Tx, assertVersion, runChange } from '../shared/change.js';
import { assertReferences } from '../shared/references.js';
import { type WebhookPolicy, assertWebhookTarget, loadWebhook, newWebhookSecret, presentWebhook } from './webhook-records.js';

/** What the history records of a webhook: never its secret. */
const recorded = (w: Webhook) => ({ name: w.name, url: w.url, events: w.events, orgUnitId: w.orgUnitId, active: w.active });

export async function listWebhooks(ctx: Context): Promise<Webhook[]> {
  const rows = await ctx.database.db.selectFrom('webhooks').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(presentWebhook);
}

export async function getWebhook(ctx: Context, id: string): Promise<Webhook> {
  return presentWebhook(await loadWebhook(ctx.database.db, id));
}

/**
 * Registers a webhook: its URL judged with every address it resolves to before anything is written (422
 * WEBHOOK_URL_NOT_ALLOWED), its org unit checked, a secret made and stored encrypted. The secret is in this answer
 * only. The webhooks' stamp moves in the same transaction, so the next append of events sees the new webhook.
 */
export async function createWebhook(ctx: Context, policy: WebhookPolicy, input: WebhookCreate): Promise<Webhook & { secret: string }> {
  const url = await assertWebhookTarget(input.url, policy);
  const secret = newWebhookSecret();
  return runChange(ctx, null, async (tx, now) => {
    await assertReferences(tx, [{ field: 'orgUnitId', table: 'org_units', id: input.orgUnitId }]);
    const row = {
      id: newId(), name: input.name, url, event_kinds: writeJson(canonicalWebhookKinds(input.events)), org_unit_id: input.orgUnitId, active: input.active ? 1 : 0,
      secret: ctx.database.cipher.encrypt(secret), version: 1, created_by: ctx.actor, created_at: now, updated_at: now,
    };
    await tx.insertInto('webhooks').values(row).execute();
    await touchWebhooks(tx);
    const webhook = presentWebhook(row);
    return { result: { ...webhook, secret }, events: [{ entityType: 'webhook', entityId: row.id, action: 'create' as const, changes: diffRecords(null, recorded(webhook)) }] };
  });
}

/** Changes a webhook over the version the caller read (If-Match): fields left out keep their value; a new URL is judged first. */
export async function updateWebhook(ctx: Context, policy: WebhookPolicy, id: string, expectedVersion: number, patch: WebhookUpdate): Promise<Webhook> {
  const url = patch.url === undefined ? undefined : await assertWebhookTarget(patch.url, policy);
  return runChange(ctx, null, async (tx, now) => {
    const row = await loadWebhook(tx, id);
    assertVersion('webhook', Number(row.version), expectedVersion);
    const before = presentWebhook(row);
    const next: Webhook = {
      ...before, name: patch.name ?? before.name, url: url ?? before.url, events: patch.events ? canonicalWebhookKinds(patch.events) : before.events,
      orgUnitId: patch.orgUnitId === undefined ? before.orgUnitId : patch.orgUnitId, active: patch.active ?? before.active,
    };
    const changes = diffRecords(recorded(before), recorded(next));
    if (Object.keys(changes).length === 0) return { result: before, events: [] };
    if (next.orgUnitId !== before.orgUnitId) await assertReferences(tx, [{ field: 'orgUnitId', table: 'org_units', id: next.orgUnitId }]);
    const version = expectedVersion + 1;
    const r = await tx.updateTable('webhooks').set({
      name: next.name, url: next.url, event_kinds: writeJson(next.events), org_unit_id: next.orgUnitId, active: next.active ? 1 : 0, version, updated_at: now,
    }).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('VERSION_MISMATCH', 'The webhook was changed by someone else');
    await touchWebhooks(tx);
    return { result: { ...next, version, updatedAt: now }, events: [{ entityType: 'webhook', entityId: id, action: 'update' as const, changes }] };
  });
}

/** Deletes a webhook (If-Match) and its delivery log; deliveries still pending are dropped with it. */
export async function deleteWebhook(ctx: Context, id: string, expectedVersion: number): Promise<void> {
  await runChange(ctx, null, async (tx: Tx) => {
    const row = await loadWebhook(tx, id);
    assertVersion('webhook', Number(row.version), expectedVersion);
    const r = await tx.deleteFrom('webhooks').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw new AppError('VERSION_MISMATCH', 'The webhook was changed by someone else');
    await touchWebhooks(tx);
    return { result: undefined, events: [{ entityType: 'webhook', entityId: id, action: 'delete' as const, changes: diffRecords(recorded(presentWebhook(row)), null) }] };
  });
}
