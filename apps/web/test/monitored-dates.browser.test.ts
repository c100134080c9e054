import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, listAssetTypes, updateAssetType } from '@custodia/core';
import { addDays, dateOf } from '@custodia/domain';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/**
 * Monitored dates in a real browser: with no date monitored the overview says so; an administrator marks the
 * licence's expiry date as monitored on its asset type page; the overview then counts the licence expiring soon and
 * leads to the register filtered on it, which shows the filter as a chip that removes it.
 */
describe('monitored dates in a real browser', () => {
  let server: WebServer;
  const licenceType = async () => (await listAssetTypes(server.ctx, { limit: 100 })).items.find((t) => t.key === 'software_licence')!;

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    // Start from a register whose types monitor nothing (as one created before monitored dates).
    for (const t of (await listAssetTypes(server.ctx, { limit: 100 })).items) {
      if (t.attributeSchema.some((f) => f.monitor)) await updateAssetType(server.ctx, t.id, t.version, { attributeSchema: t.attributeSchema.map(({ monitor: _m, ...f }) => f) });
    }
    const today = dateOf(new Date(), 'UTC');
    const type = await licenceType();
    await createAsset(server.ctx, { name: 'Office suite', assetTypeId: type.id, tag: 'LIC-EXPIRING', stage: 'available', attributes: { product: 'Office', expires_on: addDays(today, 20) } } as never);
    await createAsset(server.ctx, { name: 'Drawing tool', assetTypeId: type.id, tag: 'LIC-LATER', stage: 'available', attributes: { product: 'Draw', expires_on: addDays(today, 400) } } as never);
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('an administrator marks a date monitored; the overview counts it and leads to the register, filtered', async () => {
    const page = await signIn(server);
    const section = page.getByRole('region', { name: 'Monitored dates' });
    await section.getByText('No asset type monitors a date yet.').waitFor();
    await expectAccessible(page, 'dashboard-no-monitored-dates');

    await page.goto(`${server.base}/admin/asset-types/${(await licenceType()).id}`);
    const row = page.getByRole('group', { name: /^Attribute \d+: Expires on$/ });
    await row.getByRole('checkbox', { name: 'Monitor this date (dashboard and register)' }).check();
    // Started from the field's label; the administrator says what the date is and how far ahead to look.
    expect(await row.getByRole('textbox', { name: /^What the date is/ }).inputValue()).toBe('Expires on');
    await row.getByRole('textbox', { name: /^What the date is/ }).fill('');
    await page.getByRole('button', { name: 'Save the asset type' }).click();
    await row.getByText('What the date is must not be empty').waitFor();
    await row.getByRole('textbox', { name: /^What the date is/ }).fill('Licence expires');
    await row.getByRole('textbox', { name: /^Coming up from/ }).fill('90');
    await expectAccessible(page, 'asset-type-monitored-date');
    await page.getByRole('button', { name: 'Save the asset type' }).click();
    await expect.poll(async () => (await licenceType()).attributeSchema.find((f) => f.key === 'expires_on')?.monitor).toEqual({ label: 'Licence expires', leadDays: 90 });

    await page.goto(`${server.base}/`);
    const figures = page.getByRole('table', { name: 'Monitored dates, figures' });
    await figures.getByText('Licence expires').waitFor();
    await figures.getByText('Software licence · 90 days ahead').waitFor();
    await expectAccessible(page, 'dashboard-monitored-dates');
    await figures.getByRole('link', { name: 'Licence expires (Software licence) coming up within 90 days: 1' }).click();
    await page.waitForURL(/\/assets\?monitoredDate=software_licence\.expires_on\.soon$/);
    await page.getByText('1 asset', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'LIC-EXPIRING' }).waitFor();
    expect(await page.getByRole('link', { name: 'LIC-LATER' }).count()).toBe(0);
    // The view shows the date it is about, and says what it filters on.
    await page.getByRole('columnheader', { name: 'Expires on' }).waitFor();
    await page.getByText('Licence expires (Software licence): coming up within 90 days').waitFor();
    await expectAccessible(page, 'register-monitored-date');

    await page.getByRole('button', { name: 'Show all' }).click();
    await page.waitForURL((url) => !url.search.includes('monitoredDate'));
    await page.getByText('2 assets', { exact: true }).waitFor();

    // The licence's own page marks the date coming up, leading back to the filtered register.
    await page.getByRole('link', { name: 'LIC-EXPIRING' }).click();
    await page.getByRole('link', { name: /^Licence expires \S/ }).click();
    await page.waitForURL(/\/assets\?monitoredDate=software_licence\.expires_on\.soon$/);
    await page.close();
  });
});
