import { randomBytes } from 'node:crypto';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, openDatabase } from '@custodia/data';
import { createPgSchema, hasPostgres } from '../../../../test/support/databases.js';

/** Repository root and the built CLI (`npx tsc -b` must have run). */
export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
export const CLI = join(ROOT, 'apps/cli/dist/main.js');

export interface CliResult { code: number | null; signal: string | null; stdout: string; stderr: string }

/** Environment of a CLI child: the test's own, minus any database selection, plus `env`. */
// One throw-away encryption key for this test process and the CLI processes it starts: PostgreSQL databases have no
// directory to keep a key file in, and nothing may be written into the repository.
process.env['CUSTODIA_ENCRYPTION_KEY'] ??= randomBytes(32).toString('base64');

export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC', CUSTODIA_ACTOR: 'cli-test' };
  delete base['DATABASE_URL'];
  delete base['CUSTODIA_DATA_DIR'];
  return { ...base, ...env };
}

/**
 * Runs the real CLI as a child process and resolves with its exit code and output (never rejects on a non-zero exit).
 * `input` is written to its standard input, which is then closed.
 */
export function runCli(args: string[], env: Record<string, string>, options: { timeoutMs?: number; input?: string } = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: cliEnv(env), maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 120_000 }, (error, stdout, stderr) => {
      const e = error as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      done({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout: String(stdout), stderr: String(stderr) });
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/** Whether util-linux's `script` is there to give the CLI a terminal (`runOnTerminal`). */
export const hasScript = existsSync('/usr/bin/script');

/**
 * Runs the CLI with a terminal as its standard input, output and error (through util-linux's `script`), as an operator
 * at a shell would; what it wrote to either comes back mixed in `output`.
 */
export function runOnTerminal(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((done) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: cliEnv(env), timeout: 120_000 }, (error, stdout) => {
      done({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, output: String(stdout) });
    });
  });
}

/** A fresh, empty database for CLI runs plus a scratch directory for the files a test writes. */
export interface CliDatabase {
  engine: 'sqlite' | 'postgres';
  env: { DATABASE_URL: string };
  /** Scratch directory, removed by dispose(). */
  dir: string;
  /** Opens the database in this process (no migration); close it before the next CLI run. */
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

export interface CliEngine { name: 'sqlite' | 'postgres'; create(): Promise<CliDatabase> }

export const CLI_ENGINES: CliEngine[] = [
  {
    name: 'sqlite',
    create: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'custodia-cli-'));
      const path = join(dir, 'custodia.db');
      return {
        engine: 'sqlite', env: { DATABASE_URL: path }, dir,
        open: () => openDatabase({ engine: 'sqlite', path }, { migrate: false }),
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  ...(hasPostgres ? [{
    name: 'postgres' as const,
    create: async (): Promise<CliDatabase> => {
      const dir = mkdtempSync(join(tmpdir(), 'custodia-cli-pg-'));
      const schema = await createPgSchema();
      return {
        engine: 'postgres', env: { DATABASE_URL: schema.url }, dir,
        open: () => openDatabase({ engine: 'postgres', url: schema.url }, { migrate: false, poolSize: 2 }),
        dispose: async () => { await schema.drop(); rmSync(dir, { recursive: true, force: true }); },
      };
    },
  }] : []),
];

/** Opens the database, runs `fn`, and always closes it again. */
export async function withDb<T>(database: CliDatabase, fn: (db: Database['db'], raw: Database) => Promise<T>): Promise<T> {
  const opened = await database.open();
  try {
    return await fn(opened.db, opened);
  } finally {
    await opened.close();
  }
}

const COUNTED = ['assets', 'events', 'assignments', 'asset_unique_values', 'import_runs', 'people', 'locations'] as const;

/** Row counts of the tables an import writes to: "nothing written" means these are unchanged. */
export async function counts(database: CliDatabase): Promise<Record<(typeof COUNTED)[number], number>> {
  return withDb(database, async (db) => {
    const out = {} as Record<(typeof COUNTED)[number], number>;
    for (const t of COUNTED) out[t] = Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return out;
  });
}

/** One asset row by tag, with its JSON columns parsed. */
export async function assetByTag(database: CliDatabase, tag: string): Promise<Record<string, any> | undefined> {
  return withDb(database, async (db) => {
    const row = await db.selectFrom('assets').selectAll().where('tag', '=', tag).executeTakeFirst();
    if (!row) return undefined;
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    return { ...row, attributes: parse(row.attributes), services: parse(row.services) };
  });
}

/** CSV text: fields holding the delimiter, a quote, CR or LF are quoted (RFC 4180). */
export function toCsv(rows: readonly (readonly (string | number)[])[], options: { delimiter?: string; eol?: string } = {}): string {
  const d = options.delimiter ?? ',';
  const field = (v: string | number) => {
    const s = String(v);
    return s.includes(d) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(d)).join(options.eol ?? '\n') + (options.eol ?? '\n');
}

/** Reference data every import test relies on (seed-demo's sample organisation, no assets). */
export async function seedReferences(database: CliDatabase, people = 20): Promise<void> {
  const r = await runCli(['seed-demo', '--assets', '0', '--people', String(people)], database.env);
  if (r.code !== 0) throw new Error(`seed-demo failed (${r.code}): ${r.stderr}`);
}

/** Starts `custodia serve` on a free port (with `env` added) and resolves once it prints its URL. */
export function startServer(database: CliDatabase, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: ROOT, env: cliEnv({ ...database.env, CUSTODIA_LOG_LEVEL: 'info', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) done({ child, url: m[1]!, log: () => out });
    });
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`server exited early (${code}): ${out}`)));
  });
}

/** Polls `check` until it holds, or fails after `ms`. */
export async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A register administrator created with the CLI, and the write token it uses over HTTP. */
export const writerToken = (database: CliDatabase, login = 'writer'): Promise<string> => tokenFor(database, login, 'register_administrator', 'write');

/** An account with one organisation-wide role, created with the CLI, and an API token of it. */
export async function tokenFor(database: CliDatabase, login: string, role: string, access: 'read' | 'write'): Promise<string> {
  const account = await runCli(['account', 'create', login, '--role', role], database.env);
  if (account.code !== 0) throw new Error(`account create failed: ${account.stderr}`);
  const token = await runCli(['token', 'create', login, '--access', access], database.env);
  if (token.code !== 0) throw new Error(`token create failed: ${token.stderr}`);
  return token.stdout.trim();
}
