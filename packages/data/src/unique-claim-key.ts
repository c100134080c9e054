import { createHash } from 'node:crypto';

/** Claim keys up to this many characters are stored as they are; longer ones by their digest. */
export const CLAIM_KEY_MAX_STORED = 200;

/**
 * The form in which a unique attribute's claim key (domain `uniqueValueKey`) is stored in `asset_unique_values`, part
 * of its primary key: the key itself, or, when longer than CLAIM_KEY_MAX_STORED, `sha256:` and its digest. A long text
 * (a certificate, a licence file) made a key PostgreSQL's B-tree cannot hold (entries stop at about 2.7 kB: a 500
 * there, where SQLite stored it). Claims are only compared for equality, which the digest keeps; a key is upper case
 * (comparisonKey), so no key is mistaken for a digest.
 */
export function storedClaimKey(key: string): string {
  return key.length > CLAIM_KEY_MAX_STORED ? `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}` : key;
}
