import { appendFileSync } from 'node:fs';
import { loadHistorySigner } from '@custodia/data';
import { signCheckpoint } from '@custodia/core';
import { existingRegister, openCliContext } from '../cli-context.js';

/** `custodia history checkpoint [--append FILE]`: prints a signed checkpoint of the chain as one JSON line (and appends it to FILE). */
export async function historyCheckpointCommand(options: { append?: string } = {}): Promise<void> {
  const signer = loadHistorySigner(await existingRegister());
  const { ctx, database } = await openCliContext();
  try {
    const line = `${JSON.stringify(await signCheckpoint(ctx, signer))}\n`;
    if (options.append) appendFileSync(options.append, line);
    process.stdout.write(line);
  } finally {
    await database.close();
  }
}

/** `custodia history public-key`: the PEM public key that verifies this installation's checkpoints, for auditors to keep. */
export async function historyPublicKeyCommand(): Promise<void> {
  process.stdout.write(loadHistorySigner(await existingRegister()).publicKeyPem);
}
