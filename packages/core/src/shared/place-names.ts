import type { Kysely } from 'kysely';
import type { Tables } from '@custodia/data';
import { type PlaceNode, ancestorIds, placeNameIn } from '@custodia/domain';

/** Ids (or names) per query: far below either engine's limit on bound parameters. */
const CHUNK = 500;

/**
 * Names locations for text meant for people (reports, CSV exports, discrepancy summaries) by the domain's rule
 * ("Stockroom · Berlin Mitte", and "Room 101 · Building A · Berlin Mitte" when the site has another Room 101). `load`
 * reads the places not read yet, then, in one query, all their ancestors not read yet and every place bearing one of
 * their names not looked up yet (the namesakes, of which only the path counts) — one query each (per 500 ids and 500
 * names), so naming a page of a thousand rows costs two queries, and later pages sharing the same rooms and sites
 * none. Locations are reference data every reader may name.
 */
export class PlaceNames {
  private readonly places = new Map<string, PlaceNode>();
  /** Every location bearing a name, for the names looked up. */
  private readonly namesakes = new Map<string, PlaceNode[]>();
  /** Names given since the last load (a page names the same rooms many times). */
  private readonly named = new Map<string, string>();

  constructor(private readonly db: Kysely<Tables>) {}

  async load(ids: readonly (string | null | undefined)[]): Promise<this> {
    const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
    const read = await this.read(wanted.filter((id) => !this.places.has(id)));
    const ancestors = [...new Set(read.flatMap((p) => ancestorIds(p.path)))].filter((id) => !this.places.has(id));
    const names = [...new Set(wanted.map((id) => this.places.get(id)?.name).filter((n): n is string => n !== undefined && !this.namesakes.has(n)))];
    await this.readAncestorsAndNamesakes(ancestors, names);
    this.named.clear();
    return this;
  }

  /** The place's name with its site (and what tells it apart from a namesake there); `undefined` for an id not loaded or not a location. */
  name(id: string | null | undefined): string | undefined {
    const place = id ? this.places.get(id) : undefined;
    if (!place) return undefined;
    let name = this.named.get(place.id);
    if (name === undefined) {
      name = placeNameIn(this.places, place.id, this.namesakes.get(place.name))!;
      this.named.set(place.id, name);
    }
    return name;
  }

  private async read(ids: string[]): Promise<PlaceNode[]> {
    const out: PlaceNode[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.db.selectFrom('locations').select(['id', 'name', 'kind', 'path']).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
      for (const r of rows) { this.places.set(r.id, r); out.push(r); }
    }
    return out;
  }

  /** Ancestors become places; namesakes are kept apart (their own ancestors are not read, so they are not named). */
  private async readAncestorsAndNamesakes(ancestors: string[], names: string[]): Promise<void> {
    for (const name of names) this.namesakes.set(name, []);
    for (let i = 0; i < Math.max(ancestors.length, names.length); i += CHUNK) {
      const someIds = ancestors.slice(i, i + CHUNK);
      const someNames = names.slice(i, i + CHUNK);
      const rows = await this.db.selectFrom('locations').select(['id', 'name', 'kind', 'path'])
        .where((eb) => eb.or([...(someIds.length ? [eb('id', 'in', someIds)] : []), ...(someNames.length ? [eb('name', 'in', someNames)] : [])]))
        .execute();
      const wantedIds = new Set(someIds);
      const wantedNames = new Set(someNames);
      for (const r of rows) {
        if (wantedIds.has(r.id)) this.places.set(r.id, r);
        if (wantedNames.has(r.name)) this.namesakes.get(r.name)!.push(r);
      }
    }
  }
}
