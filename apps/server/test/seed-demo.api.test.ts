import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, systemContext } from '@custodia/core';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';

/**
 * The demo register a newcomer explores looks like a real one: the overview's checks find something without flagging
 * everything (received assets mostly have their invoice recorded, a few do not), its licences, subscriptions and
 * support contracts have expiry, renewal and end dates coming up and passed, the contracts cover some of the laptops
 * and servers, and every site names whom to call.
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
    expect(count('support_contract')).toBe(4);
    const dates = (await api.call('GET', '/api/v1/reports/dashboard')).body.monitoredDates as { assetTypeKey: string; soon: number; passed: number }[];
    expect(dates.find((d) => d.assetTypeKey === 'software_licence')).toMatchObject({ soon: 2, passed: 1 });
    expect(dates.find((d) => d.assetTypeKey === 'saas_subscription')).toMatchObject({ soon: 1, passed: 1 });
    expect(dates.find((d) => d.assetTypeKey === 'support_contract')).toMatchObject({ fieldKey: 'ends_on', soon: 1, passed: 1 });
  });

  it('covers a share of the laptops and servers by support contracts, each from a supplier; the expired one no longer covers', async () => {
    const contracts = await api.db.db.selectFrom('assets').innerJoin('asset_types', 'asset_types.id', 'assets.asset_type_id')
      .select(['assets.id', 'assets.name', 'assets.supplier_id', 'assets.attributes']).where('asset_types.key', '=', 'support_contract').orderBy('assets.name').execute();
    expect(contracts.every((c) => c.supplier_id !== null)).toBe(true);
    const hardware = await api.db.db.selectFrom('assets').innerJoin('asset_types', 'asset_types.id', 'assets.asset_type_id')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('asset_types.key', 'in', ['laptop', 'server']).executeTakeFirstOrThrow();
    const rows = await api.db.db.selectFrom('asset_coverage').innerJoin('assets', 'assets.id', 'asset_coverage.asset_id').innerJoin('asset_types', 'asset_types.id', 'assets.asset_type_id')
      .select(['asset_coverage.contract_id', 'asset_types.key']).execute();
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set(['laptop', 'server']));
    expect(new Set(rows.map((r) => r.contract_id))).toEqual(new Set(contracts.map((c) => c.id)));
    expect(rows.length).toBeGreaterThan(Number(hardware.n) * 0.1);
    expect(rows.length).toBeLessThan(Number(hardware.n) * 0.6);

    // Through the API: a contract's covered assets carry its own term; the expired contract's no longer hold.
    const today = (await api.call('GET', '/api/v1/reports/dashboard')).body.today as string;
    for (const c of contracts) {
      const list = (await api.call('GET', `/api/v1/assets/${c.id}/coverage?limit=5`)).body;
      const term = typeof c.attributes === 'string' ? JSON.parse(c.attributes) : c.attributes;
      expect(list.role).toBe('contract');
      expect(list.items.length, c.name).toBeGreaterThan(0);
      for (const item of list.items) expect(item).toMatchObject({ startsOn: term.starts_on, endsOn: term.ends_on, active: term.ends_on >= today });
    }
    expect(contracts.filter((c) => (typeof c.attributes === 'string' ? JSON.parse(c.attributes) : c.attributes).ends_on < today)).toHaveLength(1);
  });

  it('names a site IT contact, an active person of the demo, on every site; the assets there inherit them', async () => {
    const sites = await api.db.db.selectFrom('locations').select(['id', 'name', 'contacts']).where('kind', '=', 'site').execute();
    expect(sites.length).toBeGreaterThan(0);
    for (const site of sites) {
      const contacts = typeof site.contacts === 'string' ? JSON.parse(site.contacts) : site.contacts;
      expect(contacts, site.name).toEqual([expect.objectContaining({ role: 'Site IT contact', phone: expect.stringMatching(/^\+\d/) })]);
      const person = await api.db.db.selectFrom('people').select('active').where('id', '=', contacts[0].personId).executeTakeFirstOrThrow();
      expect(Boolean(person.active)).toBe(true);
    }
    const placed = await api.db.db.selectFrom('assets').select('id').where('location_id', 'is not', null).limit(1).executeTakeFirstOrThrow();
    const answer = (await api.call('GET', `/api/v1/assets/${placed.id}/local-contacts`)).body;
    expect(answer).toMatchObject({ inherited: true, from: { kind: 'site' }, items: [expect.objectContaining({ role: 'Site IT contact' })] });
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
