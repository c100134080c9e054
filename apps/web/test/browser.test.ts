import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  catalogueModels, createAsset, createReference, listAssetTypes, manufacturers, people, suppliers, updateAssetType, updateReference,
} from '@custodia/core';
import { type WebServer, WEB_PASSWORD as PASSWORD, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';
import { chosenFile } from '../../../test/support/files.js';

/** The web app in Debian's Chromium against a real server on SQLite with a seeded register. */
describe('web app in a real browser', () => {
  let server: WebServer;
  const ref: Record<string, any> = {};

  beforeAll(async () => {
    server = await startWebServer({ assets: 300 });
    const ctx = server.ctx;
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    ref.person = await createReference(ctx, people, { name: 'Zoë Browser-Test', email: 'zoe.browser@example.test', active: true });
    // Usage policies told at hand-over: the laptop type's and the model's of the laptop the transition test assigns.
    await updateAssetType(ctx, laptop.id, laptop.version, { usagePolicy: 'Lock the screen when you leave your desk.' });
    const maker = await createReference<{ id: string }>(ctx, manufacturers, { name: 'Browser Maker' });
    ref.model = await createReference(ctx, catalogueModels, {
      name: 'Browser Book 14', manufacturerId: maker.id, assetTypeId: laptop.id, defaultSpecs: {}, usagePolicy: 'Full-disk encryption must be on before hand-over.\nNo personal use abroad without approval.',
    });
    ref.asset = await createAsset(ctx, { name: 'Browser test laptop', assetTypeId: laptop.id, modelId: ref.model.id, tag: 'WEB-000001', stage: 'in_stock' } as never);
    ref.imacAsset = await createAsset(ctx, { name: 'Laptop installed by IMAC', assetTypeId: laptop.id, modelId: ref.model.id, tag: 'IMC-000001', stage: 'in_stock' } as never);
    ref.receiver = await createReference(ctx, people, { name: 'Yusuf Imac-Test', email: 'yusuf.imac@example.test', active: true });
    ref.conflict = await createAsset(ctx, { name: 'Conflict laptop', assetTypeId: laptop.id, tag: 'WEB-000002', stage: 'in_stock', attributes: { cpu: 'i5-1335U', ram_gb: 16, hostname: 'conflict-01' } } as never);
    // Its warranty ends in ten days: a key date the overview lists.
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await createAsset(ctx, { name: 'Laptop with papers', assetTypeId: laptop.id, tag: 'DOC-000001', stage: 'in_stock', warrantyEnd: soon } as never);
    // One laptop of a delivery, with its order's details, for "register another like this".
    ref.supplier = await createReference(ctx, suppliers, { name: 'Browser Supplies Ltd' });
    ref.delivered = await createAsset(ctx, {
      name: 'ThinkPad T14 Gen 5', assetTypeId: laptop.id, tag: 'RCV-000001', serial: 'PF-WEB-0001', stage: 'in_stock', supplierId: ref.supplier.id,
      purchaseDate: '2026-10-02', purchaseCostMinor: 134900, purchaseCurrency: 'EUR', orderReference: 'PO-4711', warrantyEnd: '2029-10-01', notes: 'Scratched lid',
      attributes: { cpu: 'Ultra 7 155U', ram_gb: 32, mac_address: '3c:22:fb:01:02:03' },
    } as never);
  }, 600_000);

  afterAll(async () => { await server?.close(); });

  async function signedIn(): Promise<Page> {
    const page = await signIn(server);
    await page.getByRole('heading', { name: /Welcome, Ada Admin/ }).waitFor();
    return page;
  }

  it('signs in with a password; a wrong one is refused with a clear message', async () => {
    const page = await (await server.browser.newContext()).newPage();
    await page.goto(`${server.base}/assets`);
    await page.waitForURL(/\/sign-in\?next=%2Fassets/);
    await expectAccessible(page, 'sign-in');
    await page.getByLabel('Login').fill('admin');
    await page.locator('input[name=password]').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not correct');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/assets$/);
    await page.getByRole('table', { name: 'Assets' }).waitFor();
    await page.close();
  });

  it('filters the register on the server, keeps the filter in the URL, and opens an asset', async () => {
    const page = await signedIn();
    await expectAccessible(page, 'overview');
    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByRole('table', { name: 'Assets' }).locator('tbody tr').first().waitFor();
    await expectAccessible(page, 'register');
    const search = page.getByRole('textbox', { name: 'Search', exact: true });
    const asked: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/assets?') && r.url().includes('q=WEB-0000')) asked.push(r.url()); });
    await search.fill('WEB-0000');
    await search.press('Enter');
    await page.waitForURL(/q=WEB-0000/);
    await expect.poll(() => page.getByRole('table', { name: 'Assets' }).locator('tbody tr').count()).toBe(2);
    await page.getByText('2 assets', { exact: true }).waitFor();
    // A search's page brings its total: one request, no separate count.
    expect(asked).toEqual([expect.stringMatching(/limit=50.*includeTotal=true|includeTotal=true.*limit=50/)]);
    await page.getByRole('link', { name: 'WEB-000001' }).click();
    await page.getByRole('heading', { name: /WEB-000001/ }).waitFor();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await expectAccessible(page, 'asset');
    await page.close();
  });

  it('shows the dashboard at / with charts that have text alternatives', async () => {
    const page = await signedIn();
    const stages = page.getByRole('img', { name: /^Assets by stage: / });
    await stages.waitFor();
    expect(await stages.getAttribute('aria-label')).toMatch(/In stock \d/);
    await page.getByRole('table', { name: 'Recently changed assets' }).locator('tbody tr').first().waitFor();
    await expectAccessible(page, 'dashboard');

    // Key dates: each count leads to the register filtered on it, which finds as many assets.
    const keyDates = page.getByRole('region', { name: 'Key dates' });
    const warranty = keyDates.getByRole('link', { name: /^Warranty ends within 90 days$/ });
    const shown = Number((await warranty.locator('xpath=..').innerText()).match(/(\d[\d,]*)\s*$/)![1]!.replace(/,/g, ''));
    expect(shown).toBeGreaterThan(0);
    await warranty.click();
    await page.waitForURL(/\/assets\?keyDate=warranty_ending/);
    await page.getByText(`${shown} asset${shown === 1 ? '' : 's'}`, { exact: true }).waitFor();
    await page.getByRole('link', { name: 'DOC-000001' }).waitFor();

    // Data quality: "Never verified" leads to the register filtered on it, which finds as many assets.
    await page.goto(`${server.base}/`);
    const never = page.getByRole('link', { name: /^Never verified: / });
    const neverCount = Number((await never.getAttribute('aria-label'))!.match(/: ([\d,]+)$/)![1]!.replace(/,/g, ''));
    await never.click();
    await page.waitForURL(/\/assets\?quality=never_verified/);
    await page.getByText(`${neverCount} asset${neverCount === 1 ? '' : 's'}`, { exact: true }).waitFor();
    expect(await page.getByLabel('Data quality', { exact: true }).first().inputValue()).toBe('Never verified');

    // A leaver still holding a laptop: the overview counts it and leads to it.
    const leaver = await createReference<{ id: string; version: number }>(server.ctx, people, { name: 'Lena Leaver', email: 'lena.leaver@example.test', active: true });
    const laptop = (await listAssetTypes(server.ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    await createAsset(server.ctx, { name: 'Leaver laptop', assetTypeId: laptop.id, tag: 'LVR-000001', stage: 'in_use', assignedPersonId: leaver.id } as never);
    await updateReference(server.ctx, people, leaver.id, leaver.version, { active: false });
    await page.goto(`${server.base}/`);
    await page.getByRole('link', { name: '1 assigned to people who have left' }).click();
    await page.waitForURL(/\/assets\?assignee=inactive/);
    await page.getByText('Assigned to people who have left: their assets are due back').waitFor();
    await page.getByText('1 asset', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'LVR-000001' }).waitFor();
    await page.getByRole('table', { name: 'Assets' }).getByText('Lena Leaver (left)', { exact: true }).waitFor();
    // The leaver's own page says what to recover.
    await page.goto(`${server.base}/admin/people?person=${leaver.id}`);
    await page.getByRole('dialog', { name: 'Person' }).getByText('Lena Leaver is no longer active but still holds an asset: check it in or reassign it.').waitFor();
    await page.close();
  });

  it('runs a transition with its evidence and shows it in the history', async () => {
    const page = await signedIn();
    await page.goto(`${server.base}/assets/${ref.asset.id}`);
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    const dialog = page.getByRole('dialog');
    // The usage policies come first, each labelled by where it is written.
    const policies = dialog.getByRole('alert').filter({ hasText: 'Before you hand it over' });
    await policies.getByText('Asset type · Laptop').waitFor();
    await policies.getByText('Catalogue model · Browser Book 14').waitFor();
    expect(await policies.innerText()).toContain('Full-disk encryption must be on before hand-over.\nNo personal use abroad without approval.');
    await dialog.getByLabel(/Assigned to/).first().fill('Zoë');
    await page.getByRole('option', { name: /Zoë Browser-Test/ }).click();
    await dialog.getByLabel(/Reason/).fill('New starter');
    const told = dialog.getByRole('checkbox', { name: 'I have told Zoë Browser-Test about these policies' });
    await told.waitFor();
    // Not ticked: the form says so and sends nothing.
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
    await dialog.getByText('Tell them about these policies first, then tick this box').waitFor();
    expect((await server.db.db.selectFrom('assets').select('stage').where('id', '=', ref.asset.id).executeTakeFirstOrThrow()).stage).toBe('in_stock');
    await told.check();
    await expectAccessible(page, 'transition');
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('New starter').first().waitFor();
    await expect.poll(async () => (await page.locator('[aria-current="step"]').textContent()) ?? '').toMatch(/in use/i);
    const stored = await server.db.db.selectFrom('assets').select(['stage', 'assigned_person_id']).where('id', '=', ref.asset.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ stage: 'in_use', assigned_person_id: ref.person.id });
    // The history reads as sentences of the register: labels and names, not field keys and ids.
    const history = page.locator('.mantine-Card-root', { has: page.getByRole('heading', { name: 'History' }) });
    const row = (label: string) => history.getByRole('row').filter({ has: page.getByRole('cell', { name: label, exact: true }) }).first();
    await expect.poll(async () => (await row('Assigned to').innerText()).replace(/\s+/g, ' ')).toBe('Assigned to — → Zoë Browser-Test');
    expect((await row('Stage').innerText()).replace(/\s+/g, ' ')).toBe('Stage In stock → Assigned / in use');
    expect((await row('Type').innerText()).replace(/\s+/g, ' ')).toBe('Type — → Laptop');
    expect((await row('Told the usage policies').innerText()).replace(/\s+/g, ' ')).toBe('Told the usage policies — → Yes');
    expect(await history.innerText()).not.toContain(ref.person.id);
    // Who: the account's name, with its login on hover.
    expect(await history.getByText('Ada Admin', { exact: true }).first().getAttribute('title')).toMatch(/\S/);
    await page.close();
  });

  it('an IMAC install shows the usage policies once a person is chosen and records that they were told', async () => {
    const page = await signedIn();
    await page.goto(`${server.base}/assets/${ref.imacAsset.id}`);
    await page.getByRole('button', { name: 'Record install, move, add or change' }).click();
    const dialog = page.getByRole('dialog', { name: 'IMAC for IMC-000001' });
    await dialog.waitFor();
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await dialog.getByLabel(/^Action/).first().click();
    await page.getByRole('option', { name: /^Install/ }).click();
    // No one to hand it to yet: nothing to tell.
    expect(await dialog.getByText('Before you hand it over').count()).toBe(0);
    await dialog.getByLabel(/^Person/).first().fill('Yusuf');
    await page.getByRole('option', { name: /Yusuf Imac-Test/ }).click();
    await dialog.getByText('Catalogue model · Browser Book 14').waitFor();
    await dialog.getByRole('button', { name: 'Record' }).click();
    await dialog.getByText('Tell them about these policies first, then tick this box').waitFor();
    expect((await server.db.db.selectFrom('assets').select('assigned_person_id').where('id', '=', ref.imacAsset.id).executeTakeFirstOrThrow()).assigned_person_id).toBeNull();
    await dialog.getByRole('checkbox', { name: 'I have told Yusuf Imac-Test about these policies' }).check();
    await expectAccessible(page, 'imac-hand-over');
    await dialog.getByRole('button', { name: 'Record' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await server.db.db.selectFrom('assets').select('assigned_person_id').where('id', '=', ref.imacAsset.id).executeTakeFirstOrThrow()).assigned_person_id).toBe(ref.receiver.id);
    const events = await server.db.db.selectFrom('events').select('changes').where('entity_id', '=', ref.imacAsset.id).where('action', '=', 'transition').execute();
    expect(events.map((e) => JSON.parse(String(e.changes)).policiesAcknowledged)).toEqual([{ after: true }]);
    await page.close();
  });

  it('imports a CSV: a file with one bad row is refused with its line and nothing is written; the corrected file imports', async () => {
    const page = await signedIn();
    try {
      const bad = chosenFile('bad.csv', 'tag,name,type\nIMP-0001,Imported one,laptop\nIMP-0002,Imported two,no-such-type\n');
      const good = chosenFile('good.csv', 'tag,name,type\nIMP-0001,Imported one,laptop\nIMP-0002,Imported two,laptop\n');
      const count = async () => Number((await server.db.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      await page.getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
      // A template holds the header of every column the importer reads.
      const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a CSV template' }).click()]);
      expect(template.suggestedFilename()).toBe('custodia-assets-template.csv');
      const header = readFileSync(await template.path(), 'utf8');
      expect(header.startsWith('\uFEFF')).toBe(true);
      expect(header.slice(1).trim().split(',')).toEqual(expect.arrayContaining(['tag', 'name', 'type', 'serial', 'location', 'purchase_cost']));
      await page.locator('input[type=file]').setInputFiles(bad);
      await page.getByRole('button', { name: 'Check the file' }).click();
      const problems = page.getByRole('table', { name: 'Problems in the file' });
      await problems.waitFor();
      expect(await problems.locator('tbody tr').first().textContent()).toContain('3');
      await expectAccessible(page, 'import');
      expect(await count()).toBe(before);
      await page.locator('input[type=file]').setInputFiles(good);
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByText('The file is valid').waitFor();
      expect(await count()).toBe(before);
      await page.getByRole('button', { name: /^Import 2 rows/ }).click();
      await page.getByRole('status').filter({ hasText: '2 created' }).waitFor();
      expect(await count()).toBe(before + 2);
      // The import is listed with its file, what it created and who ran it.
      const row = page.getByRole('table', { name: 'Recent imports' }).getByRole('row').filter({ hasText: 'good.csv' });
      await row.waitFor();
      expect(await row.getByRole('cell').allTextContents()).toEqual(['good.csv', 'Assets', '2', '2', '0', 'admin', expect.any(String)]);
    } finally {
      await page.close();
    }
  });

  it('two pages editing the same asset: the second save shows the conflict and re-applies on the new version', async () => {
    const [a, b] = [await signedIn(), await signedIn()];
    for (const p of [a, b]) {
      await p.goto(`${server.base}/assets/${ref.conflict.id}`);
      await p.getByRole('button', { name: 'Edit' }).click();
    }
    await a.getByRole('dialog').getByRole('textbox', { name: /^Name/ }).fill('Conflict laptop (renamed)');
    await a.getByRole('dialog').getByRole('textbox', { name: 'CPU' }).fill('i7-1365U');
    await a.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await a.getByRole('dialog').waitFor({ state: 'detached' });
    await b.getByRole('dialog').getByLabel('Notes').fill('Battery replaced');
    // Emptying an input clears that attribute, and only that one.
    await b.getByRole('dialog').getByRole('textbox', { name: 'Host name' }).fill('');
    await b.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await b.getByText('Someone else changed this asset while you were editing').waitFor();
    await expectAccessible(b, 'conflict');
    await b.getByRole('button', { name: 'Reload and re-apply my changes' }).click();
    await b.getByRole('dialog').waitFor({ state: 'detached' });
    const stored = await server.db.db.selectFrom('assets').select(['name', 'notes', 'version', 'attributes']).where('id', '=', ref.conflict.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: 'Conflict laptop (renamed)', notes: 'Battery replaced', version: 3 });
    // The other person's CPU stays; this person's cleared host name is gone; the memory nobody touched is kept.
    expect(typeof stored.attributes === 'string' ? JSON.parse(stored.attributes) : stored.attributes).toEqual({ cpu: 'i7-1365U', ram_gb: 16, encrypted: false });
    await a.close();
    await b.close();
  });

  it('registers another laptop like one already received: the order\'s details are copied, its own identifiers are not', async () => {
    const page = await signedIn();
    await page.goto(`${server.base}/assets/${ref.delivered.id}`);
    // The asset page names the purchase's supplier and order.
    await page.getByRole('group', { name: 'Supplier' }).getByText('Browser Supplies Ltd').waitFor();
    await page.getByRole('group', { name: 'Order / invoice' }).getByText('PO-4711').waitFor();
    await page.getByRole('button', { name: 'Register another like this' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register another like RCV-000001' });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: /^Name/ }).inputValue()).toBe('ThinkPad T14 Gen 5');
    expect(await dialog.getByRole('textbox', { name: /^Serial/ }).inputValue()).toBe('');
    expect(await dialog.getByRole('textbox', { name: /^Asset tag/ }).inputValue()).toBe('');
    const copied = dialog.getByRole('list', { name: 'Details copied' });
    await expect.poll(() => copied.getByRole('listitem').allTextContents()).toEqual(['Purchase date: Oct 2, 2026', 'Purchase cost: 1,349.00 EUR', 'Currency: EUR', 'Supplier: Browser Supplies Ltd', 'Order reference: PO-4711', 'Warranty end: Oct 1, 2029']);
    await dialog.getByText('Not copied, as each asset has its own: MAC address.').waitFor();
    await expectAccessible(page, 'register-another-like');

    await dialog.getByRole('textbox', { name: /^Serial/ }).fill('PF-WEB-0002');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/assets/') && !u.pathname.endsWith(ref.delivered.id));
    await page.getByText(/registered like RCV-000001/).waitFor();
    const id = page.url().split('/').pop()!;
    const stored = await server.db.db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      name: 'ThinkPad T14 Gen 5', serial: 'PF-WEB-0002', supplier_id: ref.supplier.id, purchase_date: '2026-10-02', purchase_cost_minor: 134900,
      purchase_currency: 'EUR', order_reference: 'PO-4711', warranty_end: '2029-10-01', notes: null, asset_type_id: ref.delivered.assetTypeId,
    });
    expect(stored.tag).toMatch(/^LAP-\d{6}$/);
    const attributes = typeof stored.attributes === 'string' ? JSON.parse(stored.attributes) : stored.attributes;
    expect(attributes).toMatchObject({ cpu: 'Ultra 7 155U', ram_gb: 32 });
    expect(attributes).not.toHaveProperty('mac_address');

    // The rest of the delivery: one asset per serial, all or none; then their labels.
    await page.goto(`${server.base}/assets/${ref.delivered.id}`);
    await page.getByRole('button', { name: 'Register another like this' }).click();
    const again = page.getByRole('dialog', { name: 'Register another like RCV-000001' });
    const serials = again.getByRole('textbox', { name: /^Serial numbers/ });
    await serials.fill('PF-WEB-0003\nPF-WEB-0001\nPF-WEB-0004');
    await again.getByRole('button', { name: 'Register 3 assets' }).click();
    await again.getByRole('list', { name: 'Serials refused' }).getByText(/^Line 2 \(PF-WEB-0001\): /).waitFor();
    await again.getByText('No asset was registered: 1 of 3 items failed').waitFor();
    await expectAccessible(page, 'register-batch-refused');
    expect(await server.db.db.selectFrom('assets').select('id').where('serial', 'in', ['PF-WEB-0003', 'PF-WEB-0004']).execute()).toEqual([]);
    await serials.fill('PF-WEB-0003\nPF-WEB-0005\nPF-WEB-0004\n');
    await again.getByRole('button', { name: 'Register 3 assets' }).click();
    const done = page.getByRole('dialog', { name: '3 assets registered' });
    await done.getByRole('status').getByText(/^Registered like RCV-000001: LAP-\d{6}, LAP-\d{6}, LAP-\d{6}\.$/).waitFor();
    const batch = await server.db.db.selectFrom('assets').select(['serial', 'order_reference']).where('serial', 'in', ['PF-WEB-0003', 'PF-WEB-0004', 'PF-WEB-0005']).orderBy('serial').execute();
    expect(batch).toEqual(['PF-WEB-0003', 'PF-WEB-0004', 'PF-WEB-0005'].map((serial) => ({ serial, order_reference: 'PO-4711' })));
    await done.getByRole('button', { name: 'Print their labels' }).click();
    await page.waitForURL(/\/labels\?ids=/);
    await expect.poll(() => page.url().split('ids=')[1]!.split(',').length).toBe(3);
    await page.close();
  });

  it('prints the hand-over form of the equipment a person holds, to be signed and kept with them', async () => {
    // The person was given WEB-000001 by the assignment test above.
    const held = await server.db.db.selectFrom('assets').select(['tag']).where('assigned_person_id', '=', ref.person.id).orderBy('tag').execute();
    expect(held.map((a) => a.tag)).toContain('WEB-000001');
    const page = await signedIn();
    await page.goto(`${server.base}/admin/people?person=${ref.person.id}`);
    await page.getByRole('link', { name: 'Hand-over form' }).click();
    await page.getByRole('heading', { name: 'Hand-over of IT equipment' }).waitFor();
    const rows = page.getByRole('table', { name: 'Equipment handed over' }).locator('tbody tr');
    await expect.poll(async () => (await rows.allTextContents()).map((t) => t.slice(0, 10))).toEqual(held.map((a) => a.tag));
    await page.getByText('Zoë Browser-Test').first().waitFor();
    await page.getByText(/I have received the equipment listed above/).waitFor();
    // The usage policies of what is handed over, printed for the person to sign.
    const policies = page.getByRole('region', { name: 'Usage policies' });
    await policies.getByText('Catalogue model · Browser Book 14').waitFor();
    expect(await policies.innerText()).toMatch(/Asset type · Laptop \(applies to [^)]*WEB-000001/);
    expect(await policies.innerText()).toContain('Full-disk encryption must be on before hand-over.');
    await page.getByText(/I have been told the usage policies above and will follow them/).waitFor();
    await expectAccessible(page, 'hand-over-form');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('table', { name: 'Equipment handed over' }).isVisible()).toBe(true);
    await page.close();
  });
});
