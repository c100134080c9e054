import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from 'playwright-core';
import { createAsset, createAuditPlan, createReference, listAssetTypes, locations, people, startAuditRun, updateAuditPlan } from '@custodia/core';
import { readStoredChanges } from '@custodia/domain';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/**
 * Cycle counting in Debian's Chromium: a repeating audit of a random sample is planned (the dialog checks its fields
 * first), run — a stolen laptop scanned is flagged at once and queued as reported again — and closed, after which the
 * plan is due on its next date; overdue plans are listed with their own filter. A plan is edited in its dialog: only
 * what changed is sent, with the plan's version; the API's refusals show beside their fields, and when someone else
 * saved first the person's changes are re-applied on the other version; assignees named by person id show the person's
 * name there. The report of a large run shows its items a page at a time, and prints them all.
 */
describe('recurring and sampled audits in a real browser', () => {
  let server: WebServer;
  const ref: Record<string, any> = {};

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    ref.lab = await createReference(ctx, locations, { name: 'Cycle lab', code: 'CYC', kind: 'site' });
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    for (let i = 1; i <= 8; i++) await createAsset(ctx, { name: `Cycle laptop ${i}`, assetTypeId: laptop.id, tag: `CYC-00${i}`, stage: 'in_stock', locationId: ref.lab.id } as never);
    ref.stolen = await createAsset(ctx, { name: 'Stolen laptop', assetTypeId: laptop.id, tag: 'CYC-900', stage: 'in_stock', locationId: ref.lab.id } as never);
    await server.db.db.updateTable('assets').set({ stage: 'stolen' }).where('id', '=', ref.stolen.id).execute();
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('plans a monthly sampled audit, flags a stolen laptop scanned, closes the run: the plan is due next month; overdue plans are filtered', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/audits?overdue=true`);
    await page.getByText('No audit is overdue').waitFor();

    await page.goto(`${server.base}/audits`);
    await page.getByRole('button', { name: 'Plan an audit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Plan an audit' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Cycle lab monthly sample');
    await dialog.getByLabel(/^Location/).first().fill('Cycle');
    await page.getByRole('option', { name: 'Cycle lab', exact: true }).click();
    await dialog.getByRole('checkbox', { name: /Repeat this audit/ }).check();
    await dialog.getByRole('radio', { name: 'A random number of assets' }).check();
    await dialog.getByRole('textbox', { name: 'Assets in the sample' }).fill('0');
    // Checked before sending: a repeating audit needs a due date, a sample at least one asset; nothing is written.
    await dialog.getByRole('button', { name: 'Plan the audit' }).click();
    await dialog.getByText('A repeating audit needs a due date: its schedule counts from it').waitFor();
    await dialog.getByText('Choose a whole number of assets from 1 to 100000').waitFor();
    expect((await server.db.db.selectFrom('audit_plans').select('id').execute()).length).toBe(0);
    await expectAccessible(page, 'audit-plan-dialog-schedule-errors');

    await dialog.getByLabel(/^Due on/).fill('2030-01-31');
    await dialog.getByRole('textbox', { name: 'Assets in the sample' }).fill('3');
    await dialog.getByRole('button', { name: 'Plan the audit' }).click();
    await page.waitForURL(/\/audits\/[0-9a-f-]{36}$/);
    await page.getByText(/^Every month, counted from/).waitFor();
    await page.getByText('A random sample of 3 assets').waitFor();
    await expectAccessible(page, 'audit-plan-recurring-sample');

    await page.getByRole('button', { name: 'Start a run' }).click();
    await page.waitForURL(/\/audit-runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split('/').pop()!;
    // The stolen laptop is not in the scope a run expects: 8 assets, 3 drawn.
    await page.getByText(/^Random sample: 3 of 8 assets in scope, drawn with seed [0-9a-f]{16}/).waitFor();
    const counts = page.getByRole('list', { name: 'Counts' });
    await counts.getByRole('listitem', { name: 'Expected: 3' }).waitFor();

    const tag = page.getByRole('textbox', { name: /^Asset tag/ });
    await tag.fill('cyc-900');
    await tag.press('Enter');
    await page.getByRole('status').getByText('CYC-900 (Stolen laptop): the register holds it as stolen. Closing the run queues it as reported again.').waitFor();
    await page.getByRole('list', { name: 'Latest recorded' }).getByText('Registered as Stolen').waitFor();
    await expectAccessible(page, 'audit-run-sample-stolen');

    await page.getByRole('button', { name: 'Close run' }).click();
    const confirm = page.getByRole('dialog', { name: 'Close this run?' });
    await confirm.getByRole('button', { name: 'Close the run' }).click();
    await confirm.waitFor({ state: 'detached' });
    await counts.getByRole('listitem', { name: 'Missing: 3' }).waitFor();
    const queued = await server.db.db.selectFrom('discrepancies').select(['kind', 'asset_id']).where('audit_run_id', '=', runId).execute();
    expect(queued.filter((d) => d.asset_id === ref.stolen.id).map((d) => d.kind)).toEqual(['reported_again']);
    expect(queued.filter((d) => d.kind === 'audit_missing')).toHaveLength(3);

    // Closed early, it counted for 31 January: the plan is planned again, due on the last day of February.
    await page.getByRole('link', { name: /^← Cycle lab monthly sample/ }).click();
    await page.getByText('Next due on').waitFor();
    const plan = await server.db.db.selectFrom('audit_plans').select(['id', 'status', 'due_on']).executeTakeFirstOrThrow();
    expect(plan).toMatchObject({ status: 'planned', due_on: '2030-02-28' });
    await page.getByText(new Date('2030-02-28T00:00:00Z').toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })).first().waitFor();

    // Months go by: the plan is overdue, on its page and in the list's filter.
    await server.db.db.updateTable('audit_plans').set({ due_on: '2026-01-31' }).where('id', '=', plan.id).execute();
    await page.reload();
    await page.getByText('Overdue', { exact: true }).first().waitFor();
    await page.goto(`${server.base}/audits`);
    await page.getByLabel('Due', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Overdue' }).click();
    await page.waitForURL(/overdue=true/);
    const rows = page.getByRole('table', { name: 'Audit plans' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/Cycle lab monthly sample.*Overdue.*every month/);
    await expectAccessible(page, 'audits-overdue');
    await page.close();
  });

  it('edits a plan: a refusal shown beside its field, the changes saved with the version, a conflict re-applied on the other version', async () => {
    const plan = await createAuditPlan(server.ctx, { name: 'Shelf recount', method: 'scan', scopeLocationId: ref.lab.id, dueOn: '2030-01-31', recurrence: { every: 1, unit: 'months' }, assignees: [] });
    const row = async () => {
      const r = await server.db.db.selectFrom('audit_plans').selectAll().where('id', '=', plan.id).executeTakeFirstOrThrow();
      return { ...r, version: Number(r.version), sample_percent: r.sample_percent === null ? null : Number(r.sample_percent), recurrence_every: Number(r.recurrence_every) };
    };
    const page = await signIn(server);
    await page.goto(`${server.base}/audits/${plan.id}`);
    await page.getByRole('button', { name: 'Edit plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit audit plan' });
    const name = dialog.getByRole('textbox', { name: /^Name/ });
    const due = dialog.getByLabel(/^Next due on/);
    expect(await name.inputValue()).toBe('Shelf recount');
    expect(await due.inputValue()).toBe('2030-01-31');
    expect(await dialog.getByRole('checkbox', { name: /Repeat this audit/ }).isChecked()).toBe(true);
    await expectAccessible(page, 'audit-plan-edit-dialog');

    // A date past everywhere: the API refuses it, the dialog says why beside the field, nothing is written.
    await due.fill('2020-01-01');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText(/^Choose \d{4}-\d{2}-\d{2} or a later date$/).waitFor();
    expect(await row()).toMatchObject({ version: 1, due_on: '2030-01-31' });

    // Renamed, checked by hand, half of the scope, a new first date: saved; the schedule counts from the new date.
    await name.fill('Shelf recount (by hand)');
    await dialog.getByRole('radio', { name: 'Check by hand against the list' }).check();
    await dialog.getByRole('radio', { name: 'A random percentage' }).check();
    await dialog.getByRole('textbox', { name: 'Percentage of the scope' }).fill('50');
    await due.fill('2030-03-15');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Shelf recount (by hand)' }).waitFor();
    await page.getByText('A random sample of 50 %').waitFor();
    expect(await row()).toMatchObject({ version: 2, name: 'Shelf recount (by hand)', method: 'manual', sample_percent: 50, due_on: '2030-03-15', recurrence_anchor_on: '2030-03-15', recurrence_every: 1 });

    // Someone else saves while the dialog is open: the save meets 412 and writes nothing; re-applied, both changes hold.
    await page.getByRole('button', { name: 'Edit plan' }).click();
    await name.fill('Shelf recount, quarterly');
    await dialog.getByRole('textbox', { name: 'Every' }).fill('3');
    await updateAuditPlan(server.ctx, plan.id, 2, { notes: 'Bring the ladder' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Someone else changed this plan while you were editing').waitFor();
    expect(await row()).toMatchObject({ version: 3, name: 'Shelf recount (by hand)', recurrence_every: 1 });
    await expectAccessible(page, 'audit-plan-edit-conflict');
    await dialog.getByRole('button', { name: 'Reload and re-apply my changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row()).toMatchObject({
      version: 4, name: 'Shelf recount, quarterly', notes: 'Bring the ladder', method: 'manual', sample_percent: 50, due_on: '2030-03-15', recurrence_every: 3, recurrence_unit: 'months',
    });
    await page.getByText(/^Every 3 months, counted from/).waitFor();
    await page.getByText('Bring the ladder').waitFor();
    // Each save is one event in the plan's history, naming only what it changed.
    const changes = (await server.db.db.selectFrom('events').select('changes').where('entity_id', '=', plan.id).where('action', '=', 'update').orderBy('seq').execute())
      .map((e) => Object.keys(readStoredChanges(e.changes)).sort());
    expect(changes).toEqual([['dueOn', 'method', 'name', 'recurrence', 'sample'], ['notes'], ['name', 'recurrence']]);
    await page.close();
  });

  it('shows assignees named by person id by their name in the edit dialog, and keeps them as they were', async () => {
    const ada = await createReference<{ id: string }>(server.ctx, people, { name: 'Ada Lovelace', email: 'ada@example.com', active: true });
    const plan = await createAuditPlan(server.ctx, { name: 'Named walkers', method: 'scan', scopeLocationId: ref.lab.id, assignees: [ada.id, 'admin'] });
    const page = await signIn(server);
    await page.goto(`${server.base}/audits/${plan.id}`);
    await expect.poll(() => page.getByText('Assignees').locator('..').textContent()).toContain('Ada Lovelace, admin');
    await page.getByRole('button', { name: 'Edit plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit audit plan' });
    const pills = dialog.locator('.mantine-Pill-label');
    await expect.poll(() => pills.allTextContents()).toEqual(['Ada Lovelace', 'admin']);
    expect(await dialog.textContent()).not.toContain(ada.id);
    await expectAccessible(page, 'audit-plan-edit-assignee-names');
    // Renamed only: the assignees are not sent, and stay the person's id and the login.
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Named walkers, spring');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = await server.db.db.selectFrom('audit_plans').select(['name', 'assignees']).where('id', '=', plan.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Named walkers, spring');
    expect(typeof row.assignees === 'string' ? JSON.parse(row.assignees) : row.assignees).toEqual([ada.id, 'admin']);
    await page.close();
  });

  it('shows a large run\'s report a page at a time, and prints every item', async () => {
    const hall = await createReference<{ id: string }>(server.ctx, locations, { name: 'Report hall', code: 'RPH', kind: 'site' });
    const laptop = (await listAssetTypes(server.ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    for (let i = 1; i <= 205; i++) await createAsset(server.ctx, { name: `Hall laptop ${i}`, assetTypeId: laptop.id, tag: `RPH-${String(i).padStart(4, '0')}`, stage: 'in_stock', locationId: hall.id } as never);
    const plan = await createAuditPlan(server.ctx, { name: 'Report hall count', method: 'scan', scopeLocationId: hall.id, assignees: [] });
    const run = await startAuditRun(server.ctx, plan.id);
    const page = await signIn(server);
    await page.goto(`${server.base}/audit-runs/${run.id}/report`);
    const rows = page.getByRole('table', { name: 'Items of the run' }).locator('tbody tr');
    await page.getByText('Showing 200 of 205 items.').waitFor();
    expect(await rows.count()).toBe(200);
    await expectAccessible(page, 'audit-report-first-page');
    await page.getByRole('button', { name: 'Show more items' }).click();
    await expect.poll(() => rows.count()).toBe(205);
    expect(await page.getByText(/^Showing/).count()).toBe(0);

    // why: the browser's print dialog is outside the page; the stand-in counts the rows on the page when it opens.
    await page.reload();
    await page.getByText('Showing 200 of 205 items.').waitFor();
    await page.evaluate(() => { window.print = () => { (window as unknown as { printedRows: number }).printedRows = document.querySelectorAll('table[aria-label="Items of the run"] tbody tr').length; }; });
    await page.getByRole('button', { name: 'Print' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printedRows?: number }).printedRows)).toBe(205);

    // A page that cannot be read while printing: nothing is printed, the failure is shown, and Print can be pressed
    // again (it stayed loading for good); pressed once the server answers, it reads the rest and prints it all.
    // why: the only way to make the second page fail is to answer its request in the browser.
    await page.reload();
    await page.getByText('Showing 200 of 205 items.').waitFor();
    await page.evaluate(() => { window.print = () => { (window as unknown as { printedRows: number }).printedRows = document.querySelectorAll('table[aria-label="Items of the run"] tbody tr').length; }; });
    const failing = (route: Route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ status: 503, code: 'UNAVAILABLE', title: 'The database is unavailable; retry shortly' }) });
    await page.route(/\/report\?.*cursor=/, failing);
    const print = page.getByRole('button', { name: 'Print' });
    await print.click();
    await page.getByRole('alert').filter({ hasText: 'The database is unavailable' }).waitFor();
    await expect.poll(() => print.isEnabled()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { printedRows?: number }).printedRows)).toBeUndefined();
    await page.unroute(/\/report\?.*cursor=/, failing);
    await print.click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printedRows?: number }).printedRows)).toBe(205);
    await page.close();
  });
});
