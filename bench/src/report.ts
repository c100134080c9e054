import type { EngineResult } from './engine.js';

interface Line {
  label: string;
  target: string;
  value: (r: EngineResult) => string;
  /** Undefined: a baseline or a figure without a target. */
  pass?: (r: EngineResult) => boolean;
}

const MB = 1e6;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const msec = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

const LINES: Line[] = [
  { label: '1. Import, importAssets (rows/s)', target: '≥ 50,000', value: (r) => int(r.import.rowsPerSecond), pass: (r) => r.import.rowsPerSecond >= 50_000 },
  { label: '   raw insert baseline (rows/s)', target: 'baseline', value: (r) => int(r.raw.rowsPerSecond) },
  { label: '   import / raw', target: '≥ 35 %', value: (r) => pct(r.import.ratio), pass: (r) => r.import.ratio >= 0.35 },
  { label: '   import wall time (s)', target: '', value: (r) => r.import.seconds.toFixed(1) },
  { label: '   peak RSS during import (MB)', target: '< 300', value: (r) => int(r.import.peakRss / MB), pass: (r) => r.import.peakRss < 300 * MB },
  { label: '2. List page p50 / p95 (ms)', target: 'p95 < 50', value: (r) => `${msec(r.list.p50)} / ${msec(r.list.p95)}`, pass: (r) => r.list.p95 < 50 },
  { label: '3. Get by id p50 / p95 (ms)', target: 'p95 < 5', value: (r) => `${r.get.p50.toFixed(3)} / ${r.get.p95.toFixed(3)}`, pass: (r) => r.get.p95 < 5 },
  { label: '   Search, 20 rows + total, p50 / p95 (ms)', target: 'report', value: (r) => (r.search ? `${msec(r.search.p50)} / ${msec(r.search.p95)}` : 'n/a') },
  { label: '   Get by id p95 while searching (ms)', target: 'report', value: (r) => (r.searchingGet ? msec(r.searchingGet.readers.p95) : 'n/a') },
  { label: '     same, searches on event loop (ms)', target: 'report', value: (r) => (r.searchingGet?.onEventLoop ? msec(r.searchingGet.onEventLoop.p95) : 'n/a') },
  { label: '   Dashboard computed / repeated (ms)', target: 'report', value: (r) => (r.dashboard ? `${int(r.dashboard.computed)} / ${msec(r.dashboard.repeated)}` : 'n/a') },
  { label: '4. HTTP GET asset, Custodia (req/s)', target: '', value: (r) => (r.http.error ? 'failed' : int(r.http.custodia.requestsPerSecond)) },
  { label: '   HTTP bare Fastify (req/s)', target: 'baseline', value: (r) => (r.http.error ? 'failed' : int(r.http.bare.requestsPerSecond)) },
  { label: '   Custodia / bare', target: '≥ 50 %', value: (r) => (r.http.error ? 'failed' : pct(r.http.ratio)), pass: (r) => !r.http.error && r.http.ratio >= 0.5 },
  { label: '   Browser: first register page (ms)', target: '< 1,500', value: (r) => (r.browser ? int(r.browser.firstPage) : 'n/a'), pass: (r) => r.browser !== null && r.browser.firstPage < 1500 },
  { label: '   Browser: filtered page (ms)', target: '< 300', value: (r) => (r.browser ? int(r.browser.filtered) : 'n/a'), pass: (r) => r.browser !== null && r.browser.filtered < 300 },
  { label: '   Web app JS, gzip (KiB)', target: 'report', value: (r) => (r.browser ? int(r.browser.bundleGzipBytes / 1024) : 'n/a') },
  { label: '5. verifyEventChain (s)', target: '< 10', value: (r) => `${r.verify.seconds.toFixed(1)} (${(r.verify.events / 1e6).toFixed(2)} M ev.)`, pass: (r) => r.verify.seconds < 10 },
  { label: '6. Peak RSS overall (MB)', target: 'report', value: (r) => int(r.peakRss / MB) },
];

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

/** The results table: one row per figure, one value and PASS/MISS column pair per engine. */
export function formatTable(results: EngineResult[]): string {
  const header = ['Measurement', 'Target', ...results.flatMap((r) => [r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL', ''])];
  const rows = LINES.map((l) => [l.label, l.target, ...results.flatMap((r) => [l.value(r), l.pass ? (l.pass(r) ? 'PASS' : 'MISS') : ''])]);
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((row) => [...row[i]!].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** How each figure was obtained, printed under the table. */
export function formatNotes(results: EngineResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${r.engine}: ${int(r.config.assets)} assets from an ${r.import.source}, ${int(r.setup.people)} people, ${r.setup.locations} locations;`
      + ` load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}; CPU time of this process: import ${r.import.cpuSeconds.toFixed(0)} s, raw ${r.raw.cpuSeconds.toFixed(0)} s`
      + `${r.engine === 'postgres' ? ' (the server\'s own CPU not counted)' : ''};`
      + ` raw baseline = ${r.raw.method}; peak RSS during the import from ${r.import.rssMethod}`
      + `${r.import.databaseBytes ? `; database + WAL after import ${int(r.import.databaseBytes / MB)} MB` : ''}.`);
    out.push(`  list: ${r.list.iterations} pages, ${r.list.note}, max ${msec(r.list.max)} ms; get: ${r.get.iterations} calls, ${r.get.note}, max ${msec(r.get.max)} ms;`
      + ` http: ${r.http.seconds} s per server, concurrency ${r.http.concurrency}, ${int(r.http.custodia.ok)} + ${int(r.http.bare.ok)} requests,`
      + ` ~${r.http.custodia.bytesPerResponse} / ${r.http.bare.bytesPerResponse} bytes per response`
      + `${r.http.roundRatios?.length ? `, ratio per round ${r.http.roundRatios.map((x) => pct(x)).join(' ')} (median shown)` : ''}`
      + `${r.http.error ? `; HTTP phase FAILED: ${r.http.error}` : ''}.`);
  }
  return out.join('\n');
}
