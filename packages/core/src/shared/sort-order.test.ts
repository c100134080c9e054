import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase, type TestEngine, openLinguisticPgDb } from '../../../../test/support/databases.js';
import { bootstrapRegister } from '../lifecycle/bootstrap-register.js';
import { type Context, systemContext } from './context.js';
import { createAsset } from '../assets/create-asset.js';
import { listAssets } from '../assets/list-assets.js';
import { createReference, listReferences } from '../reference/crud.js';
import { manufacturers, people } from '../reference/resources.js';
import { createAccount } from '../access/accounts.js';
import { listAccounts } from '../access/manage-accounts.js';
import { createAssetType, listAssetTypes } from '../lifecycle/asset-types.js';
import { createSavedView } from '../views/create-saved-view.js';
import { listSavedViews } from '../views/list-saved-views.js';
import { DEFAULT_INVENTORY_LIMITS, parseCsvFeed } from '@custodia/data';
import { ingestInventory } from '../discovery/ingest-inventory.js';
import { listDevices } from '../discovery/devices.js';

/**
 * Lists sort text by code point on both engines, whatever PostgreSQL's database collation: SQLite compares bytes, and
 * a PostgreSQL cluster initialised in en_US (the Docker image's default, most managed services') compares
 * linguistically, which put "apple" before "Banana" there and after it here. The PostgreSQL run uses such a database.
 */
const engines: TestEngine[] = ENGINES.map((e) => (e.name === 'postgres' ? { name: 'postgres', open: openLinguisticPgDb } : e));

/** Code-point order, as SQLite's BINARY collation compares UTF-8. */
const binary = (values: string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Every page of a keyset-paginated list, two items at a time. */
async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const NAMES = ['banana', 'Apple', 'apple pie', 'École', 'Zebra', 'écran', 'Ångström', 'zèbre', '10 Downing', 'a_b', 'a-b', 'a.b'];

describe.each(engines)('lists sort text by code point ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  let laptop: { id: string; lifecycle_model_id: string };
  beforeAll(async () => {
    db = await engine.open();
    await bootstrapRegister(systemContext(db, 'system'));
    ctx = systemContext(db, 'api', 'tester');
    laptop = await db.db.selectFrom('asset_types').select(['id', 'lifecycle_model_id']).where('key', '=', 'laptop').executeTakeFirstOrThrow();
  });
  afterAll(async () => { await db?.dispose(); });

  it('the register by name and by tag, both directions, page after page', async () => {
    for (const [i, name] of NAMES.entries()) await createAsset(ctx, { assetTypeId: laptop.id, name, tag: `${NAMES[(i + 3) % NAMES.length]}-${i % 2}` });
    const walk = (sort: string) => allPages((cursor) => listAssets(ctx, { sort, limit: 2, ...(cursor ? { cursor } : {}) } as never));
    expect((await walk('name')).map((a) => a.name)).toEqual(binary(NAMES));
    expect((await walk('-name')).map((a) => a.name)).toEqual(binary(NAMES).reverse());
    const tagKeys = binary((await walk('tag')).map((a) => a.tag.toUpperCase()));
    expect((await walk('tag')).map((a) => a.tag.toUpperCase())).toEqual(tagKeys);
    expect((await walk('-tag')).map((a) => a.tag.toUpperCase())).toEqual([...tagKeys].reverse());
    expect(tagKeys).not.toEqual([...tagKeys].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('reference lists by name', async () => {
    for (const name of NAMES) await createReference(ctx, manufacturers, { name });
    for (const name of NAMES) await createReference(ctx, people, { name, active: true });
    for (const res of [manufacturers, people]) {
      const listed = await allPages((cursor) => listReferences<{ name: string }>(ctx, res, { limit: 2, ...(cursor ? { cursor } : {}) }));
      expect(listed.map((r) => r.name)).toEqual(binary(NAMES));
    }
  });

  it('accounts by login, asset types by key, saved views by name', async () => {
    const logins = ['a_b', 'a-b', 'a.b', 'ab', 'a1', 'Zed', 'émile'];
    for (const login of logins) await createAccount(ctx, { login, displayName: login });
    const accounts = await allPages((cursor) => listAccounts(ctx, { limit: 2, ...(cursor ? { cursor } : {}) }));
    expect(accounts.map((a) => a.login)).toEqual(binary(logins.map((l) => l.toUpperCase())).map((k) => logins.find((l) => l.toUpperCase() === k)));

    for (const key of ['net_a', 'net1', 'neta']) {
      await createAssetType(ctx, { key, name: key, category: 'hardware', attributeSchema: [], lifecycleModelId: laptop.lifecycle_model_id, tagPattern: `${key.toUpperCase()}-{seq:4}` } as never);
    }
    const keys = (await allPages((cursor) => listAssetTypes(ctx, { limit: 2, ...(cursor ? { cursor } : {}) }))).map((t) => t.key);
    expect(keys).toEqual(binary(keys));
    expect(keys.filter((k) => k.startsWith('net'))).toEqual(['net1', 'net_a', 'neta']);

    const account = accounts[0]!.id;
    const viewNames = ['b_view', 'b-view', 'b.view', 'bview'];
    for (const name of viewNames) await createSavedView(ctx, account, { page: 'register', name, query: '', columns: {}, isDefault: false } as never);
    expect((await listSavedViews(ctx, account, 'register')).map((v) => v.name)).toEqual(binary(viewNames));
  });

  it('discovered devices by host name key, those without one last', async () => {
    const hosts = ['a_b', 'a-b', 'a.b.example', 'ab', 'A1', 'Zed', 'émile', 'net1', 'net_a'];
    const feed = `host,serial\n${hosts.map((h, i) => `${h},SORT-${i}`).join('\n')}\n,SORT-NONE\n`;
    for (const snapshot of parseCsvFeed(feed, DEFAULT_INVENTORY_LIMITS)) {
      await ingestInventory(ctx, { snapshot, format: 'csv-feed', payload: Buffer.from(feed), agentTokenId: null, orgUnitId: null, remoteAddress: null });
    }
    const listed = await allPages((cursor) => listDevices(ctx, { sort: 'hostname', limit: 2, ...(cursor ? { cursor } : {}) }));
    const keys = hosts.map((h) => h.toLowerCase().split('.')[0]!);
    expect(listed.map((d) => d.hostname?.toLowerCase().split('.')[0] ?? null)).toEqual([...binary(keys), null]);
  });
});
