import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointText, parseCheckpoints } from '@custodia/domain';
import { HistorySigner, loadHistorySigner } from '@custodia/data';
import { checkCheckpoints, systemContext } from '@custodia/core';
import { historyCheckpointJob } from '../src/history-checkpoint-job.js';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, expectProblem, ok, uniq } from './support/http.js';
import { rewriteHistory } from '../../../test/support/history.js';

describe.each(ENGINES)('history checkpoints over HTTP and the hourly job ($name)', (engine) => {
  let api: TestApi;
  let dir: string;
  let signer: HistorySigner;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'custodia-checkpoints-'));
    signer = loadHistorySigner({ engine: 'sqlite', path: join(dir, 'custodia.db') });
    api = await startApi(engine, { app: { historySigner: signer } });
  });
  afterAll(async () => { await api.close(); rmSync(dir, { recursive: true, force: true }); });

  const head = async () => api.db.db.selectFrom('event_chain').select(['last_seq', 'last_hash']).executeTakeFirstOrThrow();

  it('GET /history/checkpoint signs the chain head; the public key it names verifies it', async () => {
    await create(api, '/api/v1/people', { name: uniq('Signed ') });
    const { body } = await ok(api, 'GET', '/api/v1/history/checkpoint');
    const now = await head();
    expect(body.checkpoint).toMatchObject({ format: 'custodia-history-checkpoint/1', seq: Number(now.last_seq), hash: now.last_hash, keyId: signer.keyId });
    expect(body.publicKey).toBe(signer.publicKeyPem);
    expect(verify(null, Buffer.from(checkpointText(body.checkpoint)), createPublicKey(body.publicKey), Buffer.from(body.checkpoint.signature, 'base64'))).toBe(true);
    // Nothing was written to the history by signing it.
    expect(Number((await head()).last_seq)).toBe(Number(now.last_seq));
  });

  it('needs security.read on the whole organisation', async () => {
    const unit = await create(api, '/api/v1/org-units', { name: uniq('Audited '), kind: 'country' });
    const auditor = await api.user(uniq('auditor'), [{ role: 'auditor' }]);
    expect((await api.call('GET', '/api/v1/history/checkpoint', undefined, auditor.auth)).status).toBe(200);
    const scoped = await api.user(uniq('auditor-fr'), [{ role: 'auditor', orgUnitId: unit.id }]);
    expectProblem(await api.call('GET', '/api/v1/history/checkpoint', undefined, scoped.auth), 403, 'FORBIDDEN');
    const analyst = await api.user(uniq('analyst'), [{ role: 'it_asset_analyst' }]);
    expectProblem(await api.call('GET', '/api/v1/history/checkpoint', undefined, analyst.auth), 403, 'FORBIDDEN');
  });

  it('the job appends a checkpoint when the history grew, and logs it; each one verifies', async () => {
    const file = join(dir, `${engine.name}-checkpoints.jsonl`);
    const logged: unknown[] = [];
    const ctx = systemContext(api.db, 'job', 'job:history');
    const log = { info: (o: unknown) => { logged.push(o); }, error: () => {} };
    const job = historyCheckpointJob({ ctx, signer: () => signer, file, log: log as never });
    const first = await job();
    expect(first).toMatchObject({ state: 'signed', checkpoint: { seq: Number((await head()).last_seq) } });
    expect(await job()).toEqual({ state: 'unchanged' });
    const types = await assetTypes(api);
    await create(api, '/api/v1/assets', { name: uniq('Checkpointed '), assetTypeId: types['laptop'].id });
    const second = await job();
    if (first.state !== 'signed' || second.state !== 'signed') throw new Error('expected two checkpoints');
    expect(second.checkpoint.seq).toBeGreaterThan(first.checkpoint.seq);
    expect(logged).toEqual([{ historyCheckpoint: first.checkpoint }, { historyCheckpoint: second.checkpoint }]);

    const parsed = parseCheckpoints(readFileSync(file, 'utf8'));
    expect(parsed.ok && parsed.checkpoints).toEqual([first.checkpoint, second.checkpoint]);
    expect((await checkCheckpoints(ctx, parsed.ok ? parsed.checkpoints : [], signer.publicKey)).map((v) => v.ok)).toEqual([true, true]);
    // A restarted server reads where the file left off: no duplicate line for an unchanged history.
    expect(await historyCheckpointJob({ ctx, signer: () => signer, file, log: log as never })()).toEqual({ state: 'unchanged' });
  });

  it('raises the alarm when the history no longer matches the latest checkpoint, and signs nothing over it', async () => {
    const file = join(dir, `${engine.name}-alarm.jsonl`);
    const errors: string[] = [];
    const ctx = systemContext(api.db, 'job', 'job:history');
    const job = historyCheckpointJob({ ctx, signer: () => signer, file, log: { info: () => {}, error: (_: unknown, message: string) => { errors.push(message); } } as never });
    const signed = await job();
    expect(signed.state).toBe('signed');
    expect(await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${api.adminToken}` } }).then((r) => r.body)).toMatch(/^custodia_history_checkpoint_holds 1$/m);

    await rewriteHistory(api.db.db, engine.name, 3, 'rewritten by a forger');
    const run = await job();
    expect(run).toMatchObject({ state: 'rewritten', verdict: { kind: 'rewritten' } });
    expect(errors).toEqual([expect.stringMatching(/^History checkpoint FAILED \(rewritten\): The history up to event \d+ was rewritten since /)]);
    const alarm = await api.db.db.selectFrom('security_log').select(['kind', 'outcome', 'detail']).where('kind', '=', 'history.checkpoint').executeTakeFirstOrThrow();
    expect(alarm).toMatchObject({ kind: 'history.checkpoint', outcome: 'failure' });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${api.adminToken}` } }).then((r) => r.body)).toMatch(/^custodia_history_checkpoint_holds 0$/m);
    // Every later run repeats it; nothing is signed over a rewritten history.
    expect((await job()).state).toBe('rewritten');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
