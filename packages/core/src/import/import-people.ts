import { PersonCreate } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { people } from '../reference/resources.js';
import { NameIndex } from './lookups.js';
import { type IdentityKey, type ReferenceCandidate, RowReader, referenceWriter } from './reference-rows.js';
import { emptyReport, runImport } from './run-import.js';
import type { ImportOptions, ImportReport, SourceRow } from './source-row.js';

/** Canonical people import columns and the header spellings accepted for each (Snipe-IT's user headers included). */
export const PEOPLE_IMPORT_COLUMNS: Record<string, string[]> = {
  name: ['full name', 'full_name', 'display name', 'person', 'person name'],
  first_name: ['first name', 'given name', 'forename'],
  last_name: ['last name', 'surname', 'family name'],
  email: ['e-mail', 'email address', 'e-mail address', 'mail'],
  employee_number: ['employee number', 'employee_num', 'employee no', 'employee id', 'staff number', 'personnel number'],
  org_unit: ['org unit', 'organisation unit', 'organization unit', 'department', 'org unit code'],
  manager: ['manager', 'manager email', 'manager e-mail', 'manager employee number', 'reports to', 'line manager'],
  active: ['activated', 'enabled', 'is active'],
};

const COLUMN_OF: Record<string, string> = { name: 'name', email: 'email', employeeNumber: 'employee_number', orgUnitId: 'org_unit', managerId: 'manager', active: 'active' };

interface Indexes { orgUnits: NameIndex; people: NameIndex }

/**
 * Imports people atomically, like assets. A row is matched to an existing person by e-mail, then employee number,
 * so each row needs one of them. `org_unit` is a code or name; `manager` an e-mail or employee number, of a person
 * already registered or on an earlier line of the file; `active` defaults to true.
 */
export async function importPeople(ctx: Context, rows: AsyncIterable<SourceRow>, options: ImportOptions): Promise<ImportReport> {
  return runImport(ctx, 'people', options, emptyReport(), async (run) => {
    const ix: Indexes = { orgUnits: new NameIndex(), people: new NameIndex() };
    const identity = new NameIndex();
    for (const r of await run.tx.selectFrom('org_units').select(['id', 'name', 'code']).execute()) { ix.orgUnits.add(r.code, r.id); ix.orgUnits.add(r.name, r.id); }
    for (const r of await run.tx.selectFrom('people').select(['id', 'email', 'employee_number']).execute()) {
      ix.people.add(r.email, r.id);
      ix.people.add(r.employee_number, r.id);
      for (const k of identityKeys(r.email, r.employee_number)) identity.add(k.key, r.id);
    }
    const write = referenceWriter(run, {
      res: people, columnOf: COLUMN_OF, identity,
      remember: (id, c) => { ix.people.add(c.input['email'] as string | undefined, id); ix.people.add(c.input['employeeNumber'] as string | undefined, id); },
    });
    for await (const row of run.read(rows)) {
      const candidate = parsePerson(new RowReader(row, run), row.line, ix);
      if (candidate) await write(candidate);
    }
  });
}

function identityKeys(email: string | null | undefined, employeeNumber: string | null | undefined): IdentityKey[] {
  return [
    ...(email ? [{ column: 'email', what: 'e-mail', key: `email ${email}` }] : []),
    ...(employeeNumber ? [{ column: 'employee_number', what: 'employee number', key: `number ${employeeNumber}` }] : []),
  ];
}

function parsePerson(r: RowReader, line: number, ix: Indexes): ReferenceCandidate | undefined {
  const input: Record<string, unknown> = {};
  const put = (field: string, v: unknown) => { if (v !== undefined) input[field] = v; };
  put('name', r.text('name') ?? ([r.text('first_name'), r.text('last_name')].filter(Boolean).join(' ') || undefined));
  if (input['name'] === undefined) r.problem('name', 'REQUIRED', 'Each person needs a name (or a first and last name)');
  put('email', r.text('email'));
  put('employeeNumber', r.text('employee_number'));
  if (!input['email'] && !input['employeeNumber']) r.problem('email', 'REQUIRED', 'Each person needs an e-mail or an employee number, so that re-running the file finds them');
  put('orgUnitId', r.ref('org_unit', ix.orgUnits, 'org unit', 'code'));
  put('managerId', r.ref('manager', ix.people, 'person', 'e-mail'));
  put('active', r.boolean('active'));
  const given = Object.keys(input);
  const data = r.validate(PersonCreate, input, COLUMN_OF);
  return data && { line, input: data, given, keys: identityKeys(data.email, data.employeeNumber) };
}
