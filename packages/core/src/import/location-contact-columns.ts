import { LocalContactInput } from '@custodia/contracts';
import { type LocalContact, comparisonKey } from '@custodia/domain';
import { readBool } from '@custodia/data';
import type { Tx } from '../shared/change.js';
import { NameIndex } from './lookups.js';
import type { RowReader } from './reference-rows.js';

/** The optional columns of a locations file that name one local contact of the row's location. */
export const LOCATION_CONTACT_COLUMNS: Record<string, string[]> = {
  contact_email: ['contact e-mail', 'contact email', 'local contact', 'local contact email', 'local contact e-mail'],
  contact_employee_number: ['contact employee number', 'contact employee id', 'local contact employee number'],
  contact_role: ['contact role', 'local contact role', 'role here'],
  contact_phone: ['contact phone', 'local contact phone'],
  contact_notes: ['contact notes', 'local contact notes'],
};

const COLUMN_OF_FIELD: Record<string, string> = { personId: 'contact_email', role: 'contact_role', phone: 'contact_phone', notes: 'contact_notes' };

/** The people a contact column may name: by e-mail, by employee number, and who is active. */
export interface ContactPeople { byEmail: NameIndex; byNumber: NameIndex; active: Set<string> }

/** Every person of the register (a locations import is organisation-wide, as locations are). */
export async function loadContactPeople(tx: Tx): Promise<ContactPeople> {
  const people: ContactPeople = { byEmail: new NameIndex(), byNumber: new NameIndex(), active: new Set() };
  for (const p of await tx.selectFrom('people').select(['id', 'email', 'employee_number', 'active']).execute()) {
    people.byEmail.add(p.email, p.id);
    people.byNumber.add(p.employee_number, p.id);
    if (readBool(p.active)) people.active.add(p.id);
  }
  return people;
}

/**
 * The contact a row names, checked: a person found by `contact_email` or `contact_employee_number` (both given: the
 * same person, else CONTACT_PERSON_MISMATCH), known (REFERENCE_NOT_FOUND, REFERENCE_AMBIGUOUS) and active
 * (PERSON_INACTIVE), with a role (CONTACT_ROLE_REQUIRED); a role, phone or notes without a person is
 * CONTACT_PERSON_REQUIRED. `undefined` when the row names no contact or has a problem (reported on the row).
 */
export function readLocationContact(r: RowReader, people: ContactPeople): LocalContact | undefined {
  const email = r.text('contact_email');
  const number = r.text('contact_employee_number');
  const rest = { role: r.text('contact_role'), phone: r.text('contact_phone'), notes: r.text('contact_notes') };
  if (!email && !number) {
    const stray = Object.entries(rest).find(([, v]) => v !== undefined);
    if (stray) r.problem(`contact_${stray[0]}`, 'CONTACT_PERSON_REQUIRED', 'A contact needs contact_email or contact_employee_number to name the person');
    return undefined;
  }
  const byEmail = email === undefined ? undefined : r.ref('contact_email', people.byEmail, 'person with this e-mail', 'employee number');
  const byNumber = number === undefined ? undefined : r.ref('contact_employee_number', people.byNumber, 'person with this employee number', 'e-mail');
  if (byEmail && byNumber && byEmail !== byNumber) {
    r.problem('contact_employee_number', 'CONTACT_PERSON_MISMATCH', 'contact_email and contact_employee_number name two different people');
    return undefined;
  }
  const personId = byEmail ?? byNumber;
  if (!personId) return undefined;
  const column = email ? 'contact_email' : 'contact_employee_number';
  if (!people.active.has(personId)) r.problem(column, 'PERSON_INACTIVE', 'This person is inactive: only active people are added as local contacts');
  if (!rest.role) r.problem('contact_role', 'CONTACT_ROLE_REQUIRED', 'A contact needs a role here, e.g. "Site IT contact"');
  if (r.problems.length) return undefined;
  const parsed = LocalContactInput.safeParse({ personId, ...rest });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) r.problem(COLUMN_OF_FIELD[String(issue.path[0])] ?? column, issue.message.match(/^TEXT_[A-Z_]+$/)?.[0] ?? 'INVALID_VALUE', issue.message);
    return undefined;
  }
  return parsed.data;
}

/**
 * A location's contacts once an upsert's row names one: the row's contact replaces the entry of the same person in
 * the same role (its phone and notes kept where the row leaves them empty), else it is added; the others stay.
 */
export function withContact(existing: readonly LocalContact[], contact: LocalContact): LocalContact[] {
  const same = (c: LocalContact) => c.personId === contact.personId && comparisonKey(c.role) === comparisonKey(contact.role);
  const found = existing.find(same);
  if (!found) return [...existing, contact];
  return existing.map((c) => (same(c) ? { ...c, phone: contact.phone ?? c.phone, notes: contact.notes ?? c.notes } : c));
}
