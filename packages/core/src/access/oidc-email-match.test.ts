import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { bootstrapRegister } from '../lifecycle/bootstrap-register.js';
import { type Context, systemContext } from '../shared/context.js';
import { ensureBuiltInRoles } from './built-in-roles.js';
import { createAccount } from './accounts.js';
import { oidcSignIn } from './oidc-sign-in.js';

const settings = { roleMap: {}, groupsClaim: 'groups', createAccounts: false };
const client = { ip: '192.0.2.1' };

/**
 * A verified e-mail links the account that has it whatever its case, non-ASCII letters included, on both engines:
 * SQLite's upper() reaches ASCII only, so "José@…" did not find "josé@…" there and did on PostgreSQL.
 */
describe.each(ENGINES)('single sign-on matches e-mail addresses alike ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  beforeAll(async () => {
    db = await engine.open();
    ctx = systemContext(db, 'api', 'tester');
    await bootstrapRegister(ctx);
    await ensureBuiltInRoles(ctx);
  });
  afterAll(async () => { await db?.dispose(); });

  const signIn = (sub: string, email: string) =>
    oidcSignIn(ctx, { issuer: 'https://idp.example', claims: { sub, email, email_verified: true } }, settings, client).then((r) => ({ id: r.accountId, via: r.via }), (e: { code?: string }) => e.code);

  it('links by a verified e-mail ignoring case, ASCII or not, and never by one differing in accents only', async () => {
    const josé = await createAccount(ctx, { login: 'jose', displayName: 'José', email: 'josé.núñez@example.com' });
    expect(await signIn('s-1', 'JOSÉ.NÚÑEZ@EXAMPLE.COM')).toEqual({ id: josé.id, via: 'linked' });
    const ana = await createAccount(ctx, { login: 'ana', displayName: 'Ana', email: 'Ana@Example.com' });
    expect(await signIn('s-2', 'ana@example.COM')).toEqual({ id: ana.id, via: 'linked' });
    await createAccount(ctx, { login: 'zoe', displayName: 'Zoë', email: 'zoë@example.com' });
    expect(await signIn('s-3', 'zoe@example.com')).toBe('FORBIDDEN');
  });
});
