import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { insertRows } from './append-events.js';

/** insertRows writes exactly what `insertInto(table).values(rows)` writes, whatever the number of rows. */
describe.each(ENGINES)('insertRows ($name)', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => { db = await engine.open(); });
  afterAll(async () => { await db.dispose(); });

  const now = '2026-11-29T00:00:00.000Z';
  const row = (prefix: string, i: number) => ({
    id: `${prefix}-${String(i).padStart(5, '0')}`, name: `Maker ${i} "é"`, name_key: `${prefix}-${i}`, url: i % 3 ? null : `https://m${i}.example`,
    support_email: null, support_phone: i % 2 ? '+1 555' : null, version: 1 + (i % 4), created_at: now, updated_at: now,
  });
  const read = (prefix: string) => db.db.selectFrom('manufacturers').selectAll().where('id', 'like', `${prefix}-%`).orderBy('id').execute();

  it.each([0, 1, 4, 7, 131, 400, 523, 1001])('inserts %i rows, in statements of fixed sizes', async (n) => {
    const rows = Array.from({ length: n }, (_, i) => row(`n${n}`, i));
    await insertRows(db.db, 'manufacturers', rows);
    const viaKysely = Array.from({ length: n }, (_, i) => row(`k${n}`, i));
    if (n) await db.db.insertInto('manufacturers').values(viaKysely).execute();
    const strip = (r: Record<string, unknown>) => ({ ...r, id: String(r['id']).slice(String(r['id']).indexOf('-')), name_key: String(r['name_key']).slice(String(r['name_key']).indexOf('-')) });
    expect((await read(`n${n}`)).map(strip)).toEqual((await read(`k${n}`)).map(strip));
    expect(await read(`n${n}`)).toHaveLength(n);
  });

  it('lets Kysely write rows of different columns or with undefined values (as `default`)', async () => {
    const { version: _v, ...noVersion } = row('u', 1);
    await insertRows(db.db, 'manufacturers', [row('u', 0), { ...noVersion, version: undefined as unknown as number }, { ...row('u', 2), url: undefined }]);
    const got = await read('u');
    expect(got.map((r) => [r.id, Number(r.version), r.url])).toEqual([['u-00000', 1, 'https://m0.example'], ['u-00001', 1, null], ['u-00002', 3, null]]);
  });

  it('fails as the statements would, on a constraint; in a transaction (as its callers run it) nothing stays', async () => {
    await expect(db.db.transaction().execute((tx) => insertRows(tx, 'manufacturers', [row('d', 0), row('d', 1), row('d', 0)]))).rejects.toThrow();
    expect(await read('d')).toHaveLength(0);
  });
});
