import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, refuse } from './support/http.js';

/**
 * Audit findings across runs: a later run's finding is not hidden by a decision on an earlier one, an asset seen
 * anywhere is no longer "not found", an asset held as missing, lost or stolen that an audit sees is verified (its stage
 * kept) and queued, and what the queue offers for a finding is what can be done with it.
 */
describe.each(ENGINES)('audit findings in the queue ($name)', (engine) => {
  let api: TestApi;
  let t = Date.parse('2026-12-01T08:00:00Z');
  const ref: Record<string, any> = {};
  const resolve = (d: { id: string; version: number }, body: unknown) => api.call('POST', `/api/v1/discrepancies/${d.id}/resolve`, body, { 'if-match': `"${d.version}"` });
  /** A resolution refused with this status and code: nothing written, the finding as it was. */
  const refuseResolve = async (d: { id: string; version: number }, body: unknown, status: number, code: string) => {
    const before = (await ok(api, 'GET', `/api/v1/discrepancies/${d.id}`)).body;
    const res = await refuse(api, status, code, 'POST', `/api/v1/discrepancies/${d.id}/resolve`, body, { 'if-match': `"${d.version}"` });
    expect((await ok(api, 'GET', `/api/v1/discrepancies/${d.id}`)).body).toEqual(before);
    return res;
  };
  const open = async (query: string) => (await ok(api, 'GET', `/api/v1/discrepancies?status=open&${query}`)).body.items;
  /** Starts a run of the plan, records the tags (at a location, if given), closes it. */
  const audit = async (planId: string, recs: { tag: string; locationId?: string }[]) => {
    const run = await create(api, `/api/v1/audit-plans/${planId}/runs`, undefined);
    let v = run.version;
    for (const r of recs) v = (await api.call('POST', `/api/v1/audit-runs/${run.id}/items`, { ...r, method: 'scan' })).body.run.version;
    await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${v}"` });
    return run.id as string;
  };

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date((t += 1000)) });
    ref.laptop = (await assetTypes(api))['laptop'];
    ref.l1 = await create(api, '/api/v1/locations', { name: 'Store 1', kind: 'site' });
    ref.l2 = await create(api, '/api/v1/locations', { name: 'Store 2', kind: 'site' });
  }, 60_000);
  afterAll(async () => api?.close());

  const laptop = (name: string, locationId: string) => create(api, '/api/v1/assets', { name, assetTypeId: ref.laptop.id, stage: 'in_stock', locationId });

  it('keeping the register\'s location for one run does not hide the next run\'s "found elsewhere"; the takeover is in its history', async () => {
    const a = await laptop('Wanders', ref.l1.id);
    const b = await laptop('Moves twice', ref.l1.id);
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Store 1 check', scopeLocationId: ref.l1.id });
    const run1 = await audit(plan.id, [{ tag: a.tag, locationId: ref.l2.id }, { tag: b.tag, locationId: ref.l2.id }]);
    const [wl] = await open(`assetId=${a.id}&kind=audit_wrong_location`);
    expect((await resolve(wl, { resolution: 'keep_register', note: 'belongs in Store 1, moving it back' })).status).toBe(200);
    const [wlB] = await open(`assetId=${b.id}&kind=audit_wrong_location`);

    const run2 = await audit(plan.id, [{ tag: a.tag, locationId: ref.l2.id }, { tag: b.tag, locationId: ref.l2.id }]);
    const [again] = await open(`assetId=${a.id}&kind=audit_wrong_location`);
    expect(again).toMatchObject({ auditRunId: run2 });
    expect(again.id).not.toBe(wl.id);
    // b's finding was still open: run 2 takes it over, and says so.
    const [takenOver] = await open(`assetId=${b.id}&kind=audit_wrong_location`);
    expect(takenOver).toMatchObject({ id: wlB.id, auditRunId: run2 });
    const history = (await ok(api, 'GET', `/api/v1/discrepancies/${wlB.id}/history`)).body.items;
    expect(history.find((e: any) => e.action === 'update')?.changes.auditRunId).toEqual({ before: run1, after: run2 });
  });

  it('a finding the asset manager corrected by hand (the asset moved in the register) closes as corrected, with what was changed; before that, refused', async () => {
    const a = await laptop('Moved by hand', ref.l1.id);
    const l3 = await create(api, '/api/v1/locations', { name: 'Store 3', kind: 'site' });
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Store 1 by hand', scopeLocationId: ref.l1.id });
    await audit(plan.id, [{ tag: a.tag, locationId: ref.l2.id }]);
    const [wl] = await open(`assetId=${a.id}&kind=audit_wrong_location`);
    expect(wl.allowedResolutions).toEqual(['accept_discovered', 'corrected', 'keep_register', 'ignore_until']);
    await refuseResolve(wl, { resolution: 'corrected', note: 'Moved to Store 3' }, 409, 'NOTHING_CORRECTED');

    // Store 2 was a stop on its way to Store 3: the manager moves it there in the register.
    const before = (await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body;
    const moved = (await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { locationId: l3.id }, { 'if-match': `"${before.version}"` })).body;
    const noNote = await refuseResolve(wl, { resolution: 'corrected' }, 422, 'VALIDATION_FAILED');
    expect(noNote.body.errors).toContainEqual(expect.objectContaining({ field: 'note', code: 'REQUIRED' }));
    await refuseResolve(wl, { resolution: 'corrected', note: '   ' }, 422, 'VALIDATION_FAILED');

    const done = await resolve(wl, { resolution: 'corrected', note: 'Moved to Store 3, where it went after Store 2' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'resolved', resolution: 'corrected', resolutionNote: 'Moved to Store 3, where it went after Store 2', resolvedBy: 'admin', version: wl.version + 1 });
    // Nothing of the asset changed by the resolution itself.
    expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body).toMatchObject({ version: moved.version, locationId: l3.id });
    const history = (await ok(api, 'GET', `/api/v1/discrepancies/${wl.id}/history`)).body.items;
    expect(history.map((e: any) => e.action)).toEqual(['resolve', 'create']);
    expect(history[0]).toMatchObject({ reason: 'Moved to Store 3, where it went after Store 2', changes: { status: { before: 'open', after: 'resolved' }, resolution: { before: null, after: 'corrected' } } });
  });

  it('an earlier "not found" is settled when a later audit finds the asset elsewhere or unexpected', async () => {
    const a = await laptop('Lost then found elsewhere', ref.l1.id);
    const b = await laptop('Lost then found by another plan', ref.l1.id);
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Store 1 again', scopeLocationId: ref.l1.id });
    await audit(plan.id, []);
    const [missingA] = await open(`assetId=${a.id}&kind=audit_missing`);
    const [missingB] = await open(`assetId=${b.id}&kind=audit_missing`);
    expect(missingA && missingB).toBeTruthy();
    expect(missingA.allowedResolutions).toEqual(['mark_missing', 'corrected', 'ignore_until', 'dismiss']);
    const other = await create(api, '/api/v1/audit-plans', { name: 'Store 2 check', scopeLocationId: ref.l2.id });
    await audit(plan.id, [{ tag: a.tag, locationId: ref.l2.id }]);
    await audit(other.id, [{ tag: b.tag, locationId: ref.l2.id }]);
    for (const m of [missingA, missingB]) expect((await ok(api, 'GET', `/api/v1/discrepancies/${m.id}`)).body.status).toBe('resolved');
    expect(await open(`assetId=${a.id}&kind=audit_missing`)).toEqual([]);
  });

  it('an unknown tag found can be registered (with its tag, where it was found) or dismissed, nothing else', async () => {
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Store 2 tags', scopeLocationId: ref.l2.id });
    const stray = await laptop('Registered in Store 1', ref.l1.id);
    const runId = await audit(plan.id, [{ tag: 'ZZ-FOUND-7', locationId: ref.l2.id }, { tag: stray.tag, locationId: ref.l2.id }]);
    const found = await open(`auditRunId=${runId}&kind=audit_unexpected`);
    const unknown = found.find((d: any) => d.assetId === null);
    const known = found.find((d: any) => d.assetId === stray.id);
    expect(unknown.allowedResolutions).toEqual(['register_asset', 'dismiss']);
    expect(known.allowedResolutions).toEqual(['accept_discovered', 'dismiss']);
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/discrepancies/${unknown.id}/resolve`, { resolution: 'link_asset', assetId: stray.id }, { 'if-match': `"${unknown.version}"` });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/discrepancies/${unknown.id}/resolve`, { resolution: 'register_asset' }, { 'if-match': `"${unknown.version}"` });
    // A kind that does not offer "corrected in the register", even with a note and an asset changed since: refused, nothing written.
    const movedMeanwhile = (await ok(api, 'GET', `/api/v1/assets/${stray.id}`)).body;
    await ok(api, 'PATCH', `/api/v1/assets/${stray.id}`, { name: 'Registered in Store 1 (renamed)' }, { 'if-match': `"${movedMeanwhile.version}"` });
    const notOffered = await refuseResolve(known, { resolution: 'corrected', note: 'renamed it' }, 422, 'VALIDATION_FAILED');
    expect(notOffered.body.errors).toContainEqual(expect.objectContaining({ field: 'resolution', code: 'RESOLUTION_NOT_ALLOWED' }));

    const registered = await resolve(unknown, { resolution: 'register_asset', assetTypeId: ref.laptop.id });
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    const asset = (await ok(api, 'GET', `/api/v1/assets/${registered.body.assetId}`)).body;
    expect(asset).toMatchObject({ tag: 'ZZ-FOUND-7', locationId: ref.l2.id, lastVerifiedOn: '2026-12-01' });

    // Accepting where a registered asset was found moves it there, as set by the audit (discovery will not overwrite it).
    expect((await resolve(known, { resolution: 'accept_discovered' })).status).toBe(200);
    expect((await ok(api, 'GET', `/api/v1/assets/${stray.id}`)).body.locationId).toBe(ref.l2.id);
    const source = await api.db.db.selectFrom('asset_field_sources').select('source').where('asset_id', '=', stray.id).where('field', '=', 'locationId').executeTakeFirst();
    expect(source?.source).toBe('audit');
  });

  it('an asset registered as missing that an audit sees is verified and queued as reported again; others are not', async () => {
    const missing = async (name: string) => {
      const a = await laptop(name, ref.l1.id);
      return ok(api, 'POST', `/api/v1/assets/${a.id}/transitions`, { transition: 'report_missing', evidence: { noticed_on: '2026-11-30' } }, { 'if-match': `"${a.version}"` }).then((r) => r.body);
    };
    const here = await missing('Missing, on its shelf');
    const there = await missing('Missing, in the other store');
    const fine = await laptop('Never missing', ref.l1.id);
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Store 1 recount', scopeLocationId: ref.l1.id });
    const runId = await audit(plan.id, [{ tag: here.tag }, { tag: there.tag, locationId: ref.l2.id }, { tag: fine.tag }]);

    const [again] = await open(`assetId=${here.id}&kind=reported_again`);
    expect(again).toMatchObject({ auditRunId: runId, deviceId: null, registerValue: 'Missing', owner: 'admin', dueOn: '2026-12-15', allowedResolutions: ['corrected', 'keep_register', 'ignore_until', 'dismiss'] });
    expect(again.summary).toBe(`${here.tag} (Missing, on its shelf) is registered as Missing, and the audit “Store 1 recount” found it at Store 1`);
    expect(await ok(api, 'GET', `/api/v1/assets/${here.id}`).then((r) => r.body)).toMatchObject({ stage: 'missing', lastVerifiedOn: '2026-12-01' });
    // Seen in the other store: both where it was and that it exists.
    expect((await open(`assetId=${there.id}`)).map((d: any) => d.kind).sort()).toEqual(['audit_wrong_location', 'reported_again']);
    expect((await open(`assetId=${there.id}&kind=reported_again`))[0].summary).toMatch(/found it at Store 2$/);
    // Seen elsewhere, it was seen all the same: verified, still held as missing, still placed where it was.
    expect(await ok(api, 'GET', `/api/v1/assets/${there.id}`).then((r) => r.body)).toMatchObject({ stage: 'missing', lastVerifiedOn: '2026-12-01', locationId: ref.l1.id });
    expect(await open(`assetId=${fine.id}`)).toEqual([]);

    // The close verified the asset in the change that raised the finding: no one has corrected anything yet.
    const early = await refuseResolve(again, { resolution: 'corrected', note: 'recovered: back in stock' }, 409, 'NOTHING_CORRECTED');
    expect(early.body.detail).toBe(`Nothing was changed on ${here.tag} since this was raised: correct the register first, or choose another resolution`);
    // Recovered through its lifecycle, then the finding is closed as corrected in the register, changing nothing more.
    const current = (await ok(api, 'GET', `/api/v1/assets/${here.id}`)).body;
    const recovered = (await ok(api, 'POST', `/api/v1/assets/${here.id}/transitions`, { transition: 'found', evidence: { found_on: '2026-12-01', location_id: ref.l1.id } }, { 'if-match': `"${current.version}"` })).body;
    const corrected = await resolve(again, { resolution: 'corrected', note: 'recovered: back in stock' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body).toMatchObject({ status: 'resolved', resolution: 'corrected', resolutionNote: 'recovered: back in stock', allowedResolutions: [] });
    expect((await ok(api, 'GET', `/api/v1/assets/${here.id}`)).body.version).toBe(recovered.version);
    expect(await open(`assetId=${here.id}`)).toEqual([]);
  });

  it('an asset registered as lost or stolen that an audit scans is verified and queued as reported again, with the run\'s evidence, not as "not expected"', async () => {
    const gone = async (name: string, steps: [string, Record<string, string>][]) => {
      let a = await laptop(name, ref.l1.id);
      for (const [transition, evidence] of steps) a = (await ok(api, 'POST', `/api/v1/assets/${a.id}/transitions`, { transition, evidence }, { 'if-match': `"${a.version}"` })).body;
      return a;
    };
    const stolen = await gone('Stolen, back on its shelf', [['report_stolen', { stolen_on: '2026-11-20', police_report_reference: 'PR-7' }]]);
    const lost = await gone('Lost, turned up in the other store', [['report_missing', { noticed_on: '2026-11-20' }], ['declare_lost', { lost_on: '2026-11-21' }]]);
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Store 1 gone check', scopeLocationId: ref.l1.id });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    // Neither is expected: the register holds them as gone.
    const items = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}?limit=500`)).body.items.map((i: any) => i.assetId);
    expect(items).not.toContain(stolen.id);
    let v = run.version;
    const rec = async (body: Record<string, unknown>) => {
      const res = await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { ...body, method: 'scan' });
      v = res.body.run.version;
      return res.body.item;
    };
    expect(await rec({ tag: stolen.tag, note: 'under the desk' })).toMatchObject({ assetId: stolen.id, result: 'unexpected', registeredAs: { stage: 'stolen', stageName: 'Stolen', kind: 'lost' } });
    expect(await rec({ tag: lost.tag, locationId: ref.l2.id })).toMatchObject({ assetId: lost.id, registeredAs: { stageName: 'Lost' } });
    const closed = await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${v}"` });
    expect(closed.body.verified).toBe(2);

    // Seen: each gets the audit's date as its last-verified date, set by the audit, and keeps its stage and location
    // (a lifecycle transition, with its evidence, is what brings it back).
    for (const [a, stage] of [[stolen, 'stolen'], [lost, 'lost']] as const) {
      const now = (await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body;
      expect(now).toMatchObject({ stage, lastVerifiedOn: '2026-12-01', locationId: ref.l1.id, version: a.version + 1 });
      const source = await api.db.db.selectFrom('asset_field_sources').select(['source', 'actor']).where('asset_id', '=', a.id).where('field', '=', 'lastVerifiedOn').executeTakeFirstOrThrow();
      expect(source).toEqual({ source: 'audit', actor: 'admin' });
      const history = (await ok(api, 'GET', `/api/v1/assets/${a.id}/history`)).body.items;
      expect(history.filter((e: any) => e.action === 'update').map((e: any) => e.changes)).toEqual([{ lastVerifiedOn: { before: null, after: '2026-12-01' } }]);
    }

    expect((await open(`assetId=${stolen.id}`)).map((d: any) => d.kind)).toEqual(['reported_again']);
    const [again] = await open(`assetId=${stolen.id}`);
    expect(again).toMatchObject({
      auditRunId: run.id, deviceId: null, registerValue: 'Stolen', owner: 'admin', allowedResolutions: ['corrected', 'keep_register', 'ignore_until', 'dismiss'],
      evidence: { auditRunId: run.id, auditPlan: 'Store 1 gone check', tag: stolen.tag, result: 'unexpected', method: 'scan', note: 'under the desk', recordedBy: 'admin' },
    });
    expect(again.summary).toBe(`${stolen.tag} (Stolen, back on its shelf) is registered as Stolen, and the audit “Store 1 gone check” found it`);
    const [lostAgain] = await open(`assetId=${lost.id}`);
    expect(lostAgain).toMatchObject({ kind: 'reported_again', registerValue: 'Lost', evidence: { foundLocationId: ref.l2.id } });
    expect(lostAgain.summary).toBe(`${lost.tag} (Lost, turned up in the other store) is registered as Lost, and the audit “Store 1 gone check” found it at Store 2 (the register places it at Store 1)`);
    expect((await open(`assetId=${lost.id}`)).length).toBe(1);

    // Verified by the close that raised it, then by nothing else: not corrected. Recovered through its lifecycle, it is.
    await refuseResolve(again, { resolution: 'corrected', note: 'recovered' }, 409, 'NOTHING_CORRECTED');
    const current = (await ok(api, 'GET', `/api/v1/assets/${stolen.id}`)).body;
    await ok(api, 'POST', `/api/v1/assets/${stolen.id}/transitions`, { transition: 'recover', evidence: { recovered_on: '2026-12-01', location_id: ref.l1.id } }, { 'if-match': `"${current.version}"` });
    expect((await resolve(again, { resolution: 'corrected', note: 'recovered' })).status).toBe(200);
  });
});
