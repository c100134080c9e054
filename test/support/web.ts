import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { buildApp } from '@custodia/server';
import { type Context, bootstrapRegister, createAccount, ensureBuiltInRoles, grantRole, seedDemo, setAccountPassword, systemContext } from '@custodia/core';
import { ENGINES, type TestDatabase } from './databases.js';
import { axeViolations, launchBrowser } from './browser.js';

export const WEB_PASSWORD = 'browser test passphrase';
const SHOTS = process.env['CUSTODIA_SCREENSHOTS'] ? join(import.meta.dirname, '../../docs/screenshots') : null;

export interface WebServer { db: TestDatabase; ctx: Context; base: string; browser: Browser; close(): Promise<void> }

/**
 * A real server on SQLite with a seeded demo register and an administrator (`admin`: IT asset manager and system
 * administrator), and Debian's Chromium; `timeZone` is the organisation's (CUSTODIA_TIME_ZONE, UTC by default);
 * `webhooksAllowPrivate` lets webhooks post to a receiver on loopback (CUSTODIA_WEBHOOKS_ALLOW_PRIVATE).
 */
export async function startWebServer(options: { assets?: number; timeZone?: string; webhooksAllowPrivate?: boolean } = {}): Promise<WebServer> {
  const db = await ENGINES[0]!.open();
  const ctx = systemContext(db, 'system', 'system', undefined, options.timeZone);
  await bootstrapRegister(ctx);
  await ensureBuiltInRoles(ctx);
  // `assets: 0` leaves the register empty for tests that build their own.
  if (options.assets !== 0) await seedDemo(ctx, { assets: options.assets ?? 200, people: 30, seed: 5 });
  const admin = await createAccount(ctx, { login: 'admin', displayName: 'Ada Admin' });
  await grantRole(ctx, admin.id, { roleKey: 'it_asset_manager', orgUnitId: null });
  await grantRole(ctx, admin.id, { roleKey: 'system_administrator', orgUnitId: null });
  await setAccountPassword(ctx, admin.id, WEB_PASSWORD);
  const app = await buildApp({
    database: db, rateLimit: 1_000_000, ...(options.timeZone ? { timeZone: options.timeZone } : {}), ...(options.webhooksAllowPrivate ? { webhooks: { allowPrivate: true } } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchBrowser();
  return { db, ctx, base, browser, close: async () => { await browser.close(); await app.close(); await db.dispose(); } };
}

/** A new browser context signed in as `login` (`context` adds to its options, e.g. a device scale factor). */
export async function signIn(server: WebServer, login = 'admin', password = WEB_PASSWORD, context: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await server.browser.newContext({ viewport: { width: 1280, height: 860 }, ...context })).newPage();
  await page.goto(`${server.base}/sign-in`);
  await page.getByLabel('Login').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/** axe-core finds no WCAG 2.1 A/AA violation on the settled page; with CUSTODIA_SCREENSHOTS set, the page is also saved to docs/screenshots. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Judged once opening transitions have ended: a dialog fading in has its colours at part opacity, which axe reads
  // as too little contrast (seen on a busy machine), though the settled page is what a person reads. Endless ones
  // (a spinner) never end and are not waited for.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity));
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  if (SHOTS) { mkdirSync(SHOTS, { recursive: true }); await page.screenshot({ path: join(SHOTS, `${name}.png`) }); }
}
