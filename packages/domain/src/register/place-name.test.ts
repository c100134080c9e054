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
    for (const kind of LOCATION_KINDS) expect(placeName({ id: 'top', name: 'Top' }, []), kind).toBe('Top');
  });

  it('names a place of every kind inside a site with that site, and the nearest site when sites are nested', () => {
    const site = { id: 'campus', name: 'Campus', kind: 'site' };
    for (const kind of LOCATION_KINDS) {
      expect(placeName({ id: 'here', name: 'Here' }, [{ id: 'eu', name: 'Europe', kind: 'region' }, site, { id: 'wing', name: 'Wing', kind: 'building' }]), kind).toBe('Here · Campus');
    }
    expect(placeName({ id: 'lab', name: 'Lab' }, [site, { id: 'north', name: 'North site', kind: 'site' }, { id: 'hall', name: 'Hall', kind: 'building' }])).toBe('Lab · North site');
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

/** A site with two buildings, each with two floors; a "Room 101" on every floor, in building A itself and in the site itself. */
function campus(): Map<string, PlaceNode> {
  const list: PlaceNode[] = [
    { id: 'de', name: 'Germany', kind: 'country', path: '/de/' },
    { id: 'ber', name: 'Berlin Mitte', kind: 'site', path: '/de/ber/' },
    { id: 'r-site', name: 'Room 101', kind: 'room', path: '/de/ber/r-site/' },
  ];
  for (const b of ['A', 'B']) {
    list.push({ id: `b${b}`, name: `Building ${b}`, kind: 'building', path: `/de/ber/b${b}/` });
    for (const f of ['1', '2']) {
      list.push({ id: `b${b}f${f}`, name: `Floor ${f}`, kind: 'floor', path: `/de/ber/b${b}/b${b}f${f}/` });
      list.push({ id: `r${b}${f}`, name: 'Room 101', kind: 'room', path: `/de/ber/b${b}/b${b}f${f}/r${b}${f}/` });
    }
  }
  list.push({ id: 'rA', name: 'Room 101', kind: 'room', path: '/de/ber/bA/rA/' });
  // The same name in another site reads apart by that site.
  list.push({ id: 'par', name: 'Paris', kind: 'site', path: '/de/par/' }, { id: 'r-par', name: 'Room 101', kind: 'room', path: '/de/par/r-par/' });
  return new Map(list.map((p) => [p.id, p]));
}
const namesakesIn = (places: Map<string, PlaceNode>, name: string) => [...places.values()].filter((p) => p.name === name);

describe('telling apart places of the same name in one site', () => {
  it('adds the building where two rooms of one site part, nearest ancestor first', () => {
    const places = campus();
    const pick = ['rA1', 'rB1'];
    const namesakes = pick.map((id) => places.get(id)!);
    expect(pick.map((id) => placeNameIn(places, id, namesakes))).toEqual(['Room 101 · Building A · Berlin Mitte', 'Room 101 · Building B · Berlin Mitte']);
  });

  it('adds the floor when the rooms are in one building', () => {
    const places = campus();
    const namesakes = ['rA1', 'rA2'].map((id) => places.get(id)!);
    expect(placeNameIn(places, 'rA1', namesakes)).toBe('Room 101 · Floor 1 · Berlin Mitte');
    expect(placeNameIn(places, 'rA2', namesakes)).toBe('Room 101 · Floor 2 · Berlin Mitte');
  });

  it('adds every ancestor where it parts from a namesake, nearest first', () => {
    const places = campus();
    const namesakes = ['rA1', 'rA2', 'rB1'].map((id) => places.get(id)!);
    expect(placeNameIn(places, 'rA1', namesakes)).toBe('Room 101 · Floor 1 · Building A · Berlin Mitte');
    expect(placeNameIn(places, 'rA2', namesakes)).toBe('Room 101 · Floor 2 · Building A · Berlin Mitte');
    expect(placeNameIn(places, 'rB1', namesakes)).toBe('Room 101 · Building B · Berlin Mitte');
  });

  it('gives every room of one name in one site its own name, at any depth, whatever the order of the namesakes', () => {
    const places = campus();
    const namesakes = namesakesIn(places, 'Room 101');
    const inBerlin = namesakes.filter((p) => p.path.startsWith('/de/ber/'));
    const names = inBerlin.map((p) => placeNameIn(places, p.id, namesakes)!);
    expect(new Set(names).size).toBe(inBerlin.length);
    expect(Object.fromEntries(inBerlin.map((p, i) => [p.id, names[i]]))).toEqual({
      'r-site': 'Room 101 · Berlin Mitte',
      rA1: 'Room 101 · Floor 1 · Building A · Berlin Mitte',
      rA2: 'Room 101 · Floor 2 · Building A · Berlin Mitte',
      rB1: 'Room 101 · Floor 1 · Building B · Berlin Mitte',
      rB2: 'Room 101 · Floor 2 · Building B · Berlin Mitte',
      rA: 'Room 101 · Building A · Berlin Mitte',
    });
    const reversed = [...namesakes].reverse();
    expect(inBerlin.map((p) => placeNameIn(places, p.id, reversed))).toEqual(names);
  });

  it('leaves a name as it was without a namesake in its site: alone, itself, or in another site', () => {
    const places = campus();
    expect(placeNameIn(places, 'rA1')).toBe('Room 101 · Berlin Mitte');
    expect(placeNameIn(places, 'rA1', [places.get('rA1')!])).toBe('Room 101 · Berlin Mitte');
    expect(placeNameIn(places, 'r-par', namesakesIn(places, 'Room 101'))).toBe('Room 101 · Paris');
    expect(placeNameIn(places, 'ber-stock', [])).toBeUndefined();
  });

  it('adds nothing to a place directly under the parting point: its namesake deeper down carries its own ancestor', () => {
    const places = campus();
    const namesakes = ['r-site', 'rB2'].map((id) => places.get(id)!);
    expect(placeNameIn(places, 'r-site', namesakes)).toBe('Room 101 · Berlin Mitte');
    expect(placeNameIn(places, 'rB2', namesakes)).toBe('Room 101 · Building B · Berlin Mitte');
  });

  it('tells apart within the parent when no site is above, and leaves places under different parents as they read', () => {
    const list: PlaceNode[] = [
      { id: 'lu', name: 'Luxembourg', kind: 'country', path: '/lu/' },
      { id: 'o1', name: 'Office', kind: 'building', path: '/lu/o1/' },
      { id: 'w1', name: 'West wing', kind: 'floor', path: '/lu/o1/w1/' },
      { id: 'w2', name: 'East wing', kind: 'floor', path: '/lu/o1/w2/' },
      { id: 's1', name: 'Stockroom', kind: 'room', path: '/lu/o1/w1/s1/' },
      { id: 's2', name: 'Stockroom', kind: 'room', path: '/lu/o1/w2/s2/' },
    ];
    const places = new Map(list.map((p) => [p.id, p]));
    const namesakes = namesakesIn(places, 'Stockroom');
    // Named by their parents (no site above), they already read apart.
    expect(['s1', 's2'].map((id) => placeNameIn(places, id, namesakes))).toEqual(['Stockroom · West wing', 'Stockroom · East wing']);
    // Two wings of one name each hold a namesake too: by parent they read alike, and nothing between tells them apart.
    places.set('w2', { ...places.get('w2')!, name: 'West wing' });
    expect(['s1', 's2'].map((id) => placeNameIn(places, id, namesakes))).toEqual(['Stockroom · West wing', 'Stockroom · West wing']);
  });

  it('counts a namesake inside a nested site for the outer site\'s place (paths alone do not show the nested site)', () => {
    const site = { id: 'campus', name: 'Campus', kind: 'site' };
    const hall = { id: 'hall', name: 'Hall', kind: 'building' };
    expect(placeName({ id: 'lab', name: 'Lab' }, [site, hall], [{ id: 'lab2', path: '/campus/north/lab2/' }])).toBe('Lab · Hall · Campus');
    expect(placeName({ id: 'lab2', name: 'Lab' }, [site, { id: 'north', name: 'North site', kind: 'site' }], [{ id: 'lab', path: '/campus/hall/lab/' }])).toBe('Lab · North site');
  });

  it('uses only the ancestors read: a parting ancestor left out is replaced by the next one read below it', () => {
    const places = campus();
    const namesakes = ['rA1', 'rB1'].map((id) => places.get(id)!);
    places.delete('bA');
    expect(placeNameIn(places, 'rA1', namesakes)).toBe('Room 101 · Floor 1 · Berlin Mitte');
  });
});
