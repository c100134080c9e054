import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { openImportDb } from '../../../../test/support/import.js';
import type { Context } from './context.js';
import { createReference } from '../reference/crud.js';
import { locations } from '../reference/resources.js';
import { PlaceNames } from './place-names.js';

/** Counts the statements sent through it. */
function counting(): KyselyPlugin & { count: number } {
  const plugin = {
    count: 0,
    transformQuery(args: Parameters<KyselyPlugin['transformQuery']>[0]) { plugin.count += 1; return args.node; },
    transformResult: (args: Parameters<KyselyPlugin['transformResult']>[0]) => Promise.resolve(args.result),
  };
  return plugin;
}

describe.each(ENGINES)('naming places in text for people ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  const rooms: string[] = [];
  const ids: Record<string, string> = {};
  const sites: Record<string, string> = {};
  beforeAll(async () => {
    ({ db, ctx } = await openImportDb(engine));
    const add = async (name: string, kind: string, parentId: string | null = null) => (await createReference<{ id: string }>(ctx, locations, { name, kind, parentId })).id;
    // Three countries, two sites each, a building and floor each, and a "Stockroom" on every floor.
    for (const country of ['Germany', 'France', 'Spain']) {
      const c = await add(country, 'country');
      for (const site of [`${country} North`, `${country} South`]) {
        const s = await add(site, 'site', c);
        sites[site] = s;
        const floor = await add('Floor 1', 'floor', await add('Building A', 'building', s));
        const room = await add('Stockroom', 'room', floor);
        rooms.push(room);
        ids[site] = room;
      }
      ids[country] = c;
    }
    // A second Stockroom in one site, in another building: not on the page below, yet its namesake must read apart from it.
    ids['Germany North B'] = await add('Stockroom', 'room', await add('Building B', 'building', sites['Germany North']!));
  }, 60_000);
  afterAll(async () => { await db.dispose(); });

  it('names each room with its site, reading the rooms and then all their ancestors and namesakes in one query each', async () => {
    const plugin = counting();
    const names = await new PlaceNames(db.db.withPlugin(plugin)).load([...rooms, null, undefined, rooms[0]]);
    expect(plugin.count).toBe(2);
    expect(names.name(ids['Spain South'])).toBe('Stockroom · Spain South');
    // The site holds another Stockroom, not on this page: the name says which building, whatever the page shows.
    expect(names.name(ids['Germany North'])).toBe('Stockroom · Building A · Germany North');
    expect(new Set(rooms.map((r) => names.name(r))).size).toBe(rooms.length);
    // A site is named with its country; a country alone (its namesakes are looked up once it is asked for).
    expect(names.name(ids['Germany'])).toBe('Germany');

    // Places read before are not read again; a place read as an ancestor only has its namesakes looked up; an id that
    // is no location is named by nothing.
    await names.load(rooms);
    expect(plugin.count).toBe(2);
    await names.load([ids['France']!]);
    expect(plugin.count).toBe(3);
    expect(names.name(ids['France'])).toBe('France');
    await names.load([ids['Germany North B']!]);
    expect(plugin.count).toBe(5);
    expect(names.name(ids['Germany North B'])).toBe('Stockroom · Building B · Germany North');
    await names.load(['00000000-0000-7000-8000-000000000000']);
    expect(plugin.count).toBe(6);
    expect(names.name('00000000-0000-7000-8000-000000000000')).toBeUndefined();
    expect(names.name(null)).toBeUndefined();
  });
});
