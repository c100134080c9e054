import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueModels, createAsset, createReference, listAssetTypes, manufacturers, people, updateAssetType } from '@custodia/core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/** A bulk assignment hands many assets over at once: their usage policies are told once, and each asset records it. */
describe('bulk hand-over in a real browser', () => {
  let server: WebServer;
  const ref: Record<string, any> = {};
  const TAGS = ['BLK-000001', 'BLK-000002', 'BLK-000003'];

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    await updateAssetType(ctx, laptop.id, laptop.version, { usagePolicy: 'Lock the screen when you leave your desk.' });
    const maker = await createReference<{ id: string }>(ctx, manufacturers, { name: 'Bulk Maker' });
    const model = await createReference<{ id: string }>(ctx, catalogueModels, {
      name: 'Bulk Book 13', manufacturerId: maker.id, assetTypeId: laptop.id, defaultSpecs: {}, usagePolicy: 'Full-disk encryption must be on before hand-over.',
    });
    ref.person = await createReference(ctx, people, { name: 'Nia Bulk-Test', email: 'nia.bulk@example.test', active: true });
    // Two of the model (the same policies twice), one without a model (the type's policy alone).
    ref.assets = [];
    for (const [i, tag] of TAGS.entries()) {
      ref.assets.push(await createAsset(ctx, { name: `Bulk laptop ${i + 1}`, assetTypeId: laptop.id, modelId: i < 2 ? model.id : null, tag, stage: 'in_stock' } as never));
    }
  }, 600_000);

  afterAll(async () => { await server?.close(); });

  it('shows the distinct usage policies once, asks for the tick before applying, and records it in the history of each asset', async () => {
    const page = await signIn(server);
    await page.goto(`${server.base}/assets?q=BLK-`);
    await page.getByRole('table', { name: 'Assets' }).getByRole('link', { name: TAGS[2] }).waitFor();
    for (const tag of TAGS) await page.getByRole('checkbox', { name: `Select ${tag}` }).check();
    await page.getByRole('button', { name: 'Change selected (3)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change 3 assets' });
    await dialog.waitFor();
    // Not a hand-over: nothing to tell.
    expect(await dialog.getByText('Before you hand it over').count()).toBe(0);
    await dialog.getByLabel(/^Transition/).first().click();
    await page.getByRole('option', { name: 'Assign', exact: true }).click();
    await dialog.getByLabel(/Assigned to/).first().fill('Nia');
    await page.getByRole('option', { name: /Nia Bulk-Test/ }).click();
    // Each policy once, though two assets carry the model's and all three the type's.
    const policies = dialog.getByRole('alert').filter({ hasText: 'Before you hand it over' });
    await policies.getByText('Catalogue model · Bulk Book 13').waitFor();
    expect(await policies.getByText('Asset type · Laptop').count()).toBe(1);
    expect(await policies.getByText('Catalogue model · Bulk Book 13').count()).toBe(1);
    expect(await policies.getByText('Full-disk encryption must be on before hand-over.').count()).toBe(1);
    const told = dialog.getByRole('checkbox', { name: 'I have told Nia Bulk-Test about these policies' });

    // Checking writes nothing and needs no tick; applying without it is refused by the form, nothing written.
    await dialog.getByRole('button', { name: 'Check each asset' }).click();
    await dialog.getByText('Every asset can take this change').waitFor();
    await dialog.getByRole('button', { name: 'Apply to 3' }).click();
    await dialog.getByText('Tell them about these policies first, then tick this box').waitFor();
    const stored = async () => (await server.db.db.selectFrom('assets').select(['tag', 'stage', 'assigned_person_id']).where('tag', 'in', TAGS).orderBy('tag').execute());
    expect((await stored()).map((a) => a.stage)).toEqual(['in_stock', 'in_stock', 'in_stock']);
    await told.check();
    await expectAccessible(page, 'bulk-hand-over');
    await dialog.getByRole('button', { name: 'Apply to 3' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await stored()).toEqual(TAGS.map((tag) => ({ tag, stage: 'in_use', assigned_person_id: ref.person.id })));
    for (const asset of ref.assets) {
      const events = await server.db.db.selectFrom('events').select('changes').where('entity_id', '=', asset.id).where('action', '=', 'transition').execute();
      expect(events.map((e) => JSON.parse(String(e.changes)).policiesAcknowledged?.after), asset.tag).toEqual([true]);
    }
    await page.close();
  });
});
