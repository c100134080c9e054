import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, listAssetTypes, systemContext, takeDataQualitySnapshot } from '@custodia/core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/**
 * The overview's data quality over time in a real browser: with no snapshot yet it says the history starts today;
 * with two days recorded it draws them, with the figures and their share of the assets in a table read aloud and
 * shown on request.
 */
describe('data quality over time in a real browser', () => {
  let server: WebServer;

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const laptop = (await listAssetTypes(server.ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    await createAsset(server.ctx, { name: 'Spare one', assetTypeId: laptop.id, tag: 'DQ-1', stage: 'in_stock' } as never);
    await createAsset(server.ctx, { name: 'Spare two', assetTypeId: laptop.id, tag: 'DQ-2', stage: 'in_stock' } as never);
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('says there is no history yet, then shows the days recorded as a chart and a table', async () => {
    const page = await signIn(server);
    const card = page.getByRole('region', { name: 'Data quality over time' });
    await card.getByText('No history yet: the first figures are recorded today').waitFor();
    await expectAccessible(page, 'overview-data-quality-no-history');

    // Two days recorded: three days ago, and now.
    await takeDataQualitySnapshot(systemContext(server.db, 'job', 'job:data-quality', () => new Date(Date.now() - 3 * 86_400_000)));
    await takeDataQualitySnapshot(systemContext(server.db, 'job', 'job:data-quality'));
    await page.reload();
    const figures = card.getByRole('table', { name: 'Data quality over time, figures' });
    await expect.poll(() => figures.locator('tbody tr').count()).toBe(2);
    // Two laptops, neither with a location: 2 of 2.
    const header = await figures.locator('thead th').allTextContents();
    const cells = await figures.locator('tbody tr').last().locator('td').allTextContents();
    expect(cells[1]).toBe('2');
    expect(cells[header.indexOf('Without a location')]).toBe('2 (100 %)');
    await card.getByRole('img', { name: /^Data quality over time: / }).waitFor();
    const toggle = card.getByRole('button', { name: 'Show the figures' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await card.getByRole('button', { name: 'Hide the figures' }).getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page, 'overview-data-quality-trend');
    await page.close();
  });
});
