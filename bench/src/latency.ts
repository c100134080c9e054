import { AssetListQuery } from '@custodia/contracts';
import { type Context, getAsset, listAssets } from '@custodia/core';
import { percentile, randomSource } from './random.js';

export interface Latency { iterations: number; p50: number; p95: number; max: number; note: string }

const ms = (start: number) => performance.now() - start;
const summary = (times: number[], note: string): Latency => ({ iterations: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), note });

/**
 * One register page as the UI asks for it: a site's subtree, stage `in_use`, sorted by tag, 50 rows. Each iteration
 * picks a random site and, four times in five, a random cursor among those earlier pages of that site returned, so
 * the pages read are spread over the first pages and deeper ones.
 */
export async function listPhase(ctx: Context, siteIds: readonly string[], iterations: number, seed: number): Promise<Latency> {
  const rnd = randomSource(seed);
  const cursors = new Map<string, string[]>(siteIds.map((id) => [id, []]));
  const times: number[] = [];
  let rows = 0;
  let deepest = 0;
  const depth = new Map<string, number>();
  for (let i = -siteIds.length; i < iterations; i++) {
    const warmUp = i < 0;
    const site = warmUp ? siteIds[i + siteIds.length]! : rnd.pick(siteIds);
    const pool = cursors.get(site)!;
    const cursor = !warmUp && pool.length && rnd.next() < 0.8 ? rnd.pick(pool) : undefined;
    const query = AssetListQuery.parse({ locationId: site, stage: 'in_use', sort: 'tag', limit: 50, ...(cursor ? { cursor } : {}) });
    const started = performance.now();
    const page = await listAssets(ctx, query);
    const elapsed = ms(started);
    if (page.items.length === 0) throw new Error('The list benchmark read an empty page: the generated register has no assets in use at this site');
    if (page.nextCursor) {
      pool.push(page.nextCursor);
      const d = (cursor ? depth.get(cursor) ?? 0 : 0) + 1;
      depth.set(page.nextCursor, d);
      deepest = Math.max(deepest, d + 1);
    }
    if (warmUp) continue;
    times.push(elapsed);
    rows += page.items.length;
  }
  return summary(times, `${siteIds.length} sites, ${rows} rows read, pages up to #${deepest}`);
}

/** `getAsset` for random ids of the register. */
export async function getPhase(ctx: Context, ids: readonly string[], iterations: number, seed: number): Promise<Latency> {
  const rnd = randomSource(seed);
  const times: number[] = [];
  for (let i = -100; i < iterations; i++) {
    const id = rnd.pick(ids);
    const started = performance.now();
    const asset = await getAsset(ctx, id);
    const elapsed = ms(started);
    if (asset.id !== id) throw new Error('getAsset returned another asset');
    if (i >= 0) times.push(elapsed);
  }
  return summary(times, `${ids.length} distinct random ids`);
}

/**
 * The search box (the web app's search page: `q`, 20 rows and the total): each iteration looks for six characters from
 * the middle of a random asset's serial, a rare term, and checks that asset is among the matches.
 */
export async function searchPhase(ctx: Context, assets: readonly { id: string; serial: string | null }[], iterations: number, seed: number): Promise<Latency> {
  const rnd = randomSource(seed);
  const withSerial = searchable(assets);
  const times: number[] = [];
  let matches = 0;
  for (let i = -5; i < iterations; i++) {
    const started = performance.now();
    const total = await searchOnce(ctx, rnd.pick(withSerial));
    const elapsed = ms(started);
    if (i < 0) continue;
    times.push(elapsed);
    matches += total;
  }
  return summary(times, `six characters of a serial, ${(matches / iterations).toFixed(1)} matches on average`);
}

function searchable(assets: readonly { id: string; serial: string | null }[]): { id: string; serial: string }[] {
  const withSerial = assets.filter((a): a is { id: string; serial: string } => (a.serial?.length ?? 0) >= 8);
  if (!withSerial.length) throw new Error('The search benchmark found no asset with a serial');
  return withSerial;
}

/** The search box for six characters from the middle of this asset's serial; its total, checked to find the asset. */
async function searchOnce(ctx: Context, asset: { id: string; serial: string }): Promise<number> {
  const from = Math.floor(asset.serial.length / 2) - 3;
  const q = asset.serial.slice(from, from + 6);
  const page = await listAssets(ctx, AssetListQuery.parse({ q, sort: 'tag', limit: 20, includeTotal: 'true' }));
  if (!page.total) throw new Error(`The search for ${q} found nothing, though ${asset.id} holds it`);
  return page.total;
}

/**
 * Get by id while another user searches: for `seconds`, one loop runs the search box without pause while another reads
 * a random asset by id a millisecond after the last; the latency of the reads, counted from when each was due, is
 * reported. A search that runs on the event loop
 * (SQLite without reader threads) makes a read wait for it; on a reader thread (or PostgreSQL) reads only share the CPU.
 */
export async function getWhileSearching(ctx: Context, assets: readonly { id: string; serial: string | null }[], seconds: number, seed: number): Promise<Latency> {
  const rnd = randomSource(seed);
  const deadline = performance.now() + seconds * 1000;
  let searches = 0;
  const searcher = (async () => {
    const withSerial = searchable(assets);
    // Between searches the loop lets timers run, as separate HTTP requests would.
    while (performance.now() < deadline) {
      await searchOnce(ctx, rnd.pick(withSerial));
      searches++;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const times: number[] = [];
  while (performance.now() < deadline) {
    // A read arrives a millisecond after the last one was answered; its latency counts from then, so the time it
    // waited for the event loop is in it, as a request's would be.
    const arrival = performance.now() + 1;
    await new Promise((resolve) => setTimeout(resolve, 1));
    const id = rnd.pick(assets).id;
    const asset = await getAsset(ctx, id);
    times.push(Math.max(0, performance.now() - arrival));
    if (asset.id !== id) throw new Error('getAsset returned another asset');
  }
  await searcher;
  return summary(times, `${times.length} reads, ${searches} searches meanwhile`);
}
