import { readFileSync } from 'node:fs';

/**
 * Load client of the discovery benchmark, in its own process so it does not share the server's event loop:
 * `node inventory-client.js URL AUTHORIZATION CONCURRENCY FILE` where FILE holds the bodies, each prefixed by its
 * length (4 bytes, big-endian). Prints one JSON line: seconds, per second, failures by status.
 */
const [url, authorization, concurrencyText, file] = process.argv.slice(2) as [string, string, string, string];
const all = readFileSync(file);
const bodies: Buffer[] = [];
for (let at = 0; at < all.length;) {
  const n = all.readUInt32BE(at);
  bodies.push(all.subarray(at + 4, at + 4 + n));
  at += 4 + n;
}
let next = 0;
let failed = 0;
const statuses: Record<number, number> = {};
const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrencyText) }, async () => {
  while (next < bodies.length) {
    const body = bodies[next++]!;
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-compress-zlib', authorization, 'user-agent': 'FusionInventory-Agent_v2.6-3' } });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status !== 200) failed++;
  }
}));
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, perSecond: bodies.length / seconds, failed, statuses })}\n`);
