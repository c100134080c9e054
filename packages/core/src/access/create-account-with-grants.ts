import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { type AccountInput, type AccountView, insertAccount, presentAccount } from './accounts.js';
import { type GrantInput, insertGrant } from './grants.js';

/**
 * Creates an account with its password and its roles in one transaction: an unknown role or org unit, or a password
 * the policy refuses, creates nothing, so the same command can simply be run again once corrected.
 */
export async function createAccountWithGrants(ctx: Context, input: AccountInput, grants: readonly GrantInput[]): Promise<AccountView> {
  return runChange(ctx, null, async (tx, nowIso) => {
    const { id, event } = await insertAccount(tx, input, nowIso);
    const events = [event];
    for (const grant of grants) events.push(await insertGrant(tx, id, grant, { ctx, nowIso }));
    return { result: await presentAccount(tx, id), events };
  });
}
