import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createAsset, listAssetTypes, updateAssetType } from '@custodia/core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

interface Definition { stages: { key: string; name: string }[]; transitions: { key: string; name: string; from: string[]; to: string }[] }

/** Asset types with their attribute schemas, and lifecycle models drawn as diagrams and edited into new versions. */
describe('asset types and lifecycle models in a real browser', () => {
  let server: WebServer;
  beforeAll(async () => { server = await startWebServer({ assets: 0 }); }, 600_000);
  afterAll(async () => { await server?.close(); });

  const versions = async (key: string) => {
    const rows = await server.db.db.selectFrom('lifecycle_models').select(['id', 'version', 'definition']).where('key', '=', key).orderBy('version', 'desc').execute();
    return rows.map((r) => ({ id: r.id, version: Number(r.version), definition: (typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition) as Definition }));
  };
  const laptop = async () => (await listAssetTypes(server.ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
  const nodes = (page: Page) => page.locator('.react-flow__node-stage');
  const edges = (page: Page) => page.locator('.react-flow__edge');
  // One labelled edge per transition; a transition from several stages also has a route from each into its junction.
  const edgeCount = (d: Definition) => d.transitions.reduce((n, t) => n + (new Set(t.from).size > 1 ? new Set(t.from).size + 1 : 1), 0);

  it('draws the hardware model: a node per stage, a labelled edge per transition (self-loops too), all listed as text', async () => {
    const [hardware] = await versions('hardware');
    const def = hardware!.definition;
    const page = await signIn(server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lifecycle models' }).click();
    const table = page.getByRole('table', { name: 'Lifecycle models' });
    await table.getByRole('link', { name: 'Hardware' }).waitFor();
    await expectAccessible(page, 'lifecycle-models');
    await table.getByRole('link', { name: 'Hardware' }).click();
    await page.getByRole('heading', { name: 'Hardware', level: 1 }).waitFor();

    await expect.poll(() => nodes(page).count()).toBe(def.stages.length);
    await expect.poll(() => edges(page).count()).toBe(edgeCount(def));
    // Every stage is drawn with its name; the reassign self-loop is an edge of its own, labelled.
    for (const s of def.stages) await page.locator('.react-flow__node-stage', { hasText: s.name }).first().waitFor();
    expect(await page.locator('.custodia-edge-label').count()).toBe(def.transitions.length);
    const reassign = page.getByRole('group', { name: 'Transition Reassign: from Assigned / in use to Assigned / in use' });
    await reassign.waitFor();
    expect(await reassign.locator('path.react-flow__edge-path').getAttribute('d')).toMatch(/C/);
    await page.locator('.custodia-edge-label', { hasText: /^Reassign$/ }).waitFor();

    // The side panel lists the model as text; choosing a transition shows its sources, guards, effects and evidence.
    const outline = page.locator('#model-outline');
    expect(await outline.getByRole('list', { name: 'Stages' }).getByRole('button').count()).toBe(def.stages.length);
    expect(await outline.getByRole('list', { name: 'Transitions' }).getByRole('button').count()).toBe(def.transitions.length);
    await outline.getByRole('button', { name: /^Decommission —/ }).click();
    await outline.getByText('Transition: Decommission').waitFor();
    await outline.getByText('From: In stock, Assigned / in use, In maintenance, Missing').waitFor();
    await outline.getByText('Ends the current assignment').waitFor();
    await outline.getByRole('table', { name: 'Evidence fields of Decommission' }).getByText('Data handling (per information security policy)').waitFor();
    // Selected in the panel, it is highlighted in the drawing: its routes from the four stages and its arrow.
    await expect.poll(() => page.locator('.react-flow__edge.selected').count()).toBe(5);

    // Keyboard: a focused node is chosen with Enter, and the panel follows.
    await page.locator('.react-flow__node-stage', { hasText: 'Legal hold' }).focus();
    await page.keyboard.press('Enter');
    await outline.getByText('Stage: Legal hold').waitFor();
    await outline.getByText(/Reached by: Place on legal hold/).waitFor();
    await expectAccessible(page, 'lifecycle-model');
    await page.close();
  });

  it('saves a new version with an added stage and transition; the diagram follows the edits; the version is listed', async () => {
    const [before] = await versions('hardware');
    const def = before!.definition;
    const page = await signIn(server);
    await page.goto(`${server.base}/admin/lifecycle-models/${before!.id}`);
    await page.getByRole('button', { name: 'Create a new version' }).click();
    await page.getByRole('heading', { name: 'New version of Hardware' }).waitFor();

    await page.getByRole('button', { name: 'Add a stage' }).click();
    const stage = page.getByRole('group', { name: `Stage ${def.stages.length + 1}` });
    await stage.getByRole('textbox', { name: /^Name/ }).fill('Refurbishing');
    expect(await stage.getByRole('textbox', { name: /^Key/ }).inputValue()).toBe('refurbishing');
    await stage.getByLabel(/^Kind/).first().click();
    await page.getByRole('option', { name: 'Maintenance' }).click();
    await expect.poll(() => nodes(page).count()).toBe(def.stages.length + 1);
    await page.locator('.react-flow__node-stage', { hasText: 'Refurbishing' }).waitFor();

    await page.getByRole('button', { name: 'Add a transition' }).click();
    const item = page.locator('.mantine-Accordion-item').last();
    // Saving now is refused by the client's checks, shown next to the fields.
    await page.getByRole('button', { name: `Save as version ${before!.version + 1}` }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    await item.getByText('Choose at least one stage it starts from').waitFor();
    expect((await versions('hardware')).length).toBe(1);

    await item.getByRole('textbox', { name: /^Name/ }).fill('Send to refurbishing');
    expect(await item.getByRole('textbox', { name: /^Key/ }).inputValue()).toBe('send_to_refurbishing');
    await item.getByLabel(/^From stages/).first().click();
    await page.getByRole('option', { name: 'In stock' }).click();
    await page.keyboard.press('Escape');
    await item.getByLabel(/^To stage/).first().click();
    await page.getByRole('option', { name: 'Refurbishing' }).click();
    await item.getByRole('checkbox', { name: GUARD_NOT_ASSIGNED }).check();
    await item.getByRole('button', { name: 'Add an evidence field' }).click();
    const evidence = item.getByRole('group', { name: /^Evidence field 1/ });
    await evidence.getByRole('textbox', { name: /^Label/ }).fill('Vendor reference');
    await evidence.getByRole('checkbox', { name: 'Required' }).check();
    await expect.poll(() => edges(page).count()).toBe(edgeCount(def) + 1);
    await page.getByRole('group', { name: 'Transition Send to refurbishing: from In stock to Refurbishing' }).waitFor();
    await expectAccessible(page, 'lifecycle-model-editor');

    await page.getByRole('button', { name: `Save as version ${before!.version + 1}` }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/lifecycle-models/') && !url.pathname.endsWith(before!.id));
    await page.getByText(`Version ${before!.version + 1}`, { exact: true }).waitFor();
    await expect.poll(() => nodes(page).count()).toBe(def.stages.length + 1);
    const [after] = await versions('hardware');
    expect(after!.version).toBe(before!.version + 1);
    expect(after!.definition.stages.map((s) => s.key)).toContain('refurbishing');
    expect(after!.definition.transitions.find((t) => t.key === 'send_to_refurbishing')).toMatchObject({
      from: ['in_stock'], to: 'refurbishing', guards: ['not_assigned'], fields: [{ key: 'vendor_reference', label: 'Vendor reference', type: 'text', required: true }],
    });
    // The asset types still follow version 1 and the page says so.
    await page.getByText('Asset types still on an earlier version').waitFor();

    await page.goto(`${server.base}/admin/lifecycle-models`);
    await page.getByRole('table', { name: 'Lifecycle models' }).getByRole('link', { name: `version ${before!.version + 1}` }).waitFor();
    await page.close();
  });

  it('adds an attribute to an asset type (the domain rules beside the fields, 412 re-applied) and the register form shows it', async () => {
    const page = await signIn(server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Asset types' }).click();
    await page.getByRole('table', { name: 'Asset types' }).getByRole('link', { name: 'Laptop' }).waitFor();
    await expectAccessible(page, 'asset-types');
    await page.getByRole('table', { name: 'Asset types' }).getByRole('link', { name: 'Laptop' }).click();
    await page.getByRole('heading', { name: 'Laptop', level: 1 }).waitFor();
    const count = (await laptop()).attributeSchema.length;
    await page.getByRole('group', { name: `Attribute ${count}: ` + (await laptop()).attributeSchema[count - 1]!.label }).waitFor();

    await page.getByRole('button', { name: 'Add an attribute' }).click();
    const row = page.getByRole('group', { name: new RegExp(`^Attribute ${count + 1}`) });
    await row.getByRole('textbox', { name: /^Label/ }).fill('Docking station serial');
    expect(await row.getByRole('textbox', { name: /^Key/ }).inputValue()).toBe('docking_station_serial');
    // The client refuses a key that is not snake_case, next to the key.
    await row.getByRole('textbox', { name: /^Key/ }).fill('Dock Serial');
    await page.getByRole('button', { name: 'Save the asset type' }).click();
    await row.getByText(/Use snake_case/).waitFor();
    await row.getByRole('textbox', { name: /^Key/ }).fill('dock_serial');
    // An IPv6 default that is not one is refused by the domain's own rule (the server's too), beside the default.
    await row.getByLabel(/^Type/).first().click();
    await page.getByRole('option', { name: 'IP address' }).click();
    await row.getByRole('textbox', { name: /^Default/ }).fill('fe80::zz');
    await page.getByRole('button', { name: 'Save the asset type' }).click();
    await row.getByText(/Default of "dock_serial"/).waitFor();
    await expectAccessible(page, 'asset-type');
    expect((await laptop()).attributeSchema.some((f) => f.key === 'dock_serial')).toBe(false);
    await row.getByLabel(/^Type/).first().click();
    await page.getByRole('option', { name: 'Text', exact: true }).click();
    expect(await row.getByRole('textbox', { name: /^Default/ }).inputValue()).toBe('');

    // Someone else renames the type meanwhile: the save answers 412, and the user re-applies their change on theirs.
    const current = await laptop();
    await updateAssetType(server.ctx, current.id, current.version, { name: 'Laptop computer' });
    await page.getByRole('button', { name: 'Save the asset type' }).click();
    await page.getByText('Someone else changed this type while you were editing').waitFor();
    await page.getByRole('button', { name: 'Reload and re-apply my changes' }).click();
    await page.getByRole('heading', { name: 'Laptop computer', level: 1 }).waitFor();
    await expect.poll(async () => (await laptop()).attributeSchema.map((f) => f.key)).toContain('dock_serial');
    const saved = await laptop();
    expect(saved.name).toBe('Laptop computer');
    expect(saved.attributeSchema.find((f) => f.key === 'dock_serial')).toEqual({ key: 'dock_serial', label: 'Docking station serial', type: 'text' });
    expect(saved.attributeSchema).toHaveLength(count + 1);

    // The register's new-asset form is generated from the schema: the new attribute is there.
    await page.goto(`${server.base}/assets`);
    await page.getByRole('button', { name: 'New asset' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Type/).first().click();
    await page.getByRole('option', { name: 'Laptop computer' }).click();
    await dialog.getByRole('textbox', { name: /^Docking station serial/ }).waitFor();
    await page.close();
  });

  it('creates a new asset type following the new model version', async () => {
    const [latest] = await versions('hardware');
    const page = await signIn(server);
    await page.goto(`${server.base}/admin/asset-types`);
    await page.getByRole('link', { name: 'New asset type' }).click();
    await page.getByRole('heading', { name: 'New asset type' }).waitFor();
    await page.getByRole('textbox', { name: /^Key/ }).fill('docking_station');
    await page.getByRole('textbox', { name: /^Name/ }).fill('Docking station');
    await page.getByRole('textbox', { name: /^Tag pattern/ }).fill('DOC-{seq:5}');
    await page.getByText('New tags look like DOC-00001, DOC-00002…').waitFor();
    await page.getByRole('textbox', { name: /^Usage policy/ }).fill('Docks stay at their desk: do not take them home.');
    await page.getByLabel(/^Lifecycle model/).first().click();
    await page.getByRole('option', { name: `Hardware · version ${latest!.version} (latest)` }).click();
    await page.getByRole('button', { name: 'Add an attribute' }).click();
    const row = page.getByRole('group', { name: /^Attribute 1/ });
    await row.getByRole('textbox', { name: /^Label/ }).fill('Ports');
    await row.getByLabel(/^Type/).first().click();
    await page.getByRole('option', { name: 'Whole number' }).click();
    await row.getByRole('textbox', { name: /^Minimum/ }).fill('1');
    // A choice from a list: each option may be given the label people read; left empty, it reads from its value.
    await page.getByRole('button', { name: 'Add an attribute' }).click();
    const connector = page.getByRole('group', { name: /^Attribute 2/ });
    await connector.getByRole('textbox', { name: /^Label/ }).fill('Connector');
    await connector.getByLabel(/^Type/).first().click();
    await page.getByRole('option', { name: 'Choice from a list' }).click();
    const options = connector.getByLabel(/^Options/).first();
    for (const o of ['usb_c', 'thunderbolt']) { await options.fill(o); await options.press('Enter'); }
    expect(await connector.getByRole('textbox', { name: 'Label of “thunderbolt”' }).getAttribute('placeholder')).toBe('Thunderbolt');
    // Blank is refused beside the labels, by the rule the server applies.
    await connector.getByRole('textbox', { name: 'Label of “usb_c”' }).fill('   ');
    await page.getByRole('button', { name: 'Create the asset type' }).click();
    await connector.getByText(/label .*empty/i).waitFor();
    await connector.getByRole('textbox', { name: 'Label of “usb_c”' }).fill('USB-C');
    await expectAccessible(page, 'asset-type-new');
    await page.getByRole('button', { name: 'Create the asset type' }).click();
    await page.getByRole('heading', { name: 'Docking station', level: 1 }).waitFor();
    const created = (await listAssetTypes(server.ctx, { limit: 100 })).items.find((t) => t.key === 'docking_station')!;
    expect(created).toMatchObject({ tagPattern: 'DOC-{seq:5}', lifecycleModelId: latest!.id, usagePolicy: 'Docks stay at their desk: do not take them home.', attributeSchema: [
      { key: 'ports', label: 'Ports', type: 'integer', min: 1 },
      { key: 'connector', label: 'Connector', type: 'enum', options: ['usb_c', 'thunderbolt'], optionLabels: { usb_c: 'USB-C' } },
    ] });

    // The register's form offers the choices by their labels.
    await page.goto(`${server.base}/assets`);
    await page.getByRole('button', { name: 'New asset' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Type/).first().click();
    await page.getByRole('option', { name: 'Docking station' }).click();
    await dialog.getByLabel(/^Connector/).first().click();
    await expect.poll(() => page.getByRole('option').allTextContents()).toEqual(['USB-C', 'Thunderbolt']);
    await page.close();
  });

  it('moves an asset to the newer version of its model from the asset page; its stage and history stay', async () => {
    const all = await versions('hardware');
    const [latest, oldest] = [all[0]!, all[all.length - 1]!];
    expect(latest.version).toBeGreaterThan(oldest.version);
    const monitor = (await listAssetTypes(server.ctx, { limit: 100 })).items.find((t) => t.key === 'monitor')!;
    expect(monitor.lifecycleModelId).toBe(oldest.id);
    const asset = await createAsset(server.ctx, { name: 'Old-model monitor', assetTypeId: monitor.id });
    const page = await signIn(server);
    await page.goto(`${server.base}/assets/${asset.id}`);
    await page.getByText(`version ${oldest.version} (version ${latest.version} exists)`).waitFor();
    await page.getByRole('button', { name: 'Change version' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill('Move to the current model');
    await expectAccessible(page, 'migrate-model');
    await dialog.getByRole('button', { name: `Move to version ${latest.version}` }).click();
    await dialog.waitFor({ state: 'detached' });
    const stored = await server.db.db.selectFrom('assets').select(['lifecycle_model_id', 'stage']).where('id', '=', asset.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ lifecycle_model_id: latest.id, stage: asset.stage });
    await page.getByText(new RegExp(`version ${latest.version}$`)).first().waitFor();
    await page.close();
  });
});

const GUARD_NOT_ASSIGNED = 'The asset must not be assigned to anyone';
