import { expect } from 'vitest';
import { type TestApi, snapshotCounts } from '../../../../test/support/api.js';
import { type Res, assetTypes, create, expectProblem, ok, uniq } from './http.js';
import { franceAndGermany } from './places.js';

/**
 * What the physical-audit API tests share: the register they audit (org units, places, laptops expected by the Paris
 * plan and others it must not expect), the refusal check that looks at every audit table, and the Paris audit itself
 * walked through (plan → run → four recordings → close) for the tests that read its outcome.
 */

/** The audit tests' clock: today is 2026-12-01, and every reading is one second later than the one before. */
export function auditClock(): () => Date {
  let t = Date.parse('2026-12-01T08:00:00Z');
  return () => new Date((t += 1000));
}

/** Org units, places and assets; `ref.found`, `ref.moved`, `ref.gone` are what the Paris plan expects. */
export async function auditRegister(api: TestApi): Promise<Record<string, any>> {
  const ref: Record<string, any> = {};
  const types = await assetTypes(api);
  ref.laptop = types['laptop'];
  ref.phone = types['phone'];
  Object.assign(ref, await franceAndGermany(api));
  const asset = (body: Record<string, unknown>) => create(api, '/api/v1/assets', { assetTypeId: ref.laptop.id, stage: 'in_stock', ...body });
  // Expected by the plan (laptops of France, below it included, at Paris or below it):
  ref.found = await asset({ name: 'Found where expected', ownerOrgUnitId: ref.fr.id, locationId: ref.parisFloor.id });
  ref.moved = await asset({ name: 'Found in Berlin', ownerOrgUnitId: ref.frSales.id, locationId: ref.paris.id });
  ref.gone = await asset({ name: 'Never found', ownerOrgUnitId: ref.fr.id, locationId: ref.parisFloor.id, lastVerifiedOn: '2025-06-01' });
  // Not expected: another country, another site, another type, a lost one, one not received yet.
  ref.german = await asset({ name: 'German laptop', ownerOrgUnitId: ref.de.id, locationId: ref.berlin.id });
  ref.frInBerlin = await asset({ name: 'French laptop in Berlin', ownerOrgUnitId: ref.fr.id, locationId: ref.berlin.id });
  ref.phoneAsset = await create(api, '/api/v1/assets', { name: 'French phone', assetTypeId: ref.phone.id, ownerOrgUnitId: ref.fr.id, locationId: ref.paris.id, stage: 'in_stock' });
  ref.lost = await asset({ name: 'Lost laptop', ownerOrgUnitId: ref.fr.id, locationId: ref.paris.id });
  await api.db.db.updateTable('assets').set({ stage: 'lost' }).where('id', '=', ref.lost.id).execute();
  ref.planned = await asset({ name: 'Planned laptop', ownerOrgUnitId: ref.fr.id, locationId: ref.paris.id, stage: 'planning' });
  ref.auditorLogin = uniq('auditor');
  ref.auditor = await api.user(ref.auditorLogin, [{ role: 'auditor' }]);
  return ref;
}

/** The refusal check of the audit tests, and recording a tag. */
export function auditChecks(api: () => TestApi) {
  /** Everything a refusal must leave alone: the register, the history, and every audit table, row by row. */
  async function state(): Promise<Record<string, unknown>> {
    const db = api().db.db;
    const rows = async (table: 'audit_plans' | 'audit_runs' | 'audit_items' | 'discrepancies' | 'asset_field_sources') => db.selectFrom(table).selectAll().execute();
    return {
      counts: await snapshotCounts(api().db),
      plans: await db.selectFrom('audit_plans').select(['id', 'status', 'version', 'name']).orderBy('id').execute(),
      runs: await db.selectFrom('audit_runs').select(['id', 'status', 'version']).orderBy('id').execute(),
      items: (await rows('audit_items')).map((r) => `${r.id}:${r.result}:${r.recorded_at}:${r.found_location_id}`).sort(),
      discrepancies: (await rows('discrepancies')).length,
      fieldSources: (await rows('asset_field_sources')).length,
    };
  }
  /** Sends a request that must be refused with `status` / `code`, and checks nothing at all was written. */
  async function refusedAudit(send: () => Promise<Res>, status: number, code: string): Promise<Res> {
    const before = await state();
    const res = await send();
    expectProblem(res, status, code);
    expect(await state(), `${code} must write nothing`).toEqual(before);
    return res;
  }
  const record = (runId: string, body: unknown, headers?: Record<string, string>) => api().call('POST', `/api/v1/audit-runs/${runId}/items`, body, headers);
  return { refusedAudit, record };
}

/**
 * The Paris audit as `audits.api.test.ts` walks it, without its checks: the expected laptop found (typed in lower case),
 * the one in Berlin found there (with a note that looks like a formula), the German laptop and an unknown tag not
 * expected, the last expected one never found; closed with findings owned by `stockroom.manager`.
 */
export async function walkParisAudit(api: TestApi, ref: Record<string, any>): Promise<{ plan: any; run: any }> {
  const plan = await create(api, '/api/v1/audit-plans', {
    name: 'Paris laptops Q4', method: 'scan', scopeLocationId: ref.paris.id, scopeOrgUnitId: ref.fr.id, scopeAssetTypeId: ref.laptop.id,
    dueOn: '2026-12-15', assignees: ['admin', ref.auditorLogin], notes: 'Annual stock take',
  });
  const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
  const items = `/api/v1/audit-runs/${run.id}/items`;
  await ok(api, 'POST', items, { tag: ref.found.tag.toLowerCase(), method: 'typed' });
  await ok(api, 'POST', items, { tag: ref.moved.tag, method: 'scan', locationId: ref.berlin.id, note: '=HYPERLINK("http://x")' });
  await ok(api, 'POST', items, { tag: ref.german.tag, method: 'scan' });
  const last = await ok(api, 'POST', items, { tag: 'zz-unknown-42', method: 'typed', locationId: ref.paris.id });
  const closed = await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, { ownerOfFindings: 'stockroom.manager', findingsDueOn: '2026-12-22' }, { 'if-match': `"${last.body.run.version}"` });
  return { plan, run: closed.body };
}
