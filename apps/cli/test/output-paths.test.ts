import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, runCli, withDb } from './support/cli.js';

/**
 * Files the commands write (an export, a backup, an attachment's content): a path that cannot be a
 * new file is refused by its own name before any work, and a failure leaves no file and no temporary file behind.
 */
describe.each(CLI_ENGINES)('output paths of the commands ($name)', (engine) => {
  let database: CliDatabase;
  let out: string;
  let tag: string;

  beforeAll(async () => {
    database = await engine.create();
    expect((await runCli(['seed-demo', '--assets', '3', '--people', '3'], database.env)).code).toBe(0);
    tag = await withDb(database, async (db) => (await db.selectFrom('assets').select('tag').orderBy('tag').executeTakeFirstOrThrow()).tag);
    out = join(database.dir, 'out');
    mkdirSync(out);
  }, 120_000);
  afterAll(async () => { await database?.dispose(); });

  const commands = (path: string) => [
    ['export', 'assets', '-o', path],
    ['export', 'assets', '-o', path, '--force'],
    ['export', 'assets', '--format', 'xlsx', '-o', path, '--force'],
    ...(engine.name === 'sqlite' ? [['backup', path]] : []),
  ];

  it('refuses a directory named as the output file, naming it, even with --force', async () => {
    const folder = join(out, 'a-folder');
    mkdirSync(folder);
    for (const args of commands(folder)) {
      const r = await runCli(args, database.env);
      expect(r.stderr, args.join(' ')).toBe(`custodia: NOT_A_FILE: ${folder} is a directory; give the name of a file to write\n`);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(readdirSync(out)).toEqual(['a-folder']);
      expect(readdirSync(folder)).toEqual([]);
    }
  });

  it('refuses a file in a directory that does not exist, naming the directory rather than a temporary file', async () => {
    const missing = join(out, 'no-such-dir');
    for (const args of commands(join(missing, 'register.csv'))) {
      const r = await runCli(args, database.env);
      expect(r.stderr, args.join(' ')).toBe(`custodia: DIRECTORY_NOT_FOUND: ${missing} is not a directory; nothing was written\n`);
      expect(r.code).toBe(1);
    }
  });

  describe('attachment get -o FILE', () => {
    let id: string;
    const text = 'Serial number plate: SN-001\n';

    beforeAll(async () => {
      const file = join(database.dir, 'plate.txt');
      writeFileSync(file, text);
      const added = await runCli(['attachment', 'add', tag, file], database.env);
      expect(added.code, added.stderr).toBe(0);
      id = added.stdout.split('\t')[0]!;
    });

    it('refuses a file that exists, a directory and a missing directory, leaving each as it was', async () => {
      const taken = join(out, 'taken.txt');
      writeFileSync(taken, 'keep me\n');
      const cases = [
        { path: taken, message: `CONFLICT: ${taken} already exists; choose a new file name` },
        { path: out, message: `NOT_A_FILE: ${out} is a directory; give the name of a file to write` },
        { path: join(out, 'nowhere', 'plate.txt'), message: `DIRECTORY_NOT_FOUND: ${join(out, 'nowhere')} is not a directory; nothing was written` },
      ];
      const before = readdirSync(out).sort();
      for (const { path, message } of cases) {
        const r = await runCli(['attachment', 'get', id, '-o', path], database.env);
        expect(r.stderr).toBe(`custodia: ${message}\n`);
        expect(r.code).toBe(1);
      }
      expect(readFileSync(taken, 'utf8')).toBe('keep me\n');
      expect(readdirSync(out).sort()).toEqual(before);
    });

    it('writes nothing when the stored content is not what was attached, and says so', async () => {
      await withDb(database, async (db) => {
        await db.updateTable('attachment_chunks').set({ data: Buffer.from('Serial number plate: SN-002\n') }).where('attachment_id', '=', id).execute();
      });
      const dest = join(out, 'plate.txt');
      const before = readdirSync(out).sort();
      const r = await runCli(['attachment', 'get', id, '-o', dest], database.env);
      expect(r.stderr).toMatch(/^custodia: ATTACHMENT_CORRUPT: The stored content of plate\.txt \(28 bytes, sha256:[0-9a-f]{64}\) is not what was attached \(28 bytes, sha256:[0-9a-f]{64}\); nothing was written\n$/);
      expect(r.code).toBe(1);
      expect(readdirSync(out).sort()).toEqual(before);
      const toStdout = await runCli(['attachment', 'get', id], database.env);
      expect(toStdout.code).toBe(1);
      expect(toStdout.stderr).toContain('the output above is incomplete or wrong');
    });

    it('attachment add names a directory given as the file, and adds nothing', async () => {
      const count = () => withDb(database, async (db) => Number((await db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
      const before = await count();
      const r = await runCli(['attachment', 'add', tag, out], database.env);
      expect(r.stderr).toBe(`custodia: NOT_A_FILE: ${out} is a directory; give the file to attach\n`);
      expect(r.code).toBe(1);
      expect(await count()).toBe(before);
    });
  });
});
