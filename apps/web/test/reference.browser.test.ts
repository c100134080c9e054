import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { catalogueModels, createAsset, createReference, listAssetTypes, locations } from '@custodia/core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';
import { docxOf } from '../../../test/support/zip.js';
import { chosenFile } from '../../../test/support/files.js';

/** A drawer or dialog has finished its opening transition (axe would measure contrast through its fading opacity). */
const settled = (dialog: Locator) => expect.poll(() => dialog.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');

/** The reference-data administration pages (org units, locations, people, manufacturers, suppliers, catalogue models). */
describe('reference data pages in a real browser', () => {
  let server: WebServer;
  beforeAll(async () => { server = await startWebServer({ assets: 40 }); }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('locations: adds a room inside a building from the tree; it appears in the tree, selected, and can be found', async () => {
    const page = await signIn(server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Reference data' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Locations' }).click();
    const tree = page.getByRole('region', { name: 'Tree of locations' });
    await tree.getByRole('link', { name: 'France', exact: true }).waitFor();
    await expectAccessible(page, 'admin-locations');

    await tree.getByRole('button', { name: 'Expand France' }).click();
    await tree.getByRole('button', { name: 'Expand Paris La Défense' }).click();
    await tree.getByRole('link', { name: 'Paris La Défense – Building A' }).click();
    await page.getByRole('heading', { name: 'Paris La Défense – Building A' }).waitFor();
    await page.getByText('4 locations').waitFor();
    await expectAccessible(page, 'admin-location');

    await page.getByRole('button', { name: 'Add child location' }).click();
    const dialog = page.getByRole('dialog', { name: 'New location in Paris La Défense – Building A' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Meeting room Seine');
    await dialog.getByRole('textbox', { name: /^Code/ }).fill('PAR-A-SEINE');
    await dialog.getByLabel(/^Kind/).first().click();
    await page.getByRole('option', { name: 'Room', exact: true }).click();
    await settled(dialog);
    await expectAccessible(page, 'admin-location-new');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });

    const added = tree.getByRole('link', { name: 'Meeting room Seine' });
    await added.waitFor();
    await expect.poll(() => added.getAttribute('aria-current')).toBe('true');
    await page.getByRole('heading', { name: 'Meeting room Seine' }).waitFor();
    const building = await server.db.db.selectFrom('locations').select('id').where('name', '=', 'Paris La Défense – Building A').executeTakeFirstOrThrow();
    const row = await server.db.db.selectFrom('locations').select(['parent_id', 'kind', 'code']).where('name', '=', 'Meeting room Seine').executeTakeFirstOrThrow();
    expect(row).toEqual({ parent_id: building.id, kind: 'room', code: 'PAR-A-SEINE' });

    // The building now has five rooms; a search finds the new one with where it is.
    await tree.getByRole('link', { name: 'Paris La Défense – Building A' }).click();
    await page.getByText('5 locations').waitFor();
    await page.getByRole('searchbox', { name: 'Search locations' }).fill('seine');
    await tree.getByText('1 match').waitFor();
    await tree.getByText('in France › Paris La Défense › Paris La Défense – Building A').waitFor();
    await page.close();
  });

  it('locations: local contacts are added on a site, inherited by the places inside it, and shown on an asset there', async () => {
    // The demo names a site IT contact on every site: this one adds a second contact beside it.
    const site = await server.db.db.selectFrom('locations').select(['id', 'path', 'contacts']).where('name', '=', 'Paris La Défense').executeTakeFirstOrThrow();
    const seeded = typeof site.contacts === 'string' ? JSON.parse(site.contacts) : site.contacts;
    expect(seeded).toEqual([expect.objectContaining({ role: 'Site IT contact' })]);
    const person = await server.db.db.selectFrom('people').select(['id', 'name']).where('active', '=', 1 as never).orderBy('name').limit(1).executeTakeFirstOrThrow();
    const page = await signIn(server);
    await page.goto(`${server.base}/admin/locations?id=${site.id}`);
    await page.getByRole('heading', { name: 'Paris La Défense' }).waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Paris La Défense' });
    await dialog.getByRole('button', { name: 'Add a contact' }).click();
    await dialog.getByRole('combobox', { name: /^Contact 2: person/ }).fill(person.name);
    await page.getByRole('option', { name: new RegExp(`^${person.name}`) }).first().click();
    await dialog.getByRole('textbox', { name: /^Contact 2: role here/ }).fill('Receptionist');
    await dialog.getByRole('textbox', { name: /^Contact 2: phone/ }).fill('+33 1 40 00 00 00');
    await settled(dialog);
    await expectAccessible(page, 'admin-location-contacts');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const contacts = page.getByRole('group', { name: 'Local contacts' });
    await contacts.getByText('Receptionist').waitFor();
    const row = await server.db.db.selectFrom('locations').select('contacts').where('id', '=', site.id).executeTakeFirstOrThrow();
    expect(typeof row.contacts === 'string' ? JSON.parse(row.contacts) : row.contacts).toEqual([...seeded, { notes: null, personId: person.id, phone: '+33 1 40 00 00 00', role: 'Receptionist' }]);

    // A building inside it has none of its own: it shows the site's.
    const building = await server.db.db.selectFrom('locations').select('id').where('name', '=', 'Paris La Défense – Building A').executeTakeFirstOrThrow();
    await page.goto(`${server.base}/admin/locations?id=${building.id}`);
    await page.getByRole('heading', { name: 'Paris La Défense – Building A' }).waitFor();
    await contacts.getByText('From Paris La Défense').waitFor();
    await contacts.getByRole('link', { name: '+33 1 40 00 00 00' }).waitFor();

    // An asset somewhere inside the site: whom to call, next to its location.
    const asset = await server.db.db.selectFrom('assets').innerJoin('locations', 'locations.id', 'assets.location_id').select('assets.id')
      .where('locations.path', 'like', `${site.path}%`).orderBy('assets.tag').limit(1).executeTakeFirstOrThrow();
    await page.goto(`${server.base}/assets/${asset.id}`);
    await page.getByRole('group', { name: 'Local contacts' }).getByText(person.name).waitFor();
    await expectAccessible(page, 'asset-local-contacts');
    await page.close();
  });

  it('locations: network ranges are edited one per line; a range with host bits set is shown on its line, nothing saved; the page lists them', async () => {
    const site = await server.db.db.selectFrom('locations').select(['id', 'version']).where('name', '=', 'Paris La Défense').executeTakeFirstOrThrow();
    const page = await signIn(server);
    await page.goto(`${server.base}/admin/locations?id=${site.id}`);
    await page.getByRole('heading', { name: 'Paris La Défense' }).waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Paris La Défense' });
    const ranges = dialog.getByRole('textbox', { name: 'Network ranges' });
    await ranges.fill('10.30.0.0/16\n10.31.4.7/24');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('10.31.4.7/24: An address, not a network: the network is 10.31.4.0/24').waitFor();
    expect((await server.db.db.selectFrom('locations').select('version').where('id', '=', site.id).executeTakeFirstOrThrow()).version).toBe(site.version);
    await ranges.fill('10.30.0.0/16\n\n2001:DB8:30::/48');
    await settled(dialog);
    await expectAccessible(page, 'admin-location-ranges');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    // On the page, and in its history.
    await page.getByText('10.30.0.0/16, 2001:db8:30::/48', { exact: true }).waitFor();
    await page.getByRole('cell', { name: '→ 10.30.0.0/16, 2001:db8:30::/48' }).waitFor();
    const row = await server.db.db.selectFrom('locations').select('network_ranges').where('id', '=', site.id).executeTakeFirstOrThrow();
    expect(typeof row.network_ranges === 'string' ? JSON.parse(row.network_ranges) : row.network_ranges).toEqual(['10.30.0.0/16', '2001:db8:30::/48']);
    await page.close();
  });

  it('locations: a level with hundreds of children is drawn a hundred at a time', async () => {
    const warehouse = await createReference<{ id: string }>(server.ctx, locations, { name: 'Big warehouse', kind: 'building' });
    for (let i = 0; i < 250; i++) await createReference(server.ctx, locations, { name: `Shelf ${String(i).padStart(3, '0')}`, kind: 'rack', parentId: warehouse.id });
    const page = await signIn(server);
    await page.goto(`${server.base}/admin/locations?id=${warehouse.id}`);
    await page.getByRole('heading', { name: 'Big warehouse' }).waitFor();
    await page.getByText('250 locations').waitFor();
    const tree = page.getByRole('region', { name: 'Tree of locations' });
    await tree.getByRole('button', { name: 'Expand Big warehouse' }).click();
    const shelves = tree.getByRole('link', { name: /^Shelf \d+$/ });
    await expect.poll(() => shelves.count()).toBe(100);
    await tree.getByRole('button', { name: 'Show 100 more of 150' }).click();
    await expect.poll(() => shelves.count()).toBe(200);
    await tree.getByRole('button', { name: 'Show 50 more of 50' }).click();
    await expect.poll(() => shelves.count()).toBe(250);
    await page.close();
  });

  it('org units: the tree and a unit\'s details are accessible', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/admin/org-units`);
    const tree = page.getByRole('region', { name: 'Tree of org units' });
    await tree.getByRole('button', { name: 'Expand Acme Group' }).click();
    await tree.getByRole('link', { name: 'Acme France' }).click();
    await page.getByRole('heading', { name: 'Acme France' }).waitFor();
    await page.getByText('6 org units').waitFor();
    await expectAccessible(page, 'admin-org-units');
    // At phone width the detail panel goes under the tree and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await tree.getByRole('button', { name: 'Expand Acme France' }).click();
    await tree.getByRole('link', { name: 'Human Resources FR' }).click();
    await page.getByRole('heading', { name: 'Human Resources FR' }).waitFor();
    await expectAccessible(page, 'admin-org-units-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('people: two editors of the same person — the second save shows the conflict, reload re-applies the change on the latest version', async () => {
    const person = await server.db.db.selectFrom('people').select(['id', 'name', 'version']).where('active', '=', 1 as never).orderBy('name').limit(1).executeTakeFirstOrThrow();
    const first = await signIn(server);
    await first.goto(`${server.base}/admin/people`);
    await first.getByRole('table', { name: 'People' }).getByRole('link', { name: person.name }).first().waitFor();
    await expectAccessible(first, 'admin-people');
    await first.getByRole('table', { name: 'People' }).getByRole('link', { name: person.name }).first().click();
    const drawer = first.getByRole('dialog', { name: 'Person' });
    await drawer.getByRole('heading', { name: person.name }).waitFor();
    await drawer.getByRole('heading', { name: 'Assigned assets' }).waitFor();
    await drawer.getByRole('heading', { name: 'History' }).waitFor();
    await settled(drawer);
    await expectAccessible(first, 'admin-person');

    const second = await signIn(server);
    await second.goto(`${server.base}/admin/people?person=${person.id}`);
    await second.getByRole('dialog', { name: 'Person' }).getByRole('heading', { name: person.name }).waitFor();

    await first.getByRole('button', { name: 'Edit' }).click();
    await second.getByRole('button', { name: 'Edit' }).click();
    const mine = first.getByRole('dialog', { name: `Edit ${person.name}` });
    const theirs = second.getByRole('dialog', { name: `Edit ${person.name}` });
    await mine.getByRole('textbox', { name: /^Employee number/ }).fill('EMP-FIRST');
    await theirs.getByRole('textbox', { name: /^E-mail/ }).fill('second.editor@acme.example');
    await settled(mine);
    await expectAccessible(first, 'admin-person-edit');
    await mine.getByRole('button', { name: 'Save' }).click();
    await mine.waitFor({ state: 'detached' });

    await theirs.getByRole('button', { name: 'Save' }).click();
    await theirs.getByText('Someone else changed this person while you were editing').waitFor();
    await settled(theirs);
    await expectAccessible(second, 'admin-person-conflict');
    await theirs.getByRole('button', { name: 'Reload and re-apply my changes' }).click();
    await theirs.waitFor({ state: 'detached' });
    const stored = await server.db.db.selectFrom('people').select(['employee_number', 'email', 'version']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ employee_number: 'EMP-FIRST', email: 'second.editor@acme.example', version: person.version + 2 });
    await first.close();
    await second.close();
  });

  it('people: the status filter and the page at phone width', async () => {
    const page = await signIn(server);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.base}/admin/people?status=inactive`);
    const inactive = Number((await server.db.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).where('active', '=', 0 as never).executeTakeFirstOrThrow()).n);
    if (inactive > 0) {
      const rows = page.getByRole('table', { name: 'People' }).locator('tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(inactive);
      expect(new Set(await rows.locator('td:last-child').allTextContents())).toEqual(new Set(['Inactive']));
    } else {
      await page.getByText('No one matches these filters.').waitFor();
    }
    await expectAccessible(page, 'admin-people-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('manufacturers: deleting one still in use is refused with an explanation, and nothing is deleted', async () => {
    const maker = await server.db.db.selectFrom('manufacturers').innerJoin('catalogue_models', 'catalogue_models.manufacturer_id', 'manufacturers.id')
      .select(['manufacturers.id', 'manufacturers.name']).orderBy('manufacturers.name').limit(1).executeTakeFirstOrThrow();
    const page = await signIn(server);
    await page.goto(`${server.base}/admin/manufacturers`);
    const table = page.getByRole('table', { name: 'Manufacturers' });
    await table.getByRole('link', { name: maker.name, exact: true }).waitFor();
    await expectAccessible(page, 'admin-manufacturers');
    await table.getByRole('link', { name: maker.name, exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Manufacturer' });
    await drawer.getByRole('heading', { name: maker.name }).waitFor();
    await drawer.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `Delete ${maker.name}?` });
    await confirm.getByRole('textbox', { name: /^Reason/ }).fill('Entered twice');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByText(`“${maker.name}” is still used by catalogue models or assets, so it cannot be deleted.`, { exact: false }).waitFor();
    await settled(confirm);
    await expectAccessible(page, 'admin-manufacturer-in-use');
    expect(await server.db.db.selectFrom('manufacturers').select('id').where('id', '=', maker.id).executeTakeFirst()).toBeDefined();
    await page.close();
  });

  it('suppliers: a wrong e-mail is shown on its field; the supplier is then created', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/admin/suppliers`);
    await page.getByRole('table', { name: 'Suppliers' }).getByRole('link', { name: 'Bechtle' }).waitFor();
    await expectAccessible(page, 'admin-suppliers');
    await page.getByRole('button', { name: 'Add a supplier' }).click();
    const dialog = page.getByRole('dialog', { name: 'New supplier' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Northwind Traders');
    const email = dialog.getByRole('textbox', { name: /^E-mail/ });
    // The browser checks the address first; without that check the server's answer (422) shows on the field.
    await dialog.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
    await email.fill('not an address');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Check the fields marked below.').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    await settled(dialog);
    await expectAccessible(page, 'admin-supplier-invalid');
    expect(await server.db.db.selectFrom('suppliers').select('id').where('name', '=', 'Northwind Traders').executeTakeFirst()).toBeUndefined();
    await email.fill('orders@northwind.example');
    await dialog.getByRole('textbox', { name: /^Web site/ }).fill('https://northwind.example');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('dialog', { name: 'Supplier' }).getByRole('heading', { name: 'Northwind Traders' }).waitFor();
    const stored = await server.db.db.selectFrom('suppliers').select(['email', 'url']).where('name', '=', 'Northwind Traders').executeTakeFirstOrThrow();
    expect(stored).toEqual({ email: 'orders@northwind.example', url: 'https://northwind.example' });

    // The framework contract is kept with the supplier; while it is, the supplier cannot be deleted.
    const drawer = page.getByRole('dialog', { name: 'Supplier' });
    const panel = drawer.locator('.mantine-Card-root', { has: page.getByRole('heading', { name: 'Attachments' }) });
    await panel.getByText(/No files attached. Keep contracts/).waitFor();
    await panel.locator('input[type=file]').setInputFiles(chosenFile('Framework contract 2026.docx', docxOf('Framework contract between Contoso and Northwind Traders')));
    await panel.getByRole('button', { name: 'Attach' }).click();
    await panel.getByRole('link', { name: 'Framework contract 2026.docx' }).waitFor();
    await settled(drawer);
    await expectAccessible(page, 'supplier-attachments');
    await drawer.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: /Delete/ });
    await confirm.getByRole('textbox', { name: /^Reason/ }).fill('Entered twice');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByText(/still has attachments \(Framework contract 2026\.docx\)/).waitFor();
    expect(await server.db.db.selectFrom('suppliers').select('id').where('name', '=', 'Northwind Traders').executeTakeFirst()).toBeDefined();
    await page.close();
  });

  it('catalogue models: the table and the form (manufacturer, asset type, default specifications, end of life, usage policy) are accessible', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/admin/models`);
    const table = page.getByRole('table', { name: 'Catalogue models' });
    await table.locator('tbody tr').first().waitFor();
    await expect.poll(() => table.locator('tbody tr td:nth-child(2)').first().textContent()).not.toBe('…');
    await expectAccessible(page, 'admin-models');
    await page.getByRole('button', { name: 'Add a catalogue model' }).click();
    const dialog = page.getByRole('dialog', { name: 'New catalogue model' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('ThinkPad T16 Gen 4');
    await dialog.getByRole('button', { name: 'Add a specification' }).click();
    await dialog.getByRole('textbox', { name: 'Specification 1 name' }).fill('RAM');
    await dialog.getByRole('textbox', { name: 'Specification 1 value' }).fill('32 GB');
    await dialog.getByRole('textbox', { name: /^Usage policy/ }).fill('Full-disk encryption must be on before hand-over.');
    await settled(dialog);
    await expectAccessible(page, 'admin-model-new');
    await page.close();
  });

  it('a catalogue model tells where it and its substitutes are in stock; an asset not in stock hints the substitute, linked to the register', async () => {
    const { ctx, db } = server;
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    const maker = await db.db.selectFrom('manufacturers').select('id').orderBy('name').executeTakeFirstOrThrow();
    const room = await db.db.selectFrom('locations as r').innerJoin('locations as b', 'b.id', 'r.parent_id').select('r.id')
      .where('r.name', '=', 'Stockroom').where('b.name', '=', 'Paris La Défense – Building A').executeTakeFirstOrThrow();
    const model = (name: string, substitutionGroup: string, eolDate: string | null = null) =>
      createReference<{ id: string }>(ctx, catalogueModels, { name, manufacturerId: maker.id, assetTypeId: laptop.id, substitutionGroup, eolDate, defaultSpecs: {} });
    const asked = await model('ProBook 440 G11', 'Shortage laptop');
    const sub = await model('EliteBook 640 G11', 'shortage laptop');
    await model('EliteBook 630 G9', 'Shortage laptop', '2024-06-30');
    for (let i = 0; i < 3; i++) await createAsset(ctx, { name: `EliteBook ${i}`, assetTypeId: laptop.id, modelId: sub.id, locationId: room.id } as never);
    const ordered = await createAsset(ctx, { name: 'ProBook on order', assetTypeId: laptop.id, modelId: asked.id, stage: 'on_order' } as never);

    const page = await signIn(server);
    await page.goto(`${server.base}/admin/models?item=${asked.id}`);
    const panel = page.getByRole('region', { name: 'Availability' });
    await panel.getByText('None in stock.').waitFor();
    const link = panel.getByRole('link', { name: 'EliteBook 640 G11' });
    await link.waitFor();
    await panel.getByText(': 3 in Stockroom · Paris La Défense').waitFor();
    expect(await link.getAttribute('href')).toBe(`/assets?modelId=${sub.id}&stage=in_stock`);
    await panel.getByText('Not offered: EliteBook 630 G9 (past its end of life, not offered).').waitFor();
    await settled(page.getByRole('dialog'));
    await expectAccessible(page, 'admin-model-availability');

    await page.goto(`${server.base}/assets/${ordered.id}`);
    const hint = page.getByTestId('stock-hint');
    await hint.getByText('None of ProBook 440 G11 in stock —', { exact: false }).waitFor();
    await expect.poll(() => hint.textContent()).toBe('None of ProBook 440 G11 in stock — EliteBook 640 G11: 3 in Stockroom · Paris La Défense');
    await hint.getByRole('link', { name: 'EliteBook 640 G11' }).click();
    await page.waitForURL(/\/assets\?modelId=/);
    await page.getByText('3 assets').waitFor();
    await page.close();
  });
});
