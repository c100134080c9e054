import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { createAsset } from '@custodia/core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

// The reader of the scanning page, in Node: its WebAssembly from the package, not from a CDN.
const require = createRequire(import.meta.url);
prepareZXingModule({ overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')) as unknown as ArrayBuffer } });

/** What a scanner reads from an image on the page, as the page draws it. */
async function decode(page: Page, alt: string): Promise<string[]> {
  const png = await page.getByRole('img', { name: alt, exact: true }).screenshot();
  return (await readBarcodes(new Uint8Array(png), { formats: ['QRCode', 'Code128'] })).map((r) => `${r.format}:${r.text}`);
}

/** Pages of the PDF Chromium prints the page to, with the page's own @page size. */
async function printedPages(page: Page): Promise<number> {
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  return pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
}

describe('asset labels in a real browser', () => {
  let server: WebServer;
  beforeAll(async () => { server = await startWebServer(); }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('prints the selected assets: each QR code and barcode reads back as its tag, on the chosen label stock', async () => {
    // Drawn at three device pixels per CSS pixel, as a printer would: a Code 128 module is then more than a pixel wide.
    const page = await signIn(server, 'admin', undefined, { deviceScaleFactor: 3 });
    await page.goto(`${server.base}/assets?q=LAP-`);
    const rows = page.getByRole('table', { name: 'Assets' }).locator('tbody tr');
    await rows.first().waitFor();
    const tags = (await rows.locator('td:nth-child(2)').allTextContents()).slice(0, 3);
    expect(tags).toHaveLength(3);
    for (const tag of tags) await page.getByRole('checkbox', { name: `Select ${tag}` }).check();
    await page.getByRole('button', { name: 'Print labels' }).click();
    await page.getByRole('menuitem', { name: 'Selected assets (3)' }).click();
    await page.waitForURL(/\/labels\?ids=/);
    const labels = page.locator('[data-label]');
    await labels.nth(2).waitFor();
    expect(await labels.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')))).toEqual([...tags].sort());
    for (const tag of tags) {
      expect(await decode(page, `QR code of ${tag}`)).toEqual([`QRCode:${tag}`]);
      expect(await decode(page, `Barcode of ${tag}`)).toEqual([`Code128:${tag}`]);
    }
    await expectAccessible(page, 'labels');

    // On paper: one A4 sheet of 21 holds the three; a label printer prints one label per page.
    expect(await printedPages(page)).toBe(1);
    await page.getByLabel('Start at label').fill('20');
    await expect.poll(() => printedPages(page), { timeout: 20_000 }).toBe(2);
    await page.getByLabel(/^Label stock/).first().click();
    await page.getByRole('option', { name: /^Label printer, 62 × 29 mm/ }).click();
    await expect.poll(() => printedPages(page), { timeout: 20_000 }).toBe(3);

    // QR codes only: no barcode is drawn.
    await page.getByText('QR code', { exact: true }).click();
    await expect.poll(() => page.getByRole('img', { name: /^Barcode of/ }).count(), { timeout: 20_000 }).toBe(0);
    await page.getByRole('img', { name: `QR code of ${tags[0]}` }).waitFor();
    expect(await page.getByRole('img', { name: /^Barcode of/ }).count()).toBe(0);
    await page.close();
  });

  it('prints every asset of a register view', async () => {
    const page = await signIn(server);
    const laptops = await server.db.db.selectFrom('assets').select('tag').where('tag', 'like', 'LAP-00001%').orderBy('tag').execute();
    expect(laptops.length).toBeGreaterThan(1);
    await page.goto(`${server.base}/assets?q=LAP-00001`);
    await page.getByRole('table', { name: 'Assets' }).locator('tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Print labels' }).click();
    await page.getByRole('menuitem', { name: `Every asset in this view (${laptops.length})` }).click();
    await page.waitForURL(/\/labels\?.*view=1/);
    await page.locator('[data-label]').nth(laptops.length - 1).waitFor();
    expect(await page.locator('[data-label]').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')))).toEqual(laptops.map((l) => l.tag));
    await page.goto(`${server.base}/labels?view=1&q=no-such-asset-anywhere`);
    await page.getByRole('alert').getByText('No asset in this view.').waitFor();
    await page.close();
  });

  it('prints one label from an asset page, and says what it cannot print', async () => {
    const page = await signIn(server);
    const asset = await server.db.db.selectFrom('assets').select(['id', 'tag', 'asset_type_id']).orderBy('tag').executeTakeFirstOrThrow();
    await page.goto(`${server.base}/assets/${asset.id}`);
    await page.getByRole('link', { name: 'Print label' }).click();
    await page.waitForURL(new RegExp(`/labels\\?ids=${asset.id}$`));
    await page.locator(`[data-label="${asset.tag}"]`).waitFor();
    expect(await page.locator('[data-label]').count()).toBe(1);

    await page.goto(`${server.base}/labels?ids=${asset.id},00000000-0000-7000-8000-000000000000`);
    await page.getByRole('alert').getByText('1 of the chosen assets is not available').waitFor();
    // The labels appear once their codes are drawn.
    await page.locator(`[data-label="${asset.tag}"]`).waitFor();
    expect(await page.locator('[data-label]').count()).toBe(1);

    // A tag in another script: Code 128 cannot hold it, the QR code does.
    const cyrillic = await createAsset(server.ctx, { assetTypeId: asset.asset_type_id, name: 'Ноутбук', tag: 'НБ-0001' });
    await page.goto(`${server.base}/labels?ids=${cyrillic.id}`);
    await page.getByRole('alert').getByText(/No Code 128 barcode for НБ-0001: it holds Latin characters only/).waitFor();
    await page.locator('[data-label="НБ-0001"]').waitFor();
    expect(await page.getByRole('img', { name: /^Barcode of/ }).count()).toBe(0);
    expect(await decode(page, 'QR code of НБ-0001')).toEqual(['QRCode:НБ-0001']);

    await page.goto(`${server.base}/labels`);
    await page.getByText(/No asset chosen/).waitFor();
    await expectAccessible(page, 'labels-empty');
    await page.close();
  });
});
