import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '@custodia/data';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { bootstrapRegister } from '../lifecycle/bootstrap-register.js';
import { listAssetTypes } from '../lifecycle/asset-types.js';
import { createAsset } from '../assets/create-asset.js';
import { getAsset } from '../assets/list-assets.js';
import { type Context, systemContext } from '../shared/context.js';
import { rotateEncryptionKeys } from './rotate-keys.js';

describe.each(ENGINES)('rotateEncryptionKeys ($name)', (engine) => {
  let db: TestDatabase;
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const as = (keys: Buffer[]): Context => systemContext({ ...db, cipher: new FieldCipher(keys) }, 'cli');
  beforeAll(async () => { db = await engine.open(); await bootstrapRegister(systemContext(db, 'system')); });
  afterAll(async () => { await db.dispose(); });

  it('re-encrypts stored values under the new key; afterwards the old key is no longer needed for the register', async () => {
    const before = as([oldKey]);
    const types = (await listAssetTypes(before, { limit: 100 })).items;
    const licenceType = types.find((t) => t.key === 'software_licence')!;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createAsset(before, { name: `Licence ${i}`, assetTypeId: licenceType.id, attributes: { product: 'Suite', licence_key: `KEY-${i}` } } as never)).id);
    await expect(getAsset(as([newKey]), ids[0]!)).resolves.toMatchObject({ attributes: { licence_key: expect.stringMatching(/^enc:v1:/) } });

    const rotated = await rotateEncryptionKeys(as([newKey, oldKey]), { batch: 3 });
    expect(rotated.assets).toBeGreaterThanOrEqual(7);
    for (const [i, id] of ids.entries()) expect((await getAsset(as([newKey]), id)).attributes['licence_key']).toBe(`KEY-${i}`);
    expect((await rotateEncryptionKeys(as([newKey]))).assets).toBe(0);
  });

  it('records each rotation in the security log: who, to which key, how many values', async () => {
    const ctx = { ...as([newKey, oldKey]), actor: 'cli:operator' };
    const rotated = await rotateEncryptionKeys(ctx);
    const entry = await db.db.selectFrom('security_log').select(['kind', 'outcome', 'detail']).where('kind', '=', 'encryption_key.rotate').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect({ ...entry, detail: typeof entry.detail === 'string' ? JSON.parse(entry.detail) : entry.detail }).toEqual({
      kind: 'encryption_key.rotate', outcome: 'success', detail: { by: 'cli:operator', keyId: new FieldCipher([newKey]).currentKeyId, assets: rotated.assets, accounts: rotated.accounts, webhooks: 0 },
    });
  });
});
