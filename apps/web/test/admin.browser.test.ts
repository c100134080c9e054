import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import * as core from '@custodia/core';
import { createAccount, updateAccount, createAsset, createReference, grantRole, listAssetTypes, orgUnits, setAccountPassword } from '@custodia/core';
import { type WebServer, WEB_PASSWORD as PASSWORD, expectAccessible, startWebServer } from '../../../test/support/web.js';

/** The account and administration pages in Debian's Chromium against a real server on SQLite. */
describe('account and administration pages in a real browser', () => {
  let server: WebServer;
  const ref: Record<string, any> = {};

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    ref.lyon = await createReference(ctx, orgUnits, { name: 'Lyon office', code: 'LYO', kind: 'department' });
    ref.oslo = await createReference(ctx, orgUnits, { name: 'Oslo office', code: 'OSL', kind: 'department' });
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    await createAsset(ctx, { name: 'Lyon laptop', assetTypeId: laptop.id, tag: 'ADM-000001', stage: 'in_stock', ownerOrgUnitId: ref.lyon.id } as never);
    await createAsset(ctx, { name: 'Oslo laptop', assetTypeId: laptop.id, tag: 'ADM-000002', stage: 'in_stock', ownerOrgUnitId: ref.oslo.id } as never);
    ref.tess = await createAccount(ctx, { login: 'tess', displayName: 'Tess Two-Factor' });
    await grantRole(ctx, ref.tess.id, { roleKey: 'it_asset_analyst', orgUnitId: ref.oslo.id });
    await setAccountPassword(ctx, ref.tess.id, PASSWORD);
  }, 600_000);

  afterAll(async () => { await server?.close(); });

  /** Starts signing in (the caller waits for what follows: a page, or the two-factor step). */
  async function signIn(login: string, password: string, viewport = { width: 1280, height: 860 }): Promise<Page> {
    const page = await (await server.browser.newContext({ viewport })).newPage();
    await page.goto(`${server.base}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Login').fill(login);
    await page.locator('input[name=password]').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  /** Makes the account's sessions' last password confirmation an hour old, and the server re-read them (a new access epoch). */
  async function ageConfirmation(accountId: string): Promise<void> {
    await server.db.db.updateTable('sessions').set({ reauthenticated_at: new Date(Date.now() - 3600_000).toISOString() }).where('account_id', '=', accountId).execute();
    await server.db.db.updateTable('settings').set({ value: JSON.stringify(`aged-${Date.now()}`) }).where('key', '=', 'access_epoch').execute();
  }

  it('creates an account and grants it a role on an org unit; the new user sees only what that role allows', async () => {
    const page = await signIn('admin', PASSWORD);
    await nav(page).getByRole('link', { name: 'Users and roles' }).click();
    await page.getByRole('table', { name: 'Accounts' }).getByRole('link', { name: 'tess' }).waitFor();
    await expectAccessible(page, 'admin-accounts');
    // When each account last signed in: the admin just did; tess never has.
    const cells = async (login: string) => page.getByRole('table', { name: 'Accounts' }).getByRole('row').filter({ has: page.getByRole('link', { name: login, exact: true }) }).getByRole('cell').allInnerTexts();
    expect((await cells('tess'))[4]).toBe('Never');
    expect((await cells('admin'))[4]).toMatch(/\d/);

    await page.getByRole('button', { name: 'Create an account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an account' });
    await dialog.getByRole('textbox', { name: 'Login' }).fill('carla');
    await dialog.getByRole('textbox', { name: 'Display name' }).fill('Carla Custodian');
    await dialog.getByRole('textbox', { name: /E-mail/ }).fill('carla@example.test');
    await dialog.getByLabel(/Initial password/).fill(PASSWORD);
    await expectAccessible(page, 'admin-create-account');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Carla Custodian' }).waitFor();
    await page.getByText('This account has no role yet').waitFor();

    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Custodian', exact: true }).click();
    await page.getByRole('combobox', { name: 'On' }).click();
    await page.getByRole('option', { name: 'Lyon office (LYO)' }).click();
    await page.getByRole('button', { name: 'Grant', exact: true }).click();
    const grants = page.getByRole('table', { name: 'Grants' });
    await grants.getByRole('cell', { name: 'Lyon office', exact: true }).waitFor();
    expect(await grants.locator('tbody tr').first().textContent()).toContain('Custodian');
    await expectAccessible(page, 'admin-account');
    const carla = await server.db.db.selectFrom('accounts').select('id').where('login', '=', 'carla').executeTakeFirstOrThrow();
    const stored = await server.db.db.selectFrom('role_grants').innerJoin('roles', 'roles.id', 'role_grants.role_id').select(['roles.key', 'role_grants.org_unit_id']).where('role_grants.account_id', '=', carla.id).execute();
    expect(stored).toEqual([{ key: 'custodian', org_unit_id: ref.lyon.id }]);
    // The account's history says it in words: the role's name on the unit's, not the grant's id and the role's key.
    const timeline = page.locator('.mantine-Timeline-root');
    await expect.poll(() => timeline.innerText()).toContain('Custodian on Lyon office');
    expect(await timeline.innerText()).not.toMatch(/role: custodian|[0-9a-f]{8}-[0-9a-f]{4}-/);

    const carlaPage = await signIn('carla', PASSWORD);
    await nav(carlaPage).getByRole('link', { name: 'Register' }).waitFor();
    expect(await nav(carlaPage).getByRole('link', { name: 'Users and roles' }).count()).toBe(0);
    expect(await nav(carlaPage).getByRole('link', { name: 'Import' }).count()).toBe(0);
    await nav(carlaPage).getByRole('link', { name: 'Register' }).click();
    await carlaPage.getByText('1 asset', { exact: true }).waitFor();
    await carlaPage.getByRole('link', { name: 'ADM-000001' }).waitFor();
    expect(await carlaPage.getByRole('link', { name: 'ADM-000002' }).count()).toBe(0);
    await carlaPage.goto(`${server.base}/admin/accounts`);
    await carlaPage.getByRole('alert').filter({ hasText: 'do not let you see accounts' }).waitFor();
    await carlaPage.close();
    await page.close();
  });

  it('creates a personal API token on /account that works against the API until it is revoked; changes the e-mail after a password confirmation', async () => {
    const page = await signIn('admin', PASSWORD);
    await nav(page).getByRole('link', { name: 'Your account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByText('You have no API tokens yet.').waitFor();
    await expectAccessible(page, 'account');

    await page.getByRole('button', { name: 'Create a token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Nightly report');
    await dialog.getByRole('textbox', { name: /Valid for/ }).fill('30');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const token = (await dialog.getByTestId('secret-value').textContent())!.trim();
    expect(token).toMatch(/^cst_/);
    await dialog.getByRole('button', { name: 'Copy the API token' }).waitFor();
    await expectAccessible(page, 'account-token');
    await dialog.getByRole('button', { name: 'I have stored it' }).click();

    const call = () => fetch(`${server.base}/api/v1/assets?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200);
    const row = page.getByRole('table', { name: 'Your API tokens' }).getByRole('row', { name: /Nightly report/ });
    await row.getByText('Read only').waitFor();
    await row.getByRole('button', { name: 'Revoke the token Nightly report' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText(/^Revoked/).waitFor();
    expect((await call()).status).toBe(401);

    // Changing the e-mail needs a recent password confirmation: with an old one the page asks for it, then saves.
    const admin = await server.db.db.selectFrom('accounts').select('id').where('login', '=', 'admin').executeTakeFirstOrThrow();
    await ageConfirmation(admin.id);
    await page.getByRole('textbox', { name: /E-mail/ }).fill('ada@example.test');
    await page.getByRole('region', { name: 'Name and e-mail' }).getByRole('button', { name: 'Save' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm your password' });
    await confirm.getByLabel('Your password').fill(PASSWORD);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Your details are saved').waitFor();
    const stored = await server.db.db.selectFrom('accounts').select('email').where('id', '=', admin.id).executeTakeFirstOrThrow();
    expect(stored.email).toBe('ada@example.test');
    await page.close();
  });

  it('makes a role require two-factor; its holder is sent to /account, enrols with the secret shown and then signs in with a code', async () => {
    const admin = await signIn('admin', PASSWORD);
    await nav(admin).getByRole('link', { name: 'Users and roles' }).waitFor();
    await admin.goto(`${server.base}/admin/accounts?tab=roles`);
    await admin.getByRole('button', { name: /IT asset analyst/ }).click();
    const toggle = admin.getByRole('switch', { name: /Requires two-factor/ }).first();
    await toggle.waitFor();
    await expectAccessible(admin, 'admin-roles');
    await toggle.click({ force: true });
    await admin.getByRole('button', { name: /IT asset analyst/ }).getByText('Requires two-factor').waitFor();
    const role = await server.db.db.selectFrom('roles').select('requires_two_factor').where('key', '=', 'it_asset_analyst').executeTakeFirstOrThrow();
    expect(Boolean(role.requires_two_factor)).toBe(true);
    await admin.close();

    const page = await signIn('tess', PASSWORD);
    await page.waitForURL(/\/account$/);
    await page.getByRole('alert').filter({ hasText: 'requires two-factor authentication' }).waitFor();
    await expect.poll(() => nav(page).getByRole('link').allTextContents()).toEqual(['Your account']);

    // An old password confirmation: starting the enrolment asks for the password again.
    await ageConfirmation(ref.tess.id);
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm your password' });
    await confirm.getByLabel('Your password').fill('not my password');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await confirm.getByRole('alert').filter({ hasText: 'not correct' }).waitFor();
    await confirm.getByLabel('Your password').fill(PASSWORD);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await confirm.waitFor({ state: 'detached' });
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await expectAccessible(page, 'account-two-factor');
    const code = () => new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    await page.getByRole('textbox', { name: /6-digit code/ }).fill(code());
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await page.getByText('Store your recovery codes now').waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    const recoveryCode = (await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').first().textContent())!.trim();
    await page.getByRole('button', { name: 'I have stored them' }).click();
    await nav(page).getByRole('link', { name: 'Register' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);

    await page.getByLabel('Login').fill('tess');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The enrolment spent the current code (each works once): the next one, which the clock-drift window accepts.
    await page.getByLabel('Verification code').fill(new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await nav(page).getByRole('link', { name: 'Register' }).waitFor();

    // After single sign-on the server sends the browser to /sign-in#two-factor=… with a pending sign-in: the page asks
    // for the code and takes the token out of the address bar (here the pending sign-in comes from the password step).
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    const pending = await (await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'tess', password: PASSWORD }) })).json() as { pendingToken: string };
    await page.goto('about:blank'); // arriving from the provider: a new document, not a change of fragment
    await page.goto(`${server.base}/sign-in#two-factor=${encodeURIComponent(pending.pendingToken)}`);
    await page.getByLabel('Verification code').waitFor();
    expect(new URL(page.url()).hash).toBe('');
    await page.getByLabel('Verification code').fill(recoveryCode);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await nav(page).getByRole('link', { name: 'Register' }).waitFor();
    await page.close();
  });

  it("an administrator revokes an account's API token, resets its lost two-factor, and sets its password keeping its tokens", async () => {
    const leaked = await core.createApiToken(server.ctx, ref.tess.id, { name: 'Leaked script', access: 'read', expiresInDays: 30 });
    const kept = await core.createApiToken(server.ctx, ref.tess.id, { name: 'Kept script', access: 'read', expiresInDays: 30 });
    const call = (t: string) => fetch(`${server.base}/api/v1/auth/session`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status);
    expect(await call(leaked.token)).toBe(200);
    const page = await signIn('admin', PASSWORD);
    await nav(page).getByRole('link', { name: 'Users and roles' }).waitFor();
    await page.goto(`${server.base}/admin/accounts/${ref.tess.id}`);
    const tokens = page.getByRole('table', { name: 'API tokens of tess' });
    await tokens.getByRole('row', { name: /Leaked script/ }).waitFor();
    await expectAccessible(page, 'admin-account-tokens');
    await tokens.getByRole('button', { name: 'Revoke the token Leaked script' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await tokens.getByRole('row', { name: /Leaked script/ }).getByText(/^Revoked/).waitFor();
    expect(await call(leaked.token)).toBe(401);

    // Lost phone and recovery codes: two-factor off, sessions ended.
    await page.getByRole('button', { name: 'Reset two-factor' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset two-factor' }).click();
    await page.getByText('Two-factor authentication of tess is off').waitFor();
    expect((await server.db.db.selectFrom('accounts').select('totp_enabled_at').where('id', '=', ref.tess.id).executeTakeFirstOrThrow()).totp_enabled_at).toBeNull();
    await expect.poll(() => page.getByRole('button', { name: 'Reset two-factor' }).count()).toBe(0);

    // A forgotten password: untick the revocation, and the scripts keep working. Setting another's password needs the
    // administrator's own password confirmed recently: with an old confirmation the app asks for it, above the dialog.
    const admin = await server.db.db.selectFrom('accounts').select('id').where('login', '=', 'admin').executeTakeFirstOrThrow();
    const passwordSetAt = async () => (await server.db.db.selectFrom('accounts').select('password_changed_at').where('id', '=', ref.tess.id).executeTakeFirstOrThrow()).password_changed_at;
    const before = await passwordSetAt();
    await ageConfirmation(admin.id);
    await page.getByRole('button', { name: 'Set password' }).click();
    const dialog = page.getByRole('dialog', { name: /Set the password of tess/ });
    await dialog.getByLabel('New password').fill(PASSWORD);
    await dialog.getByLabel('Repeat the password').fill(PASSWORD);
    await dialog.getByRole('checkbox', { name: 'Also revoke their API tokens' }).uncheck();
    await dialog.getByRole('button', { name: 'Set password' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm your password' });
    await confirm.getByLabel('Your password').waitFor();
    await expectAccessible(page, 'reauthenticate');
    // Cancelled: the dialog stays, shows why nothing happened, and nothing was written.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await dialog.getByRole('alert').filter({ hasText: 'needs your password confirmed' }).waitFor();
    expect(await passwordSetAt()).toBe(before);
    // Sent again: confirmed once, and the request that was refused runs again by itself.
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await confirm.getByLabel('Your password').fill(PASSWORD);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await passwordSetAt()).not.toBe(before);
    expect(await call(kept.token)).not.toBe(401);
    await page.close();
  });

  it('composes a custom role, issues and revokes an agent token, and reloads an account someone else changed meanwhile', async () => {
    const page = await signIn('admin', PASSWORD);
    await nav(page).getByRole('link', { name: 'Your account' }).waitFor();
    await page.goto(`${server.base}/admin/accounts?tab=roles`);
    await page.getByRole('button', { name: 'Create a custom role' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a custom role' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Stockroom clerk');
    await dialog.getByRole('textbox', { name: 'Key' }).fill('stockroom_clerk');
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'at least one permission' }).waitFor();
    for (const p of ['assets.read', 'assets.assign']) await dialog.getByRole('checkbox', { name: p, exact: true }).check();
    await expectAccessible(page, 'admin-create-role');
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /Stockroom clerk/ }).waitFor();
    const role = await server.db.db.selectFrom('roles').select(['permissions']).where('key', '=', 'stockroom_clerk').executeTakeFirstOrThrow();
    expect(String(role.permissions)).toContain('assets.assign');
    // A custom role changes in place: one permission more, a new name.
    await page.getByRole('button', { name: /Stockroom clerk/ }).click();
    // Clicked once the panel has finished opening (on a busy machine a click during the animation can miss).
    await page.getByRole('button', { name: 'Change this role' }).waitFor();
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.getByRole('button', { name: 'Change this role' }).click();
    const change = page.getByRole('dialog', { name: 'Change the role “Stockroom clerk”' });
    await change.waitFor();
    await change.getByRole('textbox', { name: 'Name' }).fill('Stockroom staff');
    await change.getByRole('checkbox', { name: 'assets.transition', exact: true }).check();
    await expectAccessible(page, 'admin-change-role');
    await change.getByRole('button', { name: 'Save the role' }).click();
    await change.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /Stockroom staff/ }).waitFor();
    const changed = await server.db.db.selectFrom('roles').select(['name', 'permissions']).where('key', '=', 'stockroom_clerk').executeTakeFirstOrThrow();
    expect(changed.name).toBe('Stockroom staff');
    expect(String(changed.permissions)).toContain('assets.transition');

    await page.getByRole('tab', { name: 'Agent tokens' }).click();
    await page.getByText('No agent token has been issued yet.').waitFor();
    await page.getByRole('button', { name: 'Issue an agent token' }).click();
    const issue = page.getByRole('dialog');
    await issue.getByRole('textbox', { name: 'Name' }).fill('Lyon scanner');
    await issue.getByRole('button', { name: 'Issue' }).click();
    const token = (await issue.getByTestId('secret-value').textContent())!.trim();
    expect(token).toMatch(/^csa_/);
    await issue.getByRole('button', { name: 'I have stored it' }).click();
    await issue.waitFor({ state: 'detached' });
    const row = page.getByRole('table', { name: 'Agent tokens' }).getByRole('row', { name: /Lyon scanner/ });
    await row.getByText('Active').waitFor();
    await expectAccessible(page, 'admin-agent-tokens');
    await row.getByRole('button', { name: 'Revoke the agent token Lyon scanner' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText(/^Revoked/).waitFor();

    await page.goto(`${server.base}/admin/accounts/${ref.tess.id}`);
    await page.getByRole('heading', { name: 'Tess Two-Factor' }).waitFor();
    const current = await server.db.db.selectFrom('accounts').select('version').where('id', '=', ref.tess.id).executeTakeFirstOrThrow();
    await updateAccount(server.ctx, ref.tess.id, Number(current.version), { displayName: 'Tess Renamed' });
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone else changed this account' }).waitFor();
    await page.getByRole('heading', { name: 'Tess Renamed' }).waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('status').filter({ hasText: 'is deactivated' }).waitFor();
    const stored = await server.db.db.selectFrom('accounts').select('active').where('id', '=', ref.tess.id).executeTakeFirstOrThrow();
    expect(Boolean(stored.active)).toBe(false);
    await page.close();
  });

  it('a page whose session was ended elsewhere (a role granted meanwhile) goes back to signing in at the next call', async () => {
    const una = await createAccount(server.ctx, { login: 'una', displayName: 'Una Ended' });
    // (Not the analyst role: another test makes it require two-factor.)
    await grantRole(server.ctx, una.id, { roleKey: 'asset_owner', orgUnitId: null });
    await setAccountPassword(server.ctx, una.id, PASSWORD);
    const page = await signIn('una', PASSWORD);
    await nav(page).getByRole('link', { name: 'Register' }).waitFor();
    // The overview's own calls are done first: one still on its way after the grant would end the session before the
    // click. It loads in two steps (its figures, then, once they are drawn, the data-quality trend), and drawing the
    // charts on a busy machine can outlast networkidle's quiet half-second: the trend's answer is waited for too.
    await page.getByText(/^No history yet/).waitFor();
    await page.waitForLoadState('networkidle');
    await grantRole(server.ctx, una.id, { roleKey: 'custodian', orgUnitId: ref.lyon.id });
    // The register's first call is refused (401): the page reads its session again and, ended, goes to sign in.
    await nav(page).getByRole('link', { name: 'Register' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fassets/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.close();
  });

  it('fits a phone screen', async () => {
    const page = await signIn('admin', PASSWORD, { width: 390, height: 844 });
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    for (const [path, heading] of [['/account', 'Your account'], ['/admin/accounts', 'Users and roles']] as const) {
      await page.goto(`${server.base}${path}`);
      await page.getByRole('heading', { name: heading }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectAccessible(page, `${path.split('/').pop()}-phone`);
    }
    await page.close();
  });
});
