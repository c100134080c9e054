import { z } from 'zod';
import { WEBHOOK_EVENT_KINDS, WEBHOOK_URL_MAX_LENGTH } from '@custodia/domain';
import { Cursor, Id, Name, Timestamp, patchOf, verbatim } from './common.js';

/**
 * Outbound webhooks (/api/v1/webhooks, `integrations.manage`): targets told of register changes as they commit, with
 * signed JSON deliveries, and the log of those deliveries. The URL's scheme and addresses are judged by the server
 * (422 WEBHOOK_URL_NOT_ALLOWED), since that needs a DNS look-up.
 */
export const WebhookEventKind = z.enum(WEBHOOK_EVENT_KINDS as [string, ...string[]]).describe('<entity type>.<action> of a history event');

export const WebhookCreate = z.strictObject({
  name: Name.pipe(z.string().max(100)),
  url: verbatim(WEBHOOK_URL_MAX_LENGTH, 1).describe('https URL the deliveries are posted to (http only to internal targets when CUSTODIA_WEBHOOKS_ALLOW_PRIVATE is set)'),
  events: z.array(WebhookEventKind).min(1).max(WEBHOOK_EVENT_KINDS.length).describe('The event kinds sent (GET /webhooks/event-kinds lists them)'),
  orgUnitId: Id.nullable().default(null).describe('Only events of records in this org unit and below (assets by owner, people, discrepancies, org units); null: all'),
  active: z.boolean().default(true),
});
export type WebhookCreate = z.output<typeof WebhookCreate>;
export const WebhookUpdate = patchOf(WebhookCreate);
export type WebhookUpdate = z.output<typeof WebhookUpdate>;

export const Webhook = z.object({
  id: Id, name: z.string(), url: z.string(), events: z.array(z.string()), orgUnitId: Id.nullable(), active: z.boolean(),
  version: z.number().int(), createdBy: z.string(), createdAt: Timestamp, updatedAt: Timestamp,
});
export type Webhook = z.output<typeof Webhook>;
export const WebhookCreated = Webhook.extend({
  secret: z.string().describe('Shown once: the receiver checks Custodia-Signature (t=<unix>,v1=<hex HMAC-SHA256 of "t.body">) with it'),
});

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export const WebhookDelivery = z.object({
  id: Id.describe('Also the Custodia-Event-Id header and the body\'s id: the same on every attempt'),
  event: z.string().describe('The event kind, or "ping"'),
  eventSeq: z.number().int().nullable().describe('The history event\'s sequence number (null for a ping)'),
  status: WebhookDeliveryStatus, attempts: z.number().int(), nextAttemptAt: Timestamp.nullable(), lastAttemptAt: Timestamp.nullable(),
  lastStatusCode: z.number().int().nullable(), lastError: z.string().nullable(), deliveredAt: Timestamp.nullable(), createdAt: Timestamp,
});
export type WebhookDelivery = z.output<typeof WebhookDelivery>;
export const WebhookDeliveryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
  status: WebhookDeliveryStatus.optional(),
});
export const WebhookDeliveryPage = z.object({ items: z.array(WebhookDelivery), nextCursor: z.string().nullable() });
export const WebhookEventKinds = z.object({ items: z.array(z.string()) });
