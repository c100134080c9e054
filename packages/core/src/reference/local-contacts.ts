import type { Kysely } from 'kysely';
import { AppError, type LocalContactsAnswer } from '@custodia/contracts';
import { type LocalContact, ancestorIds, nearestLocalContacts } from '@custodia/domain';
import { type Tables, readBool, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';

const NONE: LocalContactsAnswer = { from: null, inherited: false, items: [] };

/**
 * The local contacts that answer for a place: its own, or the nearest place's above it that has some, with each
 * person's name and e-mail address (`nearestLocalContacts`). Three reads whatever the depth: the place's path, the
 * places of that path, the people they name. The contacts are published by whoever edits the location (an
 * organisation-wide role) for everyone who reads it, so a person outside the reader's scope is still named here.
 */
export async function localContactsAt(db: Kysely<Tables>, locationId: string | null): Promise<LocalContactsAnswer> {
  if (!locationId) return NONE;
  const place = await db.selectFrom('locations').select('path').where('id', '=', locationId).executeTakeFirst();
  if (!place) return NONE;
  const order = [locationId, ...ancestorIds(place.path).reverse()];
  const rows = await db.selectFrom('locations').select(['id', 'name', 'kind', 'contacts']).where('id', 'in', order).execute();
  const byId = new Map(rows.map((r) => [r.id, { ...r, contacts: readJson<LocalContact[]>(r.contacts, []) }]));
  const chain = order.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => Boolean(r));
  const personIds = [...new Set(chain.flatMap((p) => p.contacts.map((c) => c.personId)))];
  const people = new Map(personIds.length
    ? (await db.selectFrom('people').select(['id', 'name', 'email', 'active']).where('id', 'in', personIds).execute()).map((p) => [p.id, p])
    : []);
  const found = nearestLocalContacts(chain, (id) => readBool(people.get(id)?.active));
  if (!found) return NONE;
  const from = byId.get(found.from)!;
  return {
    from: { id: from.id, name: from.name, kind: from.kind as NonNullable<LocalContactsAnswer['from']>['kind'] },
    inherited: found.inherited,
    items: found.contacts.map((c) => ({ ...c, name: people.get(c.personId)!.name, email: people.get(c.personId)!.email })),
  };
}

/** `GET /locations/{id}/local-contacts`: locations are shared reference data, read with any grant; an unknown one is 404. */
export async function locationLocalContacts(ctx: Context, locationId: string): Promise<LocalContactsAnswer> {
  const exists = await ctx.database.db.selectFrom('locations').select('id').where('id', '=', locationId).executeTakeFirst();
  if (!exists) throw new AppError('NOT_FOUND', `No location with id ${locationId}`);
  return localContactsAt(ctx.database.db, locationId);
}
