import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, CLI_ENGINES, type CliDatabase, ROOT, cliEnv, counts, runCli, seedReferences, withDb } from './support/cli.js';

// IM-02 of the security test plan: kill -9 at half of a 50,000-row import. (The server's 100,000-row HTTP import is
// killed in server-crash.test.ts.)
const ROWS = 50_000;
const KILL_AT = 25_000;
const ASSIGN_EVERY = 10;
const LONG = 900_000;

let scratch: string;
let bigCsv: string | undefined;

/** The 50,000-row file, written once: every tenth laptop is in use by an active person (so assignments are written too). */
function writeBigCsv(people: string[], locations: string[]): string {
  const lines = ['tag,name,type,serial,location,assigned to,purchase date,purchase cost,currency,attr.ram_gb'];
  for (let i = 1; i <= ROWS; i++) {
    const assignee = i % ASSIGN_EVERY === 0 ? people[i % people.length]! : '';
    lines.push(`BIG-${String(i).padStart(6, '0')},Laptop ${i},laptop,SN-BIG-${i},${locations[i % locations.length]},${assignee},2025-05-${String(1 + (i % 28)).padStart(2, '0')},${900 + (i % 500)}.00,EUR,${[8, 16, 32][i % 3]}`);
  }
  const file = join(scratch, 'big.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Starts the import, waits for the progress line saying `KILL_AT` rows were read, and kills the process with SIGKILL. */
function importAndKill(database: CliDatabase, file: string): Promise<{ signal: string | null; rowsRead: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'import', 'assets', file, '--progress-lines'], { cwd: ROOT, env: cliEnv(database.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let rowsRead = 0;
    child.stdout.on('data', (d: Buffer) => { stdout += String(d); });
    child.stderr.on('data', (d: Buffer) => {
      stderr += String(d);
      for (const m of stderr.matchAll(/^ +(\d+) rows read$/gm)) rowsRead = Math.max(rowsRead, Number(m[1]));
      if (rowsRead >= KILL_AT && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('close', (_code, signal) => done({ signal, rowsRead, stdout, stderr }));
  });
}

beforeAll(() => { scratch = mkdtempSync(join(tmpdir(), 'custodia-crash-')); });
afterAll(() => { rmSync(scratch, { recursive: true, force: true }); });

/** Fault 7(a): `kill -9` in the middle of a 50,000-row import leaves the register exactly as it was. */
describe.each(CLI_ENGINES)('import killed with SIGKILL half-way ($name)', (engine) => {
  let database: CliDatabase;
  let baseline: Awaited<ReturnType<typeof counts>>;

  beforeAll(async () => {
    database = await engine.create();
    await seedReferences(database, 20);
    const ref = await withDb(database, async (db) => ({
      people: (await db.selectFrom('people').select(['email', 'active']).orderBy('email').execute()).filter((p) => p.active === 1 || p.active === true).map((p) => p.email!),
      locations: (await db.selectFrom('locations').select('code').where('kind', '=', 'room').orderBy('code').execute()).map((l) => l.code!),
    }));
    // seed-demo is deterministic, so every engine gets the same people and rooms and one file serves both.
    bigCsv ??= writeBigCsv(ref.people, ref.locations);
    baseline = await counts(database);
  }, LONG);
  afterAll(async () => { await database?.dispose(); });

  it('the killed import wrote nothing: no assets, no orphan events or assignments, a sound database and an intact history', async () => {
    const killed = await importAndKill(database, bigCsv!);
    expect(killed.stdout).toBe('');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.rowsRead).toBeGreaterThanOrEqual(KILL_AT);
    expect(killed.rowsRead).toBeLessThan(ROWS);

    expect(await counts(database)).toEqual(baseline);
    expect(baseline.assets).toBe(0);
    await withDb(database, async (db) => {
      const orphanEvents = await sql<{ n: number }>`SELECT count(*) AS n FROM events e WHERE e.entity_type = 'asset' AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.id = e.entity_id)`.execute(db);
      expect(Number(orphanEvents.rows[0]!.n)).toBe(0);
      const orphanAssignments = await sql<{ n: number }>`SELECT count(*) AS n FROM assignments s WHERE NOT EXISTS (SELECT 1 FROM assets a WHERE a.id = s.asset_id)`.execute(db);
      expect(Number(orphanAssignments.rows[0]!.n)).toBe(0);
      const chainHead = await db.selectFrom('event_chain').select('last_seq').executeTakeFirstOrThrow();
      expect(Number(chainHead.last_seq)).toBe(baseline.events);
      const tagSeq = await db.selectFrom('asset_types').select('tag_seq').where('key', '=', 'laptop').executeTakeFirstOrThrow();
      expect(Number(tagSeq.tag_seq)).toBe(0);
    });
    if (engine.name === 'sqlite') {
      const raw = new BetterSqlite3(database.env.DATABASE_URL);
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(raw.pragma('foreign_key_check')).toEqual([]);
      } finally {
        raw.close();
      }
    }

    const verify = await runCli(['history', 'verify'], database.env);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(`History intact: ${baseline.events} events verified`);
  }, LONG);

  it('the same import then runs to completion: 50,000 assets with their history', async () => {
    const r = await runCli(['import', 'assets', bigCsv!, '--no-progress'], database.env, { timeoutMs: LONG });
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Imported ${ROWS} rows from big.csv: ${ROWS} created, 0 updated, 0 unchanged or already present.\n`);
    const after = await counts(database);
    expect(after.assets).toBe(ROWS);
    expect(after.assignments).toBe(ROWS / ASSIGN_EVERY);
    expect(after.events - baseline.events).toBe(ROWS);
    expect(after.import_runs - baseline.import_runs).toBe(1);
    await withDb(database, async (db) => {
      const inUse = await db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).where('stage', '=', 'in_use').executeTakeFirstOrThrow();
      expect(Number(inUse.n)).toBe(ROWS / ASSIGN_EVERY);
      const last = await db.selectFrom('assets').select(['name', 'serial', 'purchase_cost_minor']).where('tag', '=', `BIG-${String(ROWS).padStart(6, '0')}`).executeTakeFirstOrThrow();
      expect(last).toMatchObject({ name: `Laptop ${ROWS}`, serial: `SN-BIG-${ROWS}` });
    });
  }, LONG);
});
