import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createAsset, createReference, grantRole, listAssetTypes, people, setAccountPassword } from '@custodia/core';
import { type WebServer, WEB_PASSWORD, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';

/**
 * Self-service in Debian's Chromium: an account linked to its person sees on the overview and on My assets what is
 * assigned to it and confirms receiving it; "Something is wrong": a consumer reports that a laptop listed as theirs is
 * not, sees the report waiting on their card; an asset manager finds it in the discrepancy queue with what was said,
 * by whom, and settles it; the consumer then reads the outcome. The account page's e-mail digest: previewed, and
 * switched on once the account has an e-mail address.
 */
describe('self-service: My assets and what a holder reports', () => {
  let server: WebServer;
  let assetId = '';

  beforeAll(async () => {
    server = await startWebServer({ assets: 0 });
    const ctx = server.ctx;
    const person = await createReference<{ id: string }>(ctx, people, { name: 'Léa Martin', email: 'lea@example.test', active: true });
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    await server.db.db.updateTable('asset_types').set({ usage_policy: 'Lock the screen when you leave your desk.' }).where('id', '=', laptop.id).execute();
    assetId = (await createAsset(ctx, { name: 'ThinkPad X1', assetTypeId: laptop.id, tag: 'SS-000001', stage: 'in_use', assignedPersonId: person.id } as never)).id;
    const lea = await createAccount(ctx, { login: 'lea', displayName: 'Léa Martin', personId: person.id });
    await grantRole(ctx, lea.id, { roleKey: 'asset_consumer', orgUnitId: null });
    await setAccountPassword(ctx, lea.id, 'browser test passphrase');
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  it('the consumer reports "not mine" with a message; the asset manager sees it in the queue and settles it; the consumer reads the outcome', async () => {
    const page = await signIn(server, 'lea');
    await page.goto(`${server.base}/me`);
    const card = page.locator('.mantine-Card-root', { hasText: 'SS-000001' });
    // What the holder was told at hand-over, to read again.
    await card.getByRole('group', { name: 'Usage policies of SS-000001' }).getByText('Lock the screen when you leave your desk.').waitFor();
    await card.getByRole('button', { name: 'Something is wrong with SS-000001' }).click();
    const dialog = page.getByRole('dialog', { name: 'Something is wrong with SS-000001' });
    const reasons = dialog.getByRole('radiogroup', { name: /^What is wrong\?/ });
    expect(await reasons.getByRole('radio').count()).toBe(5);
    await expectAccessible(page, 'my-assets-report-problem');

    // Checked before anything is sent, and said on the fields.
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByText('Choose what is wrong').waitFor();
    await reasons.getByRole('radio', { name: 'Its details are wrong (serial number, model, name…)' }).check();
    await dialog.getByRole('button', { name: 'Send' }).click();
    const message = dialog.getByRole('textbox', { name: /^What is wrong, in your words/ });
    await dialog.getByText('Say what is wrong').waitFor();
    expect(await message.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'my-assets-report-problem-errors');
    expect(await server.db.db.selectFrom('discrepancies').select('id').execute()).toEqual([]);

    await reasons.getByRole('radio', { name: 'It is not mine: I never had it' }).check();
    await dialog.getByRole('textbox', { name: /^Anything to add/ }).fill('I only use a MacBook');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Thank you: your report on SS-000001 was sent to the IT asset team.' }).waitFor();
    await card.getByText(/^You reported this on .* — the IT asset team will look at it\.$/).waitFor();
    await card.getByText('“It is not mine: I never had it”').waitFor();
    await card.getByText('I only use a MacBook').waitFor();
    await expectAccessible(page, 'my-assets-reported');
    // The overview's card counts it too.
    await page.goto(`${server.base}/`);
    await page.getByRole('link', { name: /^Self-service My assets/ }).getByText('1 assigned to you, 1 to confirm, 1 reported to the IT asset team').waitFor();
    await page.goto(`${server.base}/me`);
    // The laptop is as it was: a report changes nothing by itself.
    const asset = await server.db.db.selectFrom('assets').select(['stage', 'version', 'assigned_person_id']).where('id', '=', assetId).executeTakeFirstOrThrow();
    expect(asset).toMatchObject({ stage: 'in_use', version: 1 });

    const admin = await signIn(server);
    await admin.goto(`${server.base}/discrepancies`);
    await admin.getByRole('combobox', { name: 'Kind' }).click();
    await admin.getByRole('option', { name: 'Reported by the holder', exact: true }).click();
    await admin.waitForURL(/kind=reported_by_holder/);
    const row = admin.getByRole('table', { name: 'Discrepancies' }).locator('tbody tr').first();
    await row.getByText('Reported by the holder').waitFor();
    await expectAccessible(admin, 'discrepancies-reported-by-holder');
    await row.getByRole('link', { name: 'Léa Martin says SS-000001 (ThinkPad X1) is not theirs: “I only use a MacBook”' }).click();
    const drawer = admin.getByRole('dialog', { name: 'Discrepancy' });
    const evidence = drawer.getByRole('group', { name: 'Evidence' });
    await evidence.getByText(/^Assigned to: Léa Martin since /).waitFor();
    await evidence.getByText('Reported by the holder').waitFor();
    await evidence.getByText('Why: Never had it').waitFor();
    await evidence.getByText('“I only use a MacBook”').waitFor();
    await evidence.getByText('Reported by: Léa Martin (account lea)').waitFor();
    expect(await evidence.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const resolve = drawer.getByRole('group', { name: 'Resolve' });
    expect(await resolve.getByRole('button').allInnerTexts()).toEqual(['Mark the asset missing', 'Corrected in the register', 'Keep the register value', 'Ignore until…', 'Dismiss']);
    // "Corrected in the register" says what it needs: a change made on the asset first, and what was changed.
    await resolve.getByRole('button', { name: 'Corrected in the register' }).click();
    const correctedForm = drawer.getByRole('form', { name: 'Corrected in the register' });
    await correctedForm.getByText(/^Correct the register first on the asset/).waitFor();
    await correctedForm.getByText(/The holder sees that the register was corrected; your note is for the team/).waitFor();
    const changed = correctedForm.getByRole('textbox', { name: /^What was changed/ });
    expect(await changed.getAttribute('required')).not.toBeNull();
    await changed.fill('Checked it in');
    await correctedForm.getByRole('button', { name: /^Confirm/ }).click();
    // Nothing was changed on the laptop since the report: refused, said in the form, nothing written.
    await correctedForm.getByRole('alert').getByText('Nothing was changed on SS-000001 since this was raised: correct the register first, or choose another resolution').waitFor();
    await expectAccessible(admin, 'discrepancy-reported-by-holder-not-corrected');
    expect(await server.db.db.selectFrom('discrepancies').select(['status', 'resolution']).where('kind', '=', 'reported_by_holder').executeTakeFirstOrThrow()).toEqual({ status: 'open', resolution: null });
    await resolve.getByRole('button', { name: 'Keep the register value' }).click();
    const form = drawer.getByRole('form', { name: 'Keep the register value' });
    await form.getByText(/your note is for the team and is not shown to them/).waitFor();
    await form.getByRole('textbox', { name: /^Why/ }).fill('Signed for it on delivery');
    await expectAccessible(admin, 'discrepancy-reported-by-holder');
    await form.getByRole('button', { name: /^Confirm/ }).click();
    await drawer.getByText('Resolved', { exact: true }).first().waitFor();
    await admin.close();

    await page.reload();
    await card.getByText('The IT asset team checked it: the register stays as it is.').waitFor();
    expect(await card.innerText()).not.toContain('Signed for it');
    await expectAccessible(page, 'my-assets-report-settled');
    await page.close();
  });

  it('self-service: a consumer sees on the overview what is assigned to them, and confirms receiving it', async () => {
    const ctx = server.ctx;
    const person = await createReference<{ id: string }>(ctx, people, { name: 'Sam Self', email: 'sam@example.test', active: true });
    const laptop = (await listAssetTypes(ctx, { limit: 100 })).items.find((t) => t.key === 'laptop')!;
    for (const tag of ['ADM-000010', 'ADM-000011']) await createAsset(ctx, { name: `Laptop ${tag}`, assetTypeId: laptop.id, tag, stage: 'in_use', assignedPersonId: person.id } as never);
    // One of them was lent until a date now past (as time went by: the register refuses a return date before the loan starts).
    const lent = await server.db.db.selectFrom('assets').select('id').where('tag', '=', 'ADM-000011').executeTakeFirstOrThrow();
    await server.db.db.updateTable('assets').set({ expected_return_date: '2020-01-31' }).where('id', '=', lent.id).execute();
    await server.db.db.updateTable('assignments').set({ started_on: '2020-01-02', expected_return_date: '2020-01-31' }).where('asset_id', '=', lent.id).execute();
    const sam = await createAccount(ctx, { login: 'sam', displayName: 'Sam Self' });
    await grantRole(ctx, sam.id, { roleKey: 'asset_consumer', orgUnitId: null });
    await setAccountPassword(ctx, sam.id, WEB_PASSWORD);

    // An administrator links the account to the person in the register it belongs to.
    const admin = await signIn(server);
        await admin.goto(`${server.base}/admin/accounts/${sam.id}`);
    await admin.getByText('Not linked (My assets is empty)').waitFor();
    await admin.getByRole('button', { name: 'Edit' }).click();
    const edit = admin.getByRole('dialog', { name: 'Edit sam' });
    await edit.getByLabel(/^Person/).first().fill('Sam Se');
    await admin.getByRole('option', { name: 'Sam Self (sam@example.test)' }).click();
    await expectAccessible(admin, 'admin-edit-account');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await admin.getByRole('link', { name: 'Sam Self (sam@example.test)' }).waitFor();
    expect((await server.db.db.selectFrom('accounts').select('person_id').where('id', '=', sam.id).executeTakeFirstOrThrow()).person_id).toBe(person.id);
    // The account's history says who did it (grants, password, this link).
    await admin.getByRole('heading', { name: 'History' }).waitFor();
    const timeline = admin.locator('.mantine-Timeline-root');
    await timeline.getByText('Person', { exact: true }).waitFor();
    expect(await timeline.innerText()).not.toContain(person.id);
    await admin.close();

    const page = await signIn(server, 'sam');
    const card = page.getByRole('link', { name: /^Self-service My assets/ });
    await card.getByText('2 assigned to you, 2 to confirm, 1 to return').waitFor();
    await expectAccessible(page, 'consumer-overview');
    await card.click();
    await page.getByRole('heading', { name: 'My assets' }).waitFor();
    await expectAccessible(page, 'my-assets');
    const overdue = page.getByText('Return overdue: please bring it back or agree a new date');
    expect(await overdue.count()).toBe(1);
    expect(await page.locator('.mantine-Card-root', { has: overdue }).innerText()).toContain('ADM-000011');
    await page.getByRole('button', { name: 'I received it' }).first().click();
    await page.getByText(/^Receipt confirmed/).waitFor();
    const acknowledged = await server.db.db.selectFrom('assignments').select('acknowledged_at').where('person_id', '=', person.id).where('acknowledged_at', 'is not', null).execute();
    expect(acknowledged).toHaveLength(1);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('link', { name: /^Self-service My assets/ }).getByText('2 assigned to you, 1 to confirm, 1 to return').waitFor();
    await page.close();
  });

  it('e-mail digest on /account: today\'s digest previewed; switched on only with an e-mail address, and the page says this server sends no mail', async () => {
    const sam = await server.db.db.selectFrom('accounts').select('id').where('login', '=', 'sam').executeTakeFirstOrThrow();
    const page = await signIn(server, 'sam');
    await page.goto(`${server.base}/account`);
    const card = page.getByRole('region', { name: 'E-mail digest' });
    await card.getByText('This server sends no e-mail').waitFor();
    await card.getByText('Assets you should have given back: 1').waitFor();
    await card.getByRole('link', { name: 'ADM-000011' }).waitFor();
    expect(await card.getByRole('checkbox').count()).toBe(1);
    await expectAccessible(page, 'account-digest');
    // No e-mail address on the account: refused, said on the card, nothing stored.
    await card.getByRole('switch', { name: 'Send me the daily digest' }).check();
    await card.getByRole('button', { name: 'Save the digest settings' }).click();
    await card.getByRole('alert').getByText(/^Add an e-mail address to your account first/).waitFor();
    expect(await server.db.db.selectFrom('notification_preferences').selectAll().execute()).toEqual([]);
    await server.db.db.updateTable('accounts').set({ email: 'sam@example.test' }).where('id', '=', sam.id).execute();
    await page.reload();
    await card.getByText(/an e-mail to sam@example\.test lists/).waitFor();
    await card.getByRole('switch', { name: 'Send me the daily digest' }).check();
    await card.getByRole('button', { name: 'Save the digest settings' }).click();
    await page.getByText('Your daily digest is on').waitFor();
    const stored = await server.db.db.selectFrom('notification_preferences').select(['digest_enabled', 'version']).where('account_id', '=', sam.id).executeTakeFirstOrThrow();
    expect({ on: Boolean(stored.digest_enabled), version: Number(stored.version) }).toEqual({ on: true, version: 1 });
    await page.close();
  });
});
