import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_DATE_RULES, matchesKeyDate } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, uniq, walk } from './support/http.js';

/**
 * Key dates on a register built around one day (2026-12-01): overdue returns, warranties and ends of life ending
 * within the window or passed. The dashboard's counts, the register filter and the domain rule agree asset by asset.
 */
describe.each(ENGINES)('key dates ($name)', (engine) => {
  let api: TestApi;
  const today = '2026-12-01';
  const clock = () => new Date(`${today}T09:00:00Z`);
  const expected: Record<string, string[]> = {};

  beforeAll(async () => {
    api = await startApi(engine, { clock });
    const types = await assetTypes(api);
    const L = types['laptop'].id;
    const person = await create(api, '/api/v1/people', { name: uniq('Holder') });
    const cases: [string, Record<string, unknown>][] = [
      ['return overdue', { stage: 'in_use', assignedPersonId: person.id, expectedReturnDate: '2026-11-30' }],
      ['return due today', { stage: 'in_use', assignedPersonId: person.id, expectedReturnDate: today }],
      ['warranty ends today', { stage: 'in_stock', warrantyEnd: today }],
      ['warranty ends on the last day of the window', { stage: 'in_use', assignedPersonId: person.id, warrantyEnd: '2027-03-01' }],
      ['warranty ends the day after the window', { stage: 'in_stock', warrantyEnd: '2027-03-02' }],
      ['warranty ended yesterday', { stage: 'in_stock', warrantyEnd: '2026-11-30' }],
      ['end of life passed, in stock', { stage: 'in_stock', eolDate: '2026-06-30' }],
      ['end of life passed, decommissioned', { stage: 'decommissioned', eolDate: '2026-06-30' }],
      ['end of life next month, in maintenance', { stage: 'maintenance', eolDate: '2027-01-15' }],
      ['warranty ending, but only planned', { stage: 'planning', warrantyEnd: '2026-12-10' }],
      ['no dates', { stage: 'in_stock' }],
    ];
    const kindOf: Record<string, string> = { in_use: 'in_use', in_stock: 'available', maintenance: 'maintenance', decommissioned: 'retired', planning: 'planned' };
    for (const [name, fields] of cases) {
      const asset = await create(api, '/api/v1/assets', { name, assetTypeId: L, ...fields });
      for (const rule of KEY_DATE_RULES) {
        const subject = {
          assignedPersonId: asset.assignedPersonId, stageKind: kindOf[asset.stage]!, expectedReturnDate: asset.expectedReturnDate, warrantyEnd: asset.warrantyEnd, eolDate: asset.eolDate,
        };
        if (matchesKeyDate(rule, subject, today)) (expected[rule.key] ??= []).push(name);
      }
    }
  });
  afterAll(async () => { await api.close(); });

  it('the cases cover every rule, inside and at the edges', () => {
    expect(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.sort()]))).toEqual({
      return_overdue: ['return overdue'],
      warranty_ending: ['warranty ends on the last day of the window', 'warranty ends today'],
      end_of_life_soon: ['end of life next month, in maintenance'],
      end_of_life_passed: ['end of life passed, in stock'],
    });
  });

  it('the register filters on each key date, and the dashboard counts the same assets', async () => {
    const board = (await ok(api, 'GET', '/api/v1/reports/dashboard')).body;
    for (const rule of KEY_DATE_RULES) {
      const { items } = await walk(api, `/api/v1/assets?keyDate=${rule.key}&limit=2`);
      expect(items.map((a: any) => a.name).sort(), rule.key).toEqual(expected[rule.key]!.sort());
      expect(board.keyDates.find((k: any) => k.key === rule.key)).toEqual({ key: rule.key, label: rule.label, count: expected[rule.key]!.length });
    }
  });

  it('exports the assets of a key date, and refuses an unknown one', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?keyDate=warranty_ending', headers: { authorization: `Bearer ${api.adminToken}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body.trim().split('\n')).toHaveLength(3);
    const bad = await api.call('GET', '/api/v1/assets?keyDate=tomorrow');
    expect(bad.status).toBe(400);
  });
});
