import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { assetTypes, create, expectProblem, uniq } from './support/http.js';

/**
 * `Idempotency-Key` (security test plan FT-05): a client that sends a change again after losing the answer applies it
 * once and gets the first answer again.
 */
describe.each(ENGINES)('Idempotency-Key ($name)', (engine) => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(engine); });
  afterAll(async () => { await api.close(); });

  const manufacturers = async (name: string) => (await api.db.db.selectFrom('manufacturers').select('id').where('name', '=', name).execute()).length;

  it('a create sent again with the same key answers the first answer again and creates nothing more', async () => {
    const key = randomUUID();
    const name = uniq('Maker');
    const first = await api.call('POST', '/api/v1/manufacturers', { name }, { 'idempotency-key': key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await api.call('POST', '/api/v1/manufacturers', { name }, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['location']).toBe(first.headers['location']);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(await manufacturers(name)).toBe(1);
    // Without the key the same request is a new one (and here refused: the name is taken).
    expect((await api.call('POST', '/api/v1/manufacturers', { name })).status).toBe(409);
  });

  it('the same key for a different request is refused (422 IDEMPOTENCY_KEY_REUSED) and nothing is written', async () => {
    const key = randomUUID();
    expect((await api.call('POST', '/api/v1/manufacturers', { name: uniq('First') }, { 'idempotency-key': key })).status).toBe(201);
    const before = await snapshotCounts(api.db);
    const other = uniq('Second');
    expectProblem(await api.call('POST', '/api/v1/manufacturers', { name: other }, { 'idempotency-key': key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectProblem(await api.call('POST', '/api/v1/suppliers', { name: other }, { 'idempotency-key': key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await snapshotCounts(api.db)).toEqual(before);
  });

  it('a refused request keeps no key: the corrected request may use it', async () => {
    const key = randomUUID();
    expectProblem(await api.call('POST', '/api/v1/manufacturers', { name: '' }, { 'idempotency-key': key }), 422);
    const name = uniq('Corrected');
    expect((await api.call('POST', '/api/v1/manufacturers', { name }, { 'idempotency-key': key })).status).toBe(201);
    expect(await manufacturers(name)).toBe(1);
  });

  it('sent five times at once, the change applies once; every answer is the first one or 409 IDEMPOTENCY_KEY_IN_USE', async () => {
    const key = randomUUID();
    const name = uniq('Burst');
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.call('POST', '/api/v1/manufacturers', { name }, { 'idempotency-key': key })));
    expect(await manufacturers(name)).toBe(1);
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => (a.body as { id: string }).id)).size).toBe(1);
    for (const a of answers.filter((x) => x.status !== 201)) expectProblem(a, 409, 'IDEMPOTENCY_KEY_IN_USE');
  });

  it('a change committed whose answer was lost (the server died before keeping it) is never applied again: 409', async () => {
    const key = randomUUID();
    const name = uniq('Lost');
    const admin = await api.db.db.selectFrom('accounts').select('id').where('login', '=', 'admin').executeTakeFirstOrThrow();
    expect((await api.call('POST', '/api/v1/manufacturers', { name }, { 'idempotency-key': key })).status).toBe(201);
    // The state a crash between the commit and the answer leaves: the key's row committed with the change, no answer.
    await api.db.db.updateTable('idempotency_keys').set({ status_code: null, response: null }).where('account_id', '=', admin.id).where('key', '=', key).execute();
    expectProblem(await api.call('POST', '/api/v1/manufacturers', { name }, { 'idempotency-key': key }), 409, 'IDEMPOTENCY_KEY_IN_USE');
    expect(await manufacturers(name)).toBe(1);
  });

  it('a saved view commits with its key too: when its answer is lost, the retry gets 409, not a second view', async () => {
    const key = randomUUID();
    const name = uniq('Retried view');
    // Keeping the answer fails, as when the server dies between the commit and the answer.
    const pg = api.db.engine === 'postgres';
    const lose = pg
      ? [`create function lose_answer() returns trigger language plpgsql as $$ begin if new.status_code is not null then raise exception 'answer lost'; end if; return new; end $$`,
        'create trigger lose_answer before insert or update on idempotency_keys for each row execute function lose_answer()']
      : ["create trigger lose_answer_insert before insert on idempotency_keys when new.status_code is not null begin select raise(abort, 'answer lost'); end",
        "create trigger lose_answer_update before update on idempotency_keys when new.status_code is not null begin select raise(abort, 'answer lost'); end"];
    const restore = pg ? ['drop trigger lose_answer on idempotency_keys', 'drop function lose_answer()'] : ['drop trigger lose_answer_insert', 'drop trigger lose_answer_update'];
    for (const statement of lose) await sql.raw(statement).execute(api.db.db);
    try {
      const first = await api.call('POST', '/api/v1/me/views', { name, page: 'register' }, { 'idempotency-key': key });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expectProblem(await api.call('POST', '/api/v1/me/views', { name, page: 'register' }, { 'idempotency-key': key }), 409, 'IDEMPOTENCY_KEY_IN_USE');
    } finally {
      for (const statement of restore) await sql.raw(statement).execute(api.db.db);
    }
    expect((await api.db.db.selectFrom('saved_views').select('id').where('name', '=', name).execute()).length).toBe(1);
  });

  it('keys are per account; an edit replays its ETag; a malformed key or a non-JSON body is refused', async () => {
    const key = randomUUID();
    const other = await api.user(uniq('other'), [{ role: 'register_administrator' }]);
    const mine = uniq('Mine');
    const theirs = uniq('Theirs');
    expect((await api.call('POST', '/api/v1/manufacturers', { name: mine }, { 'idempotency-key': key })).status).toBe(201);
    const second = await api.call('POST', '/api/v1/manufacturers', { name: theirs }, { ...other.auth, 'idempotency-key': key });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(await manufacturers(theirs)).toBe(1);

    const created = (await api.call('POST', '/api/v1/manufacturers', { name: uniq('Edited') })).body as { id: string; version: number };
    const editKey = randomUUID();
    const patch = { supportPhone: '+44 20 0000 0001' };
    const edited = await api.call('PATCH', `/api/v1/manufacturers/${created.id}`, patch, { 'if-match': `"${created.version}"`, 'idempotency-key': editKey });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    // Sent again with the same (now stale) If-Match: the first answer, not a 412.
    const replayed = await api.call('PATCH', `/api/v1/manufacturers/${created.id}`, patch, { 'if-match': `"${created.version}"`, 'idempotency-key': editKey });
    expect(replayed.status).toBe(200);
    expect(replayed.headers['etag']).toBe(edited.headers['etag']);
    expect((replayed.body as { version: number }).version).toBe(created.version + 1);

    const bad = uniq('Bad');
    expectProblem(await api.call('POST', '/api/v1/manufacturers', { name: bad }, { 'idempotency-key': 'has spaces in it' }), 400, 'BAD_REQUEST');
    expect(await manufacturers(bad)).toBe(0);
    const assetsBefore = (await snapshotCounts(api.db)).assets;
    const csv = await api.app.inject({ method: 'POST', url: '/api/v1/imports/assets?fileName=x.csv', headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'text/csv', 'idempotency-key': randomUUID() }, payload: 'tag,name,type\n' });
    expect(csv.statusCode).toBe(400);
    expect((await snapshotCounts(api.db)).assets).toBe(assetsBefore);
  });

  it('is refused where the request or its answer holds a secret (a token shown once, a password): nothing is kept', async () => {
    const before = await snapshotCounts(api.db);
    const keys = async () => Number((await api.db.db.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const kept = await keys();
    expectProblem(await api.call('POST', '/api/v1/agent-tokens', { name: 'Fleet', expiresInDays: 30 }, { 'idempotency-key': randomUUID() }), 400, 'BAD_REQUEST');
    expectProblem(await api.call('POST', '/api/v1/accounts', { login: uniq('acct'), displayName: 'New', password: 'a long enough secret' }, { 'idempotency-key': randomUUID() }), 400, 'BAD_REQUEST');
    expect(await snapshotCounts(api.db)).toEqual(before);
    expect(await keys()).toBe(kept);
  });

  it('keeps no sensitive value in clear: the kept answer and its replay show it hidden', async () => {
    const secret = `KEY-${randomUUID()}`;
    const types = await assetTypes(api);
    const unit = await create(api, '/api/v1/org-units', { name: uniq('Licences'), kind: 'department' });
    const manager = await api.user(uniq('licences'), [{ role: 'licence_manager' }]);
    const key = randomUUID();
    const body = { name: uniq('Suite'), assetTypeId: types['software_licence'].id, ownerOrgUnitId: unit.id, attributes: { product: 'Office', licence_key: secret } };
    const first = await api.call('POST', '/api/v1/assets', body, { ...manager.auth, 'idempotency-key': key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.attributes.licence_key).toBe(secret);
    const row = await api.db.db.selectFrom('idempotency_keys').select('response').where('account_id', '=', manager.accountId).where('key', '=', key).executeTakeFirstOrThrow();
    expect(row.response).toBeTruthy();
    expect(row.response).not.toContain(secret);
    // Sent again (by then the caller may have lost sensitive.read): the first answer, the key hidden.
    const again = await api.call('POST', '/api/v1/assets', body, { ...manager.auth, 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.attributes).toEqual({ ...first.body.attributes, licence_key: '(hidden)' });
    expect(JSON.stringify(again.body)).not.toContain(secret);
  });
});
