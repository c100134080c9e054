import { describe, expect, it } from 'vitest';
import * as contracts from '../index.js';

const updates = Object.entries(contracts).filter(([name, schema]) => name.endsWith('Update') && typeof (schema as { safeParse?: unknown }).safeParse === 'function');

describe('update (PATCH) bodies', () => {
  it('are found', () => {
    expect(updates.map(([name]) => name)).toEqual(expect.arrayContaining(['AssetUpdate', 'PersonUpdate', 'LocationUpdate', 'OrgUnitUpdate', 'CatalogueModelUpdate', 'AssetTypeUpdate']));
  });

  // An edit sends what changes: a default filled in for an absent field would overwrite the stored value.
  it.each(updates)('%s fills in nothing the request leaves out', (_name, schema) => {
    expect((schema as { parse(v: unknown): unknown }).parse({})).toEqual({});
  });

  it.each(updates)('%s refuses unknown fields', (_name, schema) => {
    expect((schema as { safeParse(v: unknown): { success: boolean } }).safeParse({ notAField: 1 }).success).toBe(false);
  });
});
