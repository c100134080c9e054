import { readFileSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';
import { checkpointText } from '@custodia/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type WebServer, WEB_PASSWORD, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';
import { chosenFile } from '../../../test/support/files.js';

/**
 * Saved views of the register, column mapping and progress in the import wizard, the security log page, and signing
 * out at phone width, in Debian's Chromium against a real server on SQLite.
 */
describe('saved views, import mapping, security log and phone sign-out in a real browser', () => {
  let server: WebServer;
  beforeAll(async () => { server = await startWebServer({ assets: 120 }); }, 600_000);
  afterAll(async () => { await server?.close(); });

  /** axe once menus, dialogs and drawers have finished appearing (mid-transition, their text is not yet at full contrast). */
  const accessible = async (page: Page, name: string) => {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await expectAccessible(page, name);
  };
  const views = () => server.db.db.selectFrom('saved_views').select(['name', 'query', 'columns', 'is_default']).orderBy('name').execute();

  it('saves the current view, re-applies it, opens it by default, then renames and deletes it', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets?stage=in_stock&sort=name`);
    const table = page.getByRole('table', { name: 'Assets' });
    await table.locator('tbody tr').first().waitFor();
    // Hide the serial column, then save this view as the default.
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Serial' }).uncheck();
    await page.keyboard.press('Escape');
    await expect.poll(() => table.getByRole('columnheader', { name: 'Serial' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save current view…' }).click();
    const save = page.getByRole('dialog', { name: 'Save the current view' });
    await save.getByLabel(/^Name/).fill('Stock by name');
    await save.getByRole('checkbox', { name: 'Open this view when I open the register' }).check();
    await accessible(page, 'register-save-view');
    await save.getByRole('button', { name: 'Save view' }).click();
    await save.waitFor({ state: 'detached' });
    await expect.poll(views).toEqual([{ name: 'Stock by name', query: 'stage=in_stock&sort=name', columns: expect.anything(), is_default: expect.anything() }]);
    const [stored] = await views();
    expect(JSON.parse(String(stored!.columns))).toEqual({ serial: false });
    expect(Boolean(stored!.is_default)).toBe(true);
    await page.getByRole('button', { name: 'View: Stock by name' }).waitFor();

    // Elsewhere, with every column shown: applying the view brings back its filters, sort and columns.
    await page.goto(`${server.base}/assets?q=LAP`);
    await table.locator('tbody tr').first().waitFor();
    await page.evaluate(() => localStorage.removeItem('custodia.register.columns'));
    await page.reload();
    await table.getByRole('columnheader', { name: 'Serial' }).waitFor();
    await page.getByRole('button', { name: 'Views' }).click();
    await accessible(page, 'register-views-menu');
    await page.getByRole('menuitem', { name: 'Stock by name default' }).click();
    await page.waitForURL((u) => u.search === '?stage=in_stock&sort=name');
    await expect.poll(() => table.getByRole('columnheader', { name: 'Serial' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('textbox', { name: 'Search', exact: true }).inputValue()).toBe('');

    // Opening the register without a query opens the default view; "All assets" shows everything and stays.
    await page.goto(`${server.base}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register' }).click();
    await page.waitForURL((u) => u.search === '?stage=in_stock&sort=name');
    await page.getByRole('button', { name: 'View: Stock by name' }).click();
    await page.getByRole('menuitem', { name: 'All assets (no filter)' }).click();
    await page.waitForURL((u) => u.pathname === '/assets' && u.search === '');
    await table.locator('tbody tr').first().waitFor();
    await page.waitForTimeout(300);
    expect(new URL(page.url()).search).toBe('');

    // Manage: rename, stop opening by default, delete.
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Manage views…' }).click();
    const manage = page.getByRole('dialog', { name: 'Your views' });
    await manage.getByRole('table', { name: 'Saved views' }).waitFor();
    await accessible(page, 'register-manage-views');
    await manage.getByRole('button', { name: 'Rename — Stock by name' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename “Stock by name”' });
    await rename.getByLabel(/^New name/).fill('In stock, by name');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await rename.waitFor({ state: 'detached' });
    await manage.getByRole('button', { name: 'Unset default — In stock, by name' }).click();
    await manage.getByRole('button', { name: 'Set as default — In stock, by name' }).waitFor();
    await expect.poll(async () => (await views()).map((v) => [v.name, Boolean(v.is_default)])).toEqual([['In stock, by name', false]]);
    // The view takes what is shown now (no filter at all here) in place of its own filters.
    await manage.getByRole('button', { name: 'Use current filters — In stock, by name' }).click();
    await expect.poll(async () => (await views()).map((v) => v.query)).toEqual(['']);
    await expect.poll(() => manage.getByRole('button', { name: 'Use current filters — In stock, by name' }).isDisabled()).toBe(true);
    await manage.getByRole('button', { name: 'Delete the view In stock, by name' }).click();
    await page.getByRole('dialog', { name: 'Delete the view' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(views).toEqual([]);
    await page.close();
  });

  it('maps the columns of a CSV with its own headers, drops the unmapped one, shows progress, and imports it', async () => {
    const page = await signIn(server);
    try {
      // A large export first (checked only, to see the progress), then the corrected small file with the same header row.
      const header = 'Kennung;Bezeichnung;Typ;Bemerkung intern';
      const big = chosenFile('inventar-gross.csv', [header, ...Array.from({ length: 20000 }, (_, i) => `BIG-${String(i).padStart(5, '0')};Laptop ${i};laptop;intern ${i}`)].join('\r\n'));
      const file = chosenFile('inventar.csv', `${header}\r\nMAP-0001;Kartierter Laptop;laptop;nicht importieren\r\nMAP-0002;Zweiter Laptop;laptop;geheim\r\n`);
      const count = async () => Number((await server.db.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
      await page.locator('input[type=file]').setInputFiles(big);
      const mapping = page.getByRole('table', { name: 'Column mapping' });
      await mapping.waitFor();
      expect(await mapping.locator('tbody tr').allTextContents()).toEqual([
        expect.stringContaining('Kennung'), expect.stringContaining('Bezeichnung'), expect.stringContaining('Typ'), expect.stringContaining('Bemerkung intern'),
      ]);
      await mapping.getByText('BIG-00000').waitFor();
      // None of these headers is known: every column starts unmapped, and all of them would be dropped.
      await page.getByRole('alert').filter({ hasText: 'Choose a field for at least one column' }).waitFor();
      expect(await page.getByRole('button', { name: 'Check the file' }).isDisabled()).toBe(true);
      const mapTo = async (column: string, option: string) => {
        await page.getByRole('combobox', { name: `Import column “${column}” as` }).click();
        await page.getByRole('option', { name: option, exact: true }).click();
      };
      await mapTo('Kennung', 'tag (asset tag)');
      await mapTo('Bezeichnung', 'name (asset name)');
      // Two columns as one field are refused before anything is sent.
      await mapTo('Typ', 'name (asset name)');
      await page.getByRole('alert').filter({ hasText: 'Two columns are imported as name' }).waitFor();
      expect(await page.getByRole('button', { name: 'Check the file' }).isDisabled()).toBe(true);
      await mapTo('Typ', 'type (asset type)');
      await page.getByText('1 column will not be imported').waitFor();
      await page.getByText('“Bemerkung intern” is dropped from the file').waitFor();
      await expectAccessible(page, 'import-mapping');

      // While the server reads the 20,000 rows the page says so, with the time elapsed.
      await page.getByRole('button', { name: 'Check the file' }).click();
      // One check for both (the phase may be short on a fast machine): the status, and the seconds elapsed beside it.
      await page.waitForFunction(() => [...document.querySelectorAll('[role=status]')].some((e) => e.textContent?.includes('The server is reading every row'))
        && /^\d+ s$/.test(document.querySelector('[data-testid=import-elapsed]')?.textContent ?? ''), undefined, { polling: 'raf' });
      await expectAccessible(page, 'import-progress');
      await page.getByText('The file is valid').waitFor();
      await page.getByText(/^20000 rows: 20000 to create/).waitFor();
      expect(await count()).toBe(before);

      // The corrected file has the same header row: the mapping stays.
      await page.locator('input[type=file]').setInputFiles(file);
      await mapping.getByText('MAP-0001').waitFor();
      expect(await page.getByRole('combobox', { name: 'Import column “Kennung” as' }).inputValue()).toBe('tag (asset tag)');
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByText(/^2 rows: 2 to create/).waitFor();
      expect(await count()).toBe(before);
      await page.getByRole('button', { name: /^Import 2 rows/ }).click();
      await page.getByRole('status').filter({ hasText: '2 created' }).waitFor();
      expect(await count()).toBe(before + 2);
      const imported = await server.db.db.selectFrom('assets').select(['tag', 'name', 'notes']).where('tag', 'like', 'MAP-%').orderBy('tag').execute();
      expect(imported).toEqual([{ tag: 'MAP-0001', name: 'Kartierter Laptop', notes: null }, { tag: 'MAP-0002', name: 'Zweiter Laptop', notes: null }]);
      expect(await server.db.db.selectFrom('assets').select('id').where('tag', 'like', 'BIG-%').execute()).toEqual([]);
      const run = await server.db.db.selectFrom('import_runs').select(['file_name']).orderBy('started_at', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(run.file_name).toBe('inventar.csv');
    } finally {
      await page.close();
    }
  });

  it('a file of costs without a currency column imports with the currency chosen on the page', async () => {
    const page = await signIn(server);
    try {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
      await page.locator('input[type=file]').setInputFiles(chosenFile('costs.csv', 'tag,name,type,purchase cost\r\nCUR-0001,Priced laptop,laptop,"1349,50"\r\n'));
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByText(/needs a currency/).first().waitFor();
      await page.getByRole('textbox', { name: /^Currency of purchase costs/ }).fill('eur');
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByText(/^1 rows?: 1 to create/).waitFor();
      await page.getByRole('button', { name: /^Import 1 row/ }).click();
      await page.getByRole('status').filter({ hasText: '1 created' }).waitFor();
      const stored = await server.db.db.selectFrom('assets').select(['purchase_cost_minor', 'purchase_currency']).where('tag', '=', 'CUR-0001').executeTakeFirstOrThrow();
      expect(stored).toEqual({ purchase_cost_minor: 134950, purchase_currency: 'EUR' });
    } finally {
      await page.close();
    }
  });

  it('the security log page filters entries and opens one in a drawer', async () => {
    const failed = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'mallory', password: 'not the password at all' }) });
    expect(failed.status).toBe(401);
    const page = await signIn(server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security log' }).click();
    await page.getByRole('heading', { name: 'Security log' }).waitFor();
    const rows = page.getByRole('table', { name: 'Security log entries' }).locator('tbody tr');
    await rows.first().waitFor();
    await expectAccessible(page, 'security-log');
    await page.getByRole('textbox', { name: 'Account (login)' }).fill('Mallory');
    await page.getByRole('textbox', { name: 'Account (login)' }).press('Enter');
    await page.waitForURL(/login=Mallory/);
    // The filtered page is fetched after the URL changes: under CI load that takes longer than expect.poll's 1 s default.
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('combobox', { name: 'Event' }).click();
    await page.getByRole('option', { name: 'Sign-in', exact: true }).click();
    await page.getByRole('combobox', { name: 'Outcome' }).click();
    await page.getByRole('option', { name: 'Success' }).click();
    await page.getByText('No entry matches these filters.').waitFor();
    await page.getByRole('combobox', { name: 'Outcome' }).click();
    await page.getByRole('option', { name: 'Failure' }).click();
    await page.waitForURL(/outcome=failure/);
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    await page.getByLabel('From').fill(day);
    await page.getByLabel('To (inclusive)').fill(day);
    await page.waitForURL(new RegExp(`to=${day}`));
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain('mallory');
    await rows.first().getByRole('button').click();
    const drawer = page.getByRole('dialog', { name: 'Security log entry' });
    await drawer.getByText('unknown_login').waitFor();
    await drawer.getByText('none (no account matched)').waitFor();
    await accessible(page, 'security-log-entry');
    await page.close();
  });

  it('history integrity: signs a checkpoint of the chain head, downloadable with its public key, which verifies it', async () => {
    const page = await signIn(server);
    await page.getByRole('link', { name: 'History integrity' }).click();
    await page.getByRole('heading', { name: 'History integrity' }).waitFor();
    await page.getByRole('button', { name: 'Sign a checkpoint now' }).click();
    const head = await server.db.db.selectFrom('event_chain').select(['last_seq', 'last_hash']).executeTakeFirstOrThrow();
    await page.getByRole('heading', { name: `Checkpoint of event ${head.last_seq}` }).waitFor();
    await expectAccessible(page, 'history-integrity');
    const saved = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      return readFileSync((await download.path())!, 'utf8');
    };
    const checkpoint = JSON.parse(await saved('Download the checkpoint'));
    const publicKey = await saved('Download the public key');
    expect(checkpoint).toMatchObject({ seq: Number(head.last_seq), hash: head.last_hash });
    expect(verify(null, Buffer.from(checkpointText(checkpoint)), createPublicKey(publicKey), Buffer.from(checkpoint.signature, 'base64'))).toBe(true);
    expect(await page.getByLabel('Public key').textContent()).toBe(publicKey);
    await page.close();
  });

  it('at phone width (390×844) the menu holds sign-out, and signing out ends the session', async () => {
    const context = await server.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.base}/sign-in`);
    await page.getByLabel('Login').fill('admin');
    await page.locator('input[name=password]').fill(WEB_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Menu' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    const signOut = nav.getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();
    await accessible(page, 'menu-phone');
    await signOut.click();
    await page.waitForURL(/\/sign-in/);
    // The session is gone on the server: the API answers 401 with the browser's cookies.
    const res = await page.request.get(`${server.base}/api/v1/auth/session`);
    expect(res.status()).toBe(401);
    await page.goto(`${server.base}/admin/security-log`);
    await page.waitForURL(/\/sign-in\?next=%2Fadmin%2Fsecurity-log/);
    await context.close();
  });
});
