import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FieldCipher, encryptionKeyIds } from './field-cipher.js';
import { configuredCipher, loadCipher } from './load-cipher.js';

describe('where the encryption keys come from', () => {
  const dirs: string[] = [];
  const scratch = () => { const d = mkdtempSync(join(tmpdir(), 'custodia-keys-')); dirs.push(d); return d; };
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  it('creates a key file next to a new SQLite database (mode 0600), and reads the same key afterwards', () => {
    const dir = scratch();
    const target = { engine: 'sqlite' as const, path: join(dir, 'custodia.db') };
    expect(configuredCipher(target, {})).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
    const first = loadCipher(target, {});
    expect(statSync(join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    expect(configuredCipher(target, {})!.currentKeyId).toBe(first.currentKeyId);
    expect(loadCipher(target, {}).currentKeyId).toBe(first.currentKeyId);
  });

  it('prefers CUSTODIA_ENCRYPTION_KEY, and never creates a file while a key is configured', () => {
    const dir = scratch();
    const key = randomBytes(32);
    const target = { engine: 'sqlite' as const, path: join(dir, 'custodia.db') };
    const env = { CUSTODIA_ENCRYPTION_KEY: key.toString('base64'), CUSTODIA_ENCRYPTION_OLD_KEYS: randomBytes(32).toString('hex') };
    expect(configuredCipher(target, env)!.currentKeyId).toBe(new FieldCipher([key]).currentKeyId);
    expect(loadCipher(target, env).currentKeyId).toBe(new FieldCipher([key]).currentKeyId);
    expect(existsSync(join(dir, 'encryption.key'))).toBe(false);
  });

  it('names the keys that encrypted the values in a text, and knows which it holds', () => {
    const [mine, theirs] = [new FieldCipher([randomBytes(32)]), new FieldCipher([randomBytes(32)])];
    const text = JSON.stringify({ serial: mine.encrypt('S-1'), note: 'plain', pin: theirs.encrypt('1234') });
    expect(encryptionKeyIds(text)).toEqual([mine.currentKeyId, theirs.currentKeyId]);
    expect(mine.hasKey(mine.currentKeyId)).toBe(true);
    expect(mine.hasKey(theirs.currentKeyId)).toBe(false);
    expect(encryptionKeyIds('no secrets here')).toEqual([]);
  });
});
