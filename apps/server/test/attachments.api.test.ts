import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeDeletedAttachments, systemContext } from '@custodia/core';
import { writeXlsx } from '@custodia/data';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { jpegHeader, pdf, png } from '../../../test/support/files.js';
import { docxOf, docxParts, odtOf, zipOf } from '../../../test/support/zip.js';
import { type Res, assetTypes, create, expectProblem, ok, refused, uniq } from './support/http.js';

const MAX = 64 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const uploadDir = mkdtempSync(join(tmpdir(), 'attachments-test-'));
const uploadDirs = () => readdirSync(uploadDir);

describe.each(ENGINES)('attachments ($name)', (engine) => {
  let api: TestApi;
  let assetId: string;
  let outsideAssetId: string;
  let scopedAuth: Record<string, string>;
  let readOnlyAuth: Record<string, string>;

  async function upload(asset: string, fileName: string, body: Buffer | Readable, headers: Record<string, string> = {}, extra = ''): Promise<Res> {
    const res = await api.app.inject({
      method: 'POST', url: `/api/v1/assets/${asset}/attachments?fileName=${encodeURIComponent(fileName)}${extra}`,
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/octet-stream', ...headers }, payload: body,
    });
    let parsed: unknown = res.body;
    try { parsed = JSON.parse(res.body); } catch { /* not JSON */ }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  const content = (id: string, headers: Record<string, string> = {}, query = '') =>
    api.app.inject({ method: 'GET', url: `/api/v1/attachments/${id}/content${query}`, headers: { authorization: `Bearer ${api.adminToken}`, ...headers } });
  /** An upload that must be refused with nothing written: no row, no chunk, no event, no temporary file. */
  async function refusedUpload(status: number, code: string, asset: string, fileName: string, body: Buffer | Readable, headers?: Record<string, string>) {
    const res = await refused(api, () => upload(asset, fileName, body, headers), status, code);
    expect(uploadDirs(), `no temporary file left (${fileName} → ${status})`).toEqual([]);
    return res;
  }

  beforeAll(async () => {
    api = await startApi(engine, { app: { attachmentMaxBytes: MAX, uploadDir } });
    const types = await assetTypes(api);
    const inside = await create(api, '/api/v1/org-units', { name: uniq('Inside'), kind: 'country' });
    const outside = await create(api, '/api/v1/org-units', { name: uniq('Outside'), kind: 'country' });
    assetId = (await create(api, '/api/v1/assets', { name: 'Invoice laptop', assetTypeId: types['laptop'].id, ownerOrgUnitId: inside.id })).id;
    outsideAssetId = (await create(api, '/api/v1/assets', { name: 'Elsewhere', assetTypeId: types['laptop'].id, ownerOrgUnitId: outside.id })).id;
    scopedAuth = (await api.user(uniq('mgr-in'), [{ role: 'it_asset_manager', orgUnitId: inside.id }])).auth;
    readOnlyAuth = (await api.user(uniq('reader'), [{ role: 'it_asset_manager' }], { access: 'read' })).auth;
  });
  afterAll(async () => { await api.close(); });

  it('keeps a PDF with its asset: listed, downloaded byte for byte as a download, hashed, in the asset\'s history', async () => {
    const file = pdf('Invoice 2026-0412', 5000);
    const res = await upload(assetId, 'Rechnung März.pdf', file, {}, `&description=${encodeURIComponent('Invoice 2026-0412')}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers['location']).toBe(`/api/v1/attachments/${res.body.id}`);
    expect(res.body).toMatchObject({
      assetId, fileName: 'Rechnung März.pdf', kind: 'pdf', mediaType: 'application/pdf', sizeBytes: file.length, sha256: sha(file),
      description: 'Invoice 2026-0412', uploadedBy: expect.stringMatching(/^admin/), deletedAt: null, contentUrl: `/api/v1/attachments/${res.body.id}/content`,
    });

    const list = await ok(api, 'GET', `/api/v1/assets/${assetId}/attachments`);
    expect(list.body.items.map((a: any) => a.id)).toContain(res.body.id);

    const got = await content(res.body.id);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(file)).toBe(true);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toContain('sandbox');
    expect(got.headers['etag']).toBe(`"${sha(file)}"`);
    expect((await content(res.body.id, { 'if-none-match': `"${sha(file)}"` })).statusCode).toBe(304);
    // Asked inline, a PDF still downloads: only images are shown in the page.
    expect((await content(res.body.id, {}, '?disposition=inline')).headers['content-disposition']).toMatch(/^attachment;/);

    const history = await ok(api, 'GET', `/api/v1/assets/${assetId}/history`);
    const event = history.body.items.find((e: any) => e.action === 'attach');
    expect(event.changes.attachment.after).toMatchObject({ id: res.body.id, sha256: sha(file), fileName: 'Rechnung März.pdf', sizeBytes: file.length });
  });

  it('stores a file larger than one chunk whole, and shows images inline when asked', async () => {
    const picture = png(120, 90);
    const image = await upload(assetId, 'photo.PNG', picture);
    expect(image.status).toBe(201);
    expect(image.body).toMatchObject({ kind: 'png', width: 120, height: 90 });
    const shown = await content(image.body.id, {}, '?disposition=inline');
    expect(shown.headers['content-disposition']).toMatch(/^inline;/);
    expect(shown.headers['content-type']).toBe('image/png');

    const big = pdf('Big', 600 * 1024);
    const api2 = await startApi(engine, { app: { attachmentMaxBytes: 2 * 1024 * 1024 } });
    try {
      const types = await assetTypes(api2);
      const asset = await create(api2, '/api/v1/assets', { name: 'Big', assetTypeId: types['laptop'].id });
      const res = await api2.app.inject({ method: 'POST', url: `/api/v1/assets/${asset.id}/attachments?fileName=big.pdf`, headers: { authorization: `Bearer ${api2.adminToken}`, 'content-type': 'application/pdf' }, payload: big });
      expect(res.statusCode, res.body).toBe(201);
      const chunks = await api2.db.db.selectFrom('attachment_chunks').select('seq').where('attachment_id', '=', JSON.parse(res.body).id).execute();
      expect(chunks.length).toBe(3);
      const back = await api2.app.inject({ method: 'GET', url: `/api/v1/attachments/${JSON.parse(res.body).id}/content`, headers: { authorization: `Bearer ${api2.adminToken}` } });
      expect(sha(back.rawPayload)).toBe(sha(big));
    } finally {
      await api2.close();
    }
  });

  it('refuses files whose kind is not allowed or whose name lies about their content (AT-01), writing nothing', async () => {
    const html = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><foreignObject/></svg>');
    const php = Buffer.from('<?php system($_GET["c"]); ?>');
    const cases: [string, Buffer][] = [
      ['invoice.pdf', html], ['invoice.pdf', svg], ['logo.svg', svg], ['shell.php', php], ['shell.phtml', php], ['page.html', html],
      ['app.js', Buffer.from('alert(1)')], ['a.pdf.php', pdf('x')], ['a.php%00.pdf', php], ['photo.jpg', png(4, 4)],
      ['noextension', pdf('x')], ['notes.txt', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03])], ['latin1.txt', Buffer.from('Gr\xfc\xdfe', 'latin1')],
    ];
    for (const [name, body] of cases) {
      const res = await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, name, body);
      expect(res.body.detail, name).toBeTruthy();
    }
  });

  it('refuses a name holding a NUL byte, or an empty one, as an invalid query parameter; undecodable escapes stay as typed', async () => {
    // The UTF-8 bytes of a lone surrogate are not decoded at all: the name keeps them as text.
    const undecodable = await api.app.inject({ method: 'POST', url: `/api/v1/assets/${assetId}/attachments?fileName=a%ED%A0%80.pdf`, headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/pdf' }, payload: pdf('x') });
    expect(JSON.parse(undecodable.body).fileName).toBe('a%ED%A0%80.pdf');
    for (const encoded of ['a.php%00.pdf', '']) {
      const before = await snapshotCounts(api.db);
      const res = await api.app.inject({ method: 'POST', url: `/api/v1/assets/${assetId}/attachments?fileName=${encoded}`, headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/pdf' }, payload: pdf('x') });
      expect(res.statusCode, `${encoded}: ${res.body}`).toBe(400);
      expect(JSON.parse(res.body).code).toBe('INVALID_QUERY');
      expect(await snapshotCounts(api.db)).toEqual(before);
    }
  });

  it('refuses archives, whatever they are called (AT-04)', async () => {
    const slip = zipOf([{ name: '../../app.js', data: Buffer.from('alert(1)') }]);
    for (const name of ['bundle.zip', 'invoice.pdf', 'notes.txt', 'letter.odt']) await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, name, slip);
    // Under an Office name the archive is opened, never unpacked: zip-slip, links and damage are 422 (too many parts: inspect-file.test.ts).
    const office: [string, Buffer, RegExp][] = [
      ['sheet.xlsx', slip, /part \.\.\/\.\.\/app\.js points outside the archive/],
      ['contract.docx', docxOf('x', [{ name: 'word/../../../etc/cron.d/x', data: Buffer.from('* * * * * root sh') }]), /points outside the archive/],
      ['contract.docx', docxOf('x', [{ name: 'C:\\Windows\\x.dll', data: Buffer.from('MZ') }]), /points outside the archive/],
      ['linked.docx', docxOf('x', [{ name: 'word/media/image1.png', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]), /is a symbolic link/],
      ['broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('../../app.js', 'latin1')]), /not a valid \.xlsx document/],
    ];
    for (const [name, body, detail] of office) {
      const res = await refusedUpload(422, 'ATTACHMENT_INVALID', assetId, name, body);
      expect(res.body.detail, name).toMatch(detail);
    }
  });

  it('keeps Word, Excel, PowerPoint and OpenDocument files, judged by their parts, downloaded only as files', async () => {
    // A workbook as the register's own export writes it (ExcelJS).
    const sink = new PassThrough();
    const written: Buffer[] = [];
    sink.on('data', (c: Buffer) => written.push(c));
    await writeXlsx((async function* () { yield { product: 'Office LTSC', seats: 25 }; })(), [{ key: 'product', header: 'Product' }, { key: 'seats', header: 'Seats' }], sink, 'Entitlements');
    const xlsx = Buffer.concat(written);
    const files: [string, Buffer, string][] = [
      ['Licence statement.xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['Contract.docx', docxOf('Support contract 2026'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['Hand-over form.odt', odtOf('Received in good order'), 'application/vnd.oasis.opendocument.text'],
      // A chart's data is a workbook embedded in the document: ordinary, kept.
      ['With chart.docx', docxOf('Chart', [{ name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', data: xlsx }]), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ];
    for (const [name, body, mediaType] of files) {
      const res = await upload(assetId, name, body);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
      expect(res.body).toMatchObject({ fileName: name, kind: name.split('.').pop(), mediaType, sizeBytes: body.length, sha256: sha(body) });
      const got = await content(res.body.id, {}, '?disposition=inline');
      expect(got.rawPayload.equals(body), name).toBe(true);
      expect(got.headers['content-type']).toBe(mediaType);
      expect(got.headers['content-disposition'], 'never inline').toMatch(/^attachment;/);
    }
  });

  it('refuses Office files with macros, controls or embedded programs, of the wrong kind, or built to exhaust memory (AT-04), writing nothing', async () => {
    const macro = await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, 'renamed.docx', docxOf('Enable content', [{ name: 'word/vbaProject.bin', data: Buffer.from('VBA') }]));
    expect(macro.body.detail).toBe('The document contains VBA macros (word/vbaProject.bin); documents with macros, controls or embedded programs are not accepted: save it as .docx without them, or as PDF');
    await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, 'ole.docx', docxOf('x', [{ name: 'word/embeddings/oleObject1.bin', data: Buffer.from('MZ') }]));
    await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, 'activex.docx', docxOf('x', [{ name: 'word/activeX/activeX1.xml', data: Buffer.from('<ax/>') }]));
    // A template fetched from a server (its macros run when the document opens), an external OLE object or frame; an
    // external hyperlink is ordinary.
    const rels = (type: string, target: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}" TargetMode="External"/></Relationships>`);
    const template = await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, 'template.docx', docxOf('x', [{ name: 'word/_rels/settings.xml.rels', data: rels('attachedTemplate', 'https://evil.example/t.dotm') }]));
    expect(template.body.detail).toBe('The document loads an external template from outside itself (word/_rels/settings.xml.rels); documents that fetch templates or objects are not accepted: save it as .docx without them, or as PDF');
    await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, 'ole-link.docx', docxOf('x', [{ name: 'word/_rels/settings.xml.rels', data: rels('oleObject', 'file://server/x.bin') }]));
    await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, 'frame.docx', docxOf('x', [{ name: 'word/_rels/webSettings.xml.rels', data: rels('frame', 'https://evil.example/') }]));
    const linked = await upload(assetId, 'link.docx', docxOf('x', [{ name: 'word/_rels/document.xml.rels', data: rels('hyperlink', 'https://example.com/') }]));
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    // A Word document named as a workbook, an OpenDocument text named as a Word document.
    const wrongKind = await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, 'budget.xlsx', docxOf('x'));
    expect(wrongKind.body.detail).toBe('The file is named .xlsx but is not a XLSX document: it has no xl/workbook.xml');
    await refusedUpload(415, 'ATTACHMENT_TYPE_REFUSED', assetId, 'letter.docx', odtOf('x'));
    // Compression bombs: a part declaring 300 MB, and one inflating beyond what it declares.
    const big = await refusedUpload(413, 'PAYLOAD_TOO_LARGE', assetId, 'bomb.docx', docxOf('x', [{ name: 'word/media/image1.png', data: Buffer.alloc(1000), declaredSize: 300 * 1024 * 1024 }]));
    expect(big.body.detail).toMatch(/^The document expands to \d+ bytes; at most 209715200 are accepted$/);
    await refusedUpload(422, 'ATTACHMENT_INVALID', assetId, 'liar.docx', docxOf('x', [{ name: 'word/media/image1.png', data: Buffer.alloc(40_000), declaredSize: 100 }]));
    // XXE in a part.
    const dtd = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data: Buffer.from('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>') },
    ]);
    const xxe = await refusedUpload(422, 'ATTACHMENT_INVALID', assetId, 'xxe.docx', dtd);
    expect(xxe.body.detail).toContain('word/document.xml declares a DTD or XML entities');
    // Parts hidden between the entries a directory lists.
    await refusedUpload(422, 'ATTACHMENT_INVALID', assetId, 'hidden.docx', zipOf(docxParts('x'), [{ name: 'word/vbaProject.bin', data: Buffer.from('VBA') }]));
  });

  it('keeps the given name only as cleaned metadata (AT-02)', async () => {
    const text = Buffer.from('delivery note\n');
    const names: [string, string][] = [
      ['../../etc/passwd.txt', 'passwd.txt'], ['..\\..\\boot.txt', 'boot.txt'], ['CON.txt', '_CON.txt'], ['%2e%2e%2fx.txt', '%2e%2e%2fx.txt'],
      ['note\u202Etxt.exe.txt', 'notetxt.exe.txt'], [`${'n'.repeat(300)}.txt`, `${'n'.repeat(196)}.txt`],
    ];
    for (const [given, kept] of names) {
      const res = await upload(assetId, given, text);
      expect(res.status, given).toBe(201);
      expect(res.body.fileName).toBe(kept);
      const header = String((await content(res.body.id)).headers['content-disposition']);
      expect(header).not.toMatch(/[\r\n]/);
      expect(header).not.toContain('/');
    }
  });

  it('stops at the size cap before storing anything, with or without a length (AT-03)', async () => {
    const over = pdf('x', MAX);
    expect(over.length).toBeGreaterThan(MAX);
    await refusedUpload(413, 'PAYLOAD_TOO_LARGE', assetId, 'big.pdf', over);
    // Chunked: no Content-Length, so the cap is hit while streaming.
    await refusedUpload(413, 'PAYLOAD_TOO_LARGE', assetId, 'big.pdf', Readable.from([over.subarray(0, 40_000), over.subarray(40_000)]));
    // Exactly at the cap is accepted.
    let padding = MAX - pdf('x', 0).length;
    while (pdf('x', padding).length > MAX) padding -= 1;
    const exact = pdf('x', padding);
    expect(exact.length).toBe(MAX);
    expect((await upload(assetId, 'exact.pdf', exact)).status).toBe(201);
  });

  it('refuses an image too large to decode, reading only its header (AT-03), and a damaged one', async () => {
    await refusedUpload(422, 'IMAGE_TOO_LARGE', assetId, 'bomb.png', png(50_000, 50_000, [0, 0, 0], true));
    await refusedUpload(422, 'IMAGE_TOO_LARGE', assetId, 'bomb.jpg', jpegHeader(50_000, 50_000));
    await refusedUpload(422, 'ATTACHMENT_INVALID', assetId, 'broken.png', png(10, 10).subarray(0, 12));
    expect((await upload(assetId, 'camera.jpg', jpegHeader(4000, 3000))).body).toMatchObject({ kind: 'jpeg', width: 4000, height: 3000 });
    await refusedUpload(422, 'VALIDATION_FAILED', assetId, 'empty.txt', Buffer.alloc(0));
  });

  it('deletes with a reason: gone from the list, evidence kept in history, content removed only after the retention window (AT-06)', async () => {
    const file = pdf('Proof of destruction');
    const added = (await upload(assetId, 'destruction.pdf', file)).body;
    await refused(api, () => api.call('DELETE', `/api/v1/attachments/${added.id}`, {}), 422);
    const del = await ok(api, 'DELETE', `/api/v1/attachments/${added.id}`, { reason: 'Uploaded to the wrong asset' });
    expect(del.body).toMatchObject({ id: added.id, deletedBy: expect.stringMatching(/^admin/), deleteReason: 'Uploaded to the wrong asset', purgedAt: null });
    await refused(api, () => api.call('DELETE', `/api/v1/attachments/${added.id}`, { reason: 'again' }), 409, 'CONFLICT');

    const live = await ok(api, 'GET', `/api/v1/assets/${assetId}/attachments?limit=500`);
    expect(live.body.items.map((a: any) => a.id)).not.toContain(added.id);
    const all = await ok(api, 'GET', `/api/v1/assets/${assetId}/attachments?limit=500&includeDeleted=true`);
    expect(all.body.items.map((a: any) => a.id)).toContain(added.id);
    const history = await ok(api, 'GET', `/api/v1/assets/${assetId}/history?limit=200`);
    const detach = history.body.items.find((e: any) => e.action === 'detach');
    expect(detach).toMatchObject({ reason: 'Uploaded to the wrong asset', changes: { attachment: { before: { id: added.id, sha256: sha(file), uploadedBy: added.uploadedBy, fileName: 'destruction.pdf' }, after: null } } });

    // Within the window the content is still there; after it, only the metadata.
    expect((await content(added.id)).rawPayload.equals(file)).toBe(true);
    const later = (days: number) => systemContext(api.db, 'job', 'job:attachments', () => new Date(Date.now() + days * 86_400_000));
    expect(await purgeDeletedAttachments(later(29), 30)).toEqual({ purged: 0, kept: [] });
    expect(await purgeDeletedAttachments(later(31), 30)).toEqual({ purged: 1, kept: [] });
    const chunks = await api.db.db.selectFrom('attachment_chunks').select('seq').where('attachment_id', '=', added.id).execute();
    expect(chunks).toEqual([]);
    expectProblem(await api.call('GET', `/api/v1/attachments/${added.id}/content`), 410, 'ATTACHMENT_PURGED');
    const meta = await ok(api, 'GET', `/api/v1/attachments/${added.id}`);
    expect(meta.body).toMatchObject({ sha256: sha(file), purgedAt: expect.any(String), contentUrl: null });
    const purgeEvent = await api.db.db.selectFrom('events').select(['action', 'entity_type']).where('entity_id', '=', added.id).execute();
    expect(purgeEvent).toEqual([{ action: 'delete', entity_type: 'attachment' }]);
  });

  it('answers 404 for attachments of assets outside the caller\'s scope, and read-only tokens only read', async () => {
    const outside = (await upload(outsideAssetId, 'outside.pdf', pdf('x'))).body;
    const inside = (await upload(assetId, 'inside.pdf', pdf('y'))).body;
    for (const url of [`/api/v1/attachments/${outside.id}`, `/api/v1/attachments/${outside.id}/content`, `/api/v1/assets/${outsideAssetId}/attachments`]) {
      expectProblem(await api.call('GET', url, undefined, scopedAuth), 404, 'NOT_FOUND');
    }
    await refused(api, () => api.call('DELETE', `/api/v1/attachments/${outside.id}`, { reason: 'not mine' }, scopedAuth), 404, 'NOT_FOUND');
    await refusedUpload(404, 'NOT_FOUND', outsideAssetId, 'x.pdf', pdf('x'), scopedAuth);
    // Refused before the body is read: an upload that never ends is answered at once, and nothing reaches the disk.
    const endless = new Readable({ read() { this.push(Buffer.alloc(16 * 1024)); } });
    await refusedUpload(404, 'NOT_FOUND', outsideAssetId, 'endless.pdf', endless, { ...scopedAuth, 'transfer-encoding': 'chunked' });
    endless.destroy();
    expect((await api.call('GET', `/api/v1/attachments/${inside.id}`, undefined, scopedAuth)).status).toBe(200);
    expect((await upload(assetId, 'mine.pdf', pdf('z'), scopedAuth)).status).toBe(201);

    expect((await content(inside.id, readOnlyAuth)).statusCode).toBe(200);
    await refusedUpload(403, 'TOKEN_READ_ONLY', assetId, 'x.pdf', pdf('x'), readOnlyAuth);
    await refused(api, () => api.call('DELETE', `/api/v1/attachments/${inside.id}`, { reason: 'read only' }, readOnlyAuth), 403);
    await refusedUpload(404, 'NOT_FOUND', '00000000-0000-7000-8000-000000000000', 'x.pdf', pdf('x'));
  });

  it('an asset with attachments cannot be deleted until they are; its deleted attachments keep its tag', async () => {
    const types = await assetTypes(api);
    const asset = await create(api, '/api/v1/assets', { name: 'Created in error', assetTypeId: types['laptop'].id });
    const file = (await upload(asset.id, 'scan.pdf', pdf('scan'))).body;
    const before = await snapshotCounts(api.db);
    const refusedDelete = await api.call('DELETE', `/api/v1/assets/${asset.id}`, { reason: 'Created in error' }, { 'if-match': '"1"' });
    expectProblem(refusedDelete, 409, 'ASSET_HAS_ATTACHMENTS');
    expect(refusedDelete.body.detail).toContain('scan.pdf');
    expect(await snapshotCounts(api.db)).toEqual(before);
    await ok(api, 'DELETE', `/api/v1/attachments/${file.id}`, { reason: 'Asset created in error' });
    expect((await api.call('DELETE', `/api/v1/assets/${asset.id}`, { reason: 'Created in error' }, { 'if-match': '"1"' })).status).toBe(204);
    const kept = await ok(api, 'GET', `/api/v1/attachments/${file.id}`);
    expect(kept.body).toMatchObject({ assetId: null, assetTag: asset.tag, deletedAt: expect.any(String) });
  });

  it('pages through many attachments, newest first', async () => {
    const types = await assetTypes(api);
    const asset = await create(api, '/api/v1/assets', { name: 'Many files', assetTypeId: types['laptop'].id });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await upload(asset.id, `page-${i}.txt`, Buffer.from(`page ${i}\n`))).body.id);
    const first = await ok(api, 'GET', `/api/v1/assets/${asset.id}/attachments?limit=2`);
    const second = await ok(api, 'GET', `/api/v1/assets/${asset.id}/attachments?limit=2&cursor=${first.body.nextCursor}`);
    const third = await ok(api, 'GET', `/api/v1/assets/${asset.id}/attachments?limit=2&cursor=${second.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((a: any) => a.id)).toEqual(ids.reverse());
    expect(third.body.nextCursor).toBeNull();
    const text = await content(ids[0]!);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
  });
});
