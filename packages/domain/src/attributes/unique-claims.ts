import { comparisonKey } from '../text/safe-text.js';
import type { FieldDefinition } from './field-types.js';

/** The key under which a unique attribute's (already normalised) value is claimed: its JSON, compared without case. */
export const uniqueValueKey = (value: unknown): string => comparisonKey(JSON.stringify(value));

/** Which unique attributes a schema change starts enforcing, and which it stops enforcing. */
export function uniqueFieldChanges(before: readonly FieldDefinition[], after: readonly FieldDefinition[]): { added: string[]; removed: string[] } {
  const was = new Set(before.filter((f) => f.unique).map((f) => f.key));
  const is = new Set(after.filter((f) => f.unique).map((f) => f.key));
  return { added: [...is].filter((k) => !was.has(k)), removed: [...was].filter((k) => !is.has(k)) };
}

export interface UniqueClash { field: string; value: unknown; assets: string[] }

/**
 * Collects the claims of attributes that become unique, over the assets already registered (id, label and stored
 * values, in any order, in as many calls as the caller likes), and the values two or more assets already share: a
 * field cannot become unique while its values are not.
 */
export class UniqueClaimCollector {
  private readonly seen = new Map<string, { field: string; value: unknown; assets: string[]; ids: string[] }>();

  constructor(private readonly fields: readonly string[]) {}

  add(assetId: string, label: string, values: Record<string, unknown>): void {
    for (const field of this.fields) {
      const value = values[field];
      if (value === undefined || value === null) continue;
      const key = `${field}\u0000${uniqueValueKey(value)}`;
      const entry = this.seen.get(key);
      if (entry) { entry.assets.push(label); entry.ids.push(assetId); } else this.seen.set(key, { field, value, assets: [label], ids: [assetId] });
    }
  }

  /** Values held by more than one asset, the most shared first. */
  clashes(limit = 20): UniqueClash[] {
    return [...this.seen.values()].filter((e) => e.ids.length > 1).sort((a, b) => b.ids.length - a.ids.length)
      .slice(0, limit).map(({ field, value, assets }) => ({ field, value, assets }));
  }

  claims(): { field: string; valueKey: string; assetId: string }[] {
    return [...this.seen.entries()].map(([key, e]) => ({ field: e.field, valueKey: key.slice(e.field.length + 1), assetId: e.ids[0]! }));
  }
}
