import { randomBytes } from 'node:crypto';
import { AppError, type Webhook, type WebhookDelivery } from '@custodia/contracts';
import { type Row, readBool, readJson, resolveWebhookTarget } from '@custodia/data';
import type { Tx } from '../shared/change.js';
import type { Context } from '../shared/context.js';

/**
 * How this installation lets webhooks reach internal targets: CUSTODIA_WEBHOOKS_ALLOW_PRIVATE lets them post to
 * loopback and private addresses (and over plain http there); off, only https to public addresses.
 */
export interface WebhookPolicy { allowPrivate: boolean }

export function presentWebhook(row: Row<'webhooks'>): Webhook {
  return {
    id: row.id, name: row.name, url: row.url, events: readJson<string[]>(row.event_kinds, []), orgUnitId: row.org_unit_id, active: readBool(row.active),
    version: Number(row.version), createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export function presentDelivery(row: Row<'webhook_deliveries'>): WebhookDelivery {
  return {
    id: row.id, event: row.event_kind, eventSeq: row.event_seq === null ? null : Number(row.event_seq), status: row.status as WebhookDelivery['status'],
    attempts: Number(row.attempts), nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null, lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code), lastError: row.last_error, deliveredAt: row.delivered_at, createdAt: row.created_at,
  };
}

export async function loadWebhook(db: Tx | Context['database']['db'], id: string): Promise<Row<'webhooks'>> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No webhook with id ${id}`);
  return row;
}

/** The URL as it will be posted to, or 422 WEBHOOK_URL_NOT_ALLOWED saying why (scheme, credentials, an address refused). */
export async function assertWebhookTarget(url: string, policy: WebhookPolicy): Promise<string> {
  const verdict = await resolveWebhookTarget(url, policy.allowPrivate);
  if (!verdict.ok) {
    const v = verdict.violations[0]!;
    throw new AppError('WEBHOOK_URL_NOT_ALLOWED', `The webhook URL ${v.message}`, { errors: [{ field: 'url', code: v.code, message: v.message }] });
  }
  return verdict.value.url;
}

/** A signing secret: a readable prefix and 32 random bytes. It is stored encrypted (FieldCipher), since signing needs it. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
