import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAccount, createAsset, createReference, createRole, grantRole, listAssetTypes, locations, people, setAccountPassword, updateAssetType,
} from '@custodia/core';
import { type WebServer, WEB_PASSWORD, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/**
 * The printable hand-over form for a service desk whose role assigns assets but does not read asset types
 * (`lifecycle.read`): the usage policies to sign for are all there, and so is whom to call at the places of the
 * person's equipment, each place once.
 */
describe('hand-over form in a real browser', () => {
  let server: WebServer;
  let personId = '';

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    const types = (await listAssetTypes(ctx, { limit: 100 })).items;
    const laptop = types.find((t) => t.key === 'laptop')!;
    const phone = types.find((t) => t.key === 'phone')!;
    await updateAssetType(ctx, laptop.id, laptop.version, { usagePolicy: 'Lock the screen when you leave your desk.' });
    const it = await createReference<{ id: string }>(ctx, people, { name: 'Iris Site-Contact', email: 'iris@example.test', active: true });
    const site = await createReference<{ id: string }>(ctx, locations, { name: 'Lisbon Alcântara', code: 'LIS', kind: 'site', contacts: [{ personId: it.id, role: 'Site IT contact', phone: '+351 21 000 0000', notes: null }] });
    const [floor, stock] = [
      await createReference<{ id: string }>(ctx, locations, { name: 'Floor 2', kind: 'floor', parentId: site.id }),
      await createReference<{ id: string }>(ctx, locations, { name: 'Stockroom', kind: 'room', parentId: site.id }),
    ];
    personId = (await createReference<{ id: string }>(ctx, people, { name: 'Pedro Holder', email: 'pedro@example.test', active: true })).id;
    for (const [name, type, tag, locationId] of [['Laptop', laptop, 'HND-000001', floor.id], ['Phone', phone, 'HND-000002', stock.id], ['Spare phone', phone, 'HND-000003', null]] as const) {
      await createAsset(ctx, { name, assetTypeId: type.id, tag, stage: 'in_use', assignedPersonId: personId, locationId } as never);
    }
    const desk = await createRole(ctx, { key: 'service_desk', name: 'Service desk', permissions: ['register.read', 'assets.read', 'assets.assign'] });
    const account = await createAccount(ctx, { login: 'desk', displayName: 'Dana Desk' });
    await grantRole(ctx, account.id, { roleKey: desk.key, orgUnitId: null });
    await setAccountPassword(ctx, account.id, WEB_PASSWORD);
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('a service desk without lifecycle.read prints the policies and, once, whom to call where the equipment is', async () => {
    const page = await signIn(server, 'desk');
    await page.goto(`${server.base}/people/${personId}/hand-over`);
    await page.getByRole('heading', { name: 'Hand-over of IT equipment' }).waitFor();
    const table = page.getByRole('table', { name: 'Equipment handed over' });
    await expect.poll(async () => (await table.locator('tbody tr').allTextContents()).map((t) => t.slice(0, 10))).toEqual(['HND-000001', 'HND-000002', 'HND-000003']);
    // No asset types to read: the rows go without their type, nothing else is missing.
    expect(await table.getByRole('columnheader', { name: 'Type' }).count()).toBe(0);
    const policies = page.getByRole('region', { name: 'Usage policies' });
    expect(await policies.innerText()).toMatch(/Asset type · Laptop \(applies to HND-000001\)\s+Lock the screen when you leave your desk\./);
    // Two places inherit the site's contact: it is printed once, for both assets.
    const call = page.getByRole('region', { name: 'Whom to call' });
    expect(await call.innerText()).toMatch(/Lisbon Alcântara \(for HND-000001, HND-000002\)\s+Iris Site-Contact · Site IT contact · \+351 21 000 0000 · iris@example\.test/);
    expect(await call.getByText('Iris Site-Contact', { exact: false }).count()).toBe(1);
    await expectAccessible(page, 'hand-over-form-whom-to-call');
    await page.emulateMedia({ media: 'print' });
    expect(await call.isVisible()).toBe(true);
    await page.close();
  });
});
