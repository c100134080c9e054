import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverPendingWebhooks, systemContext } from '@custodia/core';
import { appendEvents } from '@custodia/data';
import { verifySignature } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { type TestReceiver, startReceiver } from '../../../test/support/webhook-receiver.js';
import { assetTypes, create, etag, expectProblem, ok, refuse, uniq } from './support/http.js';
import { franceAndGermany } from './support/places.js';
import { startWebhookWorker } from '../src/webhook-worker.js';

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

/**
 * Outbound webhooks end to end, against a real HTTP receiver on loopback (node:http; the server runs with
 * CUSTODIA_WEBHOOKS_ALLOW_PRIVATE as the receiver is local): a change is delivered once, signed; a refused or rolled
 * back change is never sent; a receiver that is down gets the delivery once it is back, in order; kinds and the
 * org-unit filter choose what is sent; URLs pointing inside (or anywhere without https) are refused with nothing written.
 */
describe.each(ENGINES)('webhooks ($name)', (engine) => {
  let api: TestApi;
  let receiver: TestReceiver;
  let now = new Date('2026-12-24T09:00:00.000Z');
  const clock = () => now;
  const base = '/api/v1/webhooks';
  const ref: Record<string, any> = {};
  let laptop = '';
  const deliver = (options: { maxAttempts?: number } = {}) => deliverPendingWebhooks(systemContext(api.db, 'job', 'job:webhooks', clock), { allowPrivate: true, timeoutMs: 3000, ...options });
  const outbox = () => api.db.db.selectFrom('webhook_deliveries').select(['webhook_id', 'event_kind', 'status', 'attempts']).orderBy('event_seq').execute();
  const newAsset = (name: string, ownerOrgUnitId: string | null = null) => create(api, '/api/v1/assets', { name, assetTypeId: laptop, ownerOrgUnitId });
  async function hook(body: Record<string, unknown>) {
    return create(api, base, { name: uniq('hook'), url: receiver.url, events: ['asset.create'], ...body });
  }
  /** Disables every webhook, so each test starts with only its own. */
  async function disableAll() {
    for (const w of (await ok(api, 'GET', base)).body.items) {
      if (w.active) await ok(api, 'PATCH', `${base}/${w.id}`, { active: false }, { 'if-match': `"${w.version}"` });
    }
    await api.db.db.deleteFrom('webhook_deliveries').execute();
  }

  beforeAll(async () => {
    api = await startApi(engine, { clock, app: { webhooks: { allowPrivate: true } } });
    receiver = await startReceiver();
    laptop = (await assetTypes(api))['laptop'].id;
    Object.assign(ref, await franceAndGermany(api));
  });
  afterAll(async () => {
    await receiver.close();
    await api.close();
  });
  beforeEach(async () => {
    await disableAll();
    receiver.received.length = 0;
    receiver.status = 200;
  });

  it('a change is delivered once, signed with the secret shown at creation, which is stored encrypted and never shown again', async () => {
    const created = await hook({ events: ['asset.create', 'asset.transition'] });
    expect(created.secret).toMatch(/^whsec_/);
    const stored = await api.db.db.selectFrom('webhooks').select('secret').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.secret.startsWith('enc:v1:')).toBe(true);
    expect(stored.secret).not.toContain(created.secret);
    const read = await ok(api, 'GET', `${base}/${created.id}`);
    expect(read.body).not.toHaveProperty('secret');
    expect(read.body).toMatchObject({ url: receiver.url, events: ['asset.create', 'asset.transition'], orgUnitId: null, active: true, version: 1 });

    const asset = await newAsset('Delivered laptop');
    expect(await outbox()).toEqual([{ webhook_id: created.id, event_kind: 'asset.create', status: 'pending', attempts: 0 }]);
    expect(await deliver()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(await deliver()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.json).toMatchObject({ event: 'asset.create', occurredAt: now.toISOString(), entity: { type: 'asset', id: asset.id }, actor: 'admin', seq: expect.any(Number) });
    expect(got.json.changes.name).toEqual({ before: null, after: 'Delivered laptop' });
    expect(got.headers['custodia-event-id']).toBe(got.json.id);
    expect(got.headers['content-type']).toBe('application/json');
    const signature = String(got.headers['custodia-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(hmac, created.secret, signature, got.body, Math.floor(now.getTime() / 1000))).toEqual({ ok: true });
    expect(verifySignature(hmac, 'whsec_other', signature, got.body, Math.floor(now.getTime() / 1000))).toEqual({ ok: false, code: 'SIGNATURE_MISMATCH' });

    const log = await ok(api, 'GET', `${base}/${created.id}/deliveries`);
    expect(log.body.items).toEqual([expect.objectContaining({ id: got.json.id, event: 'asset.create', status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null })]);
    expect(JSON.stringify(log.body)).not.toContain(created.secret);
  });

  it('a refused request and a rolled-back transaction send nothing', async () => {
    await hook({ events: ['asset.create', 'asset.update'] });
    const asset = await newAsset('Stale laptop');
    await deliver();
    receiver.received.length = 0;
    // Refused inside the change (stale If-Match) and before it (bad input): no event, no delivery.
    await refuse(api, 412, 'VERSION_MISMATCH', 'PATCH', `/api/v1/assets/${asset.id}`, { name: 'Renamed' }, { 'if-match': '"9"' });
    await refuse(api, 422, undefined, 'POST', '/api/v1/assets', { name: 'No type' });
    // Events appended, then the transaction fails: their deliveries go with them.
    const before = await snapshotCounts(api.db);
    await expect(api.db.db.transaction().execute(async (tx) => {
      await appendEvents(tx, [{ entityType: 'asset', entityId: asset.id, action: 'create', changes: { name: { before: null, after: 'ghost' } } }], { actor: 'test', source: 'api', reason: null, requestId: null, occurredAt: now.toISOString() });
      expect(await tx.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').execute()).toHaveLength(1);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await snapshotCounts(api.db)).toEqual(before);
    expect(await deliver()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(receiver.received).toEqual([]);
  });

  it('a receiver that is down gets the deliveries once it is back, in order, after a backoff; the last attempt marks one failed', async () => {
    const created = await hook({});
    await receiver.down();
    const first = await newAsset('First while down');
    const second = await newAsset('Second while down');
    // The first fails; the second waits behind it.
    expect(await deliver()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect((await outbox()).map((d) => d.attempts)).toEqual([1, 0]);
    const waiting = (await ok(api, 'GET', `${base}/${created.id}/deliveries?status=pending`)).body.items;
    expect(waiting.find((d: any) => d.attempts === 1)).toMatchObject({ lastStatusCode: null, lastError: expect.stringMatching(/ECONNREFUSED/), nextAttemptAt: new Date(now.getTime() + 30_000).toISOString() });
    await receiver.up();
    expect(await deliver()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    now = new Date(now.getTime() + 31_000);
    expect(await deliver()).toEqual({ delivered: 2, retried: 0, failed: 0 });
    expect(receiver.received.map((r) => r.json.entity.id)).toEqual([first.id, second.id]);
    expect((await outbox()).map((d) => [d.status, d.attempts])).toEqual([['delivered', 2], ['delivered', 1]]);

    receiver.status = 500;
    await newAsset('Refused by the receiver');
    expect(await deliver({ maxAttempts: 2 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    now = new Date(now.getTime() + 31_000);
    expect(await deliver({ maxAttempts: 2 })).toEqual({ delivered: 0, retried: 0, failed: 1 });
    const failed = (await ok(api, 'GET', `${base}/${created.id}/deliveries?status=failed`)).body.items;
    expect(failed).toEqual([expect.objectContaining({ status: 'failed', attempts: 2, lastStatusCode: 500, lastError: 'HTTP 500' })]);
  });

  it('only the kinds subscribed, within the org-unit filter, from active webhooks', async () => {
    const transitions = await hook({ events: ['asset.update'] });
    const france = await hook({ events: ['asset.create'], orgUnitId: ref.fr.id });
    const off = await hook({ events: ['asset.create'], active: false });
    await newAsset('Nowhere');
    await newAsset('Germany', ref.de.id);
    const sales = await newAsset('Sales, under France', ref.frSales.id);
    const rows = await outbox();
    expect(rows).toEqual([{ webhook_id: france.id, event_kind: 'asset.create', status: 'pending', attempts: 0 }]);
    expect(rows.some((r) => r.webhook_id === transitions.id || r.webhook_id === off.id)).toBe(false);
    await deliver();
    expect(receiver.received.map((r) => r.json.entity.id)).toEqual([sales.id]);
  });

  it('a ping is sent now and logged; edits need If-Match and are recorded in the history', async () => {
    const created = await hook({ active: false });
    const ping = await ok(api, 'POST', `${base}/${created.id}/test`);
    expect(ping.body).toMatchObject({ event: 'ping', status: 'delivered', attempts: 1, lastStatusCode: 200 });
    expect(receiver.received.map((r) => r.json)).toEqual([expect.objectContaining({ event: 'ping', entity: { type: 'webhook', id: created.id }, changes: null })]);
    expect(verifySignature(hmac, created.secret, String(receiver.received[0]!.headers['custodia-signature']), receiver.received[0]!.body, Math.floor(now.getTime() / 1000)).ok).toBe(true);

    await refuse(api, 428, undefined, 'PATCH', `${base}/${created.id}`, { name: 'Renamed' });
    await refuse(api, 412, 'VERSION_MISMATCH', 'PATCH', `${base}/${created.id}`, { name: 'Renamed' }, { 'if-match': '"7"' });
    const renamed = await ok(api, 'PATCH', `${base}/${created.id}`, { name: 'Renamed', events: ['discrepancy.create', 'asset.assign'] }, { 'if-match': '"1"' });
    expect(renamed.body).toMatchObject({ name: 'Renamed', events: ['asset.assign', 'discrepancy.create'], version: 2 });
    expect(etag(renamed)).toBe('"2"');
    await refuse(api, 428, undefined, 'DELETE', `${base}/${created.id}`);
    expect((await api.call('DELETE', `${base}/${created.id}`, undefined, { 'if-match': '"2"' })).status).toBe(204);
    const history = (await ok(api, 'GET', `${base}/${created.id}/history`)).body.items;
    expect(history.map((e: any) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(JSON.stringify(history)).not.toContain(created.secret);
    expectProblem(await api.call('GET', `${base}/${created.id}`), 404, 'NOT_FOUND');
  });

  it('refuses URLs outside the rules with 422 WEBHOOK_URL_NOT_ALLOWED, writing nothing', async () => {
    const body = (url: string) => ({ name: 'Refused', url, events: ['asset.create'] });
    for (const url of ['http://169.254.169.254/latest/meta-data', 'https://[fe80::1]/', 'http://[::ffff:169.254.169.254]/', 'ftp://127.0.0.1/', 'https://user:pw@127.0.0.1/', 'https://nowhere.invalid/']) {
      await refuse(api, 422, 'WEBHOOK_URL_NOT_ALLOWED', 'POST', base, body(url));
    }
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', base, { ...body(receiver.url), events: ['account.update'] });
    const existing = await hook({ active: false });
    // Without CUSTODIA_WEBHOOKS_ALLOW_PRIVATE: no loopback, no private address, no plain http.
    api.app.webhooks.allowPrivate = false;
    try {
      for (const url of [receiver.url, 'https://127.0.0.1/', 'https://localhost/', 'https://10.1.2.3/', 'https://[::1]/', 'http://93.184.216.34/']) {
        await refuse(api, 422, 'WEBHOOK_URL_NOT_ALLOWED', 'POST', base, body(url));
      }
      await refuse(api, 422, 'WEBHOOK_URL_NOT_ALLOWED', 'PATCH', `${base}/${existing.id}`, { url: 'https://192.168.0.10/' }, { 'if-match': '"1"' });
      // A registered target that is no longer allowed is judged again before each delivery: refused, nothing posted.
      const ping = await ok(api, 'POST', `${base}/${existing.id}/test`);
      expect(ping.body).toMatchObject({ status: 'failed', lastStatusCode: null, lastError: expect.stringMatching(/^refused: /) });
      expect(receiver.received).toEqual([]);
    } finally {
      api.app.webhooks.allowPrivate = true;
    }
  });

  it("the server's worker posts what the outbox holds without being asked, and stops", async () => {
    await hook({});
    const worker = startWebhookWorker(systemContext(api.db, 'job', 'job:webhooks', clock), { allowPrivate: true, timeoutMs: 3000 }, api.app.log, 20);
    try {
      const asset = await newAsset('Posted by the worker');
      await expect.poll(() => receiver.received.map((r) => r.json.entity.id), { timeout: 5000 }).toEqual([asset.id]);
      expect((await outbox()).map((d) => d.status)).toEqual(['delivered']);
    } finally {
      await worker.stop();
    }
    await newAsset('After the stop');
    await new Promise((done) => setTimeout(done, 100));
    expect(receiver.received).toHaveLength(1);
    expect((await outbox()).map((d) => d.status)).toEqual(['delivered', 'pending']);
  });

  it('is for holders of integrations.manage only', async () => {
    const manager = await api.user(uniq('itam'), [{ role: 'it_asset_manager' }]);
    const sysadmin = await api.user(uniq('sys'), [{ role: 'system_administrator' }]);
    await refuse(api, 403, 'FORBIDDEN', 'POST', base, { name: 'No', url: receiver.url, events: ['asset.create'] }, manager.auth);
    expectProblem(await api.call('GET', base, undefined, manager.auth), 403, 'FORBIDDEN');
    expect((await api.call('GET', base, undefined, sysadmin.auth)).status).toBe(200);
  });
});
