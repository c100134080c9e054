import type { Kysely } from 'kysely';
import type { Tables } from '@custodia/data';
import { type PlaceNode, ancestorIds, placeNameIn } from '@custodia/domain';

/** Ids per query: far below either engine's limit on bound parameters. */
const CHUNK = 500;

/**
 * Names locations for text meant for people (reports, CSV exports, discrepancy summaries) by the domain's rule
 * ("Stockroom · Berlin Mitte"). `load` reads the places not read yet, then all their ancestors not read yet, in one
 * query each (per 500 ids), so naming a page of a thousand rows costs two queries, and later pages sharing the same
 * rooms and sites none. Locations are reference data every reader may name.
 */
export class PlaceNames {
  private readonly places = new Map<string, PlaceNode>();

  constructor(private readonly db: Kysely<Tables>) {}

  async load(ids: readonly (string | null | undefined)[]): Promise<this> {
    const wanted = [...new Set(ids.filter((i): i is string => Boolean(i) && !this.places.has(i!)))];
    const read = await this.read(wanted);
    await this.read([...new Set(read.flatMap((p) => ancestorIds(p.path)))].filter((id) => !this.places.has(id)));
    return this;
  }

  /** The place's name with its site; `undefined` for an id not loaded or not a location. */
  name(id: string | null | undefined): string | undefined {
    return id ? placeNameIn(this.places, id) : undefined;
  }

  private async read(ids: string[]): Promise<PlaceNode[]> {
    const out: PlaceNode[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.db.selectFrom('locations').select(['id', 'name', 'kind', 'path']).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
      for (const r of rows) { this.places.set(r.id, r); out.push(r); }
    }
    return out;
  }
}
