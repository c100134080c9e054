import http from 'node:http';
import { readFileSync } from 'node:fs';

/**
 * Load generator, run as its own process so it does not share the server's event loop: `concurrency` loops issue
 * GET <base>/api/v1/assets/<random id> over keep-alive connections on loopback for `seconds`, then print one JSON line.
 * Plain node:http (not fetch) because it costs the client less CPU, and the client shares the machine with the server.
 */
const [base, idsFile, secondsArg, concurrencyArg] = process.argv.slice(2);
if (!base || !idsFile) throw new Error('usage: load-client <base-url> <ids-file> [seconds] [concurrency]');
const url = new URL(base);
if (url.hostname !== '127.0.0.1') throw new Error('The load client only targets 127.0.0.1');
const ids = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
const seconds = Number(secondsArg ?? 10);
const concurrency = Number(concurrencyArg ?? 16);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
// The API token of the benchmark account (both servers get it; the bare one ignores it).
const headers = process.env['CUSTODIA_BENCH_TOKEN'] ? { authorization: `Bearer ${process.env['CUSTODIA_BENCH_TOKEN']}` } : {};

let ok = 0;
let failed = 0;
let bytes = 0;
const statuses: Record<string, number> = {};

function get(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, agent, method: 'GET', headers }, (res) => {
      res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
      res.on('end', () => {
        if (res.statusCode === 200) ok++;
        else { failed++; statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1; }
        resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const started = performance.now();
const deadline = started + seconds * 1000;
let seed = 1;
const next = () => ids[(seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) % ids.length]!;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (performance.now() < deadline) {
    try { await get(`/api/v1/assets/${next()}`); } catch { failed++; }
  }
}));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
process.stdout.write(`${JSON.stringify({ ok, failed, statuses, seconds: elapsed, requestsPerSecond: ok / elapsed, bytesPerResponse: ok ? Math.round(bytes / (ok + failed)) : 0 })}\n`);
