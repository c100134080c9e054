import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { type AccountInput, type AccountView, insertAccount, presentAccount } from './accounts.js';
import { type GrantInput, insertGrant } from './grants.js';
import { logSecurityEvent } from './security-log.js';

/**
 * Creates an account with its password and its roles in one transaction: an unknown role or org unit, or a password
 * the policy refuses, creates nothing, so the same command can simply be run again once corrected. Once committed, the
 * security log records the creation and each grant with who made them, as it does for the same steps over HTTP.
 */
export async function createAccountWithGrants(ctx: Context, input: AccountInput, grants: readonly GrantInput[]): Promise<AccountView> {
  const account = await runChange(ctx, null, async (tx, nowIso) => {
    const { id, event } = await insertAccount(tx, input, nowIso);
    const events = [event];
    for (const grant of grants) events.push(await insertGrant(tx, id, grant, { ctx, nowIso }));
    return { result: await presentAccount(tx, id), events };
  });
  const db = ctx.database.db;
  await logSecurityEvent(db, ctx.now(), { kind: 'account.create', outcome: 'success', accountId: account.id, login: account.login, requestId: ctx.requestId, detail: { by: ctx.actor } });
  for (const grant of grants) {
    await logSecurityEvent(db, ctx.now(), { kind: 'grant.add', outcome: 'success', accountId: account.id, requestId: ctx.requestId, detail: { by: ctx.actor, role: grant.roleKey, orgUnitId: grant.orgUnitId } });
  }
  return account;
}
