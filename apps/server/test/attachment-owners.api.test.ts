import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { pdf, png } from '../../../test/support/files.js';
import { type Res, assetTypes, create, expectProblem, ok, refused, uniq } from './support/http.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Files kept with records other than assets: a supplier's contract, a person's signed hand-over form, an audit run's
 * count sheet. Each is reached through its owner, with the owner's permissions and scope.
 */
describe.each(ENGINES)('attachments of people, suppliers and audit runs ($name)', (engine) => {
  let api: TestApi;
  const ref: Record<string, any> = {};

  async function upload(path: string, fileName: string, body: Buffer, auth: Record<string, string> = { authorization: `Bearer ${api.adminToken}` }): Promise<Res> {
    const res = await api.app.inject({ method: 'POST', url: `/api/v1/${path}/attachments?fileName=${encodeURIComponent(fileName)}`, headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: body });
    let parsed: unknown = res.body;
    try { parsed = JSON.parse(res.body); } catch { /* not JSON */ }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  const download = (url: string, auth: Record<string, string> = { authorization: `Bearer ${api.adminToken}` }) => api.app.inject({ method: 'GET', url, headers: auth });

  beforeAll(async () => {
    api = await startApi(engine);
    const types = await assetTypes(api);
    ref.inside = await create(api, '/api/v1/org-units', { name: uniq('Inside'), kind: 'country' });
    ref.outside = await create(api, '/api/v1/org-units', { name: uniq('Outside'), kind: 'country' });
    ref.supplier = await create(api, '/api/v1/suppliers', { name: uniq('Contoso Leasing') });
    ref.other = await create(api, '/api/v1/suppliers', { name: uniq('Other supplier') });
    ref.person = await create(api, '/api/v1/people', { name: 'Inès Dupont', orgUnitId: ref.inside.id });
    ref.stranger = await create(api, '/api/v1/people', { name: 'Far Away', orgUnitId: ref.outside.id });
    const site = await create(api, '/api/v1/locations', { name: uniq('Depot'), kind: 'site' });
    await create(api, '/api/v1/assets', { name: 'Counted laptop', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.inside.id, locationId: site.id });
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Depot count', method: 'manual', scopeLocationId: site.id, scopeOrgUnitId: ref.inside.id });
    ref.run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, {});
    ref.scopedReader = (await api.user(uniq('reader-in'), [{ role: 'it_asset_analyst', orgUnitId: ref.inside.id }])).auth;
    ref.auditor = (await api.user(uniq('auditor'), [{ role: 'auditor' }])).auth;
  });
  afterAll(async () => { await api.close(); });

  it('keeps a contract with its supplier: listed, downloaded through the supplier, in the supplier\'s history', async () => {
    const contract = pdf('Lease agreement 2026', 3000);
    const res = await upload(`suppliers/${ref.supplier.id}`, 'Lease agreement.pdf', contract);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const url = `/api/v1/suppliers/${ref.supplier.id}/attachments/${res.body.id}`;
    expect(res.headers['location']).toBe(url);
    expect(res.body).toMatchObject({
      ownerKind: 'supplier', ownerId: ref.supplier.id, ownerLabel: ref.supplier.name, assetId: null, assetTag: null,
      fileName: 'Lease agreement.pdf', kind: 'pdf', sha256: sha(contract), contentUrl: `${url}/content`,
    });
    expect((await ok(api, 'GET', `/api/v1/suppliers/${ref.supplier.id}/attachments`)).body.items.map((a: any) => a.id)).toEqual([res.body.id]);
    expect((await ok(api, 'GET', url)).body.fileName).toBe('Lease agreement.pdf');
    const got = await download(`${url}/content`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(contract)).toBe(true);
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');

    const history = (await ok(api, 'GET', `/api/v1/suppliers/${ref.supplier.id}/history`)).body.items;
    expect(history[0]).toMatchObject({ action: 'attach', changes: { attachment: { before: null, after: { fileName: 'Lease agreement.pdf', sha256: sha(contract) } } } });

    // Not through another supplier, nor through the assets' routes.
    expectProblem(await api.call('GET', `/api/v1/suppliers/${ref.other.id}/attachments/${res.body.id}`), 404, 'NOT_FOUND');
    expectProblem(await api.call('GET', `/api/v1/attachments/${res.body.id}`), 404, 'NOT_FOUND');
    expect((await download(`/api/v1/attachments/${res.body.id}/content`)).statusCode).toBe(404);
  });

  it('a supplier or person with live attachments cannot be deleted; once they are deleted with a reason it can, and the evidence row stays', async () => {
    const form = pdf('Hand-over form, signed', 1000);
    const added = (await upload(`people/${ref.person.id}`, 'Hand-over signed.pdf', form)).body;
    expect(added).toMatchObject({ ownerKind: 'person', ownerLabel: 'Inès Dupont' });
    const person = (await ok(api, 'GET', `/api/v1/people/${ref.person.id}`)).body;
    const blocked = await refused(api, () => api.call('DELETE', `/api/v1/people/${ref.person.id}`, { reason: 'Created twice' }, { 'if-match': `"${person.version}"` }), 409, 'RECORD_HAS_ATTACHMENTS');
    expect(blocked.body.detail).toBe('The person still has attachments (Hand-over signed.pdf); delete them first');

    const base = `/api/v1/people/${ref.person.id}/attachments/${added.id}`;
    expectProblem(await api.call('DELETE', base, {}), 422);
    const deleted = await ok(api, 'DELETE', base, { reason: 'Scanned twice' });
    expect(deleted.body).toMatchObject({ deletedBy: 'admin', deleteReason: 'Scanned twice' });
    expect((await api.call('DELETE', `/api/v1/people/${ref.person.id}`, { reason: 'Created twice' }, { 'if-match': `"${person.version}"` })).status).toBe(204);

    const row = await api.db.db.selectFrom('attachments').selectAll().where('id', '=', added.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ person_id: null, owner_kind: 'person', owner_label: 'Inès Dupont', sha256: sha(form), delete_reason: 'Scanned twice' });
  });

  it('people outside the caller\'s scope answer 404 for their files, and reading needs the register permission only', async () => {
    const theirs = (await upload(`people/${ref.stranger.id}`, 'Agreement.txt', Buffer.from('I accept the acceptable use policy.\n'))).body;
    const mine = await create(api, '/api/v1/people', { name: 'Near By', orgUnitId: ref.inside.id });
    const kept = (await upload(`people/${mine.id}`, 'Agreement.txt', Buffer.from('Signed.\n'))).body;

    expect((await api.call('GET', `/api/v1/people/${mine.id}/attachments`, undefined, ref.scopedReader)).status).toBe(200);
    expect((await download(`/api/v1/people/${mine.id}/attachments/${kept.id}/content`, ref.scopedReader)).statusCode).toBe(200);
    expectProblem(await api.call('GET', `/api/v1/people/${ref.stranger.id}/attachments`, undefined, ref.scopedReader), 404, 'NOT_FOUND');
    expectProblem(await api.call('GET', `/api/v1/people/${ref.stranger.id}/attachments/${theirs.id}`, undefined, ref.scopedReader), 404, 'NOT_FOUND');
    expect((await download(`/api/v1/people/${ref.stranger.id}/attachments/${theirs.id}/content`, ref.scopedReader)).statusCode).toBe(404);
    // A reader cannot add files; nothing is written.
    await refused(api, () => upload(`people/${mine.id}`, 'x.txt', Buffer.from('x'), ref.scopedReader), 403, 'FORBIDDEN');
  });

  it('an auditor keeps a signed count sheet with the audit run; bad files are refused with nothing written', async () => {
    const sheet = png(40, 30);
    const res = await upload(`audit-runs/${ref.run.id}`, 'Count sheet.png', sheet, ref.auditor);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ ownerKind: 'audit_run', ownerId: ref.run.id, ownerLabel: expect.stringMatching(/^Depot count, run of \d{4}-\d{2}-\d{2}$/), kind: 'png', width: 40, height: 30 });
    const shown = await download(`${res.body.contentUrl}?disposition=inline`, ref.auditor);
    expect(shown.headers['content-disposition']).toMatch(/^inline;/);

    await refused(api, () => upload(`audit-runs/${ref.run.id}`, 'sheet.pdf', Buffer.from('<html><script>alert(1)</script></html>'), ref.auditor), 415, 'ATTACHMENT_TYPE_REFUSED');
    await refused(api, () => upload(`audit-runs/00000000-0000-7000-8000-000000000000`, 'sheet.png', sheet, ref.auditor), 404, 'NOT_FOUND');
    // Suppliers are changed with register.write, which an auditor does not hold.
    await refused(api, () => upload(`suppliers/${ref.supplier.id}`, 'quote.pdf', pdf('Quote'), ref.auditor), 403, 'FORBIDDEN');
  });
});
