import { LocationCreate } from '@custodia/contracts';
import type { LocalContact } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { locations } from '../reference/resources.js';
import { NameIndex } from './lookups.js';
import { type IdentityKey, type ReferenceCandidate, RowReader, referenceWriter } from './reference-rows.js';
import { emptyReport, runImport } from './run-import.js';
import { type ContactPeople, LOCATION_CONTACT_COLUMNS, loadContactPeople, readLocationContact, withContact } from './location-contact-columns.js';
import type { ImportOptions, ImportReport, SourceRow } from './source-row.js';

/** Canonical location import columns and the header spellings accepted for each (Snipe-IT's location headers included). */
export const LOCATION_IMPORT_COLUMNS: Record<string, string[]> = {
  name: ['location name', 'location', 'site name'],
  code: ['location code', 'site code', 'short code'],
  kind: ['type', 'location type', 'location kind', 'level'],
  parent: ['parent location', 'parent_location', 'parent code', 'parent location code', 'parent name'],
  address: ['street address', 'postal address'],
  latitude: ['lat'],
  longitude: ['lng', 'lon', 'long'],
  ...LOCATION_CONTACT_COLUMNS,
};

const COLUMN_OF: Record<string, string> = {
  name: 'name', code: 'code', kind: 'kind', parentId: 'parent', address: 'address', latitude: 'latitude', longitude: 'longitude', contacts: 'contact_email',
};

/**
 * Imports locations atomically, like assets. A row is matched to an existing location by code, then by parent and
 * name. `parent` is the code or name of a location already registered or on an earlier line of the file; `kind`
 * defaults to site. A row may name one local contact (`contact_email` or `contact_employee_number`, `contact_role`,
 * optional `contact_phone` and `contact_notes`): a new location lists it; an upsert adds it to the location's
 * contacts, or updates the entry of that person in that role, and leaves the others (create mode skips a location
 * that exists, its contacts included). A contact naming nobody known is a problem of the row, and so of the file.
 */
export async function importLocations(ctx: Context, rows: AsyncIterable<SourceRow>, options: ImportOptions): Promise<ImportReport> {
  return runImport(ctx, 'locations', options, emptyReport(), async (run) => {
    const places = new NameIndex();
    const people = await loadContactPeople(run.tx);
    const identity = new NameIndex();
    for (const r of await run.tx.selectFrom('locations').select(['id', 'name', 'code', 'parent_id']).execute()) {
      places.add(r.code, r.id);
      places.add(r.name, r.id);
      for (const k of identityKeys(r.code, r.parent_id, r.name)) identity.add(k.key, r.id);
    }
    const write = referenceWriter(run, {
      res: locations, columnOf: COLUMN_OF, identity,
      remember: (id, c) => { places.add(c.input['code'] as string | undefined, id); places.add(c.input['name'] as string, id); },
      mergePatch: (before, patch) => {
        const [contact] = (patch['contacts'] as LocalContact[] | undefined) ?? [];
        return contact ? { ...patch, contacts: withContact(before['contacts'] as LocalContact[], contact) } : patch;
      },
    });
    for await (const row of run.read(rows)) {
      const candidate = parseLocation(new RowReader(row, run), row.line, places, people);
      if (candidate) await write(candidate);
    }
  });
}

function identityKeys(code: string | null | undefined, parentId: string | null | undefined, name: string): IdentityKey[] {
  return [
    ...(code ? [{ column: 'code', what: 'code', key: `code ${code}` }] : []),
    { column: 'name', what: 'parent and name', key: `place ${parentId ?? '-'} ${name}` },
  ];
}

function parseLocation(r: RowReader, line: number, places: NameIndex, people: ContactPeople): ReferenceCandidate | undefined {
  const input: Record<string, unknown> = {};
  const put = (field: string, v: unknown) => { if (v !== undefined) input[field] = v; };
  put('name', r.text('name'));
  put('code', r.text('code'));
  put('kind', r.text('kind')?.toLowerCase());
  put('parentId', r.ref('parent', places, 'location', 'code'));
  put('address', r.text('address'));
  put('latitude', r.number('latitude'));
  put('longitude', r.number('longitude'));
  const contact = readLocationContact(r, people);
  if (contact) input['contacts'] = [contact];
  const given = Object.keys(input);
  const data = r.validate(LocationCreate, input, COLUMN_OF);
  return data && { line, input: data, given, keys: identityKeys(data.code, data.parentId, data.name) };
}
