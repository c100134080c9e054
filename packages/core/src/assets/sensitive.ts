import { AppError } from '@custodia/contracts';
import type { FieldDefinition } from '@custodia/domain';
import { FieldCipher } from '@custodia/data';
import type { Context } from '../shared/context.js';

/**
 * Fields marked sensitive (licence keys, custom fields so flagged) are stored only encrypted (AES-256-GCM, see
 * FieldCipher): in the asset row, and therefore in every history event too. An encrypted value is recognisable by its
 * `enc:v1:` prefix, so revealing or hiding needs no schema: whatever is encrypted is sensitive.
 */
export const HIDDEN = '(hidden)';

const sensitiveKeys = (schema: readonly FieldDefinition[]) => schema.filter((f) => f.sensitive).map((f) => f.key);

/** Callers send plain values: text that looks like a stored secret (e.g. copied from elsewhere) is refused. */
export function assertNoCiphertext(values: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(values)) {
    if (FieldCipher.isEncrypted(v)) {
      throw new AppError('VALIDATION_FAILED', `attributes.${k} cannot start with "enc:v1:"`, { errors: [{ field: `attributes.${k}`, code: 'RESERVED_PREFIX', message: 'This prefix is reserved' }] });
    }
  }
}

/** Stored attributes with their sensitive values decrypted (for validation and merging, never for output as is). */
export function openAttributes(cipher: FieldCipher, stored: Record<string, unknown>, schema?: readonly FieldDefinition[]): Record<string, unknown> {
  // With a schema, a value of an attribute it no longer defines stays as stored: still encrypted if it was sensitive.
  const known = schema ? new Set(schema.map((f) => f.key)) : null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stored)) out[k] = FieldCipher.isEncrypted(v) && (!known || known.has(k)) ? JSON.parse(cipher.decrypt(v)) : v;
  return out;
}

/**
 * Validated attributes as they are stored: sensitive values encrypted. A value that did not change keeps its stored
 * ciphertext, so an edit that leaves it alone changes nothing in the row or the history.
 */
export function sealAttributes(cipher: FieldCipher, schema: readonly FieldDefinition[], values: Record<string, unknown>, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const out = { ...values };
  for (const key of sensitiveKeys(schema)) {
    const v = out[key];
    if (v === undefined || v === null) continue;
    const plain = JSON.stringify(v);
    const prev = previous[key];
    out[key] = FieldCipher.isEncrypted(prev) && cipher.decrypt(prev) === plain ? prev : cipher.encrypt(plain);
  }
  return out;
}

/**
 * Attributes sent by a caller who cannot see sensitive values: those values were hidden from them, so leaving them
 * out (or sending the placeholder back) keeps what is stored rather than erasing it.
 */
export function keepHidden(ctx: Context, schema: readonly FieldDefinition[], sent: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  if (ctx.access.sensitive) return sent;
  const out = { ...sent };
  for (const key of sensitiveKeys(schema)) if ((out[key] === undefined || out[key] === HIDDEN) && stored[key] !== undefined) out[key] = stored[key];
  return out;
}

/** A value for output: decrypted for holders of `sensitive.read`, the placeholder for everyone else. Walks objects and arrays. */
export function reveal<T>(ctx: Context, value: T): T {
  if (FieldCipher.isEncrypted(value)) {
    if (!ctx.access.sensitive) return HIDDEN as T;
    try {
      const json = ctx.database.cipher.decrypt(value);
      ctx.onReveal?.(json);
      return JSON.parse(json) as T;
    } catch {
      // Not decryptable with the keys held (a retired key, or text that only looks encrypted): shown as stored, never guessed.
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v) => reveal(ctx, v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = reveal(ctx, v);
    return out as T;
  }
  return value;
}

/** An asset for output: its attributes revealed or hidden for this caller. */
export function revealAsset<A extends { attributes: Record<string, unknown> }>(ctx: Context, asset: A): A {
  return { ...asset, attributes: reveal(ctx, asset.attributes) };
}
