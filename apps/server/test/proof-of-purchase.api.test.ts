import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { pdf } from '../../../test/support/files.js';
import { assetTypes, create, ok, uniq, walk } from './support/http.js';

const TODAY = '2026-11-28';

/**
 * The register's `no_proof_of_purchase` check (ITAM guide Table 3.6, "missing IT asset-related media"): an acquired
 * asset — not planned, ordered or disposed — with no invoice reference and no live attachment that is an invoice or a
 * proof of purchase. The dashboard counts what the register lists.
 */
describe.each(ENGINES)('no proof of purchase ($name)', (engine) => {
  let api: TestApi;
  let types: Record<string, any>;

  const laptop = (stage: string, extra: Record<string, unknown> = {}) => create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: types['laptop'].id, stage, ...extra });
  async function upload(assetId: string, fileName: string, category?: string): Promise<any> {
    const res = await api.app.inject({
      method: 'POST', url: `/api/v1/assets/${assetId}/attachments?fileName=${encodeURIComponent(fileName)}${category ? `&category=${category}` : ''}`,
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/octet-stream' }, payload: pdf(fileName),
    });
    expect(res.statusCode, res.body).toBe(201);
    return JSON.parse(res.body);
  }
  const version = async (id: string) => `"${(await ok(api, 'GET', `/api/v1/assets/${id}`)).body.version}"`;
  /** The ids the register lists for the check, and the dashboard's figure, which must agree. */
  async function flagged(): Promise<string[]> {
    const listed = (await walk(api, '/api/v1/assets?quality=no_proof_of_purchase&limit=2')).items.map((a: any) => a.id);
    expect((await ok(api, 'GET', '/api/v1/reports/dashboard')).body.noProofOfPurchase).toBe(listed.length);
    return listed;
  }

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date(`${TODAY}T12:00:00.000Z`) });
    types = await assetTypes(api);
  });
  afterAll(async () => { await api.close(); });

  it('counts acquired assets without proof, from stock to lost; not planned, ordered or disposed ones', async () => {
    const inStock = await laptop('in_stock');
    const inUseWithInvoice = await laptop('in_use', { invoiceReference: 'INV-2026-0412' });
    const planned = await laptop('planning');
    const ordered = await laptop('on_order', { orderReference: 'PO-4711' });
    const maintenance = await laptop('maintenance');
    const held = await laptop('legal_hold');
    const missing = await laptop('missing');
    const stolen = await laptop('stolen');
    const decommissioned = await laptop('decommissioned');
    expect((await flagged()).sort()).toEqual([inStock, maintenance, held, missing, stolen, decommissioned].map((a) => a.id).sort());
    expect(await flagged()).not.toContain(inUseWithInvoice.id);
    expect(await flagged()).not.toContain(planned.id);
    expect(await flagged()).not.toContain(ordered.id);

    // Disposed: its records are closed, so it no longer counts.
    await ok(api, 'POST', `/api/v1/assets/${decommissioned.id}/transitions`, {
      transition: 'dispose', evidence: { disposed_on: TODAY, disposal_reason: 'obsolete', disposal_method: 'destruction', proof_reference: 'CERT-4711' },
    }, { 'if-match': await version(decommissioned.id) });
    expect(await flagged()).not.toContain(decommissioned.id);
    // Received into stock: now it is acquired, and counts.
    await ok(api, 'POST', `/api/v1/assets/${ordered.id}/transitions`, { transition: 'receive', evidence: { received_on: TODAY } }, { 'if-match': await version(ordered.id) });
    expect(await flagged()).toContain(ordered.id);
  });

  it('asks only assets bought one by one (hardware, licences, subscriptions, contracts), not cloud resources', async () => {
    const cloudType = Object.values(types).find((t: any) => t.category === 'cloud_resource') as any;
    const saasType = Object.values(types).find((t: any) => t.category === 'saas_subscription') as any;
    const vm = await create(api, '/api/v1/assets', { name: uniq('VM '), assetTypeId: cloudType.id, stage: 'running', attributes: { provider: 'aws' } });
    const subscription = await create(api, '/api/v1/assets', { name: uniq('Subscription '), assetTypeId: saasType.id, stage: 'active' });
    const listed = await flagged();
    expect(listed).not.toContain(vm.id);
    expect(listed).toContain(subscription.id);
  });

  it('a licence whose entitlement was recorded with its proof of purchase (the transition\'s evidence) has one', async () => {
    const licenceType = Object.values(types).find((t: any) => t.key === 'software_licence') as any;
    const licence = (product: string) => create(api, '/api/v1/assets', { name: product, assetTypeId: licenceType.id, stage: 'on_order', attributes: { product } });
    const proven = await licence(uniq('Visio '));
    const bare = await licence(uniq('Project '));
    const receive = async (id: string, evidence: Record<string, unknown>) => ok(api, 'POST', `/api/v1/assets/${id}/transitions`, { transition: 'receive_entitlement', evidence }, { 'if-match': await version(id) });
    await receive(proven.id, { acquired_on: TODAY, proof_of_purchase: 'ENT-2026-0042' });
    const listed = await flagged();
    expect(listed).not.toContain(proven.id);
    expect(listed).not.toContain(bare.id);
    // Registered as available straight away, without the transition: nothing proves its purchase.
    const direct = await create(api, '/api/v1/assets', { name: uniq('Office '), assetTypeId: licenceType.id, stage: 'available', attributes: { product: 'Office' } });
    expect(await flagged()).toContain(direct.id);
  });

  it('an invoice or a proof of purchase attached, or an invoice reference, removes the finding; a deleted one does not count', async () => {
    const a = await laptop('in_use');
    expect(await flagged()).toContain(a.id);
    // Files that prove nothing about the purchase.
    await upload(a.id, 'photo.pdf', 'photo');
    await upload(a.id, 'warranty.pdf', 'warranty');
    await upload(a.id, 'scan.pdf');
    expect(await flagged()).toContain(a.id);

    const invoice = await upload(a.id, 'invoice.pdf', 'invoice');
    expect(await flagged()).not.toContain(a.id);
    await ok(api, 'DELETE', `/api/v1/attachments/${invoice.id}`, { reason: 'Invoice of another laptop' });
    expect(await flagged()).toContain(a.id);

    // Re-filed: a scan that turns out to be the order confirmation.
    const scan = await upload(a.id, 'order.pdf');
    expect(await flagged()).toContain(a.id);
    await ok(api, 'PATCH', `/api/v1/attachments/${scan.id}`, { category: 'proof_of_purchase' }, { 'if-match': '"1"' });
    expect(await flagged()).not.toContain(a.id);
    await ok(api, 'PATCH', `/api/v1/attachments/${scan.id}`, { category: 'delivery_note' }, { 'if-match': '"2"' });
    expect(await flagged()).toContain(a.id);

    // The invoice reference alone is enough; cleared, the finding is back.
    await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { invoiceReference: 'INV-88' }, { 'if-match': await version(a.id) });
    expect(await flagged()).not.toContain(a.id);
    await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { invoiceReference: null }, { 'if-match': await version(a.id) });
    expect(await flagged()).toContain(a.id);
  });

  it('an invoice kept with a person or supplier proves no asset\'s purchase', async () => {
    const a = await laptop('in_stock');
    const supplier = await create(api, '/api/v1/suppliers', { name: uniq('Reseller') });
    const res = await api.app.inject({
      method: 'POST', url: `/api/v1/suppliers/${supplier.id}/attachments?fileName=invoice.pdf&category=invoice`,
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/octet-stream' }, payload: pdf('invoice'),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await flagged()).toContain(a.id);
  });
});
