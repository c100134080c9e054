import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createAsset, createAuditPlan, createReference, grantRole, listAssetTypes, locations, people, recordAuditItem, setAccountPassword, startAuditRun } from '@custodia/core';
import type { Page } from 'playwright-core';
import { type WebServer, WEB_PASSWORD, signIn, startWebServer } from '../../../test/support/web.js';

/**
 * What the service desk, the stockroom and the asset manager read and do every day, in Debian's Chromium against a
 * real server: places named with their site (every building has a "Stockroom"), choices and history in words, a
 * refused delivery's reason in sight, whole stage badges, key-date views with their date, and only the imports a
 * role may run.
 */
describe('service desk and stockroom journeys in a real browser', () => {
  let server: WebServer;
  const ref: Record<string, any> = {};
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    const place = (name: string, kind: string, parentId?: string) => createReference(ctx, locations, { name, kind, ...(parentId ? { parentId } : {}) } as never);
    ref.paris = await place('Paris La Défense', 'site');
    ref.parisStock = await place('Stockroom', 'room', ref.paris.id);
    ref.berlin = await place('Berlin Mitte', 'site');
    ref.berlinStock = await place('Stockroom', 'room', ref.berlin.id);
    ref.floor = await place('Floor 2 open space with the long window side', 'room', ref.berlin.id);
    ref.zoe = await createReference(ctx, people, { name: 'Zoë Müller-Lüdenscheidt', email: 'zoe@example.com', active: true } as never);
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    const asset = (tag: string, fields: Record<string, unknown>) => createAsset(ctx, { name: 'MacBook Pro 14" M4 Max (2025), 64 GB', assetTypeId: laptop.id, tag, stage: 'in_stock', ...fields } as never);
    ref.one = await asset('LAP-000001', { serial: 'SER-0001', locationId: ref.parisStock.id });
    ref.two = await asset('LAP-000002', { serial: 'SER-0002', locationId: ref.floor.id, stage: 'in_use', assignedPersonId: ref.zoe.id, warrantyEnd: inDays(30) });
    ref.plan = await createAuditPlan(ctx, { name: 'Berlin stock take', scopeLocationId: ref.berlinStock.id, dueOn: inDays(20), method: 'scan', assignees: [] } as never);
    const lena = await createAccount(ctx, { login: 'lena', displayName: 'Lena Licences' });
    await grantRole(ctx, lena.id, { roleKey: 'licence_manager', orgUnitId: null });
    await setAccountPassword(ctx, lena.id, WEB_PASSWORD);
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  const openAsset = async (page: Page, id: string) => {
    await page.goto(`${server.base}/assets/${id}`);
    await page.getByRole('heading', { level: 2, name: 'History' }).waitFor();
  };
  const detail = (page: Page, label: string) => page.getByRole('group', { name: label, exact: true }).locator('p').nth(1);

  it('names places with their site, finds "berlin stockroom" in the picker, and reads a move in the history in words', async () => {
    const page = await signIn(server);
    await openAsset(page, ref.one.id);
    await expect.poll(() => detail(page, 'Location').textContent()).toBe('Stockroom · Paris La Défense');

    await page.getByRole('button', { name: 'Record install, move, add or change' }).click();
    const dialog = page.getByRole('dialog', { name: 'IMAC for LAP-000001' });
    await dialog.getByLabel('New location (install, move)').fill('berlin stockroom');
    await page.getByRole('option', { name: 'Berlin Mitte › Stockroom' }).click();
    await dialog.getByRole('button', { name: 'Record' }).click();
    await dialog.waitFor({ state: 'detached' });

    const moves = page.getByRole('table', { name: 'IMAC records' });
    await expect.poll(() => moves.locator('tbody tr').first().textContent()).toContain('Stockroom · Paris La Défense → Stockroom · Berlin Mitte');
    const history = page.locator('.history-changes').first();
    await expect.poll(() => history.textContent()).toContain('IMAC: new location');
    const text = (await history.textContent())!;
    expect(text).toContain('Move');
    expect(text).toContain('Stockroom · Berlin Mitte');
    // No record id, no stored key.
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(text).not.toContain('action:');

    // The audit of one stockroom says which.
    await page.goto(`${server.base}/audits/${ref.plan.id}`);
    await expect.poll(() => detail(page, 'Scope').textContent()).toBe('Stockroom · Berlin Mitte');
    // So does its report, where each asset is expected, and where the register places one it did not expect.
    const run = await startAuditRun(server.ctx, ref.plan.id);
    await recordAuditItem(server.ctx, run.id, { tag: 'LAP-000002', method: 'scan' });
    await page.goto(`${server.base}/audit-runs/${run.id}/report`);
    const row = page.getByRole('row', { name: /LAP-000001/ });
    await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe('Stockroom · Berlin Mitte');
    const visitor = page.getByRole('row', { name: /LAP-000002/ });
    expect(await visitor.getByRole('cell').nth(2).textContent()).toBe('Not expected');
    expect(await visitor.getByRole('cell').nth(3).textContent()).toBe('Registered at Floor 2 open space with the long window side · Berlin Mitte');
  });

  it('names two rooms of one name in one site with the building that tells them apart, on the asset page and the audit page', async () => {
    const ctx = server.ctx;
    const place = (name: string, kind: string, parentId: string) => createReference<{ id: string }>(ctx, locations, { name, kind, parentId });
    const roomA = await place('Room 101', 'room', (await place('Building A', 'building', ref.berlin.id)).id);
    const roomB = await place('Room 101', 'room', (await place('Building B', 'building', ref.berlin.id)).id);
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    const inA = await createAsset(ctx, { name: 'Meeting room laptop', assetTypeId: laptop.id, tag: 'LAP-000101', stage: 'in_stock', locationId: roomA.id } as never);
    const plan = await createAuditPlan(ctx, { name: 'Room 101 of B', scopeLocationId: roomB.id, dueOn: inDays(20), method: 'scan', assignees: [] } as never);
    const page = await signIn(server);
    // Read by id with its ancestors and namesakes.
    await openAsset(page, inA.id);
    await expect.poll(() => detail(page, 'Location').textContent()).toBe('Room 101 · Building A · Berlin Mitte');
    // Read from the whole list of places.
    await page.goto(`${server.base}/audits/${plan.id}`);
    await expect.poll(() => detail(page, 'Scope').textContent()).toBe('Room 101 · Building B · Berlin Mitte');
    // A Stockroom alone in its site keeps its short name.
    await page.goto(`${server.base}/audits/${ref.plan.id}`);
    await expect.poll(() => detail(page, 'Scope').textContent()).toBe('Stockroom · Berlin Mitte');
  });

  it('offers a transition\'s choices in words, and the history reads them back from the asset\'s own model', async () => {
    const page = await signIn(server);
    await openAsset(page, ref.one.id);
    await page.getByRole('button', { name: 'Decommission' }).click();
    const dialog = page.getByRole('dialog', { name: 'Decommission (LAP-000001)' });
    await dialog.getByLabel(/^Decision/).click();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Return to stock', 'Dispose', 'Transfer']);
    await page.getByRole('option', { name: 'Return to stock' }).click();
    await dialog.getByLabel(/^Data handling/).click();
    await page.getByRole('option', { name: 'Wiped per policy' }).click();
    await dialog.getByLabel(/^Proof of data handling/).fill('WIPE-2026-001');
    await dialog.getByRole('button', { name: 'Decommission' }).click();
    await dialog.waitFor({ state: 'detached' });
    const event = page.locator('.history-changes').first();
    await expect.poll(() => event.textContent()).toContain('Evidence: Decision');
    // The hardware model's evidence (the cloud model also has a "decommission", with other fields).
    expect(await event.getByRole('row', { name: /Evidence: Decision/ }).textContent()).toContain('Return to stock');
    expect(await event.textContent()).toContain('Evidence: Data handling (per information security policy)');
  });

  it('brings a refused delivery\'s reasons into view, the serials typed kept', async () => {
    const page = await signIn(server);
    await openAsset(page, ref.two.id);
    await page.getByRole('button', { name: 'Register another like this' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register another like LAP-000002' });
    await dialog.getByRole('textbox', { name: 'Serial numbers' }).fill('NEW-0001\nSER-0001\nNEW-0003');
    const submit = dialog.getByRole('button', { name: 'Register 3 assets' });
    await submit.scrollIntoViewIfNeeded();
    await submit.click();
    const alert = dialog.getByRole('alert');
    await alert.getByText('Line 2 (SER-0001)').waitFor();
    // The reason is on screen, not above the fold of the form the button was pressed in.
    await expect.poll(() => alert.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);
    expect(await dialog.getByRole('textbox', { name: 'Serial numbers' }).inputValue()).toBe('NEW-0001\nSER-0001\nNEW-0003');
  });

  it('shows stage badges whole, and a key-date view with the date it is about', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets`);
    const table = page.getByRole('table', { name: 'Assets' });
    const badge = table.getByRole('row', { name: /LAP-000002/ }).locator('.mantine-Badge-label');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('Assigned / in use');
    expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    await page.goto(`${server.base}/assets?keyDate=warranty_ending`);
    await table.getByRole('row', { name: /LAP-000002/ }).waitFor();
    await table.getByRole('columnheader', { name: 'Warranty end' }).waitFor();
    const shown = await page.evaluate((day) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' }), ref.two.warrantyEnd as string);
    await expect.poll(() => table.getByRole('row', { name: /LAP-000002/ }).textContent()).toContain(shown);
  });

  it('offers a licence manager only the imports their roles allow', async () => {
    const page = await signIn(server, 'lena');
    await page.goto(`${server.base}/import`);
    const kinds = page.getByRole('radiogroup', { name: 'The file holds' });
    await kinds.getByRole('radio', { name: 'Assets' }).waitFor();
    // People, locations and models need register.write, which the role does not hold: the server would refuse them.
    expect(await kinds.getByRole('radio').count()).toBe(1);
    // Self-service is not among the role's permissions either: the page says so in words, not as a permission key.
    await page.goto(`${server.base}/me`);
    await page.getByRole('alert').getByText('Your roles do not include self-service').waitFor();
    expect(await page.getByRole('alert').textContent()).not.toContain('self.assets');
  });
});
