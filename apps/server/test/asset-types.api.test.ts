import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';
import { bootstrapRegister, systemContext } from '@custodia/core';
import { etag, refuse } from './support/http.js';

describe.each(ENGINES)('asset types ($name)', (engine) => {
  let api: TestApi;
  let hardwareModelId: string;
  beforeAll(async () => {
    api = await startApi(engine);
    const models = await api.call('GET', '/api/v1/lifecycle-models?key=hardware');
    hardwareModelId = models.body.items[0].id;
  });
  afterAll(async () => { await api.close(); });

  const body = (key: string) => ({
    key, name: `Type ${key}`, category: 'hardware', lifecycleModelId: hardwareModelId, tagPattern: 'DOC-{seq:4}',
    attributeSchema: [{ key: 'dock_ports', label: 'Ports', type: 'integer', min: 1, required: true }],
  });

  it('defines a type whose schema validates its assets, and keeps its history', async () => {
    const created = await api.call('POST', '/api/v1/asset-types', body('docking_station'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ok = await api.call('POST', '/api/v1/assets', { name: 'Dock', assetTypeId: created.body.id, attributes: { dock_ports: 4 } });
    expect(ok.status).toBe(201);
    expect(ok.body.tag).toBe('DOC-0001');
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'Dock', assetTypeId: created.body.id, attributes: {} });
    const renamed = await api.call('PATCH', `/api/v1/asset-types/${created.body.id}`, { name: 'Docking station' }, { 'if-match': etag(created) });
    expect(renamed.status).toBe(200);
    const history = await api.call('GET', `/api/v1/asset-types/${created.body.id}/history`);
    expect(history.body.items.map((e: any) => e.action)).toEqual(['update', 'create']);
    expect(history.body.items[0].changes.name).toEqual({ before: 'Type docking_station', after: 'Docking station' });
    // In use by an asset: cannot be deleted.
    await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/asset-types/${created.body.id}`, { reason: 'created by mistake' }, { 'if-match': etag(renamed) });
  });

  it('refuses invalid schemas, tag patterns and duplicate keys without writing', async () => {
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', { ...body('bad_pattern'), tagPattern: 'NO-PLACEHOLDER' });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', { ...body('bad_enum'), attributeSchema: [{ key: 'colour', label: 'Colour', type: 'enum' }] });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', { ...body('bad_regex'), attributeSchema: [{ key: 'code', label: 'Code', type: 'text', pattern: '([' }] });
    await refuse(api, 422, 'UNKNOWN_FIELD', 'POST', '/api/v1/asset-types', { ...body('extra'), tagSeq: 100 });
    await refuse(api, 409, 'UNIQUE_VIOLATION', 'POST', '/api/v1/asset-types', body('laptop'));
  });

  it('labels the options of an enum: kept with the type and in its history; a plain list of options stays valid; the shipped cloud resource type has labels', async () => {
    const types = (await api.call('GET', '/api/v1/asset-types?limit=50')).body.items;
    const provider = types.find((t: any) => t.key === 'cloud_resource').attributeSchema.find((f: any) => f.key === 'provider');
    expect(provider).toMatchObject({ options: ['aws', 'azure', 'gcp', 'other'], optionLabels: { aws: 'AWS', azure: 'Microsoft Azure', gcp: 'Google Cloud', other: 'Other' } });

    const port = (optionLabels?: Record<string, string>) => [{ key: 'port', label: 'Port', type: 'enum', options: ['usb_c', 'hdmi', 'dp'], ...(optionLabels ? { optionLabels } : {}) }];
    const created = await api.call('POST', '/api/v1/asset-types', { ...body('labelled_dock'), tagPattern: 'LBD-{seq:4}', attributeSchema: port({ usb_c: ' USB-C ', dp: 'DisplayPort' }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Trimmed like every name; an option without a label has none (the pages show it from its value).
    expect(created.body.attributeSchema[0].optionLabels).toEqual({ usb_c: 'USB-C', dp: 'DisplayPort' });
    expect((await api.call('GET', `/api/v1/asset-types/${created.body.id}`)).body.attributeSchema[0].optionLabels).toEqual({ usb_c: 'USB-C', dp: 'DisplayPort' });
    // Assets store the value, never the label.
    const asset = await api.call('POST', '/api/v1/assets', { name: 'Dock', assetTypeId: created.body.id, attributes: { port: 'usb_c' } });
    expect(asset.status, JSON.stringify(asset.body)).toBe(201);
    expect(asset.body.attributes).toEqual({ port: 'usb_c' });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'Dock', assetTypeId: created.body.id, attributes: { port: 'USB-C' } });

    const relabelled = await api.call('PATCH', `/api/v1/asset-types/${created.body.id}`, { attributeSchema: port({ usb_c: 'USB-C', hdmi: 'HDMI', dp: 'DisplayPort' }) }, { 'if-match': etag(created) });
    expect(relabelled.status, JSON.stringify(relabelled.body)).toBe(200);
    const history = await api.call('GET', `/api/v1/asset-types/${created.body.id}/history`);
    expect(history.body.items[0].changes.attributeSchema.after[0].optionLabels).toEqual({ usb_c: 'USB-C', hdmi: 'HDMI', dp: 'DisplayPort' });

    const plain = await api.call('POST', '/api/v1/asset-types', { ...body('plain_dock'), tagPattern: 'PLD-{seq:4}', attributeSchema: port() });
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    expect(plain.body.attributeSchema[0]).not.toHaveProperty('optionLabels');
  });

  it('refuses option labels that are empty, not text, for options the field lacks, alike, on a field other than an enum, or with keys of their own, writing nothing', async () => {
    const port = (optionLabels: unknown, extra: Record<string, unknown> = {}) => ({
      ...body('bad_labels'), attributeSchema: [{ key: 'port', label: 'Port', type: 'enum', options: ['usb_c', 'hdmi'], optionLabels, ...extra }],
    });
    const field = (res: { body: any }) => res.body.errors.map((e: any) => [e.field, e.code]);
    expect(field(await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', port({ usb_c: '' })))).toEqual([['attributeSchema.0.optionLabels.usb_c', expect.any(String)]]);
    expect(field(await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', port({ usb_c: '   ' })))).toEqual([['attributeSchema.0.optionLabels.usb_c', expect.any(String)]]);
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', port({ usb_c: 42 }));
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', port(['USB-C', 'HDMI']));
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', port({ usb_c: { label: 'USB-C' } }));
    expect(field(await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', port({ usb_c: 'USB-C', vga: 'VGA' })))).toEqual([['attributeSchema[0]', 'SCHEMA_UNKNOWN_OPTION_LABEL']]);
    expect(field(await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', port({ usb_c: 'Port', hdmi: 'Port' })))).toEqual([['attributeSchema[0]', 'SCHEMA_DUPLICATE_OPTION_LABEL']]);
    expect(field(await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', port({ usb_c: 'USB-C' }, { type: 'text', options: undefined })))).toEqual([['attributeSchema[0]', 'SCHEMA_OPTION_LABELS_NOT_ALLOWED']]);

    // A change of an existing type is refused the same way, and leaves it as it was.
    const created = await api.call('POST', '/api/v1/asset-types', { ...port({ usb_c: 'USB-C' }), key: 'kept_labels', tagPattern: 'KPL-{seq:4}' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/asset-types/${created.body.id}`, { attributeSchema: port({ vga: 'VGA' }).attributeSchema }, { 'if-match': etag(created) });
    const after = await api.call('GET', `/api/v1/asset-types/${created.body.id}`);
    expect(after.body).toMatchObject({ version: created.body.version, attributeSchema: [{ optionLabels: { usb_c: 'USB-C' } }] });
  });

  it('a default type deleted stays deleted when the server starts again (the defaults seed an empty register only)', async () => {
    const saas = (await api.call('GET', '/api/v1/asset-types?limit=50')).body.items.find((t: any) => t.key === 'saas_subscription');
    const gone = await api.call('DELETE', `/api/v1/asset-types/${saas.id}`, { reason: 'We track no SaaS here' }, { 'if-match': `"${saas.version}"` });
    expect(gone.status, JSON.stringify(gone.body)).toBe(204);
    expect(await bootstrapRegister(systemContext(api.db, 'system'))).toEqual({ models: 0, types: 0 });
    expect((await api.call('GET', '/api/v1/asset-types?limit=50')).body.items.map((t: any) => t.key)).not.toContain('saas_subscription');
  });

  it('deletes an unused type with If-Match and records it', async () => {
    // A type an audit plan scopes is in use (409 IN_USE), not "not found".
    const planned = await api.call('POST', '/api/v1/asset-types', body('planned'));
    const plan = await api.call('POST', '/api/v1/audit-plans', { name: 'Count planned', method: 'scan', scopeAssetTypeId: planned.body.id });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/asset-types/${planned.body.id}`, { reason: 'typo' }, { 'if-match': etag(planned) });
    const created = await api.call('POST', '/api/v1/asset-types', body('mistake'));
    await refuse(api, 428, 'PRECONDITION_REQUIRED', 'DELETE', `/api/v1/asset-types/${created.body.id}`, { reason: 'typo' });
    const gone = await api.call('DELETE', `/api/v1/asset-types/${created.body.id}`, { reason: 'created by mistake' }, { 'if-match': etag(created) });
    expect(gone.status).toBe(204);
    expect((await api.call('GET', `/api/v1/asset-types/${created.body.id}`)).status).toBe(404);
    const history = await api.call('GET', `/api/v1/asset-types/${created.body.id}/history`);
    expect(history.body.items[0]).toMatchObject({ action: 'delete', reason: 'created by mistake' });
  });

  it('makes an attribute unique only when its values are: refused while two assets share one (nothing written), then enforced on the assets already there; released when no longer unique', async () => {
    const text = (unique: boolean) => [{ key: 'dock_ports', label: 'Ports', type: 'integer', min: 1, required: true }, { key: 'mac', label: 'MAC', type: 'text', ...(unique ? { unique: true } : {}) }];
    let type = await api.call('POST', '/api/v1/asset-types', { ...body('dock_unique'), tagPattern: 'DKU-{seq:4}', attributeSchema: text(false) });
    expect(type.status, JSON.stringify(type.body)).toBe(201);
    const add = async (mac?: string) => (await api.call('POST', '/api/v1/assets', { name: 'Dock', assetTypeId: type.body.id, attributes: { dock_ports: 2, ...(mac ? { mac } : {}) } })).body;
    const a = await add('AA-01');
    const b = await add('aa-01 ');
    const c = await add('BB-02');
    await add();

    const refused = await refuse(api, 409, 'UNIQUE_VIOLATION', 'PATCH', `/api/v1/asset-types/${type.body.id}`, { attributeSchema: text(true) }, { 'if-match': etag(type) });
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'attributeSchema[1].unique', code: 'ATTRIBUTE_NOT_UNIQUE', message: expect.stringContaining(`${a.tag}, ${b.tag}`) })]);
    const unchanged = await api.call('GET', `/api/v1/asset-types/${type.body.id}`);
    expect(unchanged.body.version).toBe(type.body.version);
    expect(unchanged.body.attributeSchema[1].unique).toBeUndefined();
    expect((await api.call('GET', `/api/v1/asset-types/${type.body.id}/history`)).body.items).toHaveLength(1);

    const fixed = await api.call('PATCH', `/api/v1/assets/${b.id}`, { attributes: { mac: 'CC-03' } }, { 'if-match': `"${b.version}"` });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    type = await api.call('PATCH', `/api/v1/asset-types/${type.body.id}`, { attributeSchema: text(true) }, { 'if-match': etag(type) });
    expect(type.status, JSON.stringify(type.body)).toBe(200);
    // The values already registered are claimed: a new asset or an edit cannot take one.
    const taken = await refuse(api, 409, 'UNIQUE_VIOLATION', 'POST', '/api/v1/assets', { name: 'Dock', assetTypeId: type.body.id, attributes: { dock_ports: 2, mac: 'bb-02' } });
    expect(taken.body.errors[0]).toMatchObject({ field: 'attributes.mac', code: 'ATTRIBUTE_NOT_UNIQUE' });
    await refuse(api, 409, 'UNIQUE_VIOLATION', 'PATCH', `/api/v1/assets/${a.id}`, { attributes: { mac: 'CC-03' } }, { 'if-match': `"${a.version}"` });
    expect((await api.call('GET', `/api/v1/assets/${a.id}`)).body.attributes.mac).toBe('AA-01');
    // No longer unique: the values are free again.
    type = await api.call('PATCH', `/api/v1/asset-types/${type.body.id}`, { attributeSchema: text(false) }, { 'if-match': etag(type) });
    expect(type.status).toBe(200);
    expect((await api.call('POST', '/api/v1/assets', { name: 'Dock', assetTypeId: type.body.id, attributes: { dock_ports: 2, mac: 'BB-02' } })).status).toBe(201);
    expect(c.attributes.mac).toBe('BB-02');
  });

  it('refuses to delete a person, location or asset that an asset attribute still names (nothing deleted), and allows it once the attribute is cleared', async () => {
    const type = await api.call('POST', '/api/v1/asset-types', {
      ...body('loan_kit'), tagPattern: 'KIT-{seq:4}', attributeSchema: [
        { key: 'lent_by', label: 'Lent by', type: 'person_ref' }, { key: 'kept_at', label: 'Kept at', type: 'location_ref' }, { key: 'parent_kit', label: 'Parent kit', type: 'asset_ref' },
      ],
    });
    expect(type.status, JSON.stringify(type.body)).toBe(201);
    const person = (await api.call('POST', '/api/v1/people', { name: 'Lena Lender' })).body;
    const place = (await api.call('POST', '/api/v1/locations', { name: 'Loan cupboard', kind: 'room' })).body;
    const parent = (await api.call('POST', '/api/v1/assets', { name: 'Kit case', assetTypeId: type.body.id })).body;
    const kit = (await api.call('POST', '/api/v1/assets', { name: 'Kit', assetTypeId: type.body.id, attributes: { lent_by: person.id, kept_at: place.id, parent_kit: parent.id } })).body;
    expect(kit.attributes).toEqual({ lent_by: person.id, kept_at: place.id, parent_kit: parent.id });

    const refusals = [
      await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/people/${person.id}`, { reason: 'Duplicate' }, { 'if-match': `"${person.version}"` }),
      await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/locations/${place.id}`, { reason: 'Duplicate' }, { 'if-match': `"${place.version}"` }),
      await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/assets/${parent.id}`, { reason: 'Duplicate' }, { 'if-match': `"${parent.version}"` }),
    ];
    expect(refusals.map((r) => r.body.detail)).toEqual([
      `Assets still name this person in their attributes: ${kit.tag} (Lent by). Change those attributes first.`,
      `Assets still name this location in their attributes: ${kit.tag} (Kept at). Change those attributes first.`,
      `Assets still name this asset in their attributes: ${kit.tag} (Parent kit). Change those attributes first.`,
    ]);
    for (const url of [`/api/v1/people/${person.id}`, `/api/v1/locations/${place.id}`, `/api/v1/assets/${parent.id}`]) expect((await api.call('GET', url)).status).toBe(200);

    const cleared = await api.call('PATCH', `/api/v1/assets/${kit.id}`, { attributes: { lent_by: null, kept_at: null, parent_kit: null } }, { 'if-match': `"${kit.version}"` });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect((await api.call('DELETE', `/api/v1/people/${person.id}`, { reason: 'Duplicate' }, { 'if-match': `"${person.version}"` })).status).toBe(204);
    expect((await api.call('DELETE', `/api/v1/locations/${place.id}`, { reason: 'Duplicate' }, { 'if-match': `"${place.version}"` })).status).toBe(204);
    expect((await api.call('DELETE', `/api/v1/assets/${parent.id}`, { reason: 'Duplicate' }, { 'if-match': `"${parent.version}"` })).status).toBe(204);
  });

  it('lists model versions with their own history', async () => {
    const history = await api.call('GET', `/api/v1/lifecycle-models/${hardwareModelId}/history`);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({ action: 'create', source: 'system' });
  });
});
