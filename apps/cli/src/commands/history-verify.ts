import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { parseCheckpoints } from '@custodia/domain';
import { historyKeyPath, readPublicKey, verifyEventChain } from '@custodia/data';
import { checkCheckpoints } from '@custodia/core';
import { existingRegister, openCliContext } from '../cli-context.js';

export interface HistoryVerifyOptions {
  /** Files of signed checkpoints (JSON lines or a JSON array). */
  checkpoints?: string[];
  /** The public key to trust (PEM); by default the server's own signing key's. */
  publicKey?: string;
}

/**
 * `custodia history verify [--checkpoints FILE…] [--public-key FILE]`: re-computes the hash chain, then holds it against
 * signed checkpoints. Exit 0 when intact, 3 naming the first broken event or failing checkpoint, 2 when a checkpoint
 * file or key cannot be read.
 */
export async function historyVerifyCommand(options: HistoryVerifyOptions = {}): Promise<boolean> {
  const files = options.checkpoints ?? [];
  // The key verifies checkpoints and nothing else: alone it would be ignored, and the verdict taken to include it.
  if (options.publicKey !== undefined && !files.length) throw unusable('--public-key verifies signed checkpoints: give their files with --checkpoints');
  const target = await existingRegister();
  // Files and key first: a typo is reported before the (long) chain verification.
  const checkpoints = files.flatMap((file) => {
    const parsed = parseCheckpoints(readInput(file));
    if (!parsed.ok) throw unusable(`${file}, line ${parsed.line}: ${parsed.message}`);
    return parsed.checkpoints;
  });
  let trusted: KeyObject | null = null;
  try {
    // Without --public-key, this installation's own key, read as it is (verifying never creates one).
    const keyFile = options.publicKey ?? historyKeyPath(target);
    if (files.length) trusted = readPublicKey(readInput(keyFile), keyFile);
  } catch (e) {
    throw unusable((e as Error).message);
  }
  const { ctx, database } = await openCliContext();
  try {
    const started = Date.now();
    const report = await verifyEventChain(database.db);
    const seconds = ((Date.now() - started) / 1000).toFixed(2);
    if (!report.ok) {
      process.stdout.write(`History BROKEN at event ${report.break.seq} (${report.break.kind}): ${report.break.message}. ${report.events} events before it verified.\n`);
      process.exitCode = 3;
      return false;
    }
    process.stdout.write(`History intact: ${report.events} events verified in ${seconds}s; head ${report.headHash}\n`);
    if (!trusted) return true;
    const verdicts = await checkCheckpoints(ctx, checkpoints, trusted);
    const failed = verdicts.find((v) => !v.ok);
    if (failed && !failed.ok) {
      process.stdout.write(`Checkpoint FAILED (${failed.kind}): ${failed.message}.\n`);
      process.exitCode = 3;
      return false;
    }
    const latest = checkpoints.reduce((a, b) => (b.seq > a.seq ? b : a));
    process.stdout.write(`Checkpoints confirmed: ${checkpoints.length}, the latest at event ${latest.seq} signed ${latest.signedAt}\n`);
    return true;
  } finally {
    await database.close();
  }
}

/** An input the command cannot use (exit code 2). */
const unusable = (message: string) => Object.assign(new Error(message), { exitCode: 2 });

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw unusable(`${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
