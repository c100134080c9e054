import type { Violation } from '../verdict.js';

/**
 * OWASP ASVS 5.0 §6.2: at least 8 characters (we ask for 12 by default, 8 is the floor), at most 128 so that hashing
 * stays bounded, never truncated, no composition rules, and not the login name or a well-known password. Length is
 * counted in Unicode code points after NFC, so any character (spaces and emoji included) counts as one.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** A short deny list of the passwords attackers try first (ASVS 6.2.4 asks to check against breached passwords). */
const COMMON = new Set([
  'password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'qwertyuiop', 'qwerty123', 'iloveyou', 'admin123', 'administrator',
  'letmein1', 'welcome1', 'welcome123', 'changeme', 'changeme1', 'custodia', 'custodia1', 'passw0rd', 'abc12345', '11111111', '00000000', 'trustno1',
]);

export function checkPassword(password: string, context: { login?: string | null; email?: string | null } = {}): Violation[] {
  const normal = password.normalize('NFC');
  const length = [...normal].length;
  const errors: Violation[] = [];
  if (length < PASSWORD_MIN) errors.push({ field: 'password', code: 'PASSWORD_TOO_SHORT', message: `Use at least ${PASSWORD_MIN} characters` });
  if (length > PASSWORD_MAX) errors.push({ field: 'password', code: 'PASSWORD_TOO_LONG', message: `Use at most ${PASSWORD_MAX} characters` });
  const folded = normal.toLowerCase();
  if (COMMON.has(folded)) errors.push({ field: 'password', code: 'PASSWORD_TOO_COMMON', message: 'This password is among the first ones attackers try' });
  for (const value of [context.login, context.email?.split('@')[0]]) {
    if (value && value.length >= 3 && folded === value.toLowerCase()) errors.push({ field: 'password', code: 'PASSWORD_IS_LOGIN', message: 'The password must differ from the login name' });
  }
  return errors;
}
