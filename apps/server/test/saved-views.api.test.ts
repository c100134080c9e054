import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { type Res, assetTypes, etag, expectProblem, uniq } from './support/http.js';

/**
 * Saved views of the register through the API (/api/v1/me/views, permission `self`): each account sees and changes only
 * its own; the query string is checked against the register's filters and stored in canonical form; bad input is 422
 * and writes nothing; changes need If-Match (428 / 412); one default per page.
 */
describe.each(ENGINES)('saved views ($name)', (engine) => {
  let api: TestApi;
  let ana: { accountId: string; auth: Record<string, string> };
  let ben: { accountId: string; auth: Record<string, string> };
  let laptopTypeId: string;
  const base = '/api/v1/me/views';

  /** Every saved view, row by row, and the register and access tables: a refusal must leave all of it as it was. */
  async function state(): Promise<Record<string, unknown>> {
    return {
      counts: await snapshotCounts(api.db),
      views: await api.db.db.selectFrom('saved_views').select(['id', 'account_id', 'name', 'query', 'columns', 'is_default', 'version', 'updated_at']).orderBy('id').execute(),
    };
  }
  async function refusedView(send: () => Promise<Res>, status: number, code: string): Promise<Res> {
    const before = await state();
    const res = await send();
    expectProblem(res, status, code);
    expect(await state(), `${code} must write nothing`).toEqual(before);
    return res;
  }
  const as = (who: { auth: Record<string, string> }, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => api.call(method, url, body, { ...who.auth, ...headers });
  const countViews = async (accountId?: string) => {
    let q = api.db.db.selectFrom('saved_views').select((eb) => eb.fn.countAll().as('n'));
    if (accountId) q = q.where('account_id', '=', accountId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  beforeAll(async () => {
    api = await startApi(engine);
    laptopTypeId = (await assetTypes(api))['laptop'].id;
    // Saved views need no role: an account without any grant keeps its own too.
    ana = await api.user(uniq('ana'), []);
    ben = await api.user(uniq('ben'), [{ role: 'it_asset_analyst' }]);
  });
  afterAll(async () => { await api.close(); });

  it('saves, lists, reads, renames, re-filters and deletes a view; the query is stored in canonical form', async () => {
    const created = await as(ana, 'POST', base, { name: '  Laptops in use ', page: 'register', query: `?sort=-updatedAt&stage=in_use&q=%20dell%20&typeId=${laptopTypeId}`, columns: { serial: false, updatedAt: true } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const view = created.body;
    expect(view).toMatchObject({ name: 'Laptops in use', page: 'register', query: `q=dell&typeId=${laptopTypeId}&stage=in_use&sort=-updatedAt`, columns: { serial: false, updatedAt: true }, isDefault: false, version: 1 });
    expect(created.headers['etag']).toBe('"1"');
    expect(created.headers['location']).toBe(`${base}/${view.id}`);
    const stored = await api.db.db.selectFrom('saved_views').select(['account_id', 'page', 'query']).where('id', '=', view.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ account_id: ana.accountId, page: 'register', query: view.query });

    // Every filter of the register page can be saved: key dates (due relative to the day the view is opened) and leavers' assets too.
    const due = await as(ana, 'POST', base, { name: 'Leavers\' warranties', page: 'register', query: 'keyDate=warranty_ending&assignee=inactive' });
    expect(due.status, JSON.stringify(due.body)).toBe(201);
    expect(due.body.query).toBe('assignee=inactive&keyDate=warranty_ending');
    expect((await as(ana, 'DELETE', `${base}/${due.body.id}`, undefined, { 'if-match': '"1"' })).status).toBe(204);

    const minimal = await as(ana, 'POST', base, { name: 'Everything', page: 'register' });
    expect(minimal.status).toBe(201);
    expect(minimal.body).toMatchObject({ query: '', columns: {}, isDefault: false });

    const list = await as(ana, 'GET', `${base}?page=register`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: any) => v.name)).toEqual(['Everything', 'Laptops in use']);
    const read = await as(ana, 'GET', `${base}/${view.id}`);
    expect(read.status).toBe(200);
    expect(read.headers['etag']).toBe('"1"');

    const renamed = await as(ana, 'PATCH', `${base}/${view.id}`, { name: 'Dell laptops in use', query: 'stage=in_use', columns: { serial: true } }, { 'if-match': etag(read) });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Dell laptops in use', query: 'stage=in_use', columns: { serial: true }, version: 2 });
    expect(renamed.headers['etag']).toBe('"2"');
    // Nothing to change: the same version answers.
    const same = await as(ana, 'PATCH', `${base}/${view.id}`, { name: 'Dell laptops in use' }, { 'if-match': '"2"' });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(2);

    const deleted = await as(ana, 'DELETE', `${base}/${view.id}`, undefined, { 'if-match': '"2"' });
    expect(deleted.status).toBe(204);
    expectProblem(await as(ana, 'GET', `${base}/${view.id}`), 404, 'NOT_FOUND');
    const gone = await as(ana, 'DELETE', `${base}/${minimal.body.id}`, undefined, { 'if-match': etag(minimal) });
    expect(gone.status).toBe(204);
    expect(await countViews(ana.accountId)).toBe(0);
  });

  it('one default per page: setting one clears the previous default, whose version moves on', async () => {
    const first = (await as(ben, 'POST', base, { name: 'Mine', page: 'register', query: 'stage=in_stock', isDefault: true })).body;
    expect(first.isDefault).toBe(true);
    const second = await as(ben, 'POST', base, { name: 'Stock', page: 'register', query: 'stage=in_stock&sort=name' });
    expect(second.body.isDefault).toBe(false);
    const made = await as(ben, 'PATCH', `${base}/${second.body.id}`, { isDefault: true }, { 'if-match': etag(second) });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ isDefault: true, version: 2 });
    const items = (await as(ben, 'GET', base)).body.items;
    expect(items.filter((v: any) => v.isDefault).map((v: any) => v.id)).toEqual([second.body.id]);
    expect(items.find((v: any) => v.id === first.id)).toMatchObject({ isDefault: false, version: 2 });
    // The page holding the first view's old ETag is told it changed.
    await refusedView(() => as(ben, 'PATCH', `${base}/${first.id}`, { name: 'Mine (old)' }, { 'if-match': '"1"' }), 412, 'VERSION_MISMATCH');
    // Creating a new default does the same.
    const third = (await as(ben, 'POST', base, { name: 'Third', page: 'register', isDefault: true })).body;
    const defaults = await api.db.db.selectFrom('saved_views').select('id').where('account_id', '=', ben.accountId).where('is_default', '=', 1).execute();
    expect(defaults.map((d) => d.id)).toEqual([third.id]);
  });

  it("each account sees and changes only its own views: another account's view answers 404 and nothing changes", async () => {
    const mine = await as(ana, 'POST', base, { name: 'Private', page: 'register', query: 'q=secret', isDefault: true });
    expect(mine.status).toBe(201);
    const theirs = await as(ben, 'POST', base, { name: 'Private', page: 'register', query: 'q=other' });
    expect(theirs.status, 'names are unique per account only').toBe(201);

    const benList = (await as(ben, 'GET', base)).body.items;
    expect(benList.some((v: any) => v.id === mine.body.id)).toBe(false);
    expect(benList.every((v: any) => v.query !== 'q=secret')).toBe(true);
    const adminList = (await api.call('GET', base)).body.items;
    expect(adminList, 'not even an administrator sees the views of others').toEqual([]);

    const id = mine.body.id;
    await refusedView(() => as(ben, 'GET', `${base}/${id}`), 404, 'NOT_FOUND');
    await refusedView(() => as(ben, 'PATCH', `${base}/${id}`, { name: 'Stolen' }, { 'if-match': '"1"' }), 404, 'NOT_FOUND');
    await refusedView(() => as(ben, 'PATCH', `${base}/${id}`, { isDefault: false }, { 'if-match': '"1"' }), 404, 'NOT_FOUND');
    await refusedView(() => as(ben, 'DELETE', `${base}/${id}`, undefined, { 'if-match': '"1"' }), 404, 'NOT_FOUND');
    await refusedView(() => api.call('DELETE', `${base}/${id}`, undefined, { 'if-match': '"1"' }), 404, 'NOT_FOUND');
    // Ben making his own view the default leaves Ana's default alone.
    const benView = await as(ben, 'PATCH', `${base}/${theirs.body.id}`, { isDefault: true }, { 'if-match': etag(theirs) });
    expect(benView.status).toBe(200);
    expect((await as(ana, 'GET', `${base}/${id}`)).body).toMatchObject({ isDefault: true, version: 1 });
    // Without credentials: 401.
    await refusedView(() => api.call('GET', base, undefined, { authorization: '' }), 401, 'UNAUTHENTICATED');
    await refusedView(() => api.call('POST', base, { name: 'Anonymous', page: 'register' }, { authorization: '' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses bad input with 422 and writes nothing', async () => {
    const existing = await as(ana, 'POST', base, { name: 'Kept as is', page: 'register', query: 'stage=in_use', columns: { serial: false } });
    expect(existing.status).toBe(201);
    const post = (body: unknown) => () => as(ana, 'POST', base, body);
    const bad: [unknown, string, string?][] = [
      [{ name: 'Cursor', page: 'register', query: 'cursor=abc' }, 'VALIDATION_FAILED', 'VIEW_PARAMETER_NOT_ALLOWED'],
      [{ name: 'Limit', page: 'register', query: 'stage=in_use&limit=10' }, 'VALIDATION_FAILED', 'VIEW_PARAMETER_NOT_ALLOWED'],
      [{ name: 'Proto', page: 'register', query: '__proto__=x' }, 'VALIDATION_FAILED', 'VIEW_PARAMETER_NOT_ALLOWED'],
      [{ name: 'Twice', page: 'register', query: 'stage=in_use&stage=lost' }, 'VALIDATION_FAILED', 'DUPLICATE_PARAMETER'],
      [{ name: 'Bad id', page: 'register', query: 'typeId=not-a-uuid' }, 'VALIDATION_FAILED', 'VIEW_PARAMETER_INVALID'],
      [{ name: 'Bad sort', page: 'register', query: 'sort=password' }, 'VALIDATION_FAILED', 'VIEW_PARAMETER_INVALID'],
      [{ name: 'Bad key date', page: 'register', query: 'keyDate=tomorrow' }, 'VALIDATION_FAILED', 'VIEW_PARAMETER_INVALID'],
      [{ name: 'Long', page: 'register', query: `q=${'x'.repeat(2100)}` }, 'VALIDATION_FAILED'],
      [{ name: 'NUL', page: 'register', query: 'q=a%00b' }, 'VALIDATION_FAILED', 'VIEW_PARAMETER_INVALID'],
      [{ name: '', page: 'register' }, 'VALIDATION_FAILED'],
      [{ name: '   ', page: 'register' }, 'VALIDATION_FAILED'],
      [{ name: 'x'.repeat(101), page: 'register' }, 'VALIDATION_FAILED'],
      [{ name: 'No page' }, 'VALIDATION_FAILED'],
      [{ name: 'Other page', page: 'devices' }, 'VALIDATION_FAILED'],
      [{ name: 'Columns', page: 'register', columns: { serial: 'no' } }, 'VALIDATION_FAILED'],
      [{ name: 'Columns', page: 'register', columns: { 'bad column!': true } }, 'VALIDATION_FAILED'],
      [{ name: 'Columns', page: 'register', columns: ['serial'] }, 'VALIDATION_FAILED'],
      [{ name: 'Default', page: 'register', isDefault: 'yes' }, 'VALIDATION_FAILED'],
      [{ name: 'Owner', page: 'register', accountId: ben.accountId }, 'UNKNOWN_FIELD'],
      [{ name: 'Version', page: 'register', version: 7 }, 'UNKNOWN_FIELD'],
    ];
    for (const [body, code, fieldCode] of bad) {
      const res = await refusedView(post(body), 422, code);
      if (fieldCode) expect(res.body.errors, JSON.stringify(res.body)).toContainEqual(expect.objectContaining({ field: 'query', code: fieldCode }));
    }
    // Not JSON at all.
    await refusedView(() => api.app.inject({ method: 'POST', url: base, headers: { ...ana.auth, 'content-type': 'application/json' }, payload: '{"name":' })
      .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body), headers: r.headers })), 400, 'BAD_REQUEST');

    const url = `${base}/${existing.body.id}`;
    for (const [body, code] of [
      [{ query: 'cursor=1' }, 'VALIDATION_FAILED'], [{ query: 'locationId=42' }, 'VALIDATION_FAILED'], [{ name: '' }, 'VALIDATION_FAILED'],
      [{ columns: { serial: 1 } }, 'VALIDATION_FAILED'], [{ page: 'register' }, 'UNKNOWN_FIELD'], [{ isDefault: null }, 'VALIDATION_FAILED'],
    ] as const) await refusedView(() => as(ana, 'PATCH', url, body, { 'if-match': etag(existing) }), 422, code);
    await refusedView(() => as(ana, 'PATCH', `${base}/not-an-id`, { name: 'x' }, { 'if-match': '"1"' }), 404, 'NOT_FOUND');
    // A name already used by another of the account's views, in any letter case: 409, nothing written.
    const dup = await refusedView(post({ name: 'KEPT AS IS', page: 'register' }), 409, 'UNIQUE_VIOLATION');
    expect(dup.body.errors).toContainEqual(expect.objectContaining({ field: 'name', code: 'VIEW_NAME_TAKEN' }));
    const other = (await as(ana, 'POST', base, { name: 'Another', page: 'register' })).body;
    await refusedView(() => as(ana, 'PATCH', `${base}/${other.id}`, { name: 'kept as IS' }, { 'if-match': '"1"' }), 409, 'UNIQUE_VIOLATION');
    expect((await as(ana, 'GET', url)).body).toMatchObject({ name: 'Kept as is', query: 'stage=in_use', columns: { serial: false }, version: 1 });
  });

  it('changes need If-Match: missing 428, stale or malformed 412 with the current ETag; nothing written', async () => {
    const made = await as(ben, 'POST', base, { name: uniq('conflict'), page: 'register', query: 'stage=in_use' });
    const url = `${base}/${made.body.id}`;
    await refusedView(() => as(ben, 'PATCH', url, { name: 'No precondition' }), 428, 'PRECONDITION_REQUIRED');
    await refusedView(() => as(ben, 'DELETE', url), 428, 'PRECONDITION_REQUIRED');
    await refusedView(() => as(ben, 'PATCH', url, { name: 'Malformed' }, { 'if-match': 'version one' }), 412, 'VERSION_MISMATCH');
    // Two windows: the first rename wins, the second (still on version 1) is told and sees the current ETag.
    const first = await as(ben, 'PATCH', url, { name: uniq('first') }, { 'if-match': '"1"' });
    expect(first.status).toBe(200);
    const stale = await refusedView(() => as(ben, 'PATCH', url, { query: 'stage=lost' }, { 'if-match': '"1"' }), 412, 'VERSION_MISMATCH');
    expect(stale.headers['etag']).toBe('"2"');
    await refusedView(() => as(ben, 'DELETE', url, undefined, { 'if-match': '"1"' }), 412, 'VERSION_MISMATCH');
    expect((await as(ben, 'DELETE', url, undefined, { 'if-match': '"2"' })).status).toBe(204);
  });

  it('at most 100 views per page, also when the last ones are saved at once', async () => {
    const carl = await api.user(uniq('carl'), []);
    for (let i = 0; i < 98; i++) expect((await as(carl, 'POST', base, { name: `View ${i}`, page: 'register', query: '' })).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => as(carl, 'POST', base, { name: `Burst ${i}`, page: 'register', query: '' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(4);
    expect((await api.db.db.selectFrom('saved_views').select('id').where('account_id', '=', carl.accountId).execute()).length).toBe(100);
  });

  it('the routes use the signed-in account and hold no permission of their own', () => {
    const routes = api.app.routeTable.filter((r) => r.url.startsWith(base));
    expect(routes.map((r) => `${r.method} ${r.url} ${r.permission}`).sort()).toEqual([
      `DELETE ${base}/:id self`, `GET ${base} self`, `GET ${base}/:id self`, `PATCH ${base}/:id self`, `POST ${base} self`,
    ]);
  });
});
