import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, listAssetTypes, transitionAsset, updateAttachment } from '@custodia/core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';
import { chosenFile, pdf, png } from '../../../test/support/files.js';

/** Files attached to an asset on its page, and the certificate of destruction attached while disposing of it. */
describe('attachments in a real browser', () => {
  let server: WebServer;
  const ref: Record<string, any> = {};

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    // Its warranty ends in ten days: the asset's page says so.
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    ref.files = await createAsset(ctx, { name: 'Laptop with papers', assetTypeId: laptop.id, tag: 'DOC-000001', stage: 'in_stock', warrantyEnd: soon } as never);
    const retired = await createAsset(ctx, { name: 'Laptop to shred', assetTypeId: laptop.id, tag: 'DOC-000002', stage: 'in_stock' } as never);
    ref.retired = await transitionAsset(ctx, retired.id, retired.version, 'decommission', { decommissioned_on: '2026-11-20', decommission_decision: 'dispose', data_handling: 'storage_destroyed', handling_proof_reference: 'CERT-DESTR-1' });
  }, 600_000);

  afterAll(async () => { await server?.close(); });

  const signedIn = () => signIn(server);

  it('attaches files to an asset: an invoice and a photo are listed and open; a disguised file is refused; a category is changed; deletion asks a reason', async () => {
    const page = await signedIn();
    try {
      const invoice = chosenFile('Invoice 2026-0412.pdf', pdf('Invoice 2026-0412'));
      const photo = chosenFile('front.png', png(64, 48));
      const fake = chosenFile('report.pdf', '<html><script>alert(1)</script></html>');
      await page.goto(`${server.base}/assets/${ref.files.id}`);
      const panel = page.locator('.mantine-Card-root', { has: page.getByRole('heading', { name: 'Attachments' }) });
      await panel.getByText(/No files attached/).waitFor();
      // Its warranty ends in ten days: the page says so, and the badge leads to every asset in that case.
      await page.getByRole('link', { name: 'Warranty ends within 90 days' }).waitFor();

      await panel.locator('input[type=file]').setInputFiles(invoice);
      await panel.getByLabel('Description').fill('Purchase invoice');
      // Filed as what it is: an invoice (the category starts as Other).
      expect(await panel.getByRole('combobox', { name: 'Category' }).inputValue()).toBe('Other');
      await panel.getByRole('combobox', { name: 'Category' }).click();
      await page.getByRole('option', { name: 'Invoice', exact: true }).click();
      await panel.getByRole('button', { name: 'Attach' }).click();
      await panel.getByRole('link', { name: 'Invoice 2026-0412.pdf' }).waitFor();
      await panel.getByText('Purchase invoice').waitFor();
      const table = panel.getByRole('table', { name: 'Attachments' });
      await table.getByRole('row', { name: /Invoice 2026-0412\.pdf/ }).getByText('Invoice', { exact: true }).waitFor();
      expect(await panel.getByRole('combobox', { name: 'Category' }).inputValue()).toBe('Other');
      await panel.locator('input[type=file]').setInputFiles(photo);
      await panel.getByRole('button', { name: 'Attach' }).click();
      await panel.getByRole('link', { name: 'front.png' }).waitFor();
      await table.getByRole('row', { name: /front\.png/ }).getByText('Other', { exact: true }).waitFor();
      // The thumbnail is the picture itself, decoded by the browser.
      await expect.poll(() => panel.locator('img').first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);

      const download = page.waitForEvent('download');
      await panel.getByRole('link', { name: 'Invoice 2026-0412.pdf' }).click();
      expect((await download).suggestedFilename()).toBe('Invoice 2026-0412.pdf');

      await panel.locator('input[type=file]').setInputFiles(fake);
      await panel.getByRole('button', { name: 'Attach' }).click();
      await panel.getByRole('alert').getByText(/named \.pdf but its content is not a PDF/).waitFor();
      await expectAccessible(page, 'attachments');

      // The photo is re-filed; someone else describes it meanwhile: the dialog says so and keeps the choice made.
      await panel.getByRole('button', { name: 'Edit front.png' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit front.png' });
      await edit.getByRole('combobox', { name: 'Category' }).click();
      await page.getByRole('option', { name: 'Photo', exact: true }).click();
      const stored = await server.db.db.selectFrom('attachments').select(['id', 'version']).where('asset_id', '=', ref.files.id).where('file_name', '=', 'front.png').executeTakeFirstOrThrow();
      await updateAttachment(server.ctx, stored.id, Number(stored.version), { description: 'Front side' });
      await edit.getByRole('button', { name: 'Save' }).click();
      await edit.getByRole('alert').getByText('Someone else changed this file while you were editing').waitFor();
      await edit.getByRole('alert').getByText(/It is now Other, “Front side”/).waitFor();
      expect(await edit.getByRole('combobox', { name: 'Category' }).inputValue()).toBe('Photo');
      await expectAccessible(page, 'attachment-edit-conflict');
      await edit.getByRole('button', { name: 'Save' }).click();
      await edit.waitFor({ state: 'detached' });
      await table.getByRole('row', { name: /front\.png/ }).getByText('Photo', { exact: true }).waitFor();
      const refiled = await server.db.db.selectFrom('attachments').select(['category', 'description', 'version']).where('id', '=', stored.id).executeTakeFirstOrThrow();
      expect({ ...refiled, version: Number(refiled.version) }).toEqual({ category: 'photo', description: null, version: 3 });

      await panel.getByRole('button', { name: 'Delete front.png' }).click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
      await dialog.getByLabel(/Reason/).fill('Blurred photo');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => panel.getByRole('link', { name: 'front.png' }).count()).toBe(0);
      // By keyboard: the toasts of the changes above may still cover the switch, at the top right.
      const showDeleted = panel.getByRole('switch', { name: 'Show deleted' });
      await showDeleted.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => showDeleted.isChecked()).toBe(true);
      await panel.getByText(/Blurred photo/).waitFor();
      const rows = await server.db.db.selectFrom('attachments').select(['file_name', 'deleted_at', 'delete_reason']).where('asset_id', '=', ref.files.id).orderBy('file_name').execute();
      expect(rows.map((r) => [r.file_name, r.delete_reason])).toEqual([['Invoice 2026-0412.pdf', null], ['front.png', 'Blurred photo']]);
    } finally {
      await page.close();
    }
  });

  it('disposes of an asset with its certificate of destruction attached from the transition form', async () => {
    const page = await signedIn();
    try {
      const certificate = chosenFile('certificate-4711.pdf', pdf('Certificate of destruction 4711'));
      await page.goto(`${server.base}/assets/${ref.retired.id}`);
      await page.getByRole('button', { name: 'Dispose', exact: true }).click();
      const dialog = page.getByRole('dialog');
      // The day of the disposal starts as today (the browser's day), and can be changed.
      const today = await page.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; });
      expect(await dialog.getByLabel(/Disposal date/).inputValue()).toBe(today);
      await dialog.getByLabel(/Disposal date/).fill('2026-11-25');
      await dialog.getByRole('combobox', { name: /^Reason/ }).click();
      await page.getByRole('option', { name: 'Obsolete', exact: true }).click();
      await dialog.getByRole('combobox', { name: /^Decision/ }).click();
      await page.getByRole('option', { name: 'Destruction', exact: true }).click();
      await dialog.locator('input[type=file]').setInputFiles(certificate);
      await dialog.getByText('Attached to the asset: certificate-4711.pdf').waitFor();
      await expect.poll(() => dialog.getByRole('textbox', { name: /^Proof of disposal/ }).inputValue()).toMatch(/^certificate-4711\.pdf \(attachment [0-9a-f-]{36}, SHA-256 [0-9a-f]{12}…\)$/);
      await expectAccessible(page, 'dispose-with-proof');
      await dialog.getByRole('button', { name: 'Dispose', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('link', { name: 'certificate-4711.pdf' }).waitFor();

      const attachment = await server.db.db.selectFrom('attachments').select(['id', 'description', 'category']).where('asset_id', '=', ref.retired.id).executeTakeFirstOrThrow();
      expect(attachment.category).toBe('certificate_of_destruction');
      const stored = await server.db.db.selectFrom('lifecycle_transitions').select('evidence').where('asset_id', '=', ref.retired.id).where('transition_key', '=', 'dispose').executeTakeFirstOrThrow();
      const evidence = typeof stored.evidence === 'string' ? JSON.parse(stored.evidence) : stored.evidence;
      expect(evidence.proof_reference).toContain(`attachment ${attachment.id}`);
      expect(attachment.description).toMatch(/^Proof of disposal/);
      // The certificate is now evidence: the panel offers no deletion and says why.
      const row = page.getByRole('table', { name: 'Attachments' }).getByRole('row', { name: /certificate-4711\.pdf/ });
      await row.getByText('Kept, cannot be deleted: It is the evidence of the transition "Dispose" recorded on', { exact: false }).waitFor();
      expect(await row.getByText('Evidence', { exact: true }).count()).toBe(1);
      expect(await row.getByRole('button', { name: 'Delete certificate-4711.pdf' }).count()).toBe(0);
      await expectAccessible(page, 'attachment-kept-as-evidence');
    } finally {
      await page.close();
    }
  });
});
