import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { DatabaseTarget } from '../config.js';

/** Signs history checkpoints with an Ed25519 key kept outside the database. */
export class HistorySigner {
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;
  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = keyIdOf(this.publicKey);
  }
  /** Ed25519 signature of the UTF-8 text, base64. */
  sign(text: string): string {
    return sign(null, Buffer.from(text, 'utf8'), this.privateKey).toString('base64');
  }
}

/** A public key's id: the first 16 hex digits of the SHA-256 of its DER (SubjectPublicKeyInfo) encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Whether `signature` (base64) is the Ed25519 signature of `text` by `publicKey`; a malformed signature is simply invalid. */
export function verifySignature(text: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A public key from PEM text (a private key's PEM gives its public key). Throws a readable error otherwise. */
export function readPublicKey(pem: string, where: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key, not Ed25519`);
    return key;
  } catch (e) {
    throw new Error(`${where} does not hold an Ed25519 public key in PEM: ${(e as Error).message}`);
  }
}

/**
 * The history signing key: CUSTODIA_HISTORY_KEY_FILE, else `history-signing.key` created on first use (mode 0600) next
 * to a SQLite database file, or in `<CUSTODIA_DATA_DIR or ./data>` for PostgreSQL, like the encryption key. An
 * in-memory database gets a throw-away key. Keep the file out of the database's reach and out of its backups: whoever
 * holds it can sign a checkpoint of a rewritten history.
 */
export function loadHistorySigner(target: DatabaseTarget, env: Record<string, string | undefined> = process.env): HistorySigner {
  const given = env['CUSTODIA_HISTORY_KEY_FILE']?.trim();
  if (!given && target.engine === 'sqlite' && target.path === ':memory:') return new HistorySigner(generateKeyPairSync('ed25519').privateKey);
  const path = historyKeyPath(target, env);
  if (!given && !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    } catch (e) {
      // Another process created it at the same moment: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`The history signing key ${path} cannot be read: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`The history signing key ${path} is an ${key.asymmetricKeyType} key, not Ed25519`);
  return new HistorySigner(key);
}

/** The signing key's file: CUSTODIA_HISTORY_KEY_FILE, else where it is created on first use. */
export function historyKeyPath(target: DatabaseTarget, env: Record<string, string | undefined> = process.env): string {
  const given = env['CUSTODIA_HISTORY_KEY_FILE']?.trim();
  if (given) return resolve(given);
  return target.engine === 'sqlite' ? join(dirname(target.path), 'history-signing.key') : resolve(env['CUSTODIA_DATA_DIR']?.trim() || 'data', 'history-signing.key');
}

/** The file the server appends its hourly checkpoints to: CUSTODIA_HISTORY_CHECKPOINTS, else next to the signing key. */
export function historyCheckpointsPath(target: DatabaseTarget, env: Record<string, string | undefined> = process.env): string {
  const given = env['CUSTODIA_HISTORY_CHECKPOINTS']?.trim();
  return given ? resolve(given) : join(dirname(historyKeyPath(target, env)), 'history-checkpoints.jsonl');
}
