import { AppError } from '@custodia/contracts';
import { type LocalContact, comparisonKey } from '@custodia/domain';
import { readBool, readJson } from '@custodia/data';
import type { AnyResource } from './resource.js';
import { rewriteDescendants, treePath } from './tree.js';
import { lockTable } from '../shared/locks.js';
import { assertReferences } from '../shared/references.js';
import { assertNoLiveAttachments } from '../attachments/attachment-owners.js';
import { assertNotReferencedByAttributes } from '../shared/attribute-references.js';
import { bumpAccessEpoch } from '../access/access-epoch.js';
import { endAccountSessions } from '../access/sessions.js';
import { assertNotLocalContact, checkLocalContacts } from './location-contacts.js';
import { bumpLocationsEpoch, normalisedNetworkRanges } from './location-networks.js';

const meta = (r: Record<string, unknown>) => ({ id: r['id'] as string, version: Number(r['version']), createdAt: r['created_at'] as string, updatedAt: r['updated_at'] as string });
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Tree writes (a create, a move, any update: a rename would write back the path it read) take the table's lock first,
 * so a node's path and its parent's are read after every earlier move committed: two crossed moves cannot both pass
 * the cycle check, and a child created while its parent moves gets the parent's new path.
 */
const tree = (table: 'org_units' | 'locations'): Pick<AnyResource, 'beforeWrite' | 'derive' | 'afterUpdate'> => ({
  beforeWrite: (tx) => lockTable(tx, table),
  derive: async (tx, merged, existing, id) => ({ path: await treePath(tx, table, merged.parentId, id, (existing?.['path'] as string) ?? null) }),
  afterUpdate: async (tx, before, after) => {
    await rewriteDescendants(tx, table, String(before['path']), String(after['path']));
    // Grants hold the paths of their org units: callers resolved before the move must be resolved again.
    if (table === 'org_units' && before['path'] !== after['path']) await bumpAccessEpoch(tx);
  },
});

export const orgUnits: AnyResource = {
  scopeColumn: 'id',
  entity: 'org_unit',
  table: 'org_units',
  columns: { name: 'name', code: 'code', kind: 'kind', parentId: 'parent_id' },
  searchColumns: ['name', 'code'],
  ...tree('org_units'),
  present: (r) => ({ ...meta(r), name: String(r['name']), code: str(r['code']), kind: r['kind'], parentId: str(r['parent_id']), path: String(r['path']) }),
};

const locationTree = tree('locations');

export const locations: AnyResource = {
  entity: 'location',
  table: 'locations',
  columns: {
    name: 'name', code: 'code', kind: 'kind', parentId: 'parent_id', address: 'address', latitude: 'latitude', longitude: 'longitude', contacts: 'contacts',
    networkRanges: 'network_ranges',
  },
  jsonColumns: ['contacts', 'network_ranges'],
  searchColumns: ['name', 'code'],
  ...locationTree,
  // Every write moves the locations' epoch: discovery places devices by the ranges and the tree's paths it caches.
  derive: async (tx, merged, existing, id) => {
    const derived = await locationTree.derive!(tx, merged, existing, id);
    await checkLocalContacts(tx, existing ? readJson<LocalContact[]>(existing['contacts'], []) : [], (merged.contacts as LocalContact[] | undefined) ?? []);
    const ranges = normalisedNetworkRanges(merged.networkRanges as string[] | undefined);
    await bumpLocationsEpoch(tx);
    return ranges === undefined ? derived : { ...derived, network_ranges: ranges };
  },
  beforeDelete: async (tx, id) => {
    await assertNotReferencedByAttributes(tx, 'location_ref', id);
    await bumpLocationsEpoch(tx);
  },
  present: (r) => ({
    ...meta(r), name: String(r['name']), code: str(r['code']), kind: r['kind'], parentId: str(r['parent_id']), path: String(r['path']),
    address: str(r['address']), latitude: num(r['latitude']), longitude: num(r['longitude']), contacts: readJson<LocalContact[]>(r['contacts'], []),
    networkRanges: readJson<string[]>(r['network_ranges'], []),
  }),
};

export const people: AnyResource = {
  entity: 'person',
  table: 'people',
  scopeColumn: 'org_unit_id',
  columns: { name: 'name', email: 'email', employeeNumber: 'employee_number', orgUnitId: 'org_unit_id', managerId: 'manager_id', active: 'active' },
  boolColumns: ['active'],
  searchColumns: ['name', 'email', 'employee_number'],
  beforeDelete: async (tx, id) => {
    await assertNoLiveAttachments(tx, { kind: 'person', id }, 'RECORD_HAS_ATTACHMENTS');
    await assertNotReferencedByAttributes(tx, 'person_ref', id);
    await assertNotLocalContact(tx, id);
  },
  // A leaver's accounts stop working with the person (see `accountEnabled`): their sessions and pending sign-ins end in
  // this transaction, and the access epoch moves, so cached sessions and API tokens are checked again at once.
  afterUpdate: async (tx, before, after) => {
    if (!readBool(before['active']) || readBool(after['active'])) return;
    const accounts = await tx.selectFrom('accounts').select('id').where('person_id', '=', String(after['id'])).execute();
    for (const a of accounts) await endAccountSessions(tx, a.id);
  },
  derive: async (tx, merged, _existing, id) => {
    if (merged.managerId === id) {
      throw new AppError('VALIDATION_FAILED', 'A person cannot be their own manager', { errors: [{ field: 'managerId', code: 'SELF_REFERENCE', message: 'A person cannot be their own manager' }] });
    }
    await assertReferences(tx, [
      { field: 'orgUnitId', table: 'org_units', id: merged.orgUnitId },
      { field: 'managerId', table: 'people', id: merged.managerId },
    ]);
    // A reporting line has a top: the new manager must not report, however indirectly, to this person.
    const seen = new Set<string>();
    let up = (merged.managerId as string | null | undefined) ?? null;
    while (up && !seen.has(up)) {
      seen.add(up);
      const next: { manager_id: string | null } | undefined = await tx.selectFrom('people').select('manager_id').where('id', '=', up).executeTakeFirst();
      up = next?.manager_id ?? null;
      if (up === id) {
        throw new AppError('VALIDATION_FAILED', 'This manager reports to this person, directly or through others', { errors: [{ field: 'managerId', code: 'MANAGER_CYCLE', message: 'This manager reports to this person, directly or through others' }] });
      }
    }
    return { email_key: merged.email ? comparisonKey(String(merged.email)) : null };
  },
  present: (r) => ({
    ...meta(r), name: String(r['name']), email: str(r['email']), employeeNumber: str(r['employee_number']), orgUnitId: str(r['org_unit_id']),
    managerId: str(r['manager_id']), active: readBool(r['active']),
  }),
};

const nameKey: AnyResource['derive'] = async (_tx, merged) => ({ name_key: comparisonKey(String(merged.name)) });

export const manufacturers: AnyResource = {
  entity: 'manufacturer',
  table: 'manufacturers',
  columns: { name: 'name', url: 'url', supportEmail: 'support_email', supportPhone: 'support_phone' },
  searchColumns: ['name'],
  derive: nameKey,
  present: (r) => ({ ...meta(r), name: String(r['name']), url: str(r['url']), supportEmail: str(r['support_email']), supportPhone: str(r['support_phone']) }),
};

export const suppliers: AnyResource = {
  entity: 'supplier',
  table: 'suppliers',
  columns: { name: 'name', url: 'url', email: 'email', phone: 'phone', notes: 'notes' },
  searchColumns: ['name'],
  beforeDelete: (tx, id) => assertNoLiveAttachments(tx, { kind: 'supplier', id }, 'RECORD_HAS_ATTACHMENTS'),
  derive: nameKey,
  present: (r) => ({ ...meta(r), name: String(r['name']), url: str(r['url']), email: str(r['email']), phone: str(r['phone']), notes: str(r['notes']) }),
};

export const catalogueModels: AnyResource = {
  entity: 'catalogue_model',
  table: 'catalogue_models',
  columns: {
    name: 'name', manufacturerId: 'manufacturer_id', assetTypeId: 'asset_type_id', modelNumber: 'model_number', defaultSpecs: 'default_specs',
    eolDate: 'eol_date', eolMonths: 'eol_months', substitutionGroup: 'substitution_group', usagePolicy: 'usage_policy',
  },
  jsonColumns: ['default_specs'],
  searchColumns: ['name', 'model_number'],
  derive: async (tx, merged, existing, id) => {
    await assertReferences(tx, [
      { field: 'manufacturerId', table: 'manufacturers', id: merged.manufacturerId },
      { field: 'assetTypeId', table: 'asset_types', id: merged.assetTypeId },
    ]);
    // Assets of a model share its type and manufacturer (their serials are unique per manufacturer): a model in use
    // keeps both, or its assets would no longer validate. A new model is created instead.
    const moved = existing ? [['assetTypeId', 'asset_type_id'], ['manufacturerId', 'manufacturer_id']].filter(([field, column]) => merged[field!] !== existing[column!]).map(([field]) => field!) : [];
    if (moved.length) {
      const users = await tx.selectFrom('assets').select('tag').where('model_id', '=', id).orderBy('tag').limit(4).execute();
      if (users.length) {
        const named = `${users.slice(0, 3).map((u) => u.tag).join(', ')}${users.length > 3 ? ', …' : ''}`;
        throw new AppError('IN_USE', `Assets use this model (${named}): its asset type and manufacturer cannot change. Register a new model instead.`, {
          errors: moved.map((field) => ({ field, code: 'MODEL_IN_USE', message: 'Assets use this model' })),
        });
      }
    }
    return {};
  },
  present: (r) => ({
    ...meta(r), name: String(r['name']), manufacturerId: String(r['manufacturer_id']), assetTypeId: String(r['asset_type_id']), modelNumber: str(r['model_number']),
    defaultSpecs: readJson(r['default_specs'], {}), eolDate: str(r['eol_date']), eolMonths: num(r['eol_months']), substitutionGroup: str(r['substitution_group']),
    usagePolicy: str(r['usage_policy']),
  }),
};
