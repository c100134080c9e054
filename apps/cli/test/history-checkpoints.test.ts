import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteHistory } from '../../../test/support/history.js';
import { CLI_ENGINES, type CliDatabase, runCli, withDb } from './support/cli.js';

/**
 * Signed checkpoints catch what the chain alone cannot: a history edited behind the application's back and then
 * re-chained, every hash after the edit recomputed ("silent reconstruction", security plan §4.3).
 */
describe.each(CLI_ENGINES)('custodia history checkpoints ($name)', (engine) => {
  let database: CliDatabase;
  let env: Record<string, string>;
  let auditorKey = '';
  let checkpoints = '';
  let signedSeq = 0;

  beforeAll(async () => {
    database = await engine.create();
    // PostgreSQL has no directory of its own: the signing key is created under CUSTODIA_DATA_DIR, here the scratch one.
    env = { ...database.env, ...(engine.name === 'postgres' ? { CUSTODIA_DATA_DIR: database.dir } : {}) };
    expect((await runCli(['seed-demo', '--assets', '12', '--people', '5'], env)).code).toBe(0);
    auditorKey = join(database.dir, 'auditor-copy.pem');
    checkpoints = join(database.dir, 'checkpoints.jsonl');
  });
  afterAll(async () => { await database?.dispose(); });

  it('signs a checkpoint of the chain head with a key created on first use, outside the database', async () => {
    const pub = await runCli(['history', 'public-key'], env);
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    writeFileSync(auditorKey, pub.stdout);
    const keyFile = join(database.dir, 'history-signing.key');
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const r = await runCli(['history', 'checkpoint', '--append', checkpoints], env);
    expect(r.code, r.stderr).toBe(0);
    const checkpoint = JSON.parse(r.stdout);
    const head = await withDb(database, (db) => db.selectFrom('event_chain').select(['last_seq', 'last_hash']).executeTakeFirstOrThrow());
    expect(checkpoint).toMatchObject({ format: 'custodia-history-checkpoint/1', seq: Number(head.last_seq), hash: head.last_hash, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(readFileSync(checkpoints, 'utf8')).toBe(r.stdout);
    signedSeq = checkpoint.seq;
    expect(signedSeq).toBeGreaterThan(12);

    const verified = await runCli(['history', 'verify', '--checkpoints', checkpoints, '--public-key', auditorKey], env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`Checkpoints confirmed: 1, the latest at event ${signedSeq} signed ${checkpoint.signedAt}\n`);
    // Without --public-key, the installation's own key is trusted.
    const own = await runCli(['history', 'verify', '--checkpoints', checkpoints], env);
    expect(own.code, own.stdout + own.stderr).toBe(0);
    expect(own.stdout).toContain('Checkpoints confirmed: 1');
  });

  it('refuses checkpoint files and keys it cannot use (exit code 2)', async () => {
    const bad = join(database.dir, 'bad.jsonl');
    writeFileSync(bad, '{"format":"custodia-history-checkpoint/1"}\nnot json\n');
    const r = await runCli(['history', 'verify', '--checkpoints', bad], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`custodia: ${bad}, line 1: Not a custodia-history-checkpoint/1 checkpoint\n`);
    const missing = await runCli(['history', 'verify', '--checkpoints', join(database.dir, 'nope.jsonl')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.jsonl cannot be read: ENOENT');
    const notKey = await runCli(['history', 'verify', '--checkpoints', checkpoints, '--public-key', checkpoints], env);
    expect(notKey.code).toBe(2);
    expect(notKey.stderr).toContain('does not hold an Ed25519 public key');
    // A key without checkpoints would verify nothing: refused rather than reported as "History intact".
    const keyAlone = await runCli(['history', 'verify', '--public-key', auditorKey], env);
    expect(keyAlone.code).toBe(2);
    expect(keyAlone.stdout).toBe('');
    expect(keyAlone.stderr).toBe('custodia: --public-key verifies signed checkpoints: give their files with --checkpoints\n');
  });

  it('a history edited and re-chained passes the chain check, and fails the checkpoint taken before', async () => {
    // The forger changes event 3 and recomputes every hash after it, and the chain head: the chain verifies.
    await withDb(database, (db) => rewriteHistory(db, engine.name, 3, 'nothing to see here'));
    const chainOnly = await runCli(['history', 'verify'], env);
    expect(chainOnly.code, chainOnly.stdout).toBe(0);
    expect(chainOnly.stdout).toMatch(/^History intact/);

    const withCheckpoint = await runCli(['history', 'verify', '--checkpoints', checkpoints, '--public-key', auditorKey], env);
    expect(withCheckpoint.code).toBe(3);
    expect(withCheckpoint.stdout).toMatch(new RegExp(`Checkpoint FAILED \\(rewritten\\): The history up to event ${signedSeq} was rewritten since `));

    // Rewriting the checkpoint to match breaks its signature; re-signing needs the key, and a key of one's own is not
    // the one the auditor kept.
    const forged = { ...JSON.parse(readFileSync(checkpoints, 'utf8')), hash: (await withDb(database, (db) => db.selectFrom('event_chain').select('last_hash').executeTakeFirstOrThrow())).last_hash };
    const forgedFile = join(database.dir, 'forged.jsonl');
    writeFileSync(forgedFile, `${JSON.stringify(forged)}\n`);
    const edited = await runCli(['history', 'verify', '--checkpoints', forgedFile, '--public-key', auditorKey], env);
    expect(edited.code).toBe(3);
    expect(edited.stdout).toContain('Checkpoint FAILED (signature)');
    const ownKey = join(database.dir, 'forger.key');
    writeFileSync(ownKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const resigned = await runCli(['history', 'checkpoint'], { ...env, CUSTODIA_HISTORY_KEY_FILE: ownKey });
    expect(resigned.code, resigned.stderr).toBe(0);
    writeFileSync(forgedFile, resigned.stdout);
    const other = await runCli(['history', 'verify', '--checkpoints', forgedFile, '--public-key', auditorKey], env);
    expect(other.code).toBe(3);
    expect(other.stdout).toContain('Checkpoint FAILED (signature)');
  });
});
