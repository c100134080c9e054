import { canonicalJson } from './canonical.js';
import type { FieldChanges } from './event.js';

/**
 * The stored form of an event's changes: the canonical JSON of its field changes with null sides left out — a field
 * set where it was empty is `{"after":…}`, one cleared is `{"before":…}`. A created record's event names every set
 * field, and `"before":null` on each was about a fifth of a register's database. `readStoredChanges` restores both
 * sides; events stored with both sides (as they were before this form) read the same. The stored text is what the
 * hash chain signs, so each event is verified in the form it was written.
 */
export function storedChangesText(changes: FieldChanges): string {
  const stored: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const key of Object.keys(changes)) {
    const { before, after } = changes[key]!;
    const side: { before?: unknown; after?: unknown } = {};
    if (after !== null && after !== undefined) side.after = after;
    if (before !== null && before !== undefined) side.before = before;
    stored[key] = side;
  }
  return canonicalJson(stored);
}

/** Field changes as stored (either form) with both sides, a missing side being null. */
export function readStoredChanges(text: string): FieldChanges {
  const stored = JSON.parse(text) as Record<string, { before?: unknown; after?: unknown } | null>;
  const changes: FieldChanges = {};
  for (const key of Object.keys(stored)) {
    const side = stored[key] ?? {};
    changes[key] = { before: side.before ?? null, after: side.after ?? null };
  }
  return changes;
}
