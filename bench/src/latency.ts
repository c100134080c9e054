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
  const withSerial = assets.filter((a): a is { id: string; serial: string } => (a.serial?.length ?? 0) >= 8);
  if (!withSerial.length) throw new Error('The search benchmark found no asset with a serial');
  const times: number[] = [];
  let matches = 0;
  for (let i = -5; i < iterations; i++) {
    const asset = rnd.pick(withSerial);
    const from = Math.floor(asset.serial.length / 2) - 3;
    const q = asset.serial.slice(from, from + 6);
    const query = AssetListQuery.parse({ q, sort: 'tag', limit: 20, includeTotal: 'true' });
    const started = performance.now();
    const page = await listAssets(ctx, query);
    const elapsed = ms(started);
    if (!page.total) throw new Error(`The search for ${q} found nothing, though ${asset.id} holds it`);
    if (i < 0) continue;
    times.push(elapsed);
    matches += page.total;
  }
  return summary(times, `six characters of a serial, ${(matches / iterations).toFixed(1)} matches on average`);
}
