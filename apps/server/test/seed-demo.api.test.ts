import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, systemContext } from '@custodia/core';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';

/**
 * The demo register a newcomer explores looks like a real one: the overview's checks find something without flagging
 * everything (received assets mostly have their invoice recorded, a few do not), and its licences and subscriptions
 * have expiry and renewal dates coming up and passed.
 */
describe.each(ENGINES)('seed-demo register ($name)', (engine) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi(engine);
    await seedDemo(systemContext(api.db, 'cli', 'cli:test'), { assets: 400, people: 80, seed: 7 });
  });
  afterAll(async () => { await api.close(); });

  it('holds the requested number of assets, among them licences and subscriptions whose monitored dates are due', async () => {
    const byType = await api.db.db.selectFrom('assets').innerJoin('asset_types', 'asset_types.id', 'assets.asset_type_id')
      .select(['asset_types.key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('asset_types.key').execute();
    const count = (key: string) => Number(byType.find((t) => t.key === key)?.n ?? 0);
    expect(byType.reduce((n, t) => n + Number(t.n), 0)).toBe(400);
    expect(count('software_licence')).toBe(6);
    expect(count('saas_subscription')).toBe(4);
    const dates = (await api.call('GET', '/api/v1/reports/dashboard')).body.monitoredDates as { assetTypeKey: string; soon: number; passed: number }[];
    expect(dates.find((d) => d.assetTypeKey === 'software_licence')).toMatchObject({ soon: 2, passed: 1 });
    expect(dates.find((d) => d.assetTypeKey === 'saas_subscription')).toMatchObject({ soon: 1, passed: 1 });
  });

  it('buys nothing after the day the demo is made, a licence renewed a year ahead included', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const later = await api.db.db.selectFrom('assets').select(['name', 'purchase_date']).where('purchase_date', '>', today).execute();
    expect(later).toEqual([]);
  });

  it('tells the holder of a laptop or a phone the model\'s usage policy at hand-over', async () => {
    const laptop = await api.db.db.selectFrom('assets').innerJoin('asset_types', 'asset_types.id', 'assets.asset_type_id').select('assets.id').where('asset_types.key', '=', 'laptop').limit(1).executeTakeFirstOrThrow();
    const policies = (await api.call('GET', `/api/v1/assets/${laptop.id}/policies`)).body.items as { source: string; text: string }[];
    expect(policies).toEqual([expect.objectContaining({ source: 'model', text: expect.stringContaining('Full-disk encryption stays on') })]);
  });

  it('records the invoice of most received assets, so "no proof of purchase" finds a few, not the whole register', async () => {
    const rows = await api.db.db.selectFrom('assets').select(['stage', 'invoice_reference']).execute();
    expect(rows).toHaveLength(400);
    const onOrder = rows.filter((r) => r.stage === 'on_order');
    const received = rows.filter((r) => r.stage !== 'on_order');
    expect(onOrder.every((r) => r.invoice_reference === null)).toBe(true);
    const withoutInvoice = received.filter((r) => r.invoice_reference === null).length;
    expect(withoutInvoice).toBeGreaterThan(received.length * 0.04);
    expect(withoutInvoice).toBeLessThan(received.length * 0.12);
    const dashboard = await api.call('GET', '/api/v1/reports/dashboard');
    expect(dashboard.body.noProofOfPurchase).toBe(withoutInvoice);
  });
});
