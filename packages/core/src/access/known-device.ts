import type { FieldCipher } from '@custodia/data';

/**
 * The "known device" token a browser keeps after a complete sign-in (password and, when on, second factor): its
 * password sign-ins to that account skip the account's throttle, so an attacker guessing passwords cannot lock the
 * holder out. `<account id>.<MAC>`, the MAC over the account id and its current password hash: a password change or
 * reset stores a new hash (a fresh salt each time), so every token issued before stops counting.
 */
export function knownDeviceToken(cipher: FieldCipher, accountId: string, passwordHash: string): string {
  return `${accountId}.${cipher.mac(`device:${accountId}:${passwordHash}`)}`;
}

/** Whether `token` was issued to this account under its current password. */
export function isKnownDevice(cipher: FieldCipher, token: string | null | undefined, accountId: string, passwordHash: string | null): boolean {
  if (!token || passwordHash === null) return false;
  const dot = token.lastIndexOf('.');
  if (dot < 1 || token.slice(0, dot) !== accountId) return false;
  return cipher.verifyMac(`device:${accountId}:${passwordHash}`, token.slice(dot + 1));
}
