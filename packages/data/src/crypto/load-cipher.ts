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
  const configured = configuredCipher(target, env);
  if (configured) return configured;
  if (target.engine === 'sqlite' && target.path === ':memory:') return new FieldCipher([randomBytes(32), ...oldKeys(env)]);
  const path = defaultKeyFile(target, env);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${newKeyText()}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  return new FieldCipher([...readKeys(path), ...oldKeys(env)]);
}

/**
 * The keys as `loadCipher` finds them, without creating a key file: null when none is configured or created yet. What
 * a restore checks a backup against: a new random key could not read what the backup holds encrypted.
 */
export function configuredCipher(target: DatabaseTarget, env: Record<string, string | undefined> = process.env): FieldCipher | null {
  const direct = env['CUSTODIA_ENCRYPTION_KEY']?.trim();
  if (direct) return new FieldCipher([parseKey(direct), ...oldKeys(env)]);
  const file = env['CUSTODIA_ENCRYPTION_KEY_FILE']?.trim();
  if (file) return new FieldCipher([...readKeys(resolve(file)), ...oldKeys(env)]);
  if (target.engine === 'sqlite' && target.path === ':memory:') return null;
  const path = defaultKeyFile(target, env);
  return existsSync(path) ? new FieldCipher([...readKeys(path), ...oldKeys(env)]) : null;
}

const oldKeys = (env: Record<string, string | undefined>) => (env['CUSTODIA_ENCRYPTION_OLD_KEYS'] ?? '').split(',').filter((k) => k.trim()).map(parseKey);

/** Next to a SQLite database file; for PostgreSQL in the data directory. */
const defaultKeyFile = (target: DatabaseTarget, env: Record<string, string | undefined>) => (target.engine === 'sqlite'
  ? join(dirname(target.path), 'encryption.key')
  : resolve(env['CUSTODIA_DATA_DIR']?.trim() || 'data', 'encryption.key'));

function readKeys(path: string): Buffer[] {
  const keys = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#')).map(parseKey);
  if (!keys.length) throw new Error(`No encryption key in ${path}`);
  return keys;
}
