import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditPlan, listAssetTypes } from '@custodia/core';
import { type WebServer, signIn, startWebServer } from '../../../test/support/web.js';

/** The calendar date it is now in `timeZone`. */
const dateIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * Calendar dates in browsers far from UTC, in Debian's Chromium. At any hour at least one of the two zones is on
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
    assetId = (await server.db.db.selectFrom('assets').select('id').orderBy('tag').limit(1).executeTakeFirstOrThrow()).id;
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  for (const timezoneId of ['Pacific/Pago_Pago', 'Pacific/Kiritimati']) {
    it(`${timezoneId}: a due date shows as the day it is, and a new IMAC record starts from today there`, async () => {
      const page = await signIn(server, 'admin', undefined, { timezoneId, locale: 'en-US' });
      try {
        await page.goto(`${server.base}/audits`);
        const row = page.getByRole('row').filter({ hasText: 'Year-end count' });
        await row.waitFor();
        expect(await row.textContent()).toContain('Dec 15, 2026');

        const before = dateIn(timezoneId);
        await page.goto(`${server.base}/assets/${assetId}`);
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
