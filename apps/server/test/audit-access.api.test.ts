import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { ENGINES } from '../../../test/support/databases.js';
import { create, etag, ok, uniq } from './support/http.js';
import { auditChecks, auditClock, auditRegister, walkParisAudit } from './support/audit-fixture.js';

/**
 * Who may see and do what in physical audits: plans lie in the org unit they are scoped to (outside a grant they
 * answer 404, like a missing record), recording and planning are separate permissions, a planner on some org units
 * plans inside them, and the assignees a planner is offered are the accounts that may record audit work there.
 */
describe.each(ENGINES)('physical audits: scope and roles ($name)', (engine) => {
  let api: TestApi;
  let ref: Record<string, any> = {};
  const clock = auditClock();
  const { refusedAudit, record } = auditChecks(() => api);

  beforeAll(async () => {
    api = await startApi(engine, { clock });
    ref = await auditRegister(api);
    // A plan of France with a closed run.
    const { plan } = await walkParisAudit(api, ref);
    ref.plan = (await ok(api, 'GET', `/api/v1/audit-plans/${plan.id}`)).body;
  });
  afterAll(async () => { await api.close(); });

  it('scope: a custodian of another org unit gets 404 for a plan and run outside it; one inside records; roles without the permission get 403', async () => {
    const plan = ref.plan;
    const runId = plan.runs[0].id;
    const german = await api.user(uniq('custodian-de'), [{ role: 'custodian', orgUnitId: ref.de.id }]);
    const frenchLogin = uniq('custodian-fr');
    const french = await api.user(frenchLogin, [{ role: 'custodian', orgUnitId: ref.fr.id }]);

    await refusedAudit(() => api.call('GET', `/api/v1/audit-plans/${plan.id}`, undefined, german.auth), 404, 'NOT_FOUND');
    await refusedAudit(() => api.call('GET', `/api/v1/audit-runs/${runId}`, undefined, german.auth), 404, 'NOT_FOUND');
    await refusedAudit(() => api.call('GET', `/api/v1/audit-runs/${runId}/report`, undefined, german.auth), 404, 'NOT_FOUND');
    // A cursor, even one edited by hand, does not turn the 404 into another answer.
    await refusedAudit(() => api.call('GET', `/api/v1/audit-runs/${runId}/report?cursor=not-a-cursor`, undefined, german.auth), 404, 'NOT_FOUND');
    const csv = await api.app.inject({ method: 'GET', url: `/api/v1/audit-runs/${runId}/report.csv`, headers: german.auth });
    expect(csv.statusCode).toBe(404);
    const missing = await api.call('GET', '/api/v1/audit-plans/00000000-0000-7000-8000-000000000000', undefined, german.auth);
    const foreign = await api.call('GET', `/api/v1/audit-plans/${plan.id}`, undefined, german.auth);
    expect(foreign.body.title).toBe(missing.body.title);
    expect((await ok(api, 'GET', '/api/v1/audit-plans?limit=50', undefined, german.auth)).body.items).toEqual([]);
    const log = await api.call('GET', `/api/v1/security-log?accountId=${german.accountId}`);
    expect(log.body.items.some((e: any) => e.kind === 'authorisation' && e.route === `/api/v1/audit-plans/${plan.id}`)).toBe(true);

    // The French custodian sees the plan, and records in a new run of it; not planning or closing (403).
    expect((await ok(api, 'GET', '/api/v1/audit-plans?limit=50', undefined, french.auth)).body.items.map((p: any) => p.id)).toEqual([plan.id]);
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { name: 'Mine', scopeOrgUnitId: ref.fr.id }, french.auth), 403, 'FORBIDDEN');
    await refusedAudit(() => api.call('POST', `/api/v1/audit-plans/${plan.id}/runs`, undefined, french.auth), 403, 'FORBIDDEN');
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    await refusedAudit(() => record(run.id, { tag: ref.found.tag, method: 'scan' }, german.auth), 404, 'NOT_FOUND');
    const recorded = await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: ref.german.tag, method: 'scan' }, french.auth);
    // An asset of another org unit found here: recorded as not expected, without showing what the register holds on it.
    expect(recorded.body.item).toMatchObject({ result: 'unexpected', tag: ref.german.tag, assetId: null, assetName: null, recordedBy: frenchLogin });
    expect((await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: ref.found.tag, method: 'scan' }, french.auth)).body.item).toMatchObject({ result: 'found', assetId: ref.found.id });
    // Nor does the report: where the register places that asset is not the French custodian's to read.
    const seen = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report`, undefined, french.auth)).body.items;
    expect(seen.find((i: any) => i.tag === ref.german.tag)).toMatchObject({ assetId: null, registeredLocationId: null, registeredLocation: null });
    expect(seen.find((i: any) => i.tag === ref.found.tag)).toMatchObject({ registeredLocation: 'Paris floor 1 · Paris' });
    await refusedAudit(() => api.call('POST', `/api/v1/audit-runs/${run.id}/close`, {}, { ...french.auth, 'if-match': '"3"' }), 403, 'FORBIDDEN');

    // An auditor planning on one org unit plans inside it only.
    const auditorDe = await api.user(uniq('auditor-de'), [{ role: 'auditor', orgUnitId: ref.de.id }]);
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { name: 'France', scopeOrgUnitId: ref.fr.id }, auditorDe.auth), 422, 'REFERENCE_NOT_FOUND');
    await refusedAudit(() => api.call('POST', '/api/v1/audit-plans', { name: 'Anywhere', scopeLocationId: ref.berlin.id }, auditorDe.auth), 422, 'REFERENCE_NOT_FOUND');
    const dePlan = await api.call('POST', '/api/v1/audit-plans', { name: 'Germany', scopeOrgUnitId: ref.de.id }, auditorDe.auth);
    expect(dePlan.status).toBe(201);
    const deRun = await api.call('POST', `/api/v1/audit-plans/${dePlan.body.id}/runs`, undefined, auditorDe.auth);
    expect(deRun.body.counts.expected).toBe(1);
    await refusedAudit(() => api.call('POST', `/api/v1/audit-plans/${plan.id}/runs`, undefined, auditorDe.auth), 404, 'NOT_FOUND');

    // No audits.read at all: 403.
    const consumer = await api.user(uniq('consumer'), [{ role: 'asset_consumer', orgUnitId: ref.fr.id }]);
    await refusedAudit(() => api.call('GET', '/api/v1/audit-plans', undefined, consumer.auth), 403, 'FORBIDDEN');
  });

  it('lists the accounts a planner may name as assignees: active, allowed to record audit work within the planner\'s scope', async () => {
    const named = async (login: string, grants: { role: string; orgUnitId: string }[]) => ({ login, ...(await api.user(login, grants)) });
    const fr = await named(uniq('rec-fr'), [{ role: 'custodian', orgUnitId: ref.frSales.id }]);
    const de = await named(uniq('rec-de'), [{ role: 'custodian', orgUnitId: ref.de.id }]);
    const consumer = await named(uniq('consumer-fr'), [{ role: 'asset_consumer', orgUnitId: ref.fr.id }]);
    const planner = await named(uniq('planner-fr'), [{ role: 'auditor', orgUnitId: ref.fr.id }]);
    const logins = async (auth?: Record<string, string>) => (await ok(api, 'GET', '/api/v1/auditors', undefined, auth)).body.items.map((a: any) => a.login);

    const all = await logins();
    expect(all).toEqual(expect.arrayContaining([fr.login, de.login, planner.login]));
    expect(all).not.toContain(consumer.login);
    // Planning in France: the German custodian cannot record there; the French one (a unit below) can.
    const inFrance = await logins(planner.auth);
    expect(inFrance).toEqual(expect.arrayContaining([fr.login, planner.login]));
    expect(inFrance).not.toContain(de.login);
    const items = (await ok(api, 'GET', '/api/v1/auditors')).body.items;
    expect(items.map((a: any) => a.name)).toEqual([...items.map((a: any) => a.name)].sort((a: string, b: string) => a.localeCompare(b)));
    // An account switched off is no longer offered.
    const account = await ok(api, 'GET', `/api/v1/accounts/${fr.accountId}`);
    await ok(api, 'PATCH', `/api/v1/accounts/${fr.accountId}`, { active: false }, { 'if-match': etag(account) });
    expect(await logins()).not.toContain(fr.login);
    // Naming assignees is planning: a role that only records gets 403.
    await refusedAudit(() => api.call('GET', '/api/v1/auditors', undefined, de.auth), 403, 'FORBIDDEN');
  });
});
