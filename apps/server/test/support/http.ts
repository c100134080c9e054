import { expect } from 'vitest';
import { snapshotCounts, type TestApi } from '../../../../test/support/api.js';

/** One API answer as returned by TestApi.call. */
export type Res = Awaited<ReturnType<TestApi['call']>>;

export const etag = (res: Res): string => String(res.headers['etag']);

/** A request sent exactly as given (raw body text, any content type): for malformed input the JSON helper cannot produce. */
export async function raw(api: TestApi, method: string, url: string, payload?: string, headers: Record<string, string> = {}): Promise<Res> {
  const res = await api.app.inject({ method: method as never, url, headers: { authorization: `Bearer ${api.adminToken}`, ...headers }, ...(payload !== undefined ? { payload } : {}) });
  let body: unknown = res.body;
  try { body = res.body ? JSON.parse(res.body) : null; } catch { /* not JSON */ }
  return { status: res.statusCode, body, headers: res.headers };
}

/** An RFC 9457 answer: problem+json with type, title, status, a stable code and the request id. */
export function expectProblem(res: Res, status: number, code?: string): void {
  const shown = JSON.stringify(res.body);
  expect(res.status, shown).toBe(status);
  expect(String(res.headers['content-type']), shown).toMatch(/^application\/problem\+json/);
  expect(res.body, shown).toMatchObject({ type: expect.any(String), title: expect.any(String), status, code: expect.any(String), requestId: expect.any(String) });
  if (code) expect(res.body.code, shown).toBe(code);
}

/** Sends a request that must be refused, and asserts the refusal and that nothing at all was written. */
export async function refused(api: TestApi, send: () => Promise<Res>, status: number, code?: string): Promise<Res> {
  const before = await snapshotCounts(api.db);
  const res = await send();
  expectProblem(res, status, code);
  expect(await snapshotCounts(api.db), `${code ?? status} must write nothing`).toEqual(before);
  return res;
}

/** Shorthand for a JSON request that must be refused without writing anything. */
export function refuse(api: TestApi, status: number, code: string | undefined, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Res> {
  return refused(api, () => api.call(method, url, body, headers), status, code);
}

/** POSTs and expects 201; returns the created record. */
export async function create<T = any>(api: TestApi, url: string, body: unknown): Promise<T> {
  const res = await api.call('POST', url, body);
  expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body as T;
}

/** Calls and expects 200; returns the whole answer. */
export async function ok(api: TestApi, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Res> {
  const res = await api.call(method, url, body, headers);
  expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBe(200);
  return res;
}

/** The bootstrapped asset types by key (laptop, phone, server, software_licence, ...). */
export async function assetTypes(api: TestApi): Promise<Record<string, any>> {
  const res = await ok(api, 'GET', '/api/v1/asset-types?limit=50');
  return Object.fromEntries(res.body.items.map((t: any) => [t.key, t]));
}

/** Follows nextCursor from `url` (which may hold a query) until it is null; returns every page. */
export async function walk(api: TestApi, url: string, headers?: Record<string, string>): Promise<{ pages: any[][]; items: any[]; totals: (number | undefined)[] }> {
  const pages: any[][] = [];
  const totals: (number | undefined)[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await ok(api, 'GET', cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url, undefined, headers);
    pages.push(res.body.items);
    totals.push(res.body.total);
    cursor = res.body.nextCursor;
    expect(pages.length, 'pagination must end').toBeLessThan(1000);
  } while (cursor);
  return { pages, items: pages.flat(), totals };
}

let seq = 0;
/** A short unique token for names and codes, so tests sharing one database never collide. */
export const uniq = (prefix = 'u'): string => `${prefix}${process.pid.toString(36)}${(seq++).toString(36)}`;
