import { AppError } from '@custodia/contracts';
import { timingSafeEqual } from 'node:crypto';
import { newId, readJson, writeJson } from '@custodia/data';
import { diffRecords } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { type AccountInput, insertAccount, presentAccount } from './accounts.js';
import { newSecret, sha256 } from './secrets.js';

const KEY = 'setup_token';

/** Whether any account exists; set-up is offered only while none does. */
export async function needsSetup(ctx: Context): Promise<boolean> {
  return !(await ctx.database.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst());
}

/**
 * On an empty database, issues a one-time set-up token (its hash is stored; the token itself is printed once by
 * `custodia serve`). There is no default password anywhere: the first administrator is created through this link.
 * Each start issues a fresh token, so a token that scrolled away is simply replaced by restarting.
 */
export async function issueSetupToken(ctx: Context): Promise<string | null> {
  if (!(await needsSetup(ctx))) return null;
  const token = newSecret('csu');
  const now = ctx.now().toISOString();
  const value = writeJson({ hash: sha256(token), issuedAt: now });
  await ctx.database.db.insertInto('settings').values({ key: KEY, value, updated_at: now }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
  return token;
}

/** Creates the first administrator (system administrator and IT asset manager, organisation-wide) and spends the token. */
export async function completeSetup(ctx: Context, token: string, input: AccountInput & { password: string }) {
  return runChange(ctx, 'First administrator created at set-up', async (tx, nowIso) => {
    const row = await tx.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    const stored = row ? readJson<{ hash: string }>(row.value, { hash: '' }).hash : '';
    const given = sha256(token);
    const valid = stored.length === given.length && timingSafeEqual(Buffer.from(stored), Buffer.from(given));
    if (await tx.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) throw new AppError('SETUP_ALREADY_DONE');
    if (!valid) throw new AppError('SETUP_TOKEN_INVALID');
    const { id, snapshot } = await insertAccount(tx, input, nowIso);
    const roles = await tx.selectFrom('roles').select(['id', 'key']).where('key', 'in', ['system_administrator', 'it_asset_manager']).execute();
    for (const role of roles) {
      await tx.insertInto('role_grants').values({ id: newId(), account_id: id, role_id: role.id, org_unit_id: null, created_at: nowIso, created_by: 'setup' }).execute();
    }
    await tx.deleteFrom('settings').where('key', '=', KEY).execute();
    return { result: await presentAccount(tx, id), events: [{ entityType: 'account', entityId: id, action: 'create', changes: diffRecords(null, { ...snapshot, grants: roles.map((r) => r.key).sort() }) }] };
  });
}
