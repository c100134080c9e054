import { hash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string | Buffer, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/**
 * Passwords are hashed with scrypt from node:crypto (memory-hard; OWASP's parameters N=2^15, r=8, p=3, 32 MiB per
 * hash). The parameters are stored with each hash, so they can be raised later and old hashes still verify.
 * The password is NFC-normalised first and never truncated.
 */
const COST = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...COST, maxmem: 256 * COST.N * COST.r });
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const N = Number(n), R = Number(r), P = Number(p);
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, { N, r: R, p: P, maxmem: 256 * N * R });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash no password matches, verified against when the login is unknown so both answers take the same time. */
let dummy: Promise<string> | null = null;
export const dummyPasswordHash = (): Promise<string> => (dummy ??= hashPassword(randomBytes(24).toString('base64url')));

/** Bearer secrets: a readable kind prefix and 32 random bytes. Only their SHA-256 is stored. */
export function newSecret(kind: 'cst' | 'csa' | 'css' | 'csu'): string {
  return `${kind}_${randomBytes(32).toString('base64url')}`;
}

// One-shot hashing: it runs on every authenticated request (the credential cache's key).
export const sha256 = (value: string): string => hash('sha256', value, 'hex');

/** What a list may show of a secret: its kind and first characters. */
export const secretPrefix = (secret: string): string => secret.slice(0, 12);
