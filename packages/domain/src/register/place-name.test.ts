import { describe, expect, it } from 'vitest';
import { type PlaceNode, ancestorIds, placeName, placeNameIn } from './place-name.js';
import { LOCATION_KINDS } from './tree.js';

/** A small estate: two sites with a Stockroom each, a site inside a region, and a room in a country with no site. */
function estate(): Map<string, PlaceNode> {
  const list: PlaceNode[] = [
    { id: 'de', name: 'Germany', kind: 'country', path: '/de/' },
    { id: 'ber', name: 'Berlin Mitte', kind: 'site', path: '/de/ber/' },
    { id: 'ber-a', name: 'Building A', kind: 'building', path: '/de/ber/ber-a/' },
    { id: 'ber-a-2', name: 'Floor 2', kind: 'floor', path: '/de/ber/ber-a/ber-a-2/' },
    { id: 'ber-stock', name: 'Stockroom', kind: 'room', path: '/de/ber/ber-a/ber-a-2/ber-stock/' },
    { id: 'ber-rack', name: 'Rack 1', kind: 'rack', path: '/de/ber/ber-a/ber-a-2/ber-stock/ber-rack/' },
    { id: 'fr', name: 'France', kind: 'country', path: '/fr/' },
    { id: 'idf', name: 'Île-de-France', kind: 'region', path: '/fr/idf/' },
    { id: 'par', name: 'Paris La Défense', kind: 'site', path: '/fr/idf/par/' },
    { id: 'par-stock', name: 'Stockroom', kind: 'room', path: '/fr/idf/par/par-stock/' },
    { id: 'lu', name: 'Luxembourg', kind: 'country', path: '/lu/' },
    { id: 'lu-office', name: 'Office', kind: 'building', path: '/lu/lu-office/' },
    { id: 'lu-stock', name: 'Stockroom', kind: 'room', path: '/lu/lu-office/lu-stock/' },
  ];
  return new Map(list.map((p) => [p.id, p]));
}

describe('naming a place for people', () => {
  it('names two rooms of the same name apart by their sites', () => {
    const places = estate();
    expect(placeNameIn(places, 'ber-stock')).toBe('Stockroom · Berlin Mitte');
    expect(placeNameIn(places, 'par-stock')).toBe('Stockroom · Paris La Défense');
  });

  it('names everything inside a site with that site, however deep', () => {
    const places = estate();
    expect(['ber-a', 'ber-a-2', 'ber-stock', 'ber-rack'].map((id) => placeNameIn(places, id))).toEqual([
      'Building A · Berlin Mitte', 'Floor 2 · Berlin Mitte', 'Stockroom · Berlin Mitte', 'Rack 1 · Berlin Mitte',
    ]);
  });

  it('names a site with its parent (it is not inside a site), and a place with no site above it with its parent', () => {
    const places = estate();
    expect(placeNameIn(places, 'ber')).toBe('Berlin Mitte · Germany');
    expect(placeNameIn(places, 'par')).toBe('Paris La Défense · Île-de-France');
    expect(placeNameIn(places, 'lu-stock')).toBe('Stockroom · Office');
    expect(placeNameIn(places, 'idf')).toBe('Île-de-France · France');
  });

  it('names a top-level place alone, whatever its kind', () => {
    for (const kind of LOCATION_KINDS) expect(placeName({ name: 'Top' }, []), kind).toBe('Top');
  });

  it('names a place of every kind inside a site with that site, and the nearest site when sites are nested', () => {
    const site = { name: 'Campus', kind: 'site' };
    for (const kind of LOCATION_KINDS) {
      expect(placeName({ name: 'Here' }, [{ name: 'Europe', kind: 'region' }, site, { name: 'Wing', kind: 'building' }]), kind).toBe('Here · Campus');
    }
    expect(placeName({ name: 'Lab' }, [site, { name: 'North site', kind: 'site' }, { name: 'Hall', kind: 'building' }])).toBe('Lab · North site');
  });

  it('leaves out ancestors that were not read (outside what the reader sees), and answers nothing for a place not read', () => {
    const places = estate();
    places.delete('ber');
    expect(placeNameIn(places, 'ber-stock')).toBe('Stockroom · Floor 2');
    places.delete('ber-a');
    places.delete('ber-a-2');
    expect(placeNameIn(places, 'ber-stock')).toBe('Stockroom · Germany');
    expect(placeNameIn(places, 'nowhere')).toBeUndefined();
  });

  it('reads the ancestors of a node from its materialised path, top first, without the node', () => {
    expect(ancestorIds('/de/ber/ber-a/')).toEqual(['de', 'ber']);
    expect(ancestorIds('/de/')).toEqual([]);
  });
});
