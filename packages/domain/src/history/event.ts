/** Sources a change can come from; recorded on every history event. */
export const EVENT_SOURCES = ['api', 'cli', 'import', 'job', 'agent', 'web', 'system'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** What happened to the entity. */
export const EVENT_ACTIONS = ['create', 'update', 'transition', 'assign', 'unassign', 'imac', 'import', 'delete', 'migrate_model', 'grant', 'revoke', 'acknowledge', 'discover', 'link', 'resolve', 'audit', 'attach', 'detach', 'update_attachment', 'cover', 'uncover'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** Before/after of each changed field. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/** The signed content of a history event: everything but its own hash. */
export interface EventContent {
  seq: number;
  entityType: string;
  entityId: string;
  action: EventAction;
  actor: string;
  source: EventSource;
  reason: string | null;
  requestId: string | null;
  occurredAt: string;
  changes: FieldChanges;
  prevHash: string;
}
