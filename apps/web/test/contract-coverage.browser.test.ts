import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, listAssetTypes } from '@custodia/core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/**
 * Support contracts in a real browser: on a contract's page an asset is found by its tag and covered, then removed;
 * the covered laptop's page shows the contract, until when it covers it, and whether it holds today.
 */
describe('contract coverage in a real browser', () => {
  let server: WebServer;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const types = (await listAssetTypes(server.ctx, { limit: 100 })).items;
    const laptop = types.find((t) => t.key === 'laptop')!;
    // The support contract type a new register ships.
    const contractType = types.find((t) => t.key === 'support_contract')!;
    ids['contract'] = (await createAsset(server.ctx, { name: 'On-site support', assetTypeId: contractType.id, tag: 'SUP-0001', stage: 'active', attributes: { starts_on: '2026-01-01', ends_on: '2030-12-31' } } as never)).id;
    ids['laptop'] = (await createAsset(server.ctx, { name: 'Broken laptop', assetTypeId: laptop.id, tag: 'LAP-COVERED', warrantyEnd: '2025-06-30' } as never)).id;
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('a contract covers a laptop found by its tag; the laptop shows it beside its warranty; removing it asks first', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets/${ids['contract']}`);
    const covers = page.locator('.mantine-Card-root').filter({ has: page.getByRole('heading', { name: 'Covers' }) });
    await covers.getByText('This contract covers no asset yet.').waitFor();
    await covers.getByLabel(/^Asset to cover/).first().fill('LAP-COV');
    await page.getByRole('option', { name: 'LAP-COVERED · Broken laptop' }).click();
    await covers.getByRole('textbox', { name: /^Note/ }).fill('Call 0800 4711, contract 42');
    await covers.getByRole('button', { name: 'Add coverage' }).click();
    await covers.getByRole('link', { name: 'LAP-COVERED · Broken laptop' }).waitFor();
    await covers.getByText('Active').waitFor();
    await expectAccessible(page, 'contract-covers');

    await covers.getByRole('link', { name: 'LAP-COVERED · Broken laptop' }).click();
    const support = page.locator('.mantine-Card-root').filter({ has: page.getByRole('heading', { name: 'Support and warranty' }) });
    await support.getByRole('link', { name: 'SUP-0001 · On-site support' }).waitFor();
    expect(await support.getByTestId('covered-until').innerText()).toMatch(/^Covered by a support contract until .*2030/);
    await support.getByText(/^Warranty end: .*\(passed\)$/).waitFor();
    await support.getByText('Call 0800 4711, contract 42').waitFor();
    await expectAccessible(page, 'asset-support-and-warranty');

    await support.getByRole('link', { name: 'SUP-0001 · On-site support' }).click();
    await covers.getByRole('button', { name: 'Remove LAP-COVERED' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await covers.getByText('This contract covers no asset yet.').waitFor();
    await page.close();
  });
});
