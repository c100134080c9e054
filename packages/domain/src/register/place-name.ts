/**
 * How text meant for people names a location. Every building has a "Stockroom", so a room's name alone does not say
 * where something is: a place is named with the site it is in — "Stockroom · Berlin Mitte" — or, when no ancestor is a
 * site, with its parent ("Berlin Mitte · Germany"); a top-level place is named alone. The nearest site wins when sites
 * are nested. Pages, reports, CSV exports and discrepancy summaries all use this one rule.
 */

/** What naming needs of a location: its name, kind and materialised path ("/a/b/c/", ending with its own id). */
export interface PlaceNode {
  id: string;
  name: string;
  kind: string;
  path: string;
}

/** Separates a place's name from the site (or parent) that tells it apart. */
export const PLACE_SEPARATOR = ' · ';

/** The ids of a node's ancestors, top first, from its materialised path (the node itself is left out). */
export function ancestorIds(path: string): string[] {
  return path.split('/').filter(Boolean).slice(0, -1);
}

/** A place's name for people, given its ancestors top first (those the reader cannot see left out). */
export function placeName(place: Pick<PlaceNode, 'name'>, ancestors: readonly Pick<PlaceNode, 'name' | 'kind'>[]): string {
  if (!ancestors.length) return place.name;
  const site = [...ancestors].reverse().find((a) => a.kind === 'site') ?? ancestors[ancestors.length - 1]!;
  return `${place.name}${PLACE_SEPARATOR}${site.name}`;
}

/** The name of `id` among the places read (the place and its ancestors); `undefined` when the place was not read. */
export function placeNameIn(places: ReadonlyMap<string, PlaceNode>, id: string): string | undefined {
  const place = places.get(id);
  if (!place) return undefined;
  const ancestors = ancestorIds(place.path).map((a) => places.get(a)).filter((a): a is PlaceNode => Boolean(a));
  return placeName(place, ancestors);
}
