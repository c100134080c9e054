import { FieldCipher } from '@custodia/data';
import { readStoredChanges } from '@custodia/domain';
import { HIDDEN } from '../assets/sensitive.js';

/** Largest body posted; an event whose changes would pass it is sent without them (`changesOmitted`: read its history). */
export const WEBHOOK_BODY_MAX_BYTES = 256 * 1024;

export interface WebhookBodyInput {
  id: string; event: string; occurredAt: string; entityType: string; entityId: string; seq: number | null; actor: string; changesText: string | null;
}

/**
 * The JSON posted: `{id, event, occurredAt, entity: {type, id}, changes, actor, seq}`. `id` is the delivery's (the
 * same on every attempt: receivers drop repeats by it), `changes` the history event's before/after of each field, with
 * every value stored encrypted (sensitive fields) replaced by "(hidden)": no secret leaves the register this way.
 */
export function webhookBody(input: WebhookBodyInput): string {
  const changes = input.changesText === null ? null : hideEncrypted(readStoredChanges(input.changesText));
  const body = { id: input.id, event: input.event, occurredAt: input.occurredAt, entity: { type: input.entityType, id: input.entityId }, changes, actor: input.actor, seq: input.seq };
  const text = JSON.stringify(body);
  if (Buffer.byteLength(text) <= WEBHOOK_BODY_MAX_BYTES) return text;
  return JSON.stringify({ ...body, changes: null, changesOmitted: true });
}

function hideEncrypted(value: unknown): unknown {
  if (FieldCipher.isEncrypted(value)) return HIDDEN;
  if (Array.isArray(value)) return value.map(hideEncrypted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideEncrypted(v)]));
  return value;
}
