import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DatabaseTarget } from '../config.js';
import { FieldCipher, newKeyText, parseKey } from './field-cipher.js';

/**
 * The keys for sensitive fields, in this order: CUSTODIA_ENCRYPTION_KEY (current key), CUSTODIA_ENCRYPTION_KEY_FILE
 * (one key per line, current first), else a key file created on first start (mode 0600): next to a SQLite database
 * file, or `<CUSTODIA_DATA_DIR or ./data>/encryption.key` for PostgreSQL. CUSTODIA_ENCRYPTION_OLD_KEYS (comma
 * separated) adds keys that still decrypt during a rotation. An in-memory database gets a throw-away key.
 * In production keep the key file outside the data directory and out of database backups.
 */
export function loadCipher(target: DatabaseTarget, env: Record<string, string | undefined> = process.env): FieldCipher {
  const old = (env['CUSTODIA_ENCRYPTION_OLD_KEYS'] ?? '').split(',').filter((k) => k.trim()).map(parseKey);
  const direct = env['CUSTODIA_ENCRYPTION_KEY']?.trim();
  if (direct) return new FieldCipher([parseKey(direct), ...old]);
  const file = env['CUSTODIA_ENCRYPTION_KEY_FILE']?.trim();
  if (file) return new FieldCipher([...readKeys(resolve(file)), ...old]);
  if (target.engine === 'sqlite' && target.path === ':memory:') return new FieldCipher([randomBytes(32), ...old]);
  const path = target.engine === 'sqlite' ? join(dirname(target.path), 'encryption.key') : resolve(env['CUSTODIA_DATA_DIR']?.trim() || 'data', 'encryption.key');
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${newKeyText()}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  return new FieldCipher([...readKeys(path), ...old]);
}

function readKeys(path: string): Buffer[] {
  const keys = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#')).map(parseKey);
  if (!keys.length) throw new Error(`No encryption key in ${path}`);
  return keys;
}
