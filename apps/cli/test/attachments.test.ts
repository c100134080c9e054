import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, startServer, waitFor, runCli, withDb } from './support/cli.js';
import { pdf } from '../../../test/support/files.js';
import { deleteAttachment, systemContext, transitionAsset } from '@custodia/core';

const attachmentRows = (database: CliDatabase) => withDb(database, async (db) => ({
  attachments: Number((await db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  chunks: Number((await db.selectFrom('attachment_chunks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  events: Number((await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
}));

describe.each(CLI_ENGINES)('attachments from the command line and across a crash ($name)', (engine) => {
  let database: CliDatabase;
  let tag: string;
  beforeAll(async () => {
    database = await engine.create();
    expect((await runCli(['seed-demo', '--assets', '3', '--people', '5'], database.env)).code).toBe(0);
    tag = await withDb(database, async (db) => (await db.selectFrom('assets').select('tag').orderBy('tag').executeTakeFirstOrThrow()).tag);
  }, 120_000);
  afterAll(async () => { await database.dispose(); });

  it('adds, lists, fetches and purges; refuses a file whose kind is not allowed, writing nothing', async () => {
    const file = join(database.dir, 'delivery note.pdf');
    const bytes = pdf('Delivery note 17');
    writeFileSync(file, bytes);
    const added = await runCli(['attachment', 'add', tag, file, '--description', 'Delivery note'], database.env);
    expect(added.code, added.stderr).toBe(0);
    const id = added.stdout.split('\t')[0]!;
    expect(added.stdout).toContain('delivery note.pdf\tpdf\tother');

    const list = await runCli(['attachment', 'list', tag], database.env);
    expect(list.stdout).toContain(`${id}\tdelivery note.pdf\tpdf\tother\t${bytes.length}`);
    // Filed as what it is; without --category a file is "other"; an unknown category writes nothing.
    const categoryOf = (attachmentId: string) => withDb(database, async (db) => (await db.selectFrom('attachments').select('category').where('id', '=', attachmentId).executeTakeFirstOrThrow()).category);
    expect(await categoryOf(id)).toBe('other');
    const filed = await runCli(['attachment', 'add', tag, file, '--category', 'delivery_note'], database.env);
    expect(filed.code, filed.stderr).toBe(0);
    expect(await categoryOf(filed.stdout.split('\t')[0]!)).toBe('delivery_note');
    expect((await runCli(['attachment', 'list', tag], database.env)).stdout).toContain(`${filed.stdout.split('\t')[0]!}\tdelivery note.pdf\tpdf\tdelivery_note\t`);
    const beforeUnknown = await attachmentRows(database);
    const unknown = await runCli(['attachment', 'add', tag, file, '--category', 'receipt'], database.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('ATTACHMENT_CATEGORY_UNKNOWN');
    expect(await attachmentRows(database)).toEqual(beforeUnknown);
    const out = join(database.dir, 'copy.pdf');
    expect((await runCli(['attachment', 'get', id, '--out', out], database.env)).code).toBe(0);
    expect(readFileSync(out).equals(bytes)).toBe(true);

    const svg = join(database.dir, 'logo.svg');
    writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const before = await attachmentRows(database);
    const refused = await runCli(['attachment', 'add', tag, svg], database.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ATTACHMENT_TYPE_REFUSED');
    expect(await attachmentRows(database)).toEqual(before);
    // The same size cap as over HTTP.
    const tooBig = await runCli(['attachment', 'add', tag, file], { ...database.env, CUSTODIA_ATTACHMENT_MAX_BYTES: '100' });
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toContain('PAYLOAD_TOO_LARGE');
    expect(await attachmentRows(database)).toEqual(before);

    // Nothing deleted yet: nothing to purge. The outcome is on standard output; standard error is for diagnostics.
    const purge = await runCli(['attachment', 'purge', '--retention-days', '0'], database.env);
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.stdout).toBe('Removed the content of 0 attachment(s) deleted more than 0 days ago\n');
    expect(purge.stderr).toBe('');
  }, 120_000);

  it('purge keeps the content of a deleted file a recorded transition cites, and says which and why on standard output', async () => {
    const asset = await withDb(database, (db) => db.selectFrom('assets').innerJoin('lifecycle_models', 'lifecycle_models.id', 'assets.lifecycle_model_id')
      .select(['assets.id', 'assets.tag', 'assets.version']).where('lifecycle_models.key', '=', 'hardware').where('assets.stage', 'in', ['in_stock', 'in_use'])
      .orderBy('assets.tag').executeTakeFirstOrThrow());
    const attach = async (name: string) => {
      const file = join(database.dir, name);
      writeFileSync(file, pdf(name));
      const added = await runCli(['attachment', 'add', asset.tag, file], database.env);
      expect(added.code, added.stderr).toBe(0);
      return added.stdout.split('\t')[0]!;
    };
    const cited = await attach('rma-report.pdf');
    const draft = await attach('draft.pdf');
    const day = await withDb(database, async (_db, raw) => {
      const ctx = systemContext(raw, 'cli', 'tester');
      await deleteAttachment(ctx, cited, 'Deleted before it was cited');
      await deleteAttachment(ctx, draft, 'Not needed');
      await transitionAsset(ctx, asset.id, Number(asset.version), 'send_to_maintenance', { maintenance_reason: 'Broken hinge', ticket_reference: `RMA, see attachment ${cited}` });
      return ctx.now().toISOString().slice(0, 10);
    });
    const chunks = (id: string) => withDb(database, async (db) => (await db.selectFrom('attachment_chunks').select('seq').where('attachment_id', '=', id).execute()).length);

    const purge = await runCli(['attachment', 'purge', '--retention-days', '0'], database.env);
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.stderr).toBe('');
    expect(purge.stdout).toBe([
      'Removed the content of 1 attachment(s) deleted more than 0 days ago',
      'Kept the content of 1 deleted attachment(s) that must be kept:',
      `${cited}\trma-report.pdf\tATTACHMENT_IS_EVIDENCE\tIt is the evidence of the transition "Send to maintenance" recorded on ${day}, and evidence is kept`,
      '',
    ].join('\n'));
    expect(await chunks(cited)).toBeGreaterThan(0);
    expect(await chunks(draft)).toBe(0);
  }, 120_000);

  it('keeps files with a supplier (by name) and a person (by e-mail), lists and fetches them; an unknown owner writes nothing', async () => {
    const supplier = await withDb(database, async (db) => (await db.selectFrom('suppliers').select(['id', 'name']).orderBy('name').executeTakeFirstOrThrow()));
    const person = await withDb(database, async (db) => (await db.selectFrom('people').select(['id', 'email']).where('email', 'is not', null).orderBy('name').executeTakeFirstOrThrow()));
    const contract = join(database.dir, 'framework contract.pdf');
    const bytes = pdf('Framework contract');
    writeFileSync(contract, bytes);
    const toSupplier = await runCli(['attachment', 'add', `supplier:${supplier.name.toUpperCase()}`, contract], database.env);
    expect(toSupplier.code, toSupplier.stderr).toBe(0);
    const id = toSupplier.stdout.split('\t')[0]!;
    const form = join(database.dir, 'hand-over.txt');
    writeFileSync(form, 'Received one laptop in good order.\n');
    const toPerson = await runCli(['attachment', 'add', `person:${person.email}`, form, '--description', 'Signed hand-over'], database.env);
    expect(toPerson.code, toPerson.stderr).toBe(0);

    expect((await runCli(['attachment', 'list', `supplier:${supplier.id}`], database.env)).stdout).toContain(`${id}\tframework contract.pdf\tpdf\tother\t${bytes.length}`);
    expect((await runCli(['attachment', 'list', `person:${person.email}`], database.env)).stdout).toContain('hand-over.txt\ttext\tother\t');
    const out = join(database.dir, 'contract-copy.pdf');
    expect((await runCli(['attachment', 'get', id, '--out', out], database.env)).code).toBe(0);
    expect(readFileSync(out).equals(bytes)).toBe(true);
    const stored = await withDb(database, async (db) => db.selectFrom('attachments').select(['owner_kind', 'supplier_id', 'owner_label']).where('id', '=', id).executeTakeFirstOrThrow());
    expect(stored).toEqual({ owner_kind: 'supplier', supplier_id: supplier.id, owner_label: supplier.name });

    const before = await attachmentRows(database);
    const unknown = await runCli(['attachment', 'add', 'supplier:Nobody Ltd', contract], database.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No supplier "Nobody Ltd"');
    expect(await attachmentRows(database)).toEqual(before);
  }, 120_000);

  it('kill -9 in the middle of an upload leaves no row, no chunk, no event; its temporary file is swept at the next start (AT-05)', async () => {
    expect((await runCli(['account', 'create', 'uploader', '--role', 'it_asset_manager'], database.env)).code).toBe(0);
    const token = (await runCli(['token', 'create', 'uploader', '--access', 'write'], database.env)).stdout.trim();
    const assetId = await withDb(database, async (db) => (await db.selectFrom('assets').select('id').where('tag', '=', tag).executeTakeFirstOrThrow()).id);
    const tmp = join(database.dir, 'tmp');
    mkdirSync(tmp);
    const env = { TMPDIR: tmp };
    const before = await attachmentRows(database);

    const server = await startServer(database, env);
    const url = new URL(`${server.url}/api/v1/assets/${assetId}/attachments?fileName=scan.pdf`);
    // A chunked upload that sends half a file and then waits: the server is receiving it when it dies.
    const file = pdf('Scan', 2 * 1024 * 1024);
    const upload = request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'transfer-encoding': 'chunked' } });
    const outcome = new Promise<string>((resolve) => { upload.on('error', () => resolve('connection lost')); upload.on('response', (r) => resolve(`answered ${r.statusCode}`)); });
    upload.write(file.subarray(0, file.length / 2));
    await waitFor(() => readdirSync(tmp).some((d) => d.startsWith('custodia-upload-') && readdirSync(join(tmp, d)).length > 0), 30_000);
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('close', r));
    expect(await outcome).toBe('connection lost');

    expect(await attachmentRows(database)).toEqual(before);
    expect(readdirSync(tmp).filter((d) => d.startsWith('custodia-upload-'))).toHaveLength(1);
    expect((await runCli(['history', 'verify'], database.env)).code).toBe(0);

    const again = await startServer(database, { ...env, CUSTODIA_ATTACHMENT_MAX_BYTES: String(3 * 1024 * 1024) });
    try {
      await waitFor(() => again.log().includes('Removed temporary upload files'), 10_000);
      expect(readdirSync(tmp).filter((d) => d.startsWith('custodia-upload-'))).toEqual([]);
      const res = await fetch(`${again.url}${url.pathname}${url.search}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: file });
      expect(res.status, await res.clone().text()).toBe(201);
      const body = await res.json() as { sizeBytes: number };
      expect(body.sizeBytes).toBe(file.length);
      // Over a real connection, a chunked body past the cap gets its 413 (not a reset connection), and nothing stays.
      const big = pdf('Too big', 4 * 1024 * 1024);
      const stream = new ReadableStream({ start(c) { for (let i = 0; i < big.length; i += 65_536) c.enqueue(big.subarray(i, i + 65_536)); c.close(); } });
      const tooBig = await fetch(`${again.url}${url.pathname}${url.search}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: stream, duplex: 'half' } as RequestInit);
      expect(tooBig.status).toBe(413);
      expect(((await tooBig.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
      expect(readdirSync(tmp).filter((d) => d.startsWith('custodia-upload-'))).toEqual([]);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('close', r));
    }
    const after = await attachmentRows(database);
    expect(after.attachments).toBe(before.attachments + 1);
    expect(after.chunks).toBe(before.chunks + Math.ceil(file.length / (256 * 1024)));
  }, 120_000);
});
