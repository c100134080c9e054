import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredChanges } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { type Res, create, expectProblem, ok } from './support/http.js';

/**
 * Recurring audit plans (cycle counting, Table 3.6 "schedule at planned intervals"): a plan recurs every N days, weeks
 * or months from its due date; closing a run plans it again on the schedule's next date, counted on from the date it
 * satisfied; plans due before today that are still to be done are overdue until a run is completed, and the list
 * filters and sorts by that.
 */
describe.each(ENGINES)('recurring audit plans ($name)', (engine) => {
  let api: TestApi;
  let t = Date.parse('2026-12-01T08:00:00Z');
  const ref: Record<string, any> = {};
  const setToday = (day: string) => { t = Date.parse(`${day}T08:00:00Z`); };
  /** A refusal writes no plan and changes none. */
  const refusedPlan = async (send: () => Promise<Res>, status: number, code: string) => {
    const before = await api.db.db.selectFrom('audit_plans').selectAll().orderBy('id').execute();
    const res = await send();
    expectProblem(res, status, code);
    expect(await api.db.db.selectFrom('audit_plans').selectAll().orderBy('id').execute()).toEqual(before);
    return res;
  };
  const closeRun = async (planId: string) => {
    const run = await create(api, `/api/v1/audit-plans/${planId}/runs`, undefined);
    return (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${run.version}"` })).body;
  };
  const plan = async (id: string) => (await ok(api, 'GET', `/api/v1/audit-plans/${id}`)).body;

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date((t += 1000)) });
    ref.store = await create(api, '/api/v1/locations', { name: 'Cycle store', kind: 'site' });
    // The test travels months ahead: the administrator's API token (30 days) is made to outlast it.
    await api.db.db.updateTable('api_tokens').set({ expires_at: '2030-01-01T00:00:00.000Z' }).execute();
  }, 60_000);
  afterAll(async () => api?.close());

  it('a monthly plan due on the 31st is planned again on each month\'s last day once a run closes, early or late; overdue meanwhile', async () => {
    setToday('2026-12-01');
    const p = await create(api, '/api/v1/audit-plans', { name: 'Monthly cycle count', scopeLocationId: ref.store.id, dueOn: '2027-01-31', recurrence: { every: 1, unit: 'months' } });
    expect(p).toMatchObject({ dueOn: '2027-01-31', status: 'planned', overdue: false, recurrence: { every: 1, unit: 'months', anchorOn: '2027-01-31' } });

    // Done early: it counts for the date it was due.
    await closeRun(p.id);
    expect(await plan(p.id)).toMatchObject({ status: 'planned', dueOn: '2027-02-28', overdue: false });
    const events = await api.db.db.selectFrom('events').select('changes').where('entity_id', '=', p.id).orderBy('seq').execute();
    expect(readStoredChanges(events[events.length - 1]!.changes)).toMatchObject({ status: { before: 'in_progress', after: 'planned' }, dueOn: { before: '2027-01-31', after: '2027-02-28' } });

    // Not done in time: overdue, listed as such, first when sorted by due date.
    setToday('2027-03-10');
    const oneOff = await create(api, '/api/v1/audit-plans', { name: 'One-off, later', scopeLocationId: ref.store.id, dueOn: '2027-04-01' });
    const undated = await create(api, '/api/v1/audit-plans', { name: 'Undated', scopeLocationId: ref.store.id });
    expect(await plan(p.id)).toMatchObject({ dueOn: '2027-02-28', overdue: true });
    const overdue = (await ok(api, 'GET', '/api/v1/audit-plans?overdue=true')).body.items.map((x: any) => x.id);
    expect(overdue).toContain(p.id);
    expect(overdue).not.toContain(oneOff.id);
    expect((await ok(api, 'GET', '/api/v1/audit-plans?overdue=false')).body.items.map((x: any) => x.id)).not.toContain(p.id);
    const byDue = [];
    let cursor: string | null = null;
    do {
      const page: any = (await ok(api, 'GET', `/api/v1/audit-plans?sort=dueOn&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
      byDue.push(...page.items.map((x: any) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(byDue.filter((id) => [p.id, oneOff.id, undated.id].includes(id))).toEqual([p.id, oneOff.id, undated.id]);
    // A due-date cursor is not read as a creation time, nor the reverse.
    const dueCursor = (await ok(api, 'GET', '/api/v1/audit-plans?sort=dueOn&limit=1')).body.nextCursor;
    const createdCursor = (await ok(api, 'GET', '/api/v1/audit-plans?limit=1')).body.nextCursor;
    expectProblem(await api.call('GET', `/api/v1/audit-plans?cursor=${dueCursor}`), 400, 'INVALID_CURSOR');
    expectProblem(await api.call('GET', `/api/v1/audit-plans?sort=dueOn&cursor=${createdCursor}`), 400, 'INVALID_CURSOR');

    // Done late: the dates that passed meanwhile are skipped.
    await closeRun(p.id);
    expect(await plan(p.id)).toMatchObject({ status: 'planned', dueOn: '2027-03-31', overdue: false });
    // A one-off plan is completed by its run, and not overdue.
    await closeRun(oneOff.id);
    expect(await plan(oneOff.id)).toMatchObject({ status: 'completed', dueOn: '2027-04-01', recurrence: null });
  });

  it('a missed date stays overdue, through later dates of the schedule and while a run is open, until a run is completed', async () => {
    setToday('2027-06-01');
    const p = await create(api, '/api/v1/audit-plans', { name: 'Monthly cage count', scopeLocationId: ref.store.id, dueOn: '2027-06-30', recurrence: { every: 1, unit: 'months' } });
    // Three dates of the schedule go by without a run: still due on the first, overdue, not moved on by time.
    setToday('2027-09-02');
    expect(await plan(p.id)).toMatchObject({ status: 'planned', dueOn: '2027-06-30', overdue: true });
    const run = await create(api, `/api/v1/audit-plans/${p.id}/runs`, undefined);
    expect(await plan(p.id)).toMatchObject({ status: 'in_progress', dueOn: '2027-06-30', overdue: true });
    expect((await ok(api, 'GET', '/api/v1/audit-plans?overdue=true&limit=100')).body.items.map((x: any) => x.id)).toContain(p.id);
    // Completed on 2 September: the dates already past are skipped, the next one is on the schedule (30 September).
    const before = await api.db.db.selectFrom('events').select('seq').where('entity_id', '=', p.id).execute();
    await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${run.version}"` });
    expect(await plan(p.id)).toMatchObject({ status: 'planned', dueOn: '2027-09-30', overdue: false, recurrence: { anchorOn: '2027-06-30' } });
    const events = await api.db.db.selectFrom('events').select(['action', 'changes', 'actor']).where('entity_id', '=', p.id).orderBy('seq').execute();
    expect(events).toHaveLength(before.length + 1);
    expect(events[events.length - 1]).toMatchObject({ action: 'update', actor: 'admin' });
    expect(readStoredChanges(events[events.length - 1]!.changes)).toEqual({ status: { before: 'in_progress', after: 'planned' }, dueOn: { before: '2027-06-30', after: '2027-09-30' } });
  });

  it('the same rule sent again keeps the anchor: a plan due on the 31st stays on month ends after a February', async () => {
    setToday('2028-01-02');
    const p = await create(api, '/api/v1/audit-plans', { name: 'Month-end count', scopeLocationId: ref.store.id, dueOn: '2028-01-31', recurrence: { every: 1, unit: 'months' } });
    await closeRun(p.id);
    let current = await plan(p.id);
    expect(current).toMatchObject({ dueOn: '2028-02-29', recurrence: { anchorOn: '2028-01-31' } });
    current = (await ok(api, 'PATCH', `/api/v1/audit-plans/${p.id}`, { name: 'Month-end count (renamed)', recurrence: { every: 1, unit: 'months' }, dueOn: '2028-02-29' }, { 'if-match': `"${current.version}"` })).body;
    expect(current).toMatchObject({ name: 'Month-end count (renamed)', dueOn: '2028-02-29', recurrence: { anchorOn: '2028-01-31' } });
    await closeRun(p.id);
    expect(await plan(p.id)).toMatchObject({ dueOn: '2028-03-31' });
  });

  it('a new rule or due date re-anchors the schedule; ending the recurrence makes it one-off; bad rules answer 422 and write nothing', async () => {
    setToday('2027-05-01');
    const p = await create(api, '/api/v1/audit-plans', { name: 'Fortnightly shelf count', scopeLocationId: ref.store.id, dueOn: '2027-05-03', recurrence: { every: 2, unit: 'weeks' } });
    await closeRun(p.id);
    let current = await plan(p.id);
    expect(current).toMatchObject({ dueOn: '2027-05-17', recurrence: { anchorOn: '2027-05-03' } });

    const patch = (body: unknown) => api.call('PATCH', `/api/v1/audit-plans/${p.id}`, body, { 'if-match': `"${current.version}"` });
    current = (await patch({ recurrence: { every: 10, unit: 'days' }, dueOn: '2027-05-20' })).body;
    expect(current).toMatchObject({ dueOn: '2027-05-20', recurrence: { every: 10, unit: 'days', anchorOn: '2027-05-20' } });

    const noDate = await refusedPlan(() => patch({ dueOn: null }), 422, 'VALIDATION_FAILED');
    expect(noDate.body.errors).toEqual([expect.objectContaining({ field: 'dueOn', code: 'DUE_DATE_REQUIRED' })]);
    const tooLong = await refusedPlan(() => patch({ recurrence: { every: 25, unit: 'months' } }), 422, 'VALIDATION_FAILED');
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'recurrence.every' })]);
    await refusedPlan(() => patch({ recurrence: { every: 0, unit: 'days' } }), 422, 'VALIDATION_FAILED');
    await refusedPlan(() => patch({ recurrence: { every: 1, unit: 'years' } }), 422, 'VALIDATION_FAILED');
    const created = await refusedPlan(() => api.call('POST', '/api/v1/audit-plans', { name: 'No date', scopeLocationId: ref.store.id, recurrence: { every: 1, unit: 'weeks' } }), 422, 'VALIDATION_FAILED');
    expect(created.body.errors).toEqual([expect.objectContaining({ field: 'dueOn', code: 'DUE_DATE_REQUIRED' })]);

    current = (await patch({ recurrence: null })).body;
    expect(current).toMatchObject({ recurrence: null, dueOn: '2027-05-20' });
    await closeRun(p.id);
    expect(await plan(p.id)).toMatchObject({ status: 'completed', dueOn: '2027-05-20' });
  });
});
