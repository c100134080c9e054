import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'enc:v1:';

/**
 * Encrypts sensitive values at rest with AES-256-GCM (ASVS 11.3): a fresh 96-bit IV per value, the 128-bit tag
 * appended, and the key's id in the text, so several keys can be held while data is re-encrypted to a new one
 * (rotation: put the new key first and the old ones after it, run `custodia keys rotate`, then drop the old ones).
 * Stored form: `enc:v1:<key id>:<iv base64url>:<ciphertext+tag base64url>`.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;
  readonly currentKeyId: string;

  constructor(keys: Buffer[]) {
    if (!keys.length) throw new Error('At least one encryption key is needed');
    for (const k of keys) if (k.length !== 32) throw new Error('Encryption keys must be 32 bytes (AES-256)');
    this.keys = new Map(keys.map((k) => [keyId(k), k]));
    this.currentKeyId = keyId(keys[0]!);
  }

  static isEncrypted(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(PREFIX);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${this.currentKeyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  /** Decrypts a stored value; throws when the key is unknown or the value was tampered with. */
  decrypt(stored: string): string {
    const [kid, ivText, bodyText] = stored.slice(PREFIX.length).split(':');
    const key = kid ? this.keys.get(kid) : undefined;
    if (!key || !ivText || !bodyText) throw new Error(`Cannot decrypt: unknown key ${kid ?? '?'}`);
    const body = Buffer.from(bodyText, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  }

  /** A MAC of `text` under a key derived from the current key (for signed cookies); base64url. */
  mac(text: string): string {
    const key = Buffer.from(hkdfSync('sha256', this.keys.get(this.currentKeyId)!, Buffer.alloc(0), 'custodia-mac', 32));
    return createHmac('sha256', key).update(text).digest('base64url');
  }

  verifyMac(text: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(text));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Whether a stored value is encrypted under a key other than the current one (rotation pending). */
  needsRotation(stored: string): boolean {
    return !stored.startsWith(`${PREFIX}${this.currentKeyId}:`);
  }

  /** Whether one of these keys has the id a stored value names (see `encryptionKeyIds`). */
  hasKey(id: string): boolean {
    return this.keys.has(id);
  }
}

/** The ids of the keys that encrypted the stored values found in `text` (any text: a JSON column, an event). */
export function encryptionKeyIds(text: string): string[] {
  return [...text.matchAll(/enc:v1:([A-Za-z0-9_-]+):/g)].map((m) => m[1]!);
}

/** A key's public id: the first 8 hex digits of its SHA-256. */
const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** Parses a key given as 64 hex digits or 43/44 base64 characters. */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('An encryption key must be 32 bytes: 64 hex digits or base64');
  return key;
}

export const newKeyText = (): string => randomBytes(32).toString('base64');
