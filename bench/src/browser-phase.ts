import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Database } from '@custodia/data';
import { createAccount, ensureBuiltInRoles, grantRole, setAccountPassword, systemContext } from '@custodia/core';
import { buildApp } from '@custodia/server';

const WEB_DIST = new URL('../../apps/web/dist/', import.meta.url).pathname;

export interface BrowserResult {
  /** Milliseconds from navigation to the register page until its first rows are on screen (fresh page load). */
  firstPage: number[];
  /** Milliseconds from choosing a stage filter until the filtered rows are on screen. */
  filtered: number[];
  bundleBytes: number;
  bundleGzipBytes: number;
  error?: string;
}

const CHROMIUM = process.env['CUSTODIA_CHROMIUM'] ?? '/usr/bin/chromium';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** The web app's JavaScript as shipped: every .js file of the build, raw and gzip-compressed. */
export function bundleSize(dir = WEB_DIST): { bytes: number; gzip: number } {
  const assets = join(dir, 'assets');
  if (!existsSync(assets)) return { bytes: Number.NaN, gzip: Number.NaN };
  let bytes = 0;
  let gzip = 0;
  for (const f of readdirSync(assets).filter((n) => n.endsWith('.js'))) {
    const body = readFileSync(join(assets, f));
    bytes += body.length;
    gzip += gzipSync(body).length;
  }
  return { bytes, gzip };
}

/**
 * The register in Debian's Chromium against the real server on the benchmark's database: time to the first page of
 * rows after a full page load, and to the rows of a stage filter chosen in the page. Five rounds each.
 */
export async function browserPhase(database: Database, rounds = 5): Promise<BrowserResult> {
  const size = bundleSize();
  const ctx = systemContext(database, 'system');
  await ensureBuiltInRoles(ctx);
  const login = `bench-web-${Date.now()}`;
  const account = await createAccount(ctx, { login, displayName: 'Benchmark' });
  await grantRole(ctx, account.id, { roleKey: 'it_asset_manager', orgUnitId: null });
  await setAccountPassword(ctx, account.id, 'benchmark passphrase');
  const app = await buildApp({ database, logger: false, rateLimit: 1_000_000_000 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Login').fill(login);
    await page.locator('input[name=password]').fill('benchmark passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    const rows = page.getByRole('table', { name: 'Assets' }).locator('tbody tr');
    const firstPage: number[] = [];
    const filtered: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await page.goto(`${base}/assets`);
      await rows.first().waitFor();
      firstPage.push(performance.now() - t);
      const stage = i % 2 ? 'In stock' : 'Assigned / in use';
      await page.getByLabel(/^Stage/).first().click();
      const option = page.getByRole('option', { name: stage, exact: true });
      await option.waitFor();
      // Timed in the page, from the click on the option (Playwright's click first waits for the dropdown's opening
      // animation to settle, which is not the filter's cost) until every row on screen is in the chosen stage.
      type Doc = { document: { addEventListener(t: string, f: () => void, o: unknown): void; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }; __clicked?: number };
      await page.evaluate(() => {
        const g = globalThis as unknown as Doc;
        g.document.addEventListener('click', () => { g.__clicked = performance.now(); }, { capture: true, once: true });
      });
      await option.click();
      const took = await page.waitForFunction((name: string) => {
        const g = globalThis as unknown as Doc;
        const trs = Array.from(g.document.querySelectorAll('table[aria-label="Assets"] tbody tr'));
        return trs.length > 0 && trs.every((tr) => tr.textContent?.includes(name)) && g.__clicked !== undefined ? performance.now() - g.__clicked : false;
      }, stage);
      filtered.push(Number(await took.jsonValue()));
    }
    return { firstPage, filtered, bundleBytes: size.bytes, bundleGzipBytes: size.gzip };
  } finally {
    await browser.close();
    await app.close();
  }
}

export const browserSummary = (r: BrowserResult) => ({ firstPage: median(r.firstPage), filtered: median(r.filtered) });
