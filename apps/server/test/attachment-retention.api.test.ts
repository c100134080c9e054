import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeDeletedAttachments, systemContext } from '@custodia/core';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { pdf, png } from '../../../test/support/files.js';
import { assetTypes, create, ok, refuse, uniq } from './support/http.js';

const TODAY = '2026-11-28';
/** The evidence text the web app's proof fields write for an attached document. */
const proof = (a: { id: string; fileName: string; sha256: string }) => `${a.fileName} (attachment ${a.id}, SHA-256 ${a.sha256.slice(0, 12)}…)`;

describe.each(ENGINES)('attachments kept as evidence or on legal hold ($name)', (engine) => {
  let api: TestApi;
  let types: Record<string, any>;

  const laptop = () => create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: types['laptop'].id, stage: 'in_stock' });
  async function upload(owner: string, fileName: string, body: Buffer): Promise<any> {
    const res = await api.app.inject({
      method: 'POST', url: `/api/v1/${owner}/attachments?fileName=${encodeURIComponent(fileName)}`,
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/octet-stream' }, payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return JSON.parse(res.body);
  }
  const step = async (a: { id: string }, transition: string, evidence: Record<string, unknown>) => {
    const current = (await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body;
    return (await ok(api, 'POST', `/api/v1/assets/${a.id}/transitions`, { transition, evidence }, { 'if-match': `"${current.version}"` })).body;
  };
  const purgeAfter = (days: number) => purgeDeletedAttachments(systemContext(api.db, 'job', 'job:attachments', () => new Date(Date.parse(`${TODAY}T12:00:00.000Z`) + days * 86_400_000)), 0);
  const chunksOf = async (id: string) => (await api.db.db.selectFrom('attachment_chunks').select('seq').where('attachment_id', '=', id).execute()).length;

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date(`${TODAY}T12:00:00.000Z`) });
    types = await assetTypes(api);
  });
  afterAll(async () => { await api.close(); });

  it('refuses to delete the wipe report and the certificate a decommission and a disposal cite (409, nothing written); other files go', async () => {
    const a = await laptop();
    const wipe = await upload(`assets/${a.id}`, 'wipe-report.pdf', pdf('Wipe report 117'));
    const certificate = await upload(`assets/${a.id}`, 'certificate.pdf', pdf('Certificate of destruction 4711'));
    const photo = await upload(`assets/${a.id}`, 'photo.png', png(4, 4));
    await step(a, 'decommission', { decommissioned_on: TODAY, decommission_decision: 'dispose', data_handling: 'storage_destroyed', handling_proof_reference: proof(wipe) });
    await step(a, 'dispose', { disposed_on: TODAY, disposal_reason: 'obsolete', disposal_method: 'destruction', proof_reference: proof(certificate) });

    const refusedWipe = await refuse(api, 409, 'ATTACHMENT_IS_EVIDENCE', 'DELETE', `/api/v1/attachments/${wipe.id}`, { reason: 'Tidying up' });
    expect((await ok(api, 'GET', `/api/v1/attachments/${wipe.id}`)).body.deletedAt).toBeNull();
    expect(refusedWipe.body.detail).toBe(`wipe-report.pdf cannot be deleted. It is the evidence of the transition "Decommission" recorded on ${TODAY}, and evidence is kept.`);
    const refusedCertificate = await refuse(api, 409, 'ATTACHMENT_IS_EVIDENCE', 'DELETE', `/api/v1/attachments/${certificate.id}`, { reason: 'Tidying up' });
    expect(refusedCertificate.body.detail).toContain('"Dispose"');

    // The list and the record say why they are kept, so the web app can say it instead of offering the deletion.
    const listed = (await ok(api, 'GET', `/api/v1/assets/${a.id}/attachments`)).body.items;
    expect(Object.fromEntries(listed.map((x: any) => [x.fileName, x.retention?.code ?? null]))).toEqual({
      'wipe-report.pdf': 'ATTACHMENT_IS_EVIDENCE', 'certificate.pdf': 'ATTACHMENT_IS_EVIDENCE', 'photo.png': null,
    });
    expect((await ok(api, 'GET', `/api/v1/attachments/${certificate.id}`)).body.retention).toEqual({
      code: 'ATTACHMENT_IS_EVIDENCE', reason: `It is the evidence of the transition "Dispose" recorded on ${TODAY}, and evidence is kept`,
    });
    expect((await ok(api, 'DELETE', `/api/v1/attachments/${photo.id}`, { reason: 'Wrong asset' })).body).toMatchObject({ deletedAt: expect.any(String), retention: null });
    // An asset whose evidence stays cannot be deleted either: its record is what the evidence is kept with.
    await refuse(api, 409, 'ASSET_HAS_ATTACHMENTS', 'DELETE', `/api/v1/assets/${a.id}`, { reason: 'Gone' }, { 'if-match': '"3"' });
  });

  it('keeps every file of an asset on legal hold until the hold is released, including one added during the hold', async () => {
    const a = await laptop();
    const invoice = await upload(`assets/${a.id}`, 'invoice.pdf', pdf('Invoice 2026-0412'));
    await step(a, 'place_on_legal_hold', { hold_reference: 'LH-7' });
    const refusal = await refuse(api, 409, 'ATTACHMENT_ON_LEGAL_HOLD', 'DELETE', `/api/v1/attachments/${invoice.id}`, { reason: 'Not needed' });
    expect(refusal.body.detail).toBe('invoice.pdf cannot be deleted. The asset is on legal hold (Legal hold): what is kept with it stays until the hold is released.');
    const added = await upload(`assets/${a.id}`, 'court-order.pdf', pdf('Court order'));
    expect(added.retention).toMatchObject({ code: 'ATTACHMENT_ON_LEGAL_HOLD' });
    await step(a, 'release_legal_hold', { released_on: TODAY, release_authority: 'Court of Berlin' });
    expect((await ok(api, 'GET', `/api/v1/attachments/${invoice.id}`)).body.retention).toBeNull();
    await ok(api, 'DELETE', `/api/v1/attachments/${invoice.id}`, { reason: 'Not needed' });
  });

  it('purges past the window only what nothing keeps: a deleted file later cited, or whose asset went on hold, keeps its content and is reported', async () => {
    const cited = await laptop();
    const report = await upload(`assets/${cited.id}`, 'rma-report.pdf', pdf('RMA report'));
    await ok(api, 'DELETE', `/api/v1/attachments/${report.id}`, { reason: 'Deleted before it was cited' });
    await step(cited, 'send_to_maintenance', { maintenance_reason: 'Broken hinge', ticket_reference: `RMA, see attachment ${report.id}` });

    const held = await laptop();
    const scan = await upload(`assets/${held.id}`, 'scan.pdf', pdf('Scan'));
    await ok(api, 'DELETE', `/api/v1/attachments/${scan.id}`, { reason: 'Duplicate' });
    await step(held, 'place_on_legal_hold', { hold_reference: 'LH-8' });

    const free = await laptop();
    const draft = await upload(`assets/${free.id}`, 'draft.pdf', pdf('Draft'));
    await ok(api, 'DELETE', `/api/v1/attachments/${draft.id}`, { reason: 'Draft' });

    const beforeEvents = async (id: string) => (await api.db.db.selectFrom('events').select('seq').where('entity_id', '=', id).execute()).length;
    const outcome = await purgeAfter(1);
    expect(outcome.kept).toEqual(expect.arrayContaining([
      { id: report.id, fileName: 'rma-report.pdf', code: 'ATTACHMENT_IS_EVIDENCE', reason: expect.stringContaining('"Send to maintenance"') },
      { id: scan.id, fileName: 'scan.pdf', code: 'ATTACHMENT_ON_LEGAL_HOLD', reason: expect.any(String) },
    ]));
    expect(outcome.kept.map((k) => k.id)).not.toContain(draft.id);
    expect(outcome.purged).toBeGreaterThanOrEqual(1);
    // Kept content is untouched: its chunks, no purge mark, no purge event; the purged one is gone.
    expect(await chunksOf(report.id)).toBeGreaterThan(0);
    expect(await chunksOf(scan.id)).toBeGreaterThan(0);
    expect(await chunksOf(draft.id)).toBe(0);
    for (const id of [report.id, scan.id]) {
      expect((await ok(api, 'GET', `/api/v1/attachments/${id}`)).body).toMatchObject({ purgedAt: null, contentUrl: expect.any(String), retention: expect.any(Object) });
      expect(await beforeEvents(id)).toBe(0);
    }
    const counts = await snapshotCounts(api.db);
    expect((await purgeAfter(1)).purged).toBe(0);
    expect(await snapshotCounts(api.db)).toEqual(counts);

    // Once the hold is released, the next purge removes the scan's content.
    await step(held, 'release_legal_hold', { released_on: TODAY, release_authority: 'Court of Berlin' });
    const later = await purgeAfter(1);
    expect(later.purged).toBe(1);
    expect(later.kept.map((k) => k.id)).toContain(report.id);
    expect(await chunksOf(scan.id)).toBe(0);
  });

  it('counts only the asset\'s own transitions: evidence naming a person\'s file does not pin it', async () => {
    const person = await create(api, '/api/v1/people', { name: uniq('Person ') });
    const form = await upload(`people/${person.id}`, 'hand-over.pdf', pdf('Hand-over form'));
    const a = await laptop();
    await step(a, 'send_to_maintenance', { maintenance_reason: 'Screen', ticket_reference: proof(form) });
    expect((await ok(api, 'GET', `/api/v1/people/${person.id}/attachments/${form.id}`)).body.retention).toBeNull();
    await ok(api, 'DELETE', `/api/v1/people/${person.id}/attachments/${form.id}`, { reason: 'Signed again' });
  });
});
