import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createAuditPlan, createReference, listAssetTypes, listAssets, people, recordImac } from '@custodia/core';
import { AssetListQuery } from '@custodia/contracts';
import { addDays } from '@custodia/domain';
import { type WebServer, signIn, startWebServer } from '../../../test/support/web.js';

/** The calendar date it is now in `timeZone`. */
const dateIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * Dates in browsers far from UTC, in Debian's Chromium. At any hour at least one of the two zones is on
 * another date than UTC (Pago Pago is UTC−11, Kiritimati UTC+14), so a form that starts from the UTC date is caught
 * whenever the test runs; and a due date read as a UTC timestamp shows the day before in Pago Pago at every hour.
 */
describe('calendar dates in the browser’s own time zone', () => {
  let server: WebServer;
  let assetId = '';

  beforeAll(async () => {
    server = await startWebServer({ assets: 20 });
    const laptop = (await listAssetTypes(server.ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    await createAuditPlan(server.ctx, { name: 'Year-end count', method: 'scan', scopeAssetTypeId: laptop.id, dueOn: '2026-12-15', assignees: [] });
    // Handed over on 5 January: an assignment period and an IMAC record, both calendar dates, and events at instants.
    const pat = await createReference<{ id: string }>(server.ctx, people, { name: 'Pat Zone', active: true });
    const asset = await createAsset(server.ctx, { name: 'Zone laptop', assetTypeId: laptop.id, tag: 'TZ-000001', stage: 'in_stock' } as never);
    await recordImac(server.ctx, asset.id, asset.version, { action: 'install', performedOn: '2026-01-05', personId: pat.id });
    assetId = asset.id;
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  for (const timezoneId of ['Pacific/Pago_Pago', 'Pacific/Kiritimati']) {
    it(`${timezoneId}: due dates, periods and history show their day as it is, instants with their time; a new IMAC record starts from today there`, async () => {
      const page = await signIn(server, 'admin', undefined, { timezoneId, locale: 'en-US' });
      try {
        await page.goto(`${server.base}/audits`);
        const row = page.getByRole('row').filter({ hasText: 'Year-end count' });
        await row.waitFor();
        expect(await row.textContent()).toContain('Dec 15, 2026');

        const before = dateIn(timezoneId);
        await page.goto(`${server.base}/assets/${assetId}`);
        // Every calendar date in the one style of the pages, never ISO, never the day before.
        await page.getByRole('table', { name: 'Assignment periods' }).getByRole('row').filter({ hasText: 'Pat Zone' }).filter({ hasText: 'Jan 5, 2026' }).waitFor();
        await page.getByRole('table', { name: 'IMAC records' }).getByRole('row').filter({ hasText: 'Jan 5, 2026' }).waitFor();
        const history = page.locator('.history-changes').getByRole('row').filter({ hasText: 'IMAC: performed on' });
        expect(await history.textContent()).toContain('Jan 5, 2026');
        // An event is an instant: its date and time where the reader is.
        const events = await server.db.db.selectFrom('events').select('occurred_at').where('entity_id', '=', assetId).execute();
        const local = (at: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: timezoneId }).format(new Date(at));
        for (const e of events) await page.getByText(local(e.occurred_at)).first().waitFor();
        await page.getByRole('button', { name: 'Record install, move, add or change' }).click();
        const performedOn = page.getByRole('dialog').getByLabel(/^Performed on/);
        await performedOn.waitFor();
        // Either reading, should midnight pass there meanwhile.
        expect([before, dateIn(timezoneId)]).toContain(await performedOn.inputValue());
      } finally {
        await page.close();
      }
    });
  }
});

/**
 * Key dates are the organisation's (CUSTODIA_TIME_ZONE), wherever the reader is: the asset page marks what the
 * dashboard and the register's filter count. The organisation is in Kiritimati (UTC+14) and the reader in Pago Pago
 * (UTC−11): their dates differ at every hour, so a page judging by the browser's own day is caught whenever it runs.
 */
describe('key dates on the organisation’s today, read from another time zone', () => {
  let server: WebServer;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startWebServer({ assets: 0, timeZone: 'Pacific/Kiritimati' });
    const laptop = (await listAssetTypes(server.ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    for (const [key, zone] of [['reader', 'Pacific/Pago_Pago'], ['organisation', 'Pacific/Kiritimati']] as const) {
      // An end of life a month ahead is due in both zones: its mark shows the page has judged the key dates.
      const eolDate = addDays(dateIn(zone), 30);
      ids[key] = (await createAsset(server.ctx, { name: `Warranty ends today in ${zone}`, assetTypeId: laptop.id, stage: 'in_stock', warrantyEnd: dateIn(zone), eolDate } as never)).id;
    }
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('the asset page marks a warranty ending on the organisation’s today, not on the reader’s, as the register filter does', async () => {
    const page = await signIn(server, 'admin', undefined, { timezoneId: 'Pacific/Pago_Pago', locale: 'en-US' });
    try {
      await page.goto(`${server.base}/assets/${ids['organisation']}`);
      await page.getByRole('link', { name: /^Warranty ends within \d+ days$/ }).waitFor();
      await page.getByRole('link', { name: /^End of life within \d+ days$/ }).waitFor();
      await page.goto(`${server.base}/assets/${ids['reader']}`);
      await page.getByRole('heading', { name: /Warranty ends today in Pacific\/Pago_Pago/ }).waitFor();
      await page.getByRole('link', { name: /^End of life within \d+ days$/ }).waitFor();
      expect(await page.getByRole('link', { name: /^Warranty ends within \d+ days$/ }).count()).toBe(0);
      const listed = (await listAssets(server.ctx, AssetListQuery.parse({ keyDate: 'warranty_ending' }))).items.map((a) => a.id);
      expect(listed).toEqual([ids['organisation']]);
    } finally {
      await page.close();
    }
  });
});
