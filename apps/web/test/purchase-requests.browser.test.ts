import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueModels, createAccount, createReference, grantRole, listAssetTypes, manufacturers, orgUnits, setAccountPassword } from '@custodia/core';
import { type WebServer, WEB_PASSWORD, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/**
 * Purchase requests in Debian's Chromium: a custodian finds the page empty, requests two laptops for their org unit
 * and submits them; they may only withdraw their own request. The IT asset manager approves it with a note and orders
 * it: two laptops are registered on order with the purchase order reference, linked from the request. Each state of
 * the page passes axe.
 */
describe('purchase requests in a real browser', () => {
  let server: WebServer;
  const ref: Record<string, any> = {};

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    ref.unit = await createReference<{ id: string }>(ctx, orgUnits, { name: 'Finance', kind: 'department' });
    const maker = await createReference<{ id: string }>(ctx, manufacturers, { name: 'Lenovo' });
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    ref.model = await createReference(ctx, catalogueModels, { name: 'ThinkPad T14', manufacturerId: maker.id, assetTypeId: laptop.id, defaultSpecs: {} });
    const rita = await createAccount(ctx, { login: 'rita', displayName: 'Rita Requester' });
    await grantRole(ctx, rita.id, { roleKey: 'custodian', orgUnitId: ref.unit.id });
    await setAccountPassword(ctx, rita.id, WEB_PASSWORD);
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('a custodian requests and submits; someone else approves and orders, which registers the assets on order', async () => {
    const page = await signIn(server, 'rita');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Purchase requests' }).click();
    await page.getByText('No purchase request yet.').waitFor();
    await expectAccessible(page, 'purchase-requests-empty');

    await page.getByRole('button', { name: 'Request a purchase' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request a purchase' });
    await dialog.getByLabel(/^Org unit/).first().fill('Fin');
    await page.getByRole('option', { name: 'Finance', exact: true }).click();
    await dialog.getByLabel(/^Catalogue model/).first().fill('Think');
    await page.getByRole('option', { name: 'ThinkPad T14' }).click();
    await dialog.getByRole('textbox', { name: /^Quantity/ }).fill('2');
    await dialog.getByRole('textbox', { name: /^Justification/ }).fill('Two new accountants start in March');
    await expectAccessible(page, 'purchase-request-dialog');
    await dialog.getByRole('button', { name: 'Submit for approval' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The drawer shows the request waiting; its requester may withdraw it, not approve it.
    const drawer = page.getByRole('dialog', { name: 'Purchase request' });
    await drawer.getByText('Waiting for approval').waitFor();
    await drawer.getByRole('button', { name: 'Withdraw' }).waitFor();
    expect(await drawer.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await expectAccessible(page, 'purchase-request-submitted');
    const [stored] = await server.db.db.selectFrom('purchase_requests').select(['id', 'status', 'quantity']).execute();
    expect(stored).toMatchObject({ status: 'submitted', quantity: 2 });

    // The IT asset manager decides and orders.
    const manager = await signIn(server);
    await manager.goto(`${server.base}/purchase-requests?status=submitted`);
    await manager.getByRole('link', { name: '2 × ThinkPad T14' }).click();
    const open = manager.getByRole('dialog', { name: 'Purchase request' });
    await open.getByRole('button', { name: 'Approve' }).click();
    const approve = manager.getByRole('dialog', { name: /^Approve:/ });
    await approve.getByRole('textbox', { name: /^Approval note/ }).fill('Within the Q1 budget');
    await approve.getByRole('button', { name: 'Approve' }).click();
    await approve.waitFor({ state: 'detached' });
    await open.getByRole('group', { name: 'Approval note' }).getByText('Within the Q1 budget').waitFor();

    await open.getByRole('button', { name: 'Order' }).click();
    const order = manager.getByRole('dialog', { name: /^Order:/ });
    await order.getByText('Ordering registers 2 assets on order, owned by Finance, with the purchase order reference.').waitFor();
    await expectAccessible(manager, 'purchase-request-order');
    await order.getByRole('textbox', { name: /^Purchase order reference/ }).fill('PO-2026-0042');
    await order.getByRole('button', { name: 'Order' }).click();
    await order.waitFor({ state: 'detached' });
    await open.getByText('Ordered', { exact: true }).waitFor();
    const links = open.getByRole('group', { name: 'Assets on order' }).getByRole('link');
    await links.nth(1).waitFor();
    expect(await links.count()).toBe(2);
    await expectAccessible(manager, 'purchase-request-ordered');

    const assets = await server.db.db.selectFrom('assets').select(['stage', 'order_reference', 'owner_org_unit_id', 'model_id']).execute();
    expect(assets).toEqual([0, 1].map(() => ({ stage: 'on_order', order_reference: 'PO-2026-0042', owner_org_unit_id: ref.unit.id, model_id: ref.model.id })));
    expect((await server.db.db.selectFrom('purchase_request_assets').select('asset_id').where('request_id', '=', stored!.id).execute())).toHaveLength(2);
  });
});
