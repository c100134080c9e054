import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { count, openImportDb, opts, refused, rowsOf } from '../../../../test/support/import.js';
import type { Context } from '../shared/context.js';
import { createReference } from '../reference/crud.js';
import { locations, people } from '../reference/resources.js';
import { importLocations } from './import-locations.js';

// A locations file names one local contact per row (ITIL ITAM Table 2.2, Assign: location with local contacts).

describe.each(ENGINES)('importLocations: local contacts ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  const p: Record<string, { id: string }> = {};
  beforeAll(async () => {
    ({ db, ctx } = await openImportDb(engine));
    p['ines'] = await createReference(ctx, people, { name: 'Inès Dubois', email: 'ines.dubois@example.test', employeeNumber: 'E100', active: true });
    p['tom'] = await createReference(ctx, people, { name: 'Tom Weber', email: 'tom.weber@example.test', employeeNumber: 'E200', active: true });
    p['left'] = await createReference(ctx, people, { name: 'Left Already', email: 'left@example.test', employeeNumber: 'E300', active: false });
    await createReference(ctx, locations, { name: 'Hamburg', code: 'HAM', kind: 'site', contacts: [{ personId: p['tom']!.id, role: 'Facilities', phone: '+49 40 1', notes: null }] });
  });
  afterAll(async () => { await db.dispose(); });

  const contactsOf = async (code: string) => {
    const row = await db.db.selectFrom('locations').select('contacts').where('code', '=', code).executeTakeFirstOrThrow();
    return typeof row.contacts === 'string' ? JSON.parse(row.contacts) : row.contacts;
  };

  it('a new location lists the contact named by e-mail or by employee number, with its role and phone', async () => {
    const report = await importLocations(ctx, rowsOf([
      { name: 'Paris', code: 'PAR', contact_email: 'INES.DUBOIS@example.test', contact_role: 'Site IT contact', contact_phone: '+33 1 70 00 00 10' },
      { name: 'Lyon', code: 'LYS', contact_employee_number: 'E200', contact_role: 'Site IT contact', contact_notes: 'Mornings only' },
      { name: 'Nantes', code: 'NTE' },
    ]), opts());
    expect(report).toMatchObject({ applied: true, created: 3, problems: [] });
    expect(await contactsOf('PAR')).toEqual([{ personId: p['ines']!.id, role: 'Site IT contact', phone: '+33 1 70 00 00 10', notes: null }]);
    expect(await contactsOf('LYS')).toEqual([{ personId: p['tom']!.id, role: 'Site IT contact', phone: null, notes: 'Mornings only' }]);
    expect(await contactsOf('NTE')).toEqual([]);
  });

  it('refuses the file for a contact naming nobody known, inactive, without a role, or two people; nothing is written', async () => {
    const locationsBefore = await count(db, 'locations');
    const report = await refused(db, ['locations'], () => importLocations(ctx, rowsOf([
      { name: 'Fine', code: 'FINE2', contact_email: 'ines.dubois@example.test', contact_role: 'Reception' },
      { name: 'Ghost', code: 'GHOST', contact_email: 'nobody@example.test', contact_role: 'Site IT contact' },
      { name: 'Gone', code: 'GONE', contact_employee_number: 'E300', contact_role: 'Site IT contact' },
      { name: 'No role', code: 'NOROLE', contact_email: 'ines.dubois@example.test' },
      { name: 'Role only', code: 'ROLEONLY', contact_role: 'Site IT contact' },
      { name: 'Two people', code: 'TWO', contact_email: 'ines.dubois@example.test', contact_employee_number: 'E200', contact_role: 'Site IT contact' },
      { name: 'Hamburg', code: 'HAM', contact_email: 'unknown@example.test', contact_role: 'Reception' },
    ]), opts({ mode: 'upsert' })));
    expect(report.problems.map((x) => [x.line, x.column, x.code])).toEqual([
      [3, 'contact_email', 'REFERENCE_NOT_FOUND'],
      [4, 'contact_employee_number', 'PERSON_INACTIVE'],
      [5, 'contact_role', 'CONTACT_ROLE_REQUIRED'],
      [6, 'contact_role', 'CONTACT_PERSON_REQUIRED'],
      [7, 'contact_employee_number', 'CONTACT_PERSON_MISMATCH'],
      [8, 'contact_email', 'REFERENCE_NOT_FOUND'],
    ]);
    expect(await count(db, 'locations')).toBe(locationsBefore);
    expect(await contactsOf('HAM')).toEqual([{ personId: p['tom']!.id, role: 'Facilities', phone: '+49 40 1', notes: null }]);
  });

  it('refuses a contact beyond the ten a location lists, naming the contact column; the location is unchanged', async () => {
    const ten = [];
    for (let i = 0; i < 10; i++) ten.push({ personId: (await createReference<{ id: string }>(ctx, people, { name: `Desk ${i}`, email: `desk${i}@example.test`, active: true })).id, role: 'Desk', phone: null, notes: null });
    await createReference(ctx, locations, { name: 'Full house', code: 'FULL', kind: 'site', contacts: ten });
    const report = await refused(db, ['locations'], () => importLocations(ctx, rowsOf([
      { name: 'Full house', code: 'FULL', contact_email: 'ines.dubois@example.test', contact_role: 'Site IT contact' },
    ]), opts({ mode: 'upsert' })));
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, column: 'contact_email', code: 'TOO_MANY_CONTACTS' })]);
    expect(await contactsOf('FULL')).toHaveLength(10);
  });

  it('an upsert adds the contact beside the location\'s others, then updates the same person in the same role; running it again changes nothing', async () => {
    const row = { name: 'Hamburg', code: 'HAM', contact_email: 'ines.dubois@example.test', contact_role: 'Site IT contact', contact_phone: '+49 40 2' };
    expect(await importLocations(ctx, rowsOf([row]), opts({ mode: 'upsert' }))).toMatchObject({ applied: true, updated: 1 });
    const tom = { personId: p['tom']!.id, role: 'Facilities', phone: '+49 40 1', notes: null };
    expect(await contactsOf('HAM')).toEqual([tom, { personId: p['ines']!.id, role: 'Site IT contact', phone: '+49 40 2', notes: null }]);

    const events = await count(db, 'events');
    expect(await importLocations(ctx, rowsOf([row]), opts({ mode: 'upsert' }))).toMatchObject({ updated: 0, skipped: 1 });
    expect(await count(db, 'events')).toBe(events);

    // The same person in the same role (written differently): their entry changes, the phone left empty is kept.
    expect(await importLocations(ctx, rowsOf([{ name: 'Hamburg', code: 'HAM', contact_email: 'ines.dubois@example.test', contact_role: 'site it contact', contact_notes: 'Desk 4' }]), opts({ mode: 'upsert' })))
      .toMatchObject({ updated: 1 });
    expect(await contactsOf('HAM')).toEqual([tom, { personId: p['ines']!.id, role: 'Site IT contact', phone: '+49 40 2', notes: 'Desk 4' }]);
    // Create mode leaves an existing location as it is, contacts included.
    expect(await importLocations(ctx, rowsOf([{ name: 'Hamburg', code: 'HAM', contact_email: 'tom.weber@example.test', contact_role: 'Reception' }]), opts())).toMatchObject({ skipped: 1 });
    expect(await contactsOf('HAM')).toHaveLength(2);
  });
});
