import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '@custodia/data';
import { createAccount, createApiToken, ensureBuiltInRoles, getAsset, grantRole, systemContext } from '@custodia/core';
import { buildApp } from '@custodia/server';

const run = promisify(execFile);
const CLIENT = fileURLToPath(new URL('./load-client.js', import.meta.url));

interface LoadResult { ok: number; failed: number; statuses: Record<string, number>; seconds: number; requestsPerSecond: number; bytesPerResponse: number }
export interface HttpResult {
  custodia: LoadResult; bare: LoadResult;
  /** The median of the rounds' ratios (each round: the real route, then the bare one, for the same time). */
  ratio: number; roundRatios: number[]; seconds: number; concurrency: number; error?: string;
}

/** Rounds the HTTP time is split into, alternating the two servers: the VM's speed drifts by tens of percent within a minute. */
const ROUNDS = 5;

function combined(results: LoadResult[]): LoadResult {
  const ok = results.reduce((n, r) => n + r.ok, 0);
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    ok, failed: results.reduce((n, r) => n + r.failed, 0), statuses, seconds, requestsPerSecond: ok / seconds,
    bytesPerResponse: Math.round(results.reduce((n, r) => n + r.bytesPerResponse * r.ok, 0) / Math.max(ok, 1)),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

async function load(base: string, idsFile: string, seconds: number, concurrency: number): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, [CLIENT, base, idsFile, String(seconds), String(concurrency)], { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
  if (result.failed > 0) throw new Error(`${result.failed} of ${result.ok + result.failed} requests to ${base} failed: ${JSON.stringify(result.statuses)}`);
  return result;
}

/**
 * GET /api/v1/assets/:id on the real server (buildApp: validation, hooks, metrics, ETag, database read) against a bare
 * Fastify route answering a fixed asset of the same size, both in this process on loopback, each driven by a
 * load-client child process in alternating rounds of the same length; the ratio is the median of the rounds' ratios.
 * Each server first gets a 2-second warm-up.
 */
export async function httpPhase(database: Database, ids: readonly string[], dir: string, seconds: number, concurrency: number): Promise<HttpResult> {
  const idsFile = join(dir, 'http-ids.txt');
  writeFileSync(idsFile, ids.join('\n'));
  const sample = await getAsset(systemContext(database, 'api'), ids[0]!);

  // The load client acts as an IT asset manager with a personal API token, as a script would.
  const system = systemContext(database, 'system');
  await ensureBuiltInRoles(system);
  const account = await createAccount(system, { login: `bench-${Date.now()}`, displayName: 'Benchmark' });
  await grantRole(system, account.id, { roleKey: 'it_asset_manager', orgUnitId: null });
  const { token } = await createApiToken(system, account.id, { name: 'bench', access: 'read', expiresInDays: 1 });
  process.env['CUSTODIA_BENCH_TOKEN'] = token;
  const app = await buildApp({ database, logger: false, rateLimit: 1_000_000_000, webApp: false });
  const bareApp = Fastify({ logger: false });
  bareApp.get('/api/v1/assets/:id', async () => sample);
  try {
    const [appBase, bareBase] = [await listen(app), await listen(bareApp)];
    await load(appBase, idsFile, 2, concurrency);
    await load(bareBase, idsFile, 2, concurrency);
    const ours: LoadResult[] = [];
    const theirs: LoadResult[] = [];
    const share = Math.max(1, seconds / ROUNDS);
    for (let i = 0; i < ROUNDS; i++) {
      ours.push(await load(appBase, idsFile, share, concurrency));
      theirs.push(await load(bareBase, idsFile, share, concurrency));
    }
    const [custodia, bare] = [combined(ours), combined(theirs)];
    if (Math.abs(custodia.bytesPerResponse - bare.bytesPerResponse) > custodia.bytesPerResponse * 0.2) {
      process.stderr.write(`  note: response sizes differ (${custodia.bytesPerResponse} vs ${bare.bytesPerResponse} bytes)\n`);
    }
    const roundRatios = ours.map((r, i) => r.requestsPerSecond / theirs[i]!.requestsPerSecond);
    return { custodia, bare, ratio: median(roundRatios), roundRatios, seconds, concurrency };
  } finally {
    await app.close();
    await bareApp.close();
  }
}
