import { sql } from 'kysely';
import { FieldCipher, readJson, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { logSecurityEvent } from './security-log.js';

/**
 * Re-encrypts every stored sensitive value under the current key: asset attributes, two-factor secrets and webhooks'
 * signing secrets. The
 * values do not change, so no history event is written and versions stay (the security log records the rotation); history events keep the ciphertext they
 * were signed with (the hash chain forbids rewriting them), so an older key stays needed — in
 * CUSTODIA_ENCRYPTION_OLD_KEYS — for as long as that history must be readable in clear.
 */
export async function rotateEncryptionKeys(ctx: Context, options: { batch?: number } = {}): Promise<{ assets: number; accounts: number }> {
  const cipher = ctx.database.cipher;
  const rotate = (v: unknown) => (FieldCipher.isEncrypted(v) && cipher.needsRotation(v) ? cipher.encrypt(cipher.decrypt(v)) : v);
  const batch = options.batch ?? 500;
  let assets = 0;
  let after = '';
  for (;;) {
    const rows = await ctx.database.db.selectFrom('assets').select(['id', 'attributes'])
      .where('id', '>', after).where(sql<boolean>`${sql.ref('attributes')}${sql.raw(ctx.database.engine === 'postgres' ? '::text' : '')} like '%enc:v1:%'`)
      .orderBy('id').limit(batch).execute();
    if (!rows.length) break;
    await ctx.database.db.transaction().execute(async (tx) => {
      for (const r of rows) {
        const attrs = readJson<Record<string, unknown>>(r.attributes, {});
        const next = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, rotate(v)]));
        if (Object.entries(next).some(([k, v]) => v !== attrs[k])) {
          await tx.updateTable('assets').set({ attributes: writeJson(next) }).where('id', '=', r.id).execute();
          assets++;
        }
      }
    });
    after = rows[rows.length - 1]!.id;
  }
  let accounts = 0;
  for (const a of await ctx.database.db.selectFrom('accounts').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).execute()) {
    const next = rotate(a.totp_secret);
    if (next !== a.totp_secret) {
      await ctx.database.db.updateTable('accounts').set({ totp_secret: next as string }).where('id', '=', a.id).execute();
      accounts++;
    }
  }
  let webhooks = 0;
  for (const w of await ctx.database.db.selectFrom('webhooks').select(['id', 'secret']).execute()) {
    const next = rotate(w.secret);
    if (next !== w.secret) {
      await ctx.database.db.updateTable('webhooks').set({ secret: next as string }).where('id', '=', w.id).execute();
      webhooks++;
    }
  }
  // No history event (nothing the register holds changed), but the security log keeps who rotated to which key.
  await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'encryption_key.rotate', outcome: 'success', requestId: ctx.requestId, detail: { by: ctx.actor, keyId: cipher.currentKeyId, assets, accounts, webhooks } });
  return { assets, accounts };
}
