/**
 * How text meant for people names a location. Every building has a "Stockroom", so a room's name alone does not say
 * where something is: a place is named with the site it is in — "Stockroom · Berlin Mitte" — or, when no ancestor is a
 * site, with its parent ("Berlin Mitte · Germany"); a top-level place is named alone. The nearest site wins when sites
 * are nested. Pages, reports, CSV exports and discrepancy summaries all use this one rule.
 *
 * Two places of the same name in that same site (or parent) would still read alike: each then also carries the
 * ancestor where its path parts from the other's — "Room 101 · Building A · Berlin Mitte" and "Room 101 · Building B ·
 * Berlin Mitte" — and, with several such namesakes, each such ancestor, nearest first. The parting is judged by ids,
 * not names, so it needs only the namesakes' paths; a place directly under the parting point carries nothing more (the
 * other one carries its own). A name depends on the estate, never on which other places a page shows, so a room reads
 * the same in every report, export and summary. Places whose whole paths read alike still cannot be told apart.
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

/**
 * A place's name for people, given its ancestors top first (those the reader cannot see left out) and, to tell it apart
 * from places of the same name, those places (any of them; the place itself and namesakes outside its site are
 * ignored).
 */
export function placeName(
  place: Pick<PlaceNode, 'id' | 'name'>, ancestors: readonly Pick<PlaceNode, 'id' | 'name' | 'kind'>[], namesakes: readonly Pick<PlaceNode, 'id' | 'path'>[] = [],
): string {
  if (!ancestors.length) return place.name;
  const siteAt = ancestors.findLastIndex((a) => a.kind === 'site');
  const namedBy = siteAt >= 0 ? siteAt : ancestors.length - 1;
  const naming = ancestors[namedBy]!;
  const parting = new Set<number>();
  const within = `/${naming.id}/`;
  for (const other of namesakes) {
    // Another site's (or parent's) namesake already reads apart.
    if (other.id === place.id || !other.path.includes(within)) continue;
    const theirs = new Set(ancestorIds(other.path));
    // Paths share a prefix: the first of this place's ancestors below the naming one that the other lacks is where they part.
    const at = ancestors.findIndex((a, i) => i > namedBy && !theirs.has(a.id));
    if (at >= 0) parting.add(at);
  }
  const between = [...parting].sort((a, b) => b - a).map((i) => ancestors[i]!.name);
  return [place.name, ...between, naming.name].join(PLACE_SEPARATOR);
}

/**
 * The name of `id` among the places read (the place and its ancestors), told apart from `namesakes` (places of its
 * name); `undefined` when the place was not read.
 */
export function placeNameIn(places: ReadonlyMap<string, PlaceNode>, id: string, namesakes: readonly Pick<PlaceNode, 'id' | 'path'>[] = []): string | undefined {
  const place = places.get(id);
  if (!place) return undefined;
  const ancestors = ancestorIds(place.path).map((a) => places.get(a)).filter((a): a is PlaceNode => Boolean(a));
  return placeName(place, ancestors, namesakes);
}
