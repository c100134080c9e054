import { sql } from 'kysely';
import { AppError } from '@custodia/contracts';
import { type LocalContact, addedContactPeople, localContactProblems } from '@custodia/domain';
import { readBool } from '@custodia/data';
import type { Tx } from '../shared/change.js';
import { assertReferences } from '../shared/references.js';
import { violationsError } from '../shared/verdict-error.js';

/**
 * Checks a location's contacts as they will be stored, before anything is written: the list as a whole (how many, one
 * person once per role), every person known (422 REFERENCE_NOT_FOUND at `contacts.N.personId`), and every person the
 * change adds active (422 PERSON_INACTIVE there). The people named are held `FOR KEY SHARE` on PostgreSQL until
 * commit, so a person's deletion, which looks for the locations naming them, waits for this write.
 */
export async function checkLocalContacts(tx: Tx, before: readonly LocalContact[], after: readonly LocalContact[]): Promise<void> {
  const problems = localContactProblems(after);
  if (problems.length) throw violationsError(problems);
  await assertReferences(tx, after.map((c, i) => ({ field: `contacts.${i}.personId`, table: 'people' as const, id: c.personId })));
  const added = addedContactPeople(before, after);
  if (!added.length) return;
  const left = new Set((await tx.selectFrom('people').select(['id', 'active']).where('id', 'in', added).execute()).filter((p) => !readBool(p.active)).map((p) => p.id));
  if (!left.size) return;
  throw new AppError('VALIDATION_FAILED', 'Only active people are added as local contacts', {
    errors: after.flatMap((c, i) => (left.has(c.personId) ? [{ field: `contacts.${i}.personId`, code: 'PERSON_INACTIVE', message: 'This person is inactive' }] : [])),
  });
}

/**
 * Refuses to delete a person a location lists as a local contact (409 IN_USE, naming a few of those locations): the
 * list is JSON the foreign keys cannot see, and the contact would point at nobody. Locations are shared reference data,
 * so naming them tells a scoped caller nothing it could not read.
 */
export async function assertNotLocalContact(tx: Tx, personId: string): Promise<void> {
  const holders = await tx.selectFrom('locations').select('name')
    .where(sql<string>`cast(contacts as text)`, 'like', `%"${personId}"%`)
    .orderBy('name').limit(6).execute();
  if (!holders.length) return;
  const named = holders.slice(0, 5).map((h) => h.name).join(', ');
  throw new AppError('IN_USE', `Locations list this person as a local contact: ${named}${holders.length > 5 ? ', …' : ''}. Remove them there first.`);
}
