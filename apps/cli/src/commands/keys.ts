import { newKeyText } from '@custodia/data';
import { rotateEncryptionKeys } from '@custodia/core';
import { openCliContext } from '../cli-context.js';

/** `custodia keys generate`: prints a new random AES-256 key (base64), for CUSTODIA_ENCRYPTION_KEY or the key file. */
export function keysGenerateCommand(): void {
  process.stdout.write(`${newKeyText()}\n`);
}

/** `custodia keys rotate`: re-encrypts stored sensitive values under the current key (the first one configured). */
export async function keysRotateCommand(): Promise<void> {
  const { ctx, database } = await openCliContext();
  try {
    const r = await rotateEncryptionKeys(ctx);
    process.stdout.write(`Re-encrypted under key ${database.cipher.currentKeyId}: ${r.assets} asset(s), ${r.accounts} two-factor secret(s).\n`
      + 'History events keep their original encryption: keep older keys in CUSTODIA_ENCRYPTION_OLD_KEYS while that history must be readable.\n');
  } finally {
    await database.close();
  }
}
