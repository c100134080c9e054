import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type WebServer, expectAccessible, signIn, startWebServer } from '../../../test/support/web.js';
import { type TestReceiver, startReceiver } from '../../../test/support/webhook-receiver.js';

/**
 * The Webhooks page in Debian's Chromium against a real server on SQLite, with a real receiver on loopback: add a
 * webhook and see its secret once, ping it, read its deliveries, disable it; every step checked with axe.
 */
describe('webhooks page in a real browser', () => {
  let server: WebServer;
  let receiver: TestReceiver;
  beforeAll(async () => {
    server = await startWebServer({ assets: 0, webhooksAllowPrivate: true });
    receiver = await startReceiver();
  }, 600_000);
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  });

  const accessible = async (page: Page, name: string) => {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await expectAccessible(page, name);
  };

  it('adds a webhook with its secret shown once, pings it, shows its deliveries and disables it', async () => {
    const page = await signIn(server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No webhook has been registered yet.').waitFor();
    await accessible(page, 'webhooks-empty');

    await page.getByRole('button', { name: 'Add a webhook' }).click();
    const add = page.getByRole('dialog', { name: 'Add a webhook' });
    await add.getByLabel(/^Name/).fill('Service desk');
    await add.getByLabel(/^URL/).fill(receiver.url);
    await accessible(page, 'webhooks-add');
    await add.getByRole('button', { name: 'Add' }).click();
    const shown = page.getByRole('dialog', { name: "The webhook's signing secret" });
    const secret = await shown.getByTestId('secret-value').textContent();
    expect(secret).toMatch(/^whsec_/);
    await accessible(page, 'webhooks-secret');
    await shown.getByRole('button', { name: 'I have stored it' }).click();

    const table = page.getByRole('table', { name: 'Webhooks' });
    await table.getByRole('cell', { name: 'Service desk', exact: true }).waitFor();
    const stored = await server.db.db.selectFrom('webhooks').select(['name', 'url', 'event_kinds', 'secret']).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: 'Service desk', url: receiver.url });
    expect(stored.secret).not.toContain(String(secret));

    await page.getByRole('button', { name: 'Send a test ping to Service desk' }).click();
    await page.getByText('The receiver answered HTTP 200.').waitFor();
    expect(receiver.received.map((r) => r.json.event)).toEqual(['ping']);

    await page.getByRole('button', { name: 'Deliveries of Service desk' }).click();
    const log = page.getByRole('dialog', { name: 'Deliveries of “Service desk”' });
    await log.getByRole('cell', { name: 'ping', exact: true }).waitFor();
    await accessible(page, 'webhooks-deliveries');
    await log.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Disable the webhook Service desk' }).click();
    await table.getByText('Disabled').waitFor();
    await accessible(page, 'webhooks-list');
    await page.context().close();
  });
});
