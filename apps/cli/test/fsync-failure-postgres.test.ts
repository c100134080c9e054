import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres } from '../../../test/support/databases.js';
import { runCli, startServer, tokenFor, waitFor } from './support/cli.js';
import { createAsset, unavailableTotal } from './support/write-log/fault-client.js';
import { type Cluster, clusterWorkspace, custodiaOnCluster, query, serverDirectory, startCluster } from './support/write-log/private-postgres.js';
import { buildWriteLog, writeLogEnv } from './support/write-log/write-log.js';

/** Sends the request until it is answered otherwise than 503, waiting as Retry-After asks (at most `tries` times). */
async function untilAvailable(send: () => Promise<Response>, tries: number): Promise<{ res: Response; unavailable: number }> {
  for (let unavailable = 0; ; unavailable++) {
    let res: Response | undefined;
    res = await send();
    if (res.status !== 503 || unavailable + 1 >= tries) return { res, unavailable };
    await new Promise((r) => setTimeout(r, 1000 * Number(res!.headers.get('retry-after') ?? 1)));
  }
}

/**
 * FT-04 of the security test plan on PostgreSQL: the disk under a private cluster starts failing its fsyncs (EIO,
 * injected by the write log library in every server process). PostgreSQL stops (PANIC) rather than carry on after a
 * failed fsync; Custodia's server stays up, answers 503 meanwhile and logs it, and once the disk is healthy and the
 * cluster started again (as systemd would) its connection pool recovers without a restart: each failed request,
 * retried with its Idempotency-Key, takes effect exactly once.
 */
describe.runIf(hasPostgres)('fsync failing under PostgreSQL (FT-04)', () => {
  let work: string;
  let data: string;
  let sockets: string;
  let cluster: Cluster | undefined;
  beforeAll(() => {
    ({ work, data, sockets } = clusterWorkspace('custodia-fsync-failure-pg-'));
  }, 120_000);
  afterAll(async () => {
    await cluster?.kill().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  });

  it('writes answer 503 while PostgreSQL is down after a failed fsync; the pool recovers once it is back, and retries apply once', async () => {
    const failing = join(work, 'disk-failing');
    const env = { ...writeLogEnv(buildWriteLog(work), join(serverDirectory(join(work, 'log')), 'write.log'), `${data}/`), CUSTODIA_FAULT_SYNC_FILE: failing };
    cluster = await startCluster(data, sockets, env);
    const port = cluster.port;
    const { database, token, type } = await custodiaOnCluster(cluster, work);
    const operator = await tokenFor(database, 'operator', 'system_administrator', 'read');
    const server = await startServer(database);
    try {
      for (const name of ['before-1', 'before-2']) expect((await createAsset(server.url, token, type, name)).status).toBe(201);

      writeFileSync(failing, '');
      // The commit's WAL flush fails: PostgreSQL PANICs and restarts, and its recovery fails on the same disk.
      for (const name of ['during-1', 'during-2']) {
        const res = await createAsset(server.url, token, type, name);
        expect(res.status, await res.clone().text()).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
      }
      // Each in the log at level error (the log reaches stdout a little after the answer).
      await waitFor(() => server.log().split('\n').filter((l) => l.includes('"database unavailable"') && l.includes('"level":50')).length >= 2, 10_000);

      // The disk is replaced; the cluster is started again if it gave up (same port: the server's pool knows no other).
      rmSync(failing);
      await cluster.kill().catch(() => undefined);
      cluster = await startCluster(data, sockets, env, [], port);
      // Each failed request is retried with its key until the pool has found the server again: applied once, whether it
      // had committed before the PANIC (then the kept answer or 409 IDEMPOTENCY_KEY_IN_USE) or not (then now).
      for (const name of ['during-1', 'during-2']) {
        const { res } = await untilAvailable(() => createAsset(server.url, token, type, name), 30);
        const body = (await res.json()) as { code?: string };
        expect([201, 409], JSON.stringify(body)).toContain(res.status);
        if (res.status === 409) expect(body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
      }
      expect((await createAsset(server.url, token, type, 'after-1')).status).toBe(201);
      // The counter for alerting (read now: /metrics authenticates its caller, which needs the database).
      const page = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${operator}` } });
      const metrics = await page.text();
      expect(page.status, metrics).toBe(200);
      expect(unavailableTotal(metrics)).toBeGreaterThanOrEqual(2);
    } finally {
      const closed = new Promise((resolve) => server.child.once('close', resolve));
      server.child.kill('SIGTERM');
      await closed;
    }
    const names = (await query<{ name: string }>(cluster.url('custodia'), 'select name from assets order by name')).map((a) => a.name);
    expect(names).toEqual(['after-1', 'before-1', 'before-2', 'during-1', 'during-2']);
    const created = await query<{ n: string }>(cluster.url('custodia'), "select count(*) as n from events where entity_type = 'asset' and action = 'create'");
    expect(Number(created[0]!.n)).toBe(5);
    expect((await runCli(['history', 'verify'], database.env)).code).toBe(0);
  }, 300_000);
});
