import type { EventAction } from '../history/event.js';

/**
 * What a webhook may subscribe to, as data: a history event's entity type and action, written `<type>.<action>`
 * (`asset.transition`). These are the register's records and the work on them that an ITSM tool, a CMDB or a chat
 * channel follows. Accounts, roles, API tokens, discovery settings and webhooks themselves are left out on purpose:
 * who may do what stays inside Custodia.
 */
export const WEBHOOK_EVENT_TYPES = {
  asset: ['create', 'update', 'transition', 'assign', 'unassign', 'imac', 'import', 'acknowledge', 'delete', 'migrate_model', 'attach', 'detach', 'update_attachment', 'cover', 'uncover'],
  discrepancy: ['create', 'update', 'resolve', 'delete'],
  device: ['discover', 'link', 'update'],
  person: ['create', 'update', 'delete', 'attach', 'detach', 'update_attachment'],
  org_unit: ['create', 'update', 'delete'],
  location: ['create', 'update', 'delete'],
  manufacturer: ['create', 'update', 'delete'],
  supplier: ['create', 'update', 'delete', 'attach', 'detach', 'update_attachment'],
  catalogue_model: ['create', 'update', 'delete'],
  asset_type: ['create', 'update', 'delete'],
  lifecycle_model: ['create'],
  audit_plan: ['create', 'update', 'delete'],
  audit_run: ['create', 'update', 'audit', 'attach', 'detach', 'update_attachment'],
} as const satisfies Record<string, readonly EventAction[]>;

export type WebhookEntityType = keyof typeof WEBHOOK_EVENT_TYPES;

/** Every kind a webhook may subscribe to, in the order above. */
export const WEBHOOK_EVENT_KINDS: readonly string[] = Object.entries(WEBHOOK_EVENT_TYPES).flatMap(([type, actions]) => actions.map((a) => `${type}.${a}`));

const KIND_SET = new Set(WEBHOOK_EVENT_KINDS);

export const isWebhookEventKind = (value: string): boolean => KIND_SET.has(value);

/** The kind of a history event, or null when webhooks are not told of it. */
export function webhookEventKind(entityType: string, action: string): string | null {
  const kind = `${entityType}.${action}`;
  return KIND_SET.has(kind) ? kind : null;
}

/**
 * Entity types whose records lie in an org unit, so a webhook's org-unit filter can place their events: an asset by
 * its owner, a person and a discrepancy by their unit, an org unit by itself. Events of other types (shared reference
 * data, models) never pass a webhook that has an org-unit filter.
 */
export const ORG_UNIT_PLACED_TYPES = ['asset', 'person', 'discrepancy', 'org_unit'] as const;

/** What a webhook subscribed to: its kinds, and the org unit whose subtree it follows (null: everywhere). */
export interface WebhookSubscription { kinds: readonly string[]; orgUnitId: string | null }

/**
 * Whether a webhook wants an event: its kind is subscribed, and without a filter that is all; with one, the event's
 * org unit (its materialised path, `/<id>/<id>/`; null when the event has none) lies in the filter's subtree.
 */
export function webhookWants(subscription: WebhookSubscription, kind: string, unitPath: string | null): boolean {
  if (!subscription.kinds.includes(kind)) return false;
  if (subscription.orgUnitId === null) return true;
  return unitPath !== null && unitPath.includes(`/${subscription.orgUnitId}/`);
}

/** Kinds as given by a person: each must be one of WEBHOOK_EVENT_KINDS; the answer is deduplicated, in list order. */
export function unknownWebhookKinds(kinds: readonly string[]): string[] {
  return [...new Set(kinds.filter((k) => !KIND_SET.has(k)))];
}

export const canonicalWebhookKinds = (kinds: readonly string[]): string[] => WEBHOOK_EVENT_KINDS.filter((k) => kinds.includes(k));
