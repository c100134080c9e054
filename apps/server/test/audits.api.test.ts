import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEventChain } from '@custodia/data';
import { readStoredChanges } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { create, etag, expectProblem, ok, uniq, walk } from './support/http.js';
import { auditChecks, auditClock, auditRegister } from './support/audit-fixture.js';

/**
 * Physical audits (ITAM practice guide §2.2.5, Table 3.6) through the API: plan → run (snapshot of the expected assets)
 * → record found / found elsewhere / not expected / unknown tag → close (findings become discrepancies with owner and
 * due date; found assets verified today, as set by an audit). Refusals write nothing. The report and its CSV are in
 * `audit-report.api.test.ts`, scope and assignees in `audit-access.api.test.ts`.
 */
describe.each(ENGINES)('physical audits ($name)', (engine) => {
  let api: TestApi;
  let ref: Record<string, any> = {};
  const clock = auditClock();
  const { refusedAudit, record } = auditChecks(() => api);

  beforeAll(async () => {
    api = await startApi(engine, { clock });
    ref = await auditRegister(api);
  });
  afterAll(async () => { await api.close(); });

  it('plan → run → record found, elsewhere, not expected, unknown → close → discrepancies, verification, history', async () => {
    const planned = await api.call('POST', '/api/v1/audit-plans', {
      name: 'Paris laptops Q4', method: 'scan', scopeLocationId: ref.paris.id, scopeOrgUnitId: ref.fr.id, scopeAssetTypeId: ref.laptop.id,
      dueOn: '2026-12-15', assignees: ['admin', ref.auditorLogin], notes: 'Annual stock take',
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const plan = planned.body;
    expect(plan).toMatchObject({ name: 'Paris laptops Q4', method: 'scan', status: 'planned', dueOn: '2026-12-15', createdBy: 'admin', latestRun: null, version: 1 });
    expect(planned.headers['etag']).toBe('"1"');
    expect(planned.headers['location']).toBe(`/api/v1/audit-plans/${plan.id}`);

    const started = await api.call('POST', `/api/v1/audit-plans/${plan.id}/runs`);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const run = started.body;
    expect(run).toMatchObject({ planId: plan.id, planName: 'Paris laptops Q4', status: 'in_progress', startedBy: 'admin', closedAt: null, version: 1 });
    expect(run.counts).toEqual({ expected: 3, found: 0, wrongLocation: 0, unexpected: 0, missing: 0, pending: 3, notSampled: 0 });
    const detail = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}`)).body;
    expect(detail.items.map((i: any) => i.assetId).sort()).toEqual([ref.found.id, ref.moved.id, ref.gone.id].sort());
    expect(detail.items.every((i: any) => i.result === 'pending' && i.expected === true && i.recordedAt === null)).toBe(true);
    expect(detail.items.find((i: any) => i.assetId === ref.moved.id).expectedLocationId).toBe(ref.paris.id);
    expect((await ok(api, 'GET', `/api/v1/audit-plans/${plan.id}`)).body).toMatchObject({ status: 'in_progress', version: 2, latestRun: { id: run.id, status: 'in_progress' }, runs: [{ id: run.id }] });

    // A second run while this one is open is refused.
    await refusedAudit(() => api.call('POST', `/api/v1/audit-plans/${plan.id}/runs`), 409, 'CONFLICT');

    // Found, typed in lower case: tags compare case-insensitively.
    const found = await record(run.id, { tag: ref.found.tag.toLowerCase(), method: 'typed' });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body).toMatchObject({ alreadyRecorded: false, item: { assetId: ref.found.id, assetName: 'Found where expected', tag: ref.found.tag, result: 'found', expected: true, method: 'typed', recordedBy: 'admin' } });
    expect(found.body.run.counts).toMatchObject({ found: 1, pending: 2 });
    // The same tag again (scanned this time, at a location): nothing changes, the answer says so.
    const events = async () => Number((await api.db.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const eventsBefore = await events();
    const again = await record(run.id, { tag: ` ${ref.found.tag} `, method: 'scan', locationId: ref.berlin.id });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyRecorded: true, item: { id: found.body.item.id, result: 'found', method: 'typed', foundLocationId: null } });
    expect(await events()).toBe(eventsBefore);

    // Found at Berlin, expected at Paris.
    const moved = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: ref.moved.tag, method: 'scan', locationId: ref.berlin.id, note: '=HYPERLINK("http://x")' })).body;
    expect(moved.item).toMatchObject({ result: 'wrong_location', expectedLocationId: ref.paris.id, foundLocationId: ref.berlin.id });
    // Found at the expected location, named explicitly: found.
    // A registered asset the plan does not expect, and a tag the register does not know.
    const german = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: ref.german.tag, method: 'scan' })).body;
    expect(german.item).toMatchObject({ result: 'unexpected', expected: false, assetId: ref.german.id, tag: ref.german.tag });
    const unknown = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: 'zz-unknown-42', method: 'typed', locationId: ref.paris.id })).body;
    expect(unknown.item).toMatchObject({ result: 'unexpected', expected: false, assetId: null, assetName: null, tag: 'ZZ-UNKNOWN-42' });
    const unknownAgain = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: 'ZZ-Unknown-42', method: 'scan' })).body;
    expect(unknownAgain).toMatchObject({ alreadyRecorded: true, item: { id: unknown.item.id } });
    expect(unknownAgain.run.counts).toEqual({ expected: 3, found: 1, wrongLocation: 1, unexpected: 2, missing: 0, pending: 1, notSampled: 0 });

    // Items page by page, and the recorded ones latest first.
    const all = await walk(api, `/api/v1/audit-runs/${run.id}?limit=2`);
    expect(all.items).toHaveLength(5);
    expect(new Set(all.items.map((i: any) => i.id)).size).toBe(5);
    const recent = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}?sort=-recordedAt&limit=50`)).body.items.map((i: any) => i.tag);
    expect(recent).toEqual(['ZZ-UNKNOWN-42', ref.german.tag, ref.moved.tag, ref.found.tag]);
    // A cursor belongs to the order it was made in: a recorded-time cursor is not read as a tag, nor the reverse.
    const byTime = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}?sort=-recordedAt&limit=1`)).body.nextCursor;
    const byTag = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}?limit=1`)).body.nextCursor;
    await refusedAudit(() => api.call('GET', `/api/v1/audit-runs/${run.id}?cursor=${byTime}`), 400, 'INVALID_CURSOR');
    await refusedAudit(() => api.call('GET', `/api/v1/audit-runs/${run.id}?sort=-recordedAt&cursor=${byTag}`), 400, 'INVALID_CURSOR');
    expect((await ok(api, 'GET', `/api/v1/audit-runs/${run.id}?result=pending`)).body.items.map((i: any) => i.assetId)).toEqual([ref.gone.id]);

    // Close: the ETag of the run read last; findings owned by the auditor, due in three weeks.
    const current = await ok(api, 'GET', `/api/v1/audit-runs/${run.id}`);
    await refusedAudit(() => api.call('POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': '"1"' }), 412, 'VERSION_MISMATCH');
    const closed = await api.call('POST', `/api/v1/audit-runs/${run.id}/close`, { ownerOfFindings: 'stockroom.manager', findingsDueOn: '2026-12-22' }, { 'if-match': etag(current) });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'admin', discrepanciesRaised: 4, verified: 1 });
    expect(closed.body.counts).toEqual({ expected: 3, found: 1, wrongLocation: 1, unexpected: 2, missing: 1, pending: 0, notSampled: 0 });
    expect(closed.headers['etag']).toBe(`"${closed.body.version}"`);
    expect((await ok(api, 'GET', `/api/v1/audit-plans/${plan.id}`)).body).toMatchObject({ status: 'completed', latestRun: { id: run.id, status: 'closed' } });

    // Each finding is a discrepancy with its owner and due date, in the org unit of its asset (or of the plan).
    const discrepancies = await api.db.db.selectFrom('discrepancies').selectAll().where('audit_run_id', '=', run.id).orderBy('kind').orderBy('summary').execute();
    expect(discrepancies.map((d) => [d.kind, d.asset_id, d.org_unit_id, d.owner, d.due_on, d.status])).toEqual([
      ['audit_missing', ref.gone.id, ref.fr.id, 'stockroom.manager', '2026-12-22', 'open'],
      ['audit_unexpected', ref.german.id, ref.de.id, 'stockroom.manager', '2026-12-22', 'open'],
      ['audit_unexpected', null, ref.fr.id, 'stockroom.manager', '2026-12-22', 'open'],
      ['audit_wrong_location', ref.moved.id, ref.frSales.id, 'stockroom.manager', '2026-12-22', 'open'],
    ]);
    const wrong = discrepancies.find((d) => d.kind === 'audit_wrong_location')!;
    expect(wrong.field).toBe('locationId');
    expect(wrong.summary).toContain('Berlin');
    // The discrepancy queue lists them, with what the register says and what the audit saw.
    const queue = (await ok(api, 'GET', `/api/v1/discrepancies?auditRunId=${run.id}&limit=50`)).body.items;
    expect(queue).toHaveLength(4);
    expect(queue.find((d: any) => d.kind === 'audit_missing').allowedResolutions).toContain('mark_missing');
    expect(queue.find((d: any) => d.kind === 'audit_wrong_location')).toMatchObject({ field: 'locationId', registerValue: ref.paris.id, discoveredValue: ref.berlin.id, owner: 'stockroom.manager', dueOn: '2026-12-22' });
    expect(queue.find((d: any) => d.kind === 'audit_unexpected' && d.assetId === null).evidence).toMatchObject({ tag: 'ZZ-UNKNOWN-42', foundLocationId: ref.paris.id, auditRunId: run.id });

    // Only the asset found where expected is verified today; the audit is recorded as the source of the field.
    const verified = async (id: string) => (await api.db.db.selectFrom('assets').select('last_verified_on').where('id', '=', id).executeTakeFirstOrThrow()).last_verified_on;
    expect(await verified(ref.found.id)).toBe('2026-12-01');
    expect(await verified(ref.moved.id)).toBeNull();
    expect(await verified(ref.gone.id)).toBe('2025-06-01');
    expect(await verified(ref.german.id)).toBeNull();
    const source = await api.db.db.selectFrom('asset_field_sources').selectAll().where('asset_id', '=', ref.found.id).where('field', '=', 'lastVerifiedOn').executeTakeFirstOrThrow();
    expect(source).toMatchObject({ source: 'audit', actor: 'admin' });
    const asset = (await ok(api, 'GET', `/api/v1/assets/${ref.found.id}`)).body;
    expect(asset.version).toBe(ref.found.version + 1);

    // History: plan created and moved through its statuses, run created, each recording, the close; the chain holds.
    const history = await api.db.db.selectFrom('events').select(['entity_type', 'entity_id', 'action', 'changes', 'actor']).where('entity_id', 'in', [plan.id, run.id]).orderBy('seq').execute();
    expect(history.map((e) => `${e.entity_type}:${e.action}`)).toEqual([
      'audit_plan:create', 'audit_run:create', 'audit_plan:update',
      'audit_run:audit', 'audit_run:audit', 'audit_run:audit', 'audit_run:audit',
      'audit_run:update', 'audit_plan:update',
    ]);
    expect(readStoredChanges(history[0]!.changes)).toMatchObject({ name: { before: null, after: 'Paris laptops Q4' }, scopeLocationId: { after: ref.paris.id } });
    expect(readStoredChanges(history[3]!.changes)).toMatchObject({ tag: { after: ref.found.tag }, result: { before: 'pending', after: 'found' } });
    expect(readStoredChanges(history[7]!.changes)).toMatchObject({ status: { before: 'in_progress', after: 'closed' }, ownerOfFindings: { after: 'stockroom.manager' }, findingsDueOn: { after: '2026-12-22' } });
    const assetEvent = await api.db.db.selectFrom('events').select(['changes', 'source']).where('entity_id', '=', ref.found.id).where('action', '=', 'update').executeTakeFirstOrThrow();
    expect(readStoredChanges(assetEvent.changes)).toEqual({ lastVerifiedOn: { before: null, after: '2026-12-01' } });
    expect(await api.db.db.selectFrom('events').select('entity_id').where('entity_type', '=', 'discrepancy').where('entity_id', 'in', discrepancies.map((d) => d.id)).execute()).toHaveLength(4);
    expect((await verifyEventChain(api.db.db)).ok).toBe(true);

    // A closed run refuses recordings and a second close, and writes nothing.
    await refusedAudit(() => record(run.id, { tag: ref.gone.tag, method: 'scan' }), 409, 'AUDIT_RUN_CLOSED');
    await refusedAudit(() => record(run.id, { tag: 'NEW-TAG', method: 'typed' }), 409, 'AUDIT_RUN_CLOSED');
    await refusedAudit(() => api.call('POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': etag(closed) }), 409, 'AUDIT_RUN_CLOSED');

    // A second run of the same plan: every expected asset is missing this time. The asset still open as missing is
    // refreshed, not queued twice, and now belongs to this run (its owner and due date too); the two others are new
    // findings. Default owner (who closes) and due date (+14 days).
    const second = (await api.call('POST', `/api/v1/audit-plans/${plan.id}/runs`)).body;
    expect(second.counts).toMatchObject({ expected: 3, pending: 3 });
    const closedAgain = await ok(api, 'POST', `/api/v1/audit-runs/${second.id}/close`, {}, { 'if-match': `"${second.version}"` });
    expect(closedAgain.body).toMatchObject({ discrepanciesRaised: 2, verified: 0, counts: { missing: 3 } });
    const open = await api.db.db.selectFrom('discrepancies').select(['asset_id', 'owner', 'due_on', 'audit_run_id']).where('kind', '=', 'audit_missing').where('status', '=', 'open').execute();
    expect(open).toHaveLength(3);
    expect(open.find((d) => d.asset_id === ref.found.id)).toMatchObject({ owner: 'admin', due_on: '2026-12-15', audit_run_id: second.id });
    expect(open.find((d) => d.asset_id === ref.gone.id)).toMatchObject({ owner: 'admin', due_on: '2026-12-15', audit_run_id: second.id });
    // Follow-up: accepting the wrong-location finding moves the asset to where the audit found it.
    const wrongItem = queue.find((d: any) => d.kind === 'audit_wrong_location');
    const accepted = await api.call('POST', `/api/v1/discrepancies/${wrongItem.id}/resolve`, { resolution: 'accept_discovered' }, { 'if-match': `"${wrongItem.version}"` });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect((await ok(api, 'GET', `/api/v1/assets/${ref.moved.id}`)).body.locationId).toBe(ref.berlin.id);
    ref.plan = (await ok(api, 'GET', `/api/v1/audit-plans/${plan.id}`)).body;
  });

  it('bad input answers 4xx with a stable code and writes nothing', async () => {
    const base = { name: 'Bad', scopeLocationId: ref.paris.id };
    const noScope = await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { name: 'Everything' }), 422, 'VALIDATION_FAILED');
    expect(noScope.body.errors).toEqual([expect.objectContaining({ field: 'scopeLocationId', code: 'AUDIT_SCOPE_REQUIRED' })]);
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { ...base, scopeLocationId: null, scopeOrgUnitId: null }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { ...base, colour: 'red' }), 422, 'UNKNOWN_FIELD');
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { ...base, method: 'drone' }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { ...base, dueOn: '2026-02-30' }), 422, 'VALIDATION_FAILED');
    // Due in the past (today is 2026-12-01 here): refused.
    const past = await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { ...base, dueOn: '2026-11-01' }), 422, 'VALIDATION_FAILED');
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'dueOn', code: 'DATE_IN_PAST' })]);
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { ...base, name: '' }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { ...base, scopeLocationId: '00000000-0000-7000-8000-000000000000' }), 422, 'REFERENCE_NOT_FOUND');
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { ...base, scopeAssetTypeId: ref.fr.id }), 422, 'REFERENCE_NOT_FOUND');
    const assignee = await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { ...base, assignees: ['admin', 'nobody-by-that-login'] }), 422, 'REFERENCE_NOT_FOUND');
    expect(assignee.body.errors).toEqual([expect.objectContaining({ field: 'assignees.1' })]);
    await refusedAudit(() => api.call('GET', '/api/v1/audit-plans?status=sleeping'), 400, 'INVALID_QUERY');
    await refusedAudit(() => api.call('GET', '/api/v1/audit-plans?colour=red'), 400, 'FILTER_FIELD_NOT_ALLOWED');
    await refusedAudit(() => api.call('GET', '/api/v1/audit-plans?cursor=garbage'), 400, 'INVALID_CURSOR');
    await refusedAudit(() => api.call('GET', '/api/v1/audit-plans/not-a-uuid'), 404, 'NOT_FOUND');
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans/00000000-0000-7000-8000-000000000000/runs'), 404, 'NOT_FOUND');

    const plan = await create(api, '/api/v1/audit-plans', { name: 'Berlin check', method: 'manual', scopeLocationId: ref.berlin.id });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    // Berlin: the German laptop, the French one registered there, and the one moved there by the first test.
    expect(run.counts.expected).toBe(3);
    await refusedAudit(() => record(run.id, { tag: '', method: 'typed' }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => record(run.id, { tag: ref.german.tag }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => record(run.id, { tag: ref.german.tag, method: 'telepathy' }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => record(run.id, { tag: ref.german.tag, method: 'scan', extra: 1 }), 422, 'UNKNOWN_FIELD');
    await refusedAudit(() => record(run.id, { tag: ref.german.tag, method: 'scan', locationId: '00000000-0000-7000-8000-000000000000' }), 422, 'REFERENCE_NOT_FOUND');
    await refusedAudit(() => record(run.id, { tag: 'x'.repeat(65), method: 'scan' }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => record('00000000-0000-7000-8000-000000000000', { tag: ref.german.tag, method: 'scan' }), 404, 'NOT_FOUND');
    await refusedAudit(() => api.call('POST', `/api/v1/audit-runs/${run.id}/close`, {}), 428, 'PRECONDITION_REQUIRED');
    await refusedAudit(() => api.call('POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': 'yesterday' }), 412, 'VERSION_MISMATCH');
    // 2026-11-30 is still today at UTC−12 at this hour: only a date past everywhere is refused.
    await refusedAudit(() => api.call('POST', `/api/v1/audit-runs/${run.id}/close`, { findingsDueOn: '2026-11-29' }, { 'if-match': `"${run.version}"` }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => api.call('POST', `/api/v1/audit-runs/${run.id}/close`, { ownerOfFindings: '' }, { 'if-match': `"${run.version}"` }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => api.call('GET', `/api/v1/audit-runs/${run.id}?sort=name`), 400, 'SORT_FIELD_NOT_ALLOWED');

    // Plan edits: If-Match required; a plan keeps a scope; no cancelling while a run is open.
    const current = await ok(api, 'GET', `/api/v1/audit-plans/${plan.id}`);
    await refusedAudit(() => api.call('PATCH', `/api/v1/audit-plans/${plan.id}`, { name: 'Renamed' }), 428, 'PRECONDITION_REQUIRED');
    await refusedAudit(() => api.call('PATCH', `/api/v1/audit-plans/${plan.id}`, { name: 'Renamed' }, { 'if-match': '"1"' }), 412, 'VERSION_MISMATCH');
    await refusedAudit(() => api.call('PATCH', `/api/v1/audit-plans/${plan.id}`, { scopeLocationId: null }, { 'if-match': etag(current) }), 422, 'VALIDATION_FAILED');
    await refusedAudit(() => api.call('PATCH', `/api/v1/audit-plans/${plan.id}`, { status: 'cancelled' }, { 'if-match': etag(current) }), 409, 'CONFLICT');
    await refusedAudit(() => api.call('PATCH', `/api/v1/audit-plans/${plan.id}`, { status: 'completed' }, { 'if-match': etag(current) }), 422, 'VALIDATION_FAILED');

    const closed = await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${run.version}"` });
    expect(closed.body.counts).toMatchObject({ expected: 3, missing: 3 });
    const done = await ok(api, 'GET', `/api/v1/audit-plans/${plan.id}`);
    const renamed = await ok(api, 'PATCH', `/api/v1/audit-plans/${plan.id}`, { name: 'Berlin check (renamed)', status: 'cancelled', assignees: ['admin'] }, { 'if-match': etag(done) });
    expect(renamed.body).toMatchObject({ name: 'Berlin check (renamed)', status: 'cancelled', assignees: ['admin'], version: done.body.version + 1 });
    await refusedAudit(() => api.call('POST', `/api/v1/audit-plans/${plan.id}/runs`), 409, 'CONFLICT');
    const history = await api.db.db.selectFrom('events').select(['action', 'changes']).where('entity_id', '=', plan.id).where('action', '=', 'update').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(readStoredChanges(history.changes)).toMatchObject({ name: { before: 'Berlin check', after: 'Berlin check (renamed)' }, status: { before: 'completed', after: 'cancelled' } });
  });

  it('closing judges findings against the register as it is now, and a later run clears or takes over earlier findings', async () => {
    const shelf = await create(api, '/api/v1/locations', { name: uniq('Shelf '), kind: 'room' });
    const elsewhere = await create(api, '/api/v1/locations', { name: uniq('Annex '), kind: 'room' });
    const laptop = (name: string) => create(api, '/api/v1/assets', { name, assetTypeId: ref.laptop.id, stage: 'in_stock', ownerOrgUnitId: ref.fr.id, locationId: shelf.id });
    const [stays, moved, lost, back] = [await laptop('Stays missing'), await laptop('Moved in the register'), await laptop('Declared lost'), await laptop('Turns up later')];
    const plan = await create(api, '/api/v1/audit-plans', { name: uniq('Shelf check '), scopeLocationId: shelf.id });
    const findings = async (assetId: string, status = 'open') => (await ok(api, 'GET', `/api/v1/discrepancies?assetId=${assetId}&status=${status}&limit=50`)).body.items
      .filter((d: any) => d.kind.startsWith('audit'));

    const run1 = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    expect(run1.counts.expected).toBe(4);
    // While the run is open, the register changes: one asset moves elsewhere, one is declared lost.
    const m = (await ok(api, 'GET', `/api/v1/assets/${moved.id}`)).body;
    await ok(api, 'PATCH', `/api/v1/assets/${moved.id}`, { locationId: elsewhere.id }, { 'if-match': `"${m.version}"` });
    await api.db.db.updateTable('assets').set({ stage: 'lost' }).where('id', '=', lost.id).execute();
    const closed1 = await ok(api, 'POST', `/api/v1/audit-runs/${run1.id}/close`, { ownerOfFindings: 'first-owner' }, { 'if-match': `"${run1.version}"` });
    expect(closed1.body.counts.missing).toBe(4);
    expect(await findings(moved.id)).toEqual([]);
    expect(await findings(lost.id)).toEqual([]);
    expect((await findings(stays.id)).map((d: any) => [d.kind, d.auditRunId, d.owner])).toEqual([['audit_missing', run1.id, 'first-owner']]);
    expect(await findings(back.id)).toHaveLength(1);

    // The next run finds one of them where the register places it (its finding is settled); the other is missing
    // again (its finding now belongs to this run, with this close's owner).
    const p2 = await ok(api, 'GET', `/api/v1/audit-plans/${plan.id}`);
    expect(p2.body.status).toBe('completed');
    const run2 = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    await ok(api, 'POST', `/api/v1/audit-runs/${run2.id}/items`, { tag: back.tag, method: 'scan' });
    const current = await ok(api, 'GET', `/api/v1/audit-runs/${run2.id}`);
    await ok(api, 'POST', `/api/v1/audit-runs/${run2.id}/close`, { ownerOfFindings: 'second-owner' }, { 'if-match': etag(current) });
    expect(await findings(back.id)).toEqual([]);
    expect((await findings(back.id, 'resolved')).map((d: any) => d.resolutionNote)).toEqual([expect.stringMatching(/^Found where the register places it in the audit/)]);
    expect((await findings(stays.id)).map((d: any) => [d.kind, d.auditRunId, d.owner])).toEqual([['audit_missing', run2.id, 'second-owner']]);
    expect((await ok(api, 'GET', `/api/v1/discrepancies?auditRunId=${run2.id}&limit=50`)).body.items.map((d: any) => d.assetId)).toContain(stays.id);
  });

  it('concurrency: the same tag recorded at once counts once; recordings racing the close either land before it or are refused', async () => {
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Race', scopeOrgUnitId: ref.fr.id, scopeAssetTypeId: ref.laptop.id });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    const same = await Promise.all(Array.from({ length: 6 }, (_, i) => record(run.id, { tag: i % 2 ? ref.found.tag : ref.found.tag.toLowerCase(), method: 'scan' })));
    expect(same.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(same.filter((r) => !r.body.alreadyRecorded)).toHaveLength(1);
    const unknown = await Promise.all(Array.from({ length: 4 }, () => record(run.id, { tag: 'RACE-1', method: 'typed' })));
    expect(unknown.filter((r) => r.status === 200 && !r.body.alreadyRecorded)).toHaveLength(1);
    const audits = await api.db.db.selectFrom('events').select('seq').where('entity_id', '=', run.id).where('action', '=', 'audit').execute();
    expect(audits).toHaveLength(2);

    const current = await ok(api, 'GET', `/api/v1/audit-runs/${run.id}`);
    const racing = await Promise.all([
      record(run.id, { tag: ref.gone.tag, method: 'scan' }),
      api.call('POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': etag(current) }),
      record(run.id, { tag: ref.moved.tag, method: 'scan' }),
      record(run.id, { tag: 'RACE-2', method: 'scan' }),
    ]);
    const close = racing[1]!;
    const recordings = [racing[0]!, racing[2]!, racing[3]!];
    for (const r of recordings) expect([200, 409]).toContain(r.status);
    for (const r of recordings.filter((x) => x.status === 409)) expect(r.body.code).toBe('AUDIT_RUN_CLOSED');
    // The close either went first (then every recording is refused) or met a changed version (412) and nothing closed.
    if (close.status === 200) {
      const stored = await api.db.db.selectFrom('audit_items').select(['result', 'recorded_at']).where('run_id', '=', run.id).execute();
      expect(stored.some((i) => i.result === 'pending')).toBe(false);
      expect(stored.filter((i) => i.recorded_at !== null)).toHaveLength(2 + recordings.filter((r) => r.status === 200).length);
      expect(recordings.filter((r) => r.status === 200)).toHaveLength(0);
    } else {
      expectProblem(close, 412, 'VERSION_MISMATCH');
      expect(recordings.every((r) => r.status === 200)).toBe(true);
    }
  });
});
