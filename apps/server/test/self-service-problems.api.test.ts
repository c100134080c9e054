import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { MAX_OPEN_HOLDER_REPORTS, holderReportOutcome } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type Res, create, ok, refuse, uniq } from './support/http.js';
import { serverForBlock } from './support/server.js';

/**
 * Self-service "Something is wrong": the holder of an asset reports what the register gets wrong about it; the report
 * waits in the discrepancy queue for an asset manager, who alone changes the asset.
 */
describe.each(ENGINES)('reports of problems by an asset\'s holder ($name)', (engine) => {
  const { api, types } = serverForBlock(engine);
  const today = () => new Date().toISOString().slice(0, 10);

  /** A person with a consumer account, and `count` laptops assigned to them. */
  async function holder(count = 1) {
    const person = await create(api, '/api/v1/people', { name: uniq('Léa Martin ') });
    const login = uniq('lea');
    const consumer = await api.user(login, [{ role: 'asset_consumer' }], { personId: person.id });
    const assets: any[] = [];
    for (let i = 0; i < count; i++) {
      const asset = await create(api, '/api/v1/assets', { name: uniq('ThinkPad '), assetTypeId: types['laptop'].id });
      assets.push((await ok(api, 'POST', `/api/v1/assets/${asset.id}/assign`, { personId: person.id }, { 'if-match': '"1"' })).body);
    }
    return { person, login, consumer, asset: assets[0], assets };
  }
  const report = (who: { consumer: { auth: Record<string, string> } }, assetId: string, body: unknown) =>
    api.call('POST', `/api/v1/me/assets/${assetId}/problems`, body, who.consumer.auth);
  const created = (res: Res) => {
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const reportsOf = async (assetId: string, status = 'open') =>
    (await ok(api, 'GET', `/api/v1/discrepancies?kind=reported_by_holder&assetId=${assetId}${status ? `&status=${status}` : ''}`)).body.items;
  const mine = async (who: { consumer: { auth: Record<string, string> } }) => (await ok(api, 'GET', '/api/v1/me/assets', undefined, who.consumer.auth)).body.items;
  /** The queue's rows: what `refuse` (register and access tables, history events) does not count. */
  const queueState = async () => api.db.db.selectFrom('discrepancies')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('version').as('v'), eb.fn.max('detected_at').as('detected')]).executeTakeFirstOrThrow()
    .then((r) => ({ n: Number(r.n), v: Number(r.v ?? 0), detected: r.detected === null ? null : String(r.detected) }));
  /** Refused with this status and code, and nothing written: no register row, no event, no discrepancy raised or touched. */
  const refuseReport = async (status: number, code: string | undefined, assetId: string, body: unknown, auth: Record<string, string>) => {
    const before = await queueState();
    const res = await refuse(api, status, code, 'POST', `/api/v1/me/assets/${assetId}/problems`, body, auth);
    expect(await queueState()).toEqual(before);
    return res;
  };

  it('a report on my asset is queued with who said what about which assignment, in one change with its history; the asset stays as it is', async () => {
    const h = await holder();
    const mineBefore = (await mine(h))[0];
    expect(mineBefore.report).toBeNull();
    const answer = created(await report(h, h.asset.id, { reason: 'not_mine', message: '  I only ever had a MacBook  ' }));
    expect(answer).toMatchObject({ id: h.asset.id, tag: h.asset.tag, report: { status: 'open', reason: 'not_mine', message: 'I only ever had a MacBook', resolution: null, resolvedAt: null, ignoreUntil: null } });

    const [d] = await reportsOf(h.asset.id);
    expect(d).toMatchObject({
      kind: 'reported_by_holder', status: 'open', assetId: h.asset.id, deviceId: null, field: null, owner: null, dueOn: null,
      summary: `${h.person.name} says ${h.asset.tag} (${h.asset.name}) is not theirs: “I only ever had a MacBook”`,
      allowedResolutions: ['mark_missing', 'corrected', 'keep_register', 'ignore_until', 'dismiss'],
      evidence: {
        reason: 'not_mine', message: 'I only ever had a MacBook', reportedAt: answer.report.reportedAt,
        personId: h.person.id, personName: h.person.name, reporterAccountId: h.consumer.accountId, reporterLogin: h.login,
        assignedSince: mineBefore.assignedSince, assignmentId: expect.any(String),
      },
    });
    const [period] = (await ok(api, 'GET', `/api/v1/assets/${h.asset.id}/assignments`)).body.items;
    expect(d.evidence.assignmentId).toBe(period.id);
    const history = (await ok(api, 'GET', `/api/v1/discrepancies/${d.id}/history`)).body.items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', actor: h.login, changes: { kind: { after: 'reported_by_holder' }, assetId: { after: h.asset.id } } });
    // Nothing of the asset changed: same version, same stage, still assigned.
    expect((await ok(api, 'GET', `/api/v1/assets/${h.asset.id}`)).body).toMatchObject({ version: h.asset.version, stage: h.asset.stage, assignedPersonId: h.person.id });
    // The findings report counts it under its kind, by its title.
    expect((await ok(api, 'GET', '/api/v1/reports/findings')).body.byKind).toContainEqual(expect.objectContaining({ kind: 'reported_by_holder', title: 'Reported by the holder' }));
  });

  it('an asset not assigned to me answers 404 as a missing one, and nothing is written', async () => {
    const h = await holder();
    const other = await holder();
    await refuseReport(404, 'NOT_FOUND', other.asset.id, { reason: 'not_mine' }, h.consumer.auth);
    await refuseReport(404, 'NOT_FOUND', '00000000-0000-7000-8000-000000000000', { reason: 'not_mine' }, h.consumer.auth);
    // Returned: no longer mine.
    await ok(api, 'POST', `/api/v1/assets/${h.asset.id}/check-in`, { returnedOn: today() }, { 'if-match': `"${h.asset.version}"` });
    await refuseReport(404, 'NOT_FOUND', h.asset.id, { reason: 'returned' }, h.consumer.auth);
    // An account linked to no person holds nothing.
    const unlinked = await api.user(uniq('nobody'), [{ role: 'asset_consumer' }]);
    await refuseReport(404, 'NOT_FOUND', other.asset.id, { reason: 'not_mine' }, unlinked.auth);
  });

  it('without self.assets: 403, nothing written', async () => {
    const h = await holder();
    // The holder's person has another account, whose roles do not include self-service.
    const other = await create(api, '/api/v1/people', { name: uniq('Sam ') });
    await ok(api, 'POST', `/api/v1/assets/${h.assets[0].id}/check-in`, { returnedOn: today() }, { 'if-match': `"${h.asset.version}"` });
    const given = await ok(api, 'GET', `/api/v1/assets/${h.asset.id}`);
    await ok(api, 'POST', `/api/v1/assets/${h.asset.id}/assign`, { personId: other.id }, { 'if-match': String(given.headers['etag']) });
    const analyst = await api.user(uniq('analyst'), [{ role: 'it_asset_analyst' }], { personId: other.id });
    await refuseReport(403, 'FORBIDDEN', h.asset.id, { reason: 'not_mine' }, analyst.auth);
  });

  it('a body that is not a report: 422 with the field, nothing written', async () => {
    const h = await holder();
    const bad = async (body: unknown, code: string, field: string, fieldCode: string) => {
      const res = await refuseReport(422, code, h.asset.id, body, h.consumer.auth);
      expect(res.body.errors, JSON.stringify(res.body)).toContainEqual(expect.objectContaining({ field, code: fieldCode }));
    };
    await bad({ reason: 'broken' }, 'VALIDATION_FAILED', 'reason', 'INVALID_INVALID_VALUE');
    await bad({ reason: 'details_wrong' }, 'VALIDATION_FAILED', 'message', 'REQUIRED');
    await bad({ reason: 'other', message: '   ' }, 'VALIDATION_FAILED', 'message', 'REQUIRED');
    await bad({ reason: 'not_mine', message: 'x'.repeat(1001) }, 'VALIDATION_FAILED', 'message', 'TEXT_TOO_LONG');
    await bad({ reason: 'not_mine', message: 'ok', severity: 'high' }, 'UNKNOWN_FIELD', 'severity', 'UNKNOWN_FIELD');
    await refuseReport(422, 'VALIDATION_FAILED', h.asset.id, {}, h.consumer.auth);
    expect(await reportsOf(h.asset.id, '')).toEqual([]);
  });

  it('a second report while the first is open replaces it: one item in the queue, its history saying what changed', async () => {
    const h = await holder();
    created(await report(h, h.asset.id, { reason: 'returned' }));
    const [first] = await reportsOf(h.asset.id);
    const again = created(await report(h, h.asset.id, { reason: 'details_wrong', message: 'The serial on the sticker is PF-2X9' }));
    expect(again.report).toMatchObject({ status: 'open', reason: 'details_wrong', message: 'The serial on the sticker is PF-2X9' });
    const open = await reportsOf(h.asset.id, '');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: first.id, version: first.version + 1, createdAt: first.createdAt, evidence: { reason: 'details_wrong', message: 'The serial on the sticker is PF-2X9' } });
    expect(open[0].summary).toBe(`${h.person.name} says the register's details of ${h.asset.tag} (${h.asset.name}) are wrong: “The serial on the sticker is PF-2X9”`);
    expect(open[0].detectedAt > first.detectedAt).toBe(true);
    const history = (await ok(api, 'GET', `/api/v1/discrepancies/${first.id}/history`)).body.items;
    expect(history.map((e: any) => e.action)).toEqual(['update', 'create']);
    expect(history[0].changes).toMatchObject({ reason: { before: 'returned', after: 'details_wrong' }, message: { after: 'The serial on the sticker is PF-2X9' }, reportedAt: { before: first.evidence.reportedAt } });

    // Sent at once: still one open report.
    const answers = await Promise.all([1, 2, 3].map(() => report(h, h.asset.id, { reason: 'other', message: 'Also the charger is missing' })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(await reportsOf(h.asset.id, '')).toHaveLength(1);
  });

  it.runIf(engine.name === 'postgres')('a report sent while the team settles the open one is queued anew, never written into the settled one', async () => {
    const h = await holder();
    created(await report(h, h.asset.id, { reason: 'returned' }));
    const [d] = await reportsOf(h.asset.id);
    // The team's dismissal is written and held uncommitted while the holder sends a new report.
    let commit!: () => void;
    const held = new Promise<void>((resolve) => { commit = resolve; });
    let written!: () => void;
    const dismissed = new Promise<void>((resolve) => { written = resolve; });
    const team = api.db.db.transaction().execute(async (trx) => {
      const at = new Date().toISOString();
      await trx.updateTable('discrepancies').set({ status: 'resolved', resolution: 'dismiss', resolution_note: 'Checked in', resolved_by: 'admin', resolved_at: at, updated_at: at, version: d.version + 1 })
        .where('id', '=', d.id).execute();
      written();
      await held;
    });
    await dismissed;
    const sending = report(h, h.asset.id, { reason: 'details_wrong', message: 'The serial on the sticker is PF-2X9' });
    // The report waits for the dismissal's row lock before the team commits.
    for (let waited = 0; ; waited += 20) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(api.db.db);
      if (rows[0]!.n > 0) break;
      if (waited > 10_000) throw new Error('the report never waited for the dismissal');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    commit();
    await team;

    const answer = created(await sending);
    expect(answer.report).toMatchObject({ status: 'open', reason: 'details_wrong', message: 'The serial on the sticker is PF-2X9' });
    const all = await reportsOf(h.asset.id, '');
    expect(all.map((x: any) => [x.status, x.evidence.reason]).sort()).toEqual([['open', 'details_wrong'], ['resolved', 'returned']]);
    // The settled report keeps what it was settled on, and its history holds no change it did not undergo.
    expect((await ok(api, 'GET', `/api/v1/discrepancies/${d.id}`)).body).toMatchObject({ status: 'resolved', version: d.version + 1, evidence: { reason: 'returned' } });
    expect((await ok(api, 'GET', `/api/v1/discrepancies/${d.id}/history`)).body.items.map((e: any) => e.action)).toEqual(['create']);
  });

  it(`at most ${MAX_OPEN_HOLDER_REPORTS} open reports per person: the next one is 409 and writes nothing, sending an open one again still works`, async () => {
    const h = await holder(MAX_OPEN_HOLDER_REPORTS + 1);
    for (const a of h.assets.slice(0, MAX_OPEN_HOLDER_REPORTS)) created(await report(h, a.id, { reason: 'not_mine' }));
    const refused = await refuseReport(409, 'TOO_MANY_PROBLEM_REPORTS', h.assets[MAX_OPEN_HOLDER_REPORTS].id, { reason: 'not_mine' }, h.consumer.auth);
    expect(refused.body.limit).toBe(MAX_OPEN_HOLDER_REPORTS);
    created(await report(h, h.assets[0].id, { reason: 'returned' }));
    // Someone else's reports are theirs: another person is not held back by this one's.
    const other = await holder();
    created(await report(other, other.asset.id, { reason: 'not_mine' }));
    // One settled frees a place.
    const [d] = await reportsOf(h.assets[1].id);
    await ok(api, 'POST', `/api/v1/discrepancies/${d.id}/resolve`, { resolution: 'dismiss', note: 'Checked with Léa' }, { 'if-match': `"${d.version}"` });
    created(await report(h, h.assets[MAX_OPEN_HOLDER_REPORTS].id, { reason: 'not_mine' }));
  });

  it('reports sent at once cannot pass the cap together', async () => {
    const h = await holder(MAX_OPEN_HOLDER_REPORTS + 2);
    for (const a of h.assets.slice(0, MAX_OPEN_HOLDER_REPORTS - 1)) created(await report(h, a.id, { reason: 'not_mine' }));
    const answers = await Promise.all(h.assets.slice(MAX_OPEN_HOLDER_REPORTS - 1).map((a) => report(h, a.id, { reason: 'not_mine' })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const open = await api.db.db.selectFrom('discrepancies').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'reported_by_holder').where('status', '=', 'open').where('dedupe_key', 'like', `%:${h.person.id}`).executeTakeFirstOrThrow();
    expect(Number(open.n)).toBe(MAX_OPEN_HOLDER_REPORTS);
  });

  it('lost or stolen changes nothing by itself; an asset manager marking it lost does, and the holder then no longer has it', async () => {
    const h = await holder();
    created(await report(h, h.asset.id, { reason: 'lost_or_stolen', message: 'Left in a taxi on Friday' }));
    const stage = (await ok(api, 'GET', `/api/v1/assets/${h.asset.id}`)).body;
    expect(stage).toMatchObject({ stage: h.asset.stage, version: h.asset.version });
    const [d] = await reportsOf(h.asset.id);
    const resolved = (await ok(api, 'POST', `/api/v1/discrepancies/${d.id}/resolve`, { resolution: 'mark_missing', transition: 'declare_lost', evidence: { lost_on: today() } }, { 'if-match': `"${d.version}"` })).body;
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'mark_missing' });
    expect((await ok(api, 'GET', `/api/v1/assets/${h.asset.id}`)).body).toMatchObject({ stage: 'lost', assignedPersonId: null });
    expect(await mine(h)).toEqual([]);
  });

  it('the holder sees the open report, then the outcome once settled (never the team\'s note); a report after it is queued anew', async () => {
    const h = await holder(2);
    const [missingOne, keptOne] = h.assets;
    created(await report(h, missingOne.id, { reason: 'lost_or_stolen' }));
    created(await report(h, keptOne.id, { reason: 'not_mine' }));
    const before = await mine(h);
    expect(before.map((a: any) => a.report?.status)).toEqual(['open', 'open']);

    const [m] = await reportsOf(missingOne.id);
    await ok(api, 'POST', `/api/v1/discrepancies/${m.id}/resolve`, { resolution: 'mark_missing' }, { 'if-match': `"${m.version}"` });
    const [k] = await reportsOf(keptOne.id);
    await ok(api, 'POST', `/api/v1/discrepancies/${k.id}/resolve`, { resolution: 'keep_register', note: 'Signed for it on the 3rd; internal' }, { 'if-match': `"${k.version}"` });

    const after = await mine(h);
    // report_missing keeps the assignment: still theirs, now missing.
    expect(after.find((a: any) => a.id === missingOne.id)).toMatchObject({ stage: 'missing', report: { status: 'resolved', resolution: 'mark_missing', reason: 'lost_or_stolen', resolvedAt: expect.any(String) } });
    const kept = after.find((a: any) => a.id === keptOne.id);
    expect(kept.report).toMatchObject({ status: 'resolved', resolution: 'keep_register', reason: 'not_mine' });
    expect(JSON.stringify(after)).not.toContain('internal');

    // The holder insists: a new report, not hidden by the earlier decision.
    created(await report(h, keptOne.id, { reason: 'not_mine', message: 'Really not mine' }));
    expect((await reportsOf(keptOne.id, '')).map((d: any) => d.status).sort()).toEqual(['open', 'resolved']);
    expect((await mine(h)).find((a: any) => a.id === keptOne.id).report).toMatchObject({ status: 'open', message: 'Really not mine' });
  });

  it('settled as "corrected in the register" once an asset manager fixed the asset by hand: refused before (409) and without a note (422), writing nothing; the holder reads the outcome', async () => {
    const h = await holder();
    created(await report(h, h.asset.id, { reason: 'details_wrong', message: 'The serial on the sticker is PF-2X9' }));
    const [d] = await reportsOf(h.asset.id);
    const url = `/api/v1/discrepancies/${d.id}/resolve`;
    const ifMatch = { 'if-match': `"${d.version}"` };
    /** Refused: nothing written anywhere (register, history, queue), the report as it was. */
    const refuseResolve = async (body: unknown, status: number, code: string) => {
      const [queue, item] = [await queueState(), (await ok(api, 'GET', `/api/v1/discrepancies/${d.id}`)).body];
      const res = await refuse(api, status, code, 'POST', url, body, ifMatch);
      expect(await queueState()).toEqual(queue);
      expect((await ok(api, 'GET', `/api/v1/discrepancies/${d.id}`)).body).toEqual(item);
      return res;
    };

    // Nothing changed on the asset since the report — the holder acknowledging receipt corrects nothing either.
    await ok(api, 'POST', `/api/v1/me/assets/${h.asset.id}/acknowledge`, undefined, h.consumer.auth);
    const early = await refuseResolve({ resolution: 'corrected', note: 'Serial fixed' }, 409, 'NOTHING_CORRECTED');
    expect(early.body).toMatchObject({ detail: `Nothing was changed on ${h.asset.tag} since this was raised: correct the register first, or choose another resolution`, tag: h.asset.tag, assetId: h.asset.id });

    // The asset manager corrects the serial on the asset (its own change, with its own history).
    const current = (await ok(api, 'GET', `/api/v1/assets/${h.asset.id}`)).body;
    const fixed = (await ok(api, 'PATCH', `/api/v1/assets/${h.asset.id}`, { serial: 'PF-2X9' }, { 'if-match': `"${current.version}"` })).body;
    const noNote = await refuseResolve({ resolution: 'corrected' }, 422, 'VALIDATION_FAILED');
    expect(noNote.body.errors).toContainEqual(expect.objectContaining({ field: 'note', code: 'REQUIRED' }));

    const month = async () => (await ok(api, 'GET', '/api/v1/reports/findings/trend?months=1')).body.months[0];
    const trendBefore = await month();
    const done = (await ok(api, 'POST', url, { resolution: 'corrected', note: 'Serial corrected from the sticker; internal' }, ifMatch)).body;
    expect(done).toMatchObject({ status: 'resolved', resolution: 'corrected', resolutionNote: 'Serial corrected from the sticker; internal', version: d.version + 1, allowedResolutions: [] });
    // The resolution itself changes nothing of the asset.
    expect((await ok(api, 'GET', `/api/v1/assets/${h.asset.id}`)).body).toMatchObject({ version: fixed.version, serial: 'PF-2X9', assignedPersonId: h.person.id });
    const history = (await ok(api, 'GET', `/api/v1/discrepancies/${d.id}/history`)).body.items;
    expect(history.map((e: any) => e.action)).toEqual(['resolve', 'create']);
    expect(history[0]).toMatchObject({ reason: 'Serial corrected from the sticker; internal', changes: { status: { before: 'open', after: 'resolved' }, resolution: { before: null, after: 'corrected' } } });

    // The holder sees the outcome, never the team's note.
    const [after] = await mine(h);
    expect(after.report).toMatchObject({ status: 'resolved', resolution: 'corrected', reason: 'details_wrong', resolvedAt: expect.any(String) });
    expect(holderReportOutcome(after.report.resolution)).toBe('The IT asset team corrected the register.');
    expect(JSON.stringify(after)).not.toContain('internal');
    // The findings trend counts it under its resolution, in all and for its kind.
    const trendAfter = await month();
    expect(trendAfter.resolvedBy.corrected).toBe(trendBefore.resolvedBy.corrected + 1);
    const byKind = (m: any) => m.byKind.find((k: any) => k.kind === 'reported_by_holder').resolvedBy.corrected;
    expect(byKind(trendAfter)).toBe(byKind(trendBefore) + 1);
  });

  it('a report set aside until a date shows so, and cannot be sent again before that date (409, nothing written)', async () => {
    const h = await holder();
    created(await report(h, h.asset.id, { reason: 'returned' }));
    const [d] = await reportsOf(h.asset.id);
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await ok(api, 'POST', `/api/v1/discrepancies/${d.id}/resolve`, { resolution: 'ignore_until', ignoreUntil: until, note: 'Waiting for the courier' }, { 'if-match': `"${d.version}"` });
    expect((await mine(h))[0].report).toMatchObject({ status: 'ignored', resolution: 'ignore_until', ignoreUntil: until });
    const res = await refuseReport(409, 'PROBLEM_REPORT_SET_ASIDE', h.asset.id, { reason: 'returned' }, h.consumer.auth);
    expect(res.body.ignoreUntil).toBe(until);
  });

  it('a report made during an earlier assignment of the same asset is not shown on the new one', async () => {
    const h = await holder();
    created(await report(h, h.asset.id, { reason: 'returned' }));
    const [d] = await reportsOf(h.asset.id);
    await ok(api, 'POST', `/api/v1/discrepancies/${d.id}/resolve`, { resolution: 'dismiss', note: 'Checked in' }, { 'if-match': `"${d.version}"` });
    const back = (await ok(api, 'POST', `/api/v1/assets/${h.asset.id}/check-in`, { returnedOn: today() }, { 'if-match': `"${h.asset.version}"` })).body;
    await ok(api, 'POST', `/api/v1/assets/${h.asset.id}/assign`, { personId: h.person.id }, { 'if-match': `"${back.version}"` });
    expect((await mine(h))[0]).toMatchObject({ id: h.asset.id, report: null });
  });
});
