import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeAuditRun, createAgentToken, createAsset, createAuditPlan, createReference, getAsset, listAssetTypes, locations, recordAuditItem, startAuditRun, transitionAsset } from '@custodia/core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/**
 * Discrepancy kinds raised by recent server changes, in Debian's Chromium: an audit's unknown tag registered from the
 * queue where it was found, and a missing asset that reports to discovery again; then what is left open, as the
 * overview counts it; a missing asset that an audit finds; and what the register holds on an asset an audit did not
 * find.
 */
describe('discrepancy queue: audit unknown tags and assets reported again', () => {
  let server: WebServer;
  const ref: Record<string, any> = {};

  /** axe once drawers have finished sliding in. */
  const accessible = async (page: Page, name: string) => {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await expectAccessible(page, name);
  };
  /** A GLPI agent's JSON inventory, as the agent posts it (zlib). */
  const report = async (o: { id: string; host: string; serial: string; mac: string; ip: string; user: string }) => {
    const content = {
      versionclient: 'GLPI-Agent_v1.11', hardware: { name: o.host, memory: 8192, lastloggeduser: o.user },
      bios: { ssn: o.serial, smanufacturer: 'Dell Inc.', smodel: 'Latitude 7440' },
      networks: [{ description: 'eth0', mac: o.mac, ipaddress: o.ip, virtualdev: false }], softwares: [{ name: 'alpha', version: '1.0' }],
    };
    const res = await fetch(`${server.base}/api/v1/inventory/agent`, {
      method: 'POST', headers: { 'content-type': 'application/x-compress-zlib', authorization: `Bearer ${ref.token}`, 'user-agent': 'GLPI-Agent_v1.11' },
      body: deflateSync(Buffer.from(JSON.stringify({ action: 'inventory', deviceid: o.id, itemtype: 'Computer', content }))),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  };

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    ref.depot = await createReference(ctx, locations, { name: 'Depot', code: 'DEP', kind: 'site' });
    ref.bay = await createReference(ctx, locations, { name: 'Depot bay 3', code: 'DEP-3', kind: 'room', parentId: ref.depot.id });
    ref.types = (await listAssetTypes(ctx, { limit: 100 })).items;
    const laptop = ref.types.find((t: any) => t.key === 'laptop')!;
    await createAsset(ctx, { name: 'Depot laptop', assetTypeId: laptop.id, tag: 'DEP-000001', stage: 'in_stock', locationId: ref.depot.id } as never);
    ref.token = (await createAgentToken(ctx, { name: 'fleet', orgUnitId: null, expiresInDays: null })).token;
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('an unknown tag recorded in a run is queued when it closes and registered, with its type, where it was found', async () => {
    const plan = await createAuditPlan(server.ctx, { name: 'Depot count', scopeLocationId: ref.depot.id, assignees: ['admin'] } as never);
    const run = await startAuditRun(server.ctx, plan.id);
    const page = await signIn(server);
    await page.goto(`${server.base}/audit-runs/${run.id}`);
    await page.getByLabel(/^Found at/).first().fill('bay');
    await page.getByRole('option', { name: /Depot bay 3$/ }).click();
    const tag = page.getByRole('textbox', { name: /^Asset tag/ });
    await tag.fill('ZZ-STRAY-9');
    await tag.press('Enter');
    await page.getByRole('list', { name: 'Counts' }).getByRole('listitem', { name: 'Not expected: 1' }).waitFor();
    // And the depot's laptop, on the bay's shelf.
    await tag.fill('DEP-000001');
    await tag.press('Enter');
    await page.getByRole('list', { name: 'Counts' }).getByRole('listitem', { name: 'Found elsewhere: 1' }).waitFor();
    await page.getByRole('button', { name: 'Close run' }).click();
    await page.getByRole('dialog', { name: 'Close this run?' }).getByRole('button', { name: 'Close the run' }).click();
    await page.getByText('This run is closed').waitFor();

    // A registered asset found elsewhere: both places by name, the room with its site.
    await page.goto(`${server.base}/discrepancies?kind=audit_wrong_location`);
    await page.getByRole('link', { name: /^DEP-000001 \(Depot laptop\) was found at Depot bay 3/ }).click();
    const elsewhere = page.getByRole('dialog', { name: 'Discrepancy' }).getByRole('group', { name: 'Evidence' });
    await elsewhere.getByText('In the register (location)').waitFor();
    await elsewhere.getByText('Depot', { exact: true }).waitFor();
    await elsewhere.getByText('Found by the audit (location)').waitFor();
    await elsewhere.getByText('Depot bay 3 · Depot', { exact: true }).waitFor();
    expect(await elsewhere.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    await page.goto(`${server.base}/discrepancies`);
    const row = page.getByRole('table', { name: 'Discrepancies' }).getByRole('row').filter({ hasText: 'ZZ-STRAY-9' });
    await row.getByText('Found in the audit, not expected').waitFor();
    expect(await row.textContent()).toContain('not registered');
    await row.getByRole('link', { name: /Tag ZZ-STRAY-9 was found/ }).click();
    const drawer = page.getByRole('dialog', { name: 'Discrepancy' });
    await drawer.getByRole('heading', { name: 'Tag ZZ-STRAY-9 was found in the audit “Depot count” at Depot bay 3 · Depot but is not in the register' }).waitFor();
    // The evidence reads as words: the tag where it was found, the audit and the place by name, no ids.
    const evidence = drawer.getByRole('group', { name: 'Evidence' });
    await evidence.getByText('No asset has this tag').waitFor();
    await evidence.getByText('ZZ-STRAY-9 at Depot bay 3 · Depot').waitFor();
    const other = drawer.getByRole('table', { name: 'Other evidence' });
    await other.getByRole('row', { name: /^Found at Depot bay 3 · Depot$/ }).waitFor();
    await other.getByRole('link', { name: 'Depot count' }).waitFor();
    await other.getByRole('link', { name: 'Open the run' }).waitFor();
    expect(await other.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const resolve = drawer.getByRole('group', { name: 'Resolve' });
    expect(await resolve.getByRole('button').allInnerTexts()).toEqual(['Register as a new asset', 'Dismiss']);
    await accessible(page, 'discrepancy-audit-unknown-tag');

    // Registering asks what it is: without a type the field says so.
    await resolve.getByRole('button', { name: 'Register as a new asset' }).click();
    const form = drawer.getByRole('form', { name: 'Register as a new asset' });
    const type = form.getByRole('combobox', { name: /^Asset type/ });
    expect(await type.getAttribute('placeholder')).toBe('Choose the type of what was found');
    await form.getByRole('button', { name: /^Confirm/ }).click();
    await form.getByText('The type of the asset found').waitFor();
    expect(await form.getByRole('alert').textContent()).not.toContain('assetTypeId');
    await type.click();
    await page.getByRole('option', { name: 'Laptop', exact: true }).click();
    await form.getByRole('button', { name: /^Confirm/ }).click();
    await drawer.getByText('Resolved', { exact: true }).first().waitFor();
    await drawer.getByRole('link', { name: 'ZZ-STRAY-9' }).first().waitFor();

    const asset = await server.db.db.selectFrom('assets').select(['id', 'location_id', 'asset_type_id']).where('tag', '=', 'ZZ-STRAY-9').executeTakeFirstOrThrow();
    expect(asset).toMatchObject({ location_id: ref.bay.id, asset_type_id: ref.types.find((t: any) => t.key === 'laptop')!.id });
    const settled = await server.db.db.selectFrom('discrepancies').select(['status', 'resolution', 'asset_id']).where('kind', '=', 'audit_unexpected').executeTakeFirstOrThrow();
    expect(settled).toEqual({ status: 'resolved', resolution: 'register_asset', asset_id: asset.id });
    await page.close();
  });

  it('a missing asset that reports again is queued with what it reported; keeping the register, with a note, resolves it', async () => {
    const pc = { id: 'back-1', host: 'back-host', serial: 'SN-BACK-1', mac: '00:11:22:33:a8:01', ip: '192.0.2.44', user: 'jdoe' };
    await report(pc);
    const device = await server.db.db.selectFrom('discovered_devices').select(['id', 'asset_id']).where('hostname', '=', 'back-host').executeTakeFirstOrThrow();
    const asset = await getAsset(server.ctx, device.asset_id!);
    const missing = await transitionAsset(server.ctx, asset.id, asset.version, 'report_missing', { noticed_on: '2026-01-05' });
    await report(pc);

    const page = await signIn(server);
    await page.goto(`${server.base}/discrepancies`);
    // The kind filter offers the new kind, and keeps it in the URL.
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Missing or lost asset reported again', exact: true }).click();
    await page.waitForURL(/kind=reported_again/);
    const table = page.getByRole('table', { name: 'Discrepancies' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    const row = table.locator('tbody tr').first();
    await row.getByText('Missing or lost asset reported again').waitFor();
    await accessible(page, 'discrepancies-reported-again');
    await row.getByRole('link', { name: new RegExp(`^${asset.tag} is registered as Missing, and discovery heard from it on .* as back-host$`) }).click();

    const drawer = page.getByRole('dialog', { name: 'Discrepancy' });
    const evidence = drawer.getByRole('group', { name: 'Evidence' });
    await evidence.getByText('In the register (stage)').waitFor();
    await evidence.getByText('Missing', { exact: true }).waitFor();
    await evidence.getByText('Discovered (host name)').waitFor();
    const other = drawer.getByRole('table', { name: 'Other evidence' });
    await other.getByRole('row', { name: 'Host name back-host' }).waitFor();
    await other.getByRole('row', { name: 'IP addresses 192.0.2.44' }).waitFor();
    await other.getByRole('row', { name: 'Last user jdoe' }).waitFor();
    await drawer.getByRole('link', { name: 'back-host' }).waitFor();
    const resolve = drawer.getByRole('group', { name: 'Resolve' });
    expect(await resolve.getByRole('button').allInnerTexts()).toEqual(['Corrected in the register', 'Keep the register value', 'Ignore until…', 'Dismiss']);
    await accessible(page, 'discrepancy-reported-again');

    await resolve.getByRole('button', { name: 'Keep the register value' }).click();
    const form = drawer.getByRole('form', { name: 'Keep the register value' });
    await form.getByText(/The asset stays Missing\. Reports as back-host are not queued again/).waitFor();
    await form.getByRole('textbox', { name: /^Why/ }).fill('Stolen: reported to the police');
    await accessible(page, 'discrepancy-reported-again-keep');
    await form.getByRole('button', { name: /^Confirm/ }).click();
    await drawer.getByText('Resolved', { exact: true }).first().waitFor();
    await drawer.getByText('“Stolen: reported to the police”').waitFor();
    const kept = await server.db.db.selectFrom('discrepancies').select(['status', 'resolution', 'resolution_note']).where('kind', '=', 'reported_again').executeTakeFirstOrThrow();
    expect(kept).toEqual({ status: 'resolved', resolution: 'keep_register', resolution_note: 'Stolen: reported to the police' });
    expect((await getAsset(server.ctx, asset.id)).stage).toBe(missing.stage);
    await page.close();
  });

  it('the overview counts the findings left open by kind and opens the queue on one', async () => {
    // Left from the tests above: the depot laptop found on the bay's shelf; the one discovered device is registered.
    const page = await signIn(server);
    await page.goto(`${server.base}/`);
    const card = page.getByRole('region', { name: 'Findings to follow up' });
    await card.getByRole('link', { name: 'Open findings: 1' }).waitFor();
    await card.getByText('0 past their due date, 0 without an owner').waitFor();
    await card.getByText('0 set aside until a date; 2 resolved in the last 30 days').waitFor();
    await card.getByText('1 of 1 discovered devices are in the register (100%)').waitFor();
    await accessible(page, 'overview-findings');
    await card.getByRole('link', { name: 'Found at another location' }).click();
    await page.waitForURL(/\/discrepancies\?kind=audit_wrong_location/);
    await page.getByRole('table', { name: 'Discrepancies' }).getByRole('link', { name: /^DEP-000001 \(Depot laptop\) was found at Depot bay 3/ }).waitFor();
    await page.close();
  });

  it('a missing asset that an audit finds reads as found by the audit, not as a discovered host', async () => {
    const laptop = ref.types.find((t: any) => t.key === 'laptop')!;
    const a = await createAsset(server.ctx, { name: 'Shelf laptop', assetTypeId: laptop.id, tag: 'DEP-000002', stage: 'in_stock', locationId: ref.depot.id } as never);
    await transitionAsset(server.ctx, a.id, a.version, 'report_missing', { noticed_on: '2026-01-05' });
    const plan = await createAuditPlan(server.ctx, { name: 'Depot recount', scopeLocationId: ref.depot.id, assignees: ['admin'] } as never);
    const run = await startAuditRun(server.ctx, plan.id);
    const recorded = await recordAuditItem(server.ctx, run.id, { tag: 'DEP-000002', method: 'typed' });
    await closeAuditRun(server.ctx, run.id, recorded.run.version, {});

    const page = await signIn(server);
    await page.goto(`${server.base}/discrepancies?kind=reported_again`);
    await page.getByRole('link', { name: 'DEP-000002 (Shelf laptop) is registered as Missing, and the audit “Depot recount” found it at Depot' }).click();
    const drawer = page.getByRole('dialog', { name: 'Discrepancy' });
    const evidence = drawer.getByRole('group', { name: 'Evidence' });
    await evidence.getByText('In the register (stage)').waitFor();
    await evidence.getByText('Missing', { exact: true }).waitFor();
    await evidence.getByText('Found by the audit', { exact: true }).waitFor();
    await evidence.getByText('DEP-000002', { exact: true }).waitFor();
    expect(await evidence.textContent()).not.toContain('host name');
    await drawer.getByRole('table', { name: 'Other evidence' }).getByRole('link', { name: 'Depot recount' }).waitFor();
    const resolve = drawer.getByRole('group', { name: 'Resolve' });
    await resolve.getByRole('button', { name: 'Keep the register value' }).click();
    await drawer.getByRole('form', { name: 'Keep the register value' }).getByText('the audit\'s value is not applied.', { exact: false }).waitFor();
    await accessible(page, 'discrepancy-reported-again-by-audit');
    await page.close();
  });

  it('an asset an audit did not find: the register side says where the register places it and when it was last verified', async () => {
    const laptop = ref.types.find((t: any) => t.key === 'laptop')!;
    await createAsset(server.ctx, { name: 'Bay laptop', assetTypeId: laptop.id, tag: 'DEP-000003', stage: 'in_stock', locationId: ref.bay.id, lastVerifiedOn: '2026-01-05' } as never);
    const plan = await createAuditPlan(server.ctx, { name: 'Bay 3 count', scopeLocationId: ref.bay.id, assignees: ['admin'] } as never);
    const run = await startAuditRun(server.ctx, plan.id);
    await closeAuditRun(server.ctx, run.id, run.version, {});

    const page = await signIn(server);
    await page.goto(`${server.base}/discrepancies?kind=audit_missing`);
    await page.getByRole('link', { name: 'DEP-000003 (Bay laptop) was not found in the audit “Bay 3 count” (expected at Depot bay 3 · Depot)' }).click();
    const evidence = page.getByRole('dialog', { name: 'Discrepancy' }).getByRole('group', { name: 'Evidence' });
    await evidence.getByText('Location: Depot bay 3 · Depot').waitFor();
    await evidence.getByText('Last verified: Jan 5, 2026').waitFor();
    expect(await evidence.textContent()).not.toContain('No value');
    await page.close();
  });
});
