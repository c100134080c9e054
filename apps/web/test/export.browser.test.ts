import { readFileSync } from 'node:fs';
import { type IncomingMessage, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAssets } from '@custodia/core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';
import { opts, rowsOf } from '../../../test/support/import.js';

/**
 * Exporting the register from the web app: the file arrives with the server's name and the view's rows, and when the
 * account already has its exports running (EX-02) the page says so instead of saving the refusal as a file.
 */
describe('register export in the browser', () => {
  let server: WebServer;
  // Exports the test holds open; destroyed before the server closes, so a failed assertion cannot hang the close.
  const held: IncomingMessage[] = [];
  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    // About 9 MB of CSV in all: an export nobody reads stays in flight, beyond what the socket buffers hold.
    const notes = 'n'.repeat(3000);
    const records = Array.from({ length: 3000 }, (_, i) => ({ tag: `EXP-${String(i + 1).padStart(5, '0')}`, name: `Exported laptop ${i + 1}`, type: 'laptop', serial: `SN-EXP-${i + 1}`, notes }));
    await importAssets({ ...server.ctx, source: 'import' }, rowsOf(records), opts({ fileName: 'export-load.csv' }));
  }, 600_000);
  afterAll(async () => {
    for (const response of held) response.destroy();
    await server?.close();
  });

  it('says why an export is refused while two run, then saves the view as CSV once one has ended', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets?q=EXP-0001`);
    // The first search of a test server also starts its SQLite reader thread: allow it time on a busy machine.
    await expect.poll(() => page.getByRole('link', { name: 'EXP-00010' }).count(), { timeout: 15_000 }).toBe(1);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

    // The same account streams two whole-register exports and reads neither.
    const hold = () => new Promise<IncomingMessage>((resolve, reject) => {
      get(`${server.base}/api/v1/assets/export?format=csv`, { headers: { cookie } }, (res) => { res.pause(); resolve(res); }).on('error', reject);
    });
    held.push(await hold(), await hold());
    expect(held.map((r) => r.statusCode)).toEqual([200, 200]);

    let downloads = 0;
    page.on('download', () => { downloads++; });
    await page.getByRole('button', { name: 'Export this view' }).click();
    await page.getByRole('menuitem', { name: 'CSV' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Export to CSV: not downloaded' });
    await expect.poll(() => refusal.count()).toBe(1);
    await expect.poll(() => refusal.innerText()).toMatch(/You already have 2 exports running; wait for one to finish\s*Try again in 10 seconds\./);
    expect(downloads, 'the refusal is not saved as a file').toBe(0);
    // The menu closes after its choice; its dropdown leaves the page with a closing transition first.
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    await expectAccessible(page, 'export-refused');

    // One export is abandoned by its client: its slot comes back.
    held[0]!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await page.getByRole('button', { name: 'Dismiss' }).last().click();
    await page.getByRole('button', { name: 'Export this view' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^custodia-assets-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    // The view's filter travels with the export: the header row and EXP-00010…EXP-00019.
    expect(lines.length).toBe(1 + 10);
    expect(lines[0]).toMatch(/^\uFEFF?Asset tag,Name,/);
    expect(lines.slice(1).every((l) => l.startsWith('EXP-0001'))).toBe(true);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /Saved custodia-assets-.*\.csv/ }).count()).toBe(1);
    held[1]!.destroy();
  });
});
