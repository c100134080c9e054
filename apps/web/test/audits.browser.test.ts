import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createReference, listAssetTypes, locations } from '@custodia/core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, qrCodeVideo } from '../../../test/support/browser.js';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';
import { chosenFile, png } from '../../../test/support/files.js';

/** A physical audit in Debian's Chromium: plan it, run it on a phone-sized screen (type a tag, Enter), close it. */
describe('physical audits in a real browser', () => {
  let server: WebServer;
  const ref: Record<string, any> = {};

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    ref.lab = await createReference(ctx, locations, { name: 'Audit lab', code: 'LAB', kind: 'site' });
    ref.shelf = await createReference(ctx, locations, { name: 'Lab shelf A', code: 'LAB-A', kind: 'room', parentId: ref.lab.id });
    ref.elsewhere = await createReference(ctx, locations, { name: 'Warehouse', code: 'WH', kind: 'site' });
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    const asset = (tag: string, name: string, locationId: string) => createAsset(ctx, { name, assetTypeId: laptop.id, tag, stage: 'in_stock', locationId } as never);
    ref.one = await asset('AUD-000001', 'Shelf laptop one', ref.shelf.id);
    ref.two = await asset('AUD-000002', 'Shelf laptop two', ref.shelf.id);
    ref.three = await asset('AUD-000003', 'Lab laptop three', ref.lab.id);
    ref.away = await asset('AUD-000009', 'Warehouse laptop', ref.elsewhere.id);
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('plans an audit, records a typed tag on a phone and a QR label read by the camera, closes the run; every page passes axe', async () => {
    const page = await signIn(server);
    // Nothing found yet: the overview's findings over time say so.
    await page.getByRole('region', { name: 'Findings over time' }).getByText('No finding in the last 12 months.').waitFor();
    await page.goto(`${server.base}/audits`);
    await page.getByText('No audit is planned yet').waitFor();
    await expectAccessible(page, 'audits-empty');

    await page.getByRole('button', { name: 'Plan an audit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Plan an audit' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Audit lab stock take');
    await dialog.getByLabel(/^Location/).first().fill('Audit');
    await page.getByRole('option', { name: 'Audit lab', exact: true }).click();
    await dialog.getByLabel(/^Due on/).fill('2030-01-31');
    // Assignees are offered by name: accounts that may record audit work.
    await dialog.getByLabel(/^Assignees/).fill('ada');
    await page.getByRole('option', { name: 'Ada Admin (admin)' }).click();
    await expectAccessible(page, 'audit-plan-dialog');
    await dialog.getByRole('button', { name: 'Plan the audit' }).click();
    await page.waitForURL(/\/audits\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Audit lab stock take' }).waitFor();
    const planUrl = page.url();
    await page.getByText('Not run yet').waitFor();
    await expect.poll(() => page.getByText('Assignees').locator('..').textContent()).toContain('admin');
    await expectAccessible(page, 'audit-plan');

    await page.getByRole('button', { name: 'Start a run' }).click();
    await page.waitForURL(/\/audit-runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split('/').pop()!;

    // On a phone: the counts, the big tag input, Enter records.
    await page.setViewportSize({ width: 390, height: 844 });
    const counts = page.getByRole('list', { name: 'Counts' });
    await counts.getByRole('listitem', { name: 'Expected: 3' }).waitFor();
    await counts.getByRole('listitem', { name: 'Not found yet: 3' }).waitFor();
    await page.getByText('Nothing recorded yet').waitFor();
    await expectAccessible(page, 'audit-run-phone');
    const tag = page.getByRole('textbox', { name: /^Asset tag/ });
    await expect.poll(() => tag.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await tag.fill('aud-000001');
    await tag.press('Enter');
    await counts.getByRole('listitem', { name: 'Found: 1' }).waitFor();
    await counts.getByRole('listitem', { name: 'Not found yet: 2' }).waitFor();
    await page.getByRole('status').getByText('AUD-000001 (Shelf laptop one): found.').waitFor();
    await page.getByRole('list', { name: 'Latest recorded' }).getByText('AUD-000001').waitFor();
    expect(await tag.inputValue()).toBe('');
    // A tag the register does not know is counted as not expected.
    await tag.fill('NOT-A-TAG');
    await tag.press('Enter');
    await counts.getByRole('listitem', { name: 'Not expected: 1' }).waitFor();
    const stored = await server.db.db.selectFrom('audit_items').select(['tag', 'result', 'method']).where('run_id', '=', runId).where('recorded_at', 'is not', null).orderBy('tag').execute();
    expect(stored).toEqual([{ tag: 'AUD-000001', result: 'found', method: 'typed' }, { tag: 'NOT-A-TAG', result: 'unexpected', method: 'typed' }]);
    await expectAccessible(page, 'audit-run-phone-recorded');

    // The camera scanner on a device without a camera: it says so, and typing still works.
    await page.getByRole('button', { name: 'Scan with camera' }).click();
    const camera = page.getByRole('dialog', { name: 'Scan with camera' });
    await camera.getByText(/No camera was found|Camera access was refused|camera could not be started/).waitFor();
    await expectAccessible(page, 'audit-camera-unavailable');
    await camera.getByRole('button', { name: 'Done' }).click();
    await camera.waitFor({ state: 'detached' });

    // With a camera pointed at the QR label of AUD-000002, found in the warehouse (chosen under "Found at": a camera
    // read is recorded where the auditor says, as a typed tag is). Headless Chromium has no BarcodeDetector, so this reads it
    // with the ZXing WebAssembly reader the page falls back to (as on an iPhone), served by Custodia itself.
    // Chromium reads the fake camera's video from a file.
    const videoDir = mkdtempSync(join(tmpdir(), 'custodia-camera-'));
    const phone = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${qrCodeVideo('AUD-000002', join(videoDir, 'label.y4m'))}`]);
    try {
      const scanner = await signIn({ ...server, browser: phone });
      await scanner.context().grantPermissions(['camera'], { origin: server.base });
      await scanner.goto(`${server.base}/audit-runs/${runId}`);
      expect(await scanner.evaluate(() => 'BarcodeDetector' in window)).toBe(false);
      await scanner.getByLabel(/^Found at/).first().fill('Wareh');
      await scanner.getByRole('option', { name: 'Warehouse', exact: true }).click();
      await scanner.getByRole('button', { name: 'Scan with camera' }).click();
      const live = scanner.getByRole('dialog', { name: 'Scan with camera' });
      await live.getByText(/as found at Warehouse/).waitFor();
      await live.getByRole('status').getByText(/^AUD-000002 \(Shelf laptop two\): found at Warehouse/).waitFor({ timeout: 30_000 });
      await expectAccessible(scanner, 'audit-camera-scanning');
      await live.getByRole('button', { name: 'Done' }).click();
      const scanned = await server.db.db.selectFrom('audit_items').select(['result', 'method']).where('run_id', '=', runId).where('tag', '=', 'AUD-000002').executeTakeFirstOrThrow();
      expect(scanned).toEqual({ result: 'wrong_location', method: 'scan' });
    } finally {
      await phone.close();
      rmSync(videoDir, { recursive: true, force: true });
    }
    await page.reload();
    await counts.getByRole('listitem', { name: 'Found: 1' }).waitFor();
    await counts.getByRole('listitem', { name: 'Found elsewhere: 1' }).waitFor();

    // The signed count sheet is kept with the run.
    const panel = page.locator('.mantine-Card-root', { has: page.getByRole('heading', { name: 'Attachments' }) });
    await panel.getByText(/Keep signed count sheets/).waitFor();
    await panel.locator('input[type=file]').setInputFiles(chosenFile('Count sheet signed.png', png(60, 80)));
    await panel.getByLabel('Description').fill('Signed by the site manager');
    await panel.getByRole('button', { name: 'Attach' }).click();
    await panel.getByRole('link', { name: 'Count sheet signed.png' }).waitFor();

    // Close, after confirming: the one not found is missing, the findings queued, the found laptops verified today.
    await page.getByRole('button', { name: 'Close run' }).click();
    const confirm = page.getByRole('dialog', { name: 'Close this run?' });
    await confirm.getByText(/1 expected asset has not been found/).waitFor();
    await expectAccessible(page, 'audit-close');
    await confirm.getByRole('button', { name: 'Close the run' }).click();
    await confirm.waitFor({ state: 'detached' });
    await counts.getByRole('listitem', { name: 'Missing: 1' }).waitFor();
    await page.getByText('This run is closed').waitFor();
    expect(await page.getByRole('textbox', { name: /^Asset tag/ }).count()).toBe(0);
    const run = await server.db.db.selectFrom('audit_runs').select(['status', 'closed_by']).where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run).toEqual({ status: 'closed', closed_by: 'admin' });
    const discrepancies = await server.db.db.selectFrom('discrepancies').select(['kind', 'owner', 'due_on']).where('audit_run_id', '=', runId).execute();
    expect(discrepancies.map((d) => d.kind).sort()).toEqual(['audit_missing', 'audit_unexpected', 'audit_wrong_location']);
    expect(discrepancies.every((d) => d.owner === 'admin' && d.due_on !== null)).toBe(true);
    const verified = await server.db.db.selectFrom('assets').select(['tag', 'last_verified_on']).where('tag', 'like', 'AUD-%').orderBy('tag').execute();
    // Found where the register expects it: verified today. Found elsewhere: a discrepancy to settle first.
    expect(verified.map((a) => [a.tag, a.last_verified_on !== null])).toEqual([['AUD-000001', true], ['AUD-000002', false], ['AUD-000003', false], ['AUD-000009', false]]);
    await expectAccessible(page, 'audit-run-closed');

    // The printable report and its CSV.
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole('link', { name: 'Report' }).click();
    await page.getByRole('heading', { name: 'Audit report: Audit lab stock take' }).waitFor();
    const rows = page.getByRole('table', { name: 'Items of the run' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.first().textContent()).toContain('Missing');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(csv).toHaveLength(1 + 4);
    const documents = page.getByRole('table', { name: 'Documents kept with the run' });
    await documents.getByRole('link', { name: 'Count sheet signed.png' }).waitFor();
    expect(await documents.locator('tbody tr').first().textContent()).toContain('Signed by the site manager');
    await expectAccessible(page, 'audit-report');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The findings are in the discrepancy queue with the owner and due date given at the close.
    await page.goto(`${server.base}/discrepancies`);
    await page.getByRole('cell', { name: /^admin · / }).first().waitFor();

    // The plan's runs say how accurate the register was: one of the three expected found where it was placed.
    await page.goto(planUrl);
    const runs = page.getByRole('table', { name: 'Runs of this plan' });
    await runs.getByRole('cell', { name: '33 %' }).waitFor();
    expect(await runs.locator('tbody tr').first().locator('td').nth(8).textContent()).toBe('—');
    await expectAccessible(page, 'audit-plan-accuracy');

    // The overview: this month's three findings raised and still open, drawn and in a table read aloud, shown on request.
    await page.goto(`${server.base}/`);
    const trend = page.getByRole('region', { name: 'Findings over time' });
    const figures = trend.getByRole('table', { name: 'Findings over time, figures' });
    await expect.poll(async () => (await figures.locator('tbody tr').last().locator('td').allTextContents()).slice(1)).toEqual(['3', '0', '3', '—']);
    expect(await figures.locator('tbody tr').count()).toBe(12);
    const toggle = trend.getByRole('button', { name: 'Show the figures' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await trend.getByRole('button', { name: 'Hide the figures' }).getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page, 'overview-findings-trend');
    await page.close();
  });
});
