import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_CATEGORY_KEYS } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { pdf } from '../../../test/support/files.js';
import { type Res, assetTypes, create, etag, ok, refuse, refused, uniq } from './support/http.js';

const uploadDir = mkdtempSync(join(tmpdir(), 'attachment-categories-test-'));

/**
 * What a file IS (invoice, proof of purchase, certificate of destruction…): given at upload, changed later with
 * If-Match, recorded in the owner's history; an unknown category, a stale or missing version, a deleted file and a
 * record outside the caller's scope are refused with nothing written.
 */
describe.each(ENGINES)('attachment categories ($name)', (engine) => {
  let api: TestApi;
  const ref: Record<string, any> = {};

  async function upload(path: string, fileName: string, query = '', auth: Record<string, string> = { authorization: `Bearer ${api.adminToken}` }): Promise<Res> {
    const res = await api.app.inject({
      method: 'POST', url: `/api/v1/${path}/attachments?fileName=${encodeURIComponent(fileName)}${query}`,
      headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: pdf(fileName),
    });
    let parsed: unknown = res.body;
    try { parsed = JSON.parse(res.body); } catch { /* not JSON */ }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  const added = async (path: string, fileName: string, query = '') => {
    const res = await upload(path, fileName, query);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const patch = (url: string, body: unknown, ifMatch?: string, auth: Record<string, string> = {}) =>
    api.call('PATCH', url, body, { ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }), ...auth });

  beforeAll(async () => {
    api = await startApi(engine, { app: { uploadDir } });
    const types = await assetTypes(api);
    ref.inside = await create(api, '/api/v1/org-units', { name: uniq('Inside'), kind: 'country' });
    ref.outside = await create(api, '/api/v1/org-units', { name: uniq('Outside'), kind: 'country' });
    ref.asset = await create(api, '/api/v1/assets', { name: 'Categorised laptop', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.inside.id });
    ref.outsideAsset = await create(api, '/api/v1/assets', { name: 'Elsewhere', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.outside.id });
    ref.person = await create(api, '/api/v1/people', { name: 'Inès Dupont', orgUnitId: ref.inside.id });
    ref.stranger = await create(api, '/api/v1/people', { name: 'Far Away', orgUnitId: ref.outside.id });
    ref.scoped = (await api.user(uniq('mgr-in'), [{ role: 'it_asset_manager', orgUnitId: ref.inside.id }])).auth;
    ref.readOnly = (await api.user(uniq('reader'), [{ role: 'it_asset_manager' }], { access: 'read' })).auth;
  });
  afterAll(async () => { await api.close(); });

  it('takes a category at upload, answers it with the version as ETag, and keeps it in the attach event', async () => {
    const invoice = await upload(`assets/${ref.asset.id}`, 'INV-2026-0412.pdf', '&category=invoice&description=Invoice%202026-0412');
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    expect(invoice.body).toMatchObject({ category: 'invoice', description: 'Invoice 2026-0412', version: 1 });
    expect(invoice.headers['etag']).toBe('"1"');
    const got = await ok(api, 'GET', `/api/v1/attachments/${invoice.body.id}`);
    expect(got.body.category).toBe('invoice');
    expect(etag(got)).toBe('"1"');
    const listed = (await ok(api, 'GET', `/api/v1/assets/${ref.asset.id}/attachments`)).body.items;
    expect(listed.find((a: any) => a.id === invoice.body.id)).toMatchObject({ category: 'invoice', version: 1 });
    const history = (await ok(api, 'GET', `/api/v1/assets/${ref.asset.id}/history`)).body.items;
    expect(history.find((e: any) => e.action === 'attach')).toMatchObject({ changes: { attachment: { before: null, after: { id: invoice.body.id, category: 'invoice' } } } });

    // Without a category (or an empty parameter) a file is "other"; every known category is taken, by every kind of owner.
    expect((await added(`assets/${ref.asset.id}`, 'untitled.pdf', '&category=')).category).toBe('other');
    expect((await added(`assets/${ref.asset.id}`, 'photo.pdf')).category).toBe('other');
    for (const category of ATTACHMENT_CATEGORY_KEYS) expect((await added(`people/${ref.person.id}`, `${category}.pdf`, `&category=${category}`)).category).toBe(category);
  });

  it('refuses an unknown category at upload with 422 ATTACHMENT_CATEGORY_UNKNOWN, before the file is received', async () => {
    for (const [path, category] of [[`assets/${ref.asset.id}`, 'receipt'], [`assets/${ref.asset.id}`, 'Invoice'], [`people/${ref.person.id}`, 'invoices']]) {
      const res = await refused(api, () => upload(path!, 'x.pdf', `&category=${category}`), 422, 'ATTACHMENT_CATEGORY_UNKNOWN');
      expect(res.body.errors).toEqual([{ field: 'category', code: 'ATTACHMENT_CATEGORY_UNKNOWN', message: expect.stringContaining('invoice, proof_of_purchase') }]);
      expect(readdirSync(uploadDir), 'no temporary file left').toEqual([]);
    }
  });

  it('changes the category and description with If-Match, recording before and after in the owner\'s history', async () => {
    const file = await added(`assets/${ref.asset.id}`, 'scan.pdf', '&description=Scan');
    const url = `/api/v1/attachments/${file.id}`;
    const changed = await ok(api, 'PATCH', url, { category: 'proof_of_purchase', description: 'Order confirmation PO-4711' }, { 'if-match': '"1"' });
    expect(changed.body).toMatchObject({ id: file.id, category: 'proof_of_purchase', description: 'Order confirmation PO-4711', version: 2, sha256: file.sha256, fileName: 'scan.pdf' });
    expect(etag(changed)).toBe('"2"');
    expect((await ok(api, 'GET', url)).body).toMatchObject({ category: 'proof_of_purchase', version: 2 });
    const event = (await ok(api, 'GET', `/api/v1/assets/${ref.asset.id}/history`)).body.items[0];
    expect(event).toMatchObject({
      action: 'update_attachment',
      changes: { attachment: { before: { id: file.id, category: 'other', description: 'Scan', sha256: file.sha256 }, after: { id: file.id, category: 'proof_of_purchase', description: 'Order confirmation PO-4711', sha256: file.sha256 } } },
    });

    // One field at a time; null clears the description; the same values again change nothing and record nothing.
    expect((await ok(api, 'PATCH', url, { description: null }, { 'if-match': '"2"' })).body).toMatchObject({ category: 'proof_of_purchase', description: null, version: 3 });
    const events = (await ok(api, 'GET', `/api/v1/assets/${ref.asset.id}/history`)).body.items.length;
    const same = await ok(api, 'PATCH', url, { category: 'proof_of_purchase' }, { 'if-match': '"3"' });
    expect(same.body.version).toBe(3);
    expect((await ok(api, 'GET', `/api/v1/assets/${ref.asset.id}/history`)).body.items.length).toBe(events);
  });

  it('refuses a stale or missing version, an unknown category or field, with nothing written', async () => {
    const file = await added(`assets/${ref.asset.id}`, 'contract.pdf', '&category=contract');
    const url = `/api/v1/attachments/${file.id}`;
    await ok(api, 'PATCH', url, { description: 'Support contract' }, { 'if-match': '"1"' });
    const stale = await refused(api, () => patch(url, { category: 'warranty' }, '"1"'), 412, 'VERSION_MISMATCH');
    expect(stale.headers['etag']).toBe('"2"');
    await refused(api, () => patch(url, { category: 'warranty' }), 428, 'PRECONDITION_REQUIRED');
    await refused(api, () => patch(url, { category: 'warranty' }, 'W/"2"'), 412, 'VERSION_MISMATCH');
    const unknown = await refused(api, () => patch(url, { category: 'receipt' }, '"2"'), 422, 'ATTACHMENT_CATEGORY_UNKNOWN');
    expect(unknown.body.errors[0]).toMatchObject({ field: 'category', code: 'ATTACHMENT_CATEGORY_UNKNOWN' });
    await refused(api, () => patch(url, { category: ' ' }, '"2"'), 422, 'ATTACHMENT_CATEGORY_UNKNOWN');
    await refused(api, () => patch(url, { category: null }, '"2"'), 422, 'VALIDATION_FAILED');
    await refused(api, () => patch(url, { category: 'warranty', fileName: 'renamed.pdf' }, '"2"'), 422, 'UNKNOWN_FIELD');
    await refused(api, () => patch(url, { sha256: '0'.repeat(64) }, '"2"'), 422, 'UNKNOWN_FIELD');
    expect((await ok(api, 'GET', url)).body).toMatchObject({ category: 'contract', description: 'Support contract', version: 2, fileName: 'contract.pdf' });
  });

  it('refuses to change a deleted file (409 ATTACHMENT_DELETED), whatever version is sent', async () => {
    const file = await added(`assets/${ref.asset.id}`, 'wrong.pdf');
    const url = `/api/v1/attachments/${file.id}`;
    const deleted = await ok(api, 'DELETE', url, { reason: 'Attached to the wrong asset' });
    // The deletion is a change of the record too: an edit sent with the version read before it is stale.
    expect(deleted.body.version).toBe(2);
    for (const version of ['"1"', '"2"']) {
      const res = await refused(api, () => patch(url, { category: 'invoice' }, version), 409, 'ATTACHMENT_DELETED');
      expect(res.body.detail).toContain('wrong.pdf was deleted on');
    }
    expect((await ok(api, 'GET', url)).body).toMatchObject({ category: 'other', deletedAt: expect.any(String) });
  });

  it('changes a person\'s file through the person, with the person\'s permission and scope', async () => {
    const form = await added(`people/${ref.person.id}`, 'hand-over.pdf');
    const url = `/api/v1/people/${ref.person.id}/attachments/${form.id}`;
    const changed = await ok(api, 'PATCH', url, { category: 'documentation', description: 'Signed hand-over form' }, { 'if-match': '"1"' });
    expect(changed.body).toMatchObject({ category: 'documentation', version: 2 });
    expect((await ok(api, 'GET', `/api/v1/people/${ref.person.id}/history`)).body.items[0]).toMatchObject({ action: 'update_attachment', changes: { attachment: { after: { category: 'documentation' } } } });
    // Through another person, or as an asset's attachment, it is not found.
    await refuse(api, 404, 'NOT_FOUND', 'PATCH', `/api/v1/people/${ref.stranger.id}/attachments/${form.id}`, { category: 'invoice' }, { 'if-match': '"2"' });
    await refuse(api, 404, 'NOT_FOUND', 'PATCH', `/api/v1/attachments/${form.id}`, { category: 'invoice' }, { 'if-match': '"2"' });
  });

  it('answers 404 outside the caller\'s scope and 403 to a read-only token, with nothing written', async () => {
    const outside = await added(`assets/${ref.outsideAsset.id}`, 'outside.pdf');
    const inside = await added(`assets/${ref.asset.id}`, 'inside.pdf');
    await refuse(api, 404, 'NOT_FOUND', 'PATCH', `/api/v1/attachments/${outside.id}`, { category: 'invoice' }, { ...ref.scoped, 'if-match': '"1"' });
    await refuse(api, 403, undefined, 'PATCH', `/api/v1/attachments/${inside.id}`, { category: 'invoice' }, { ...ref.readOnly, 'if-match': '"1"' });
    await refuse(api, 404, 'NOT_FOUND', 'PATCH', '/api/v1/attachments/00000000-0000-7000-8000-000000000000', { category: 'invoice' }, { 'if-match': '"1"' });
    // Inside the scope the same manager may.
    expect((await ok(api, 'PATCH', `/api/v1/attachments/${inside.id}`, { category: 'invoice' }, { ...ref.scoped, 'if-match': '"1"' })).body.category).toBe('invoice');
  });
});
