import type { Violation } from '../verdict.js';
import { comparisonKey } from '../text/safe-text.js';

/**
 * Local contacts of a location (ITIL ITAM Table 2.2, "Assign": location with local contacts): people of the register
 * whom stockroom staff and the service desk call about what is at that place — the site IT contact, the receptionist,
 * facilities — each with the role they play there and, optionally, a phone number and notes.
 */
export interface LocalContact {
  personId: string;
  role: string;
  phone: string | null;
  notes: string | null;
}

/** A location lists a few people to call, not a directory: more belong on the site or building above it. */
export const MAX_LOCAL_CONTACTS = 10;

/**
 * What is wrong with a location's list of contacts, as a whole: too many, or one person named twice in one role (the
 * role compared as people read it: case and spacing aside). Each duplicate is reported at its own position
 * (`contacts.3`), the first occurrence being the one kept.
 */
export function localContactProblems(contacts: readonly Pick<LocalContact, 'personId' | 'role'>[]): Violation[] {
  const problems: Violation[] = [];
  if (contacts.length > MAX_LOCAL_CONTACTS) {
    problems.push({ code: 'TOO_MANY_CONTACTS', field: 'contacts', message: `A location lists at most ${MAX_LOCAL_CONTACTS} local contacts` });
  }
  const seen = new Set<string>();
  contacts.forEach((c, i) => {
    const key = `${c.personId}\u0000${comparisonKey(c.role)}`;
    if (seen.has(key)) problems.push({ code: 'DUPLICATE_CONTACT', field: `contacts.${i}`, message: 'This person is already a contact here in this role' });
    seen.add(key);
  });
  return problems;
}

/**
 * The people a change of contacts adds (not listed before, in any role). Only they must be active: someone who left
 * while listed stays until removed, so the location can still be edited meanwhile.
 */
export function addedContactPeople(before: readonly Pick<LocalContact, 'personId'>[], after: readonly Pick<LocalContact, 'personId'>[]): string[] {
  const had = new Set(before.map((c) => c.personId));
  return [...new Set(after.map((c) => c.personId).filter((id) => !had.has(id)))];
}

/** A place with its own contacts, as the inheritance rule reads it. */
export interface ContactHolder<C extends Pick<LocalContact, 'personId'> = LocalContact> {
  id: string;
  contacts: readonly C[];
}

/**
 * The local contacts of a place: its own, or, when it has none, those of the nearest place above it that has some — a
 * room inherits its building's, a building its site's. `chain` is the place then its ancestors, nearest first. A
 * contact whose person has left (`isActive` false) is nobody to call: it is left out, and a place whose contacts have
 * all left counts as having none, so the place above answers. `null` when no place of the chain has anyone to call.
 */
export function nearestLocalContacts<C extends Pick<LocalContact, 'personId'>>(
  chain: readonly ContactHolder<C>[], isActive: (personId: string) => boolean,
): { from: string; inherited: boolean; contacts: C[] } | null {
  for (const [i, place] of chain.entries()) {
    const callable = place.contacts.filter((c) => isActive(c.personId));
    if (callable.length) return { from: place.id, inherited: i > 0, contacts: callable };
  }
  return null;
}
