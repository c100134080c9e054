import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { EngineResult } from './engine.js';
import { postgresUrl, readConfig } from './config.js';
import { formatNotes, formatTable } from './report.js';

/**
 * `npm run bench`: measures the register on SQLite, and on PostgreSQL when CUSTODIA_BENCH_DATABASE_URL (or
 * CUSTODIA_TEST_DATABASE_URL) is set. Each engine runs in its own child process (so peak RSS is per engine) against
 * fresh storage: a temporary directory (removed afterwards) and, on PostgreSQL, a schema created and dropped here.
 * Nothing is written into the repository.
 */
const ENGINE = fileURLToPath(new URL('./engine.js', import.meta.url));

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { await client.query(statement); } finally { await client.end(); }
}

function runEngine(engine: 'sqlite' | 'postgres', dir: string, pgUrl?: string): Promise<EngineResult> {
  const resultFile = join(dir, 'result.json');
  const extra = process.env['CUSTODIA_BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...extra, ENGINE, engine, dir, resultFile, ...(pgUrl ? [pgUrl] : [])], { stdio: 'inherit' });
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.removeListener('SIGINT', stop);
      if (code !== 0) return reject(new Error(`The ${engine} benchmark failed (${signal ?? `exit code ${code}`})`));
      resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as EngineResult);
    });
  });
}

async function main(): Promise<void> {
  const config = readConfig();
  const pgBase = postgresUrl();
  const root = mkdtempSync(join(tmpdir(), 'custodia-bench-'));
  const results: EngineResult[] = [];
  const failures: string[] = [];
  const cpu = cpus();
  process.stdout.write(`Custodia benchmark: ${config.assets.toLocaleString('en-US')} assets; engines: sqlite${pgBase ? ', postgres' : ''}; `
    + `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}; data in ${root}\n`);
  try {
    const sqliteDir = join(root, 'sqlite');
    mkdirSync(sqliteDir);
    try {
      results.push(await runEngine('sqlite', sqliteDir));
    } catch (error) {
      failures.push(String(error instanceof Error ? error.message : error));
    } finally {
      rmSync(sqliteDir, { recursive: true, force: true });
    }
    if (pgBase) {
      const schema = `bench_${process.pid}`;
      const pgDir = join(root, 'postgres');
      mkdirSync(pgDir);
      await admin(pgBase, `create schema ${schema}`);
      try {
        results.push(await runEngine('postgres', pgDir, withSchema(pgBase, schema)));
      } catch (error) {
        failures.push(String(error instanceof Error ? error.message : error));
      } finally {
        await admin(pgBase, `drop schema if exists ${schema} cascade`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  if (results.length) {
    process.stdout.write(`\n${formatTable(results)}\n\n${formatNotes(results)}\n`);
  }
  if (failures.length) {
    process.stderr.write(`\n${failures.join('\n')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
