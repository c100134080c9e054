import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, onReauthenticationRequired, post, request } from './api';

/** What the server answers, in order, to the requests the client sends; each request is recorded. */
function server(...answers: { status: number; body?: unknown }[]) {
  const sent: string[] = [];
  // why: these tests are about the client's rule (ask once, retry, give up on cancel), not the server's; the real
  // server's answers to the same requests are covered by the admin browser test.
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    sent.push(`${init.method} ${path}`);
    const { status, body } = answers.shift() ?? { status: 500 };
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return sent;
}
const refused = { status: 401, body: { code: 'REAUTHENTICATION_REQUIRED', detail: 'Confirm your password' } };

afterEach(() => { vi.unstubAllGlobals(); onReauthenticationRequired(null); });

describe('a change that needs a recent password confirmation', () => {
  it('asks once for the requests refused meanwhile, then sends each again', async () => {
    const sent = server(refused, refused, { status: 200, body: { a: 1 } }, { status: 200, body: { b: 2 } });
    let asked = 0;
    let confirm!: (ok: boolean) => void;
    onReauthenticationRequired(() => { asked += 1; return new Promise<boolean>((resolve) => { confirm = resolve; }); });
    const both = Promise.all([post('/api/v1/roles', { key: 'a' }), post('/api/v1/accounts', { login: 'b' })]);
    // Both refusals read (the second one while the question is open) before the person answers.
    await vi.waitFor(() => expect([sent.length, asked]).toEqual([2, 1]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    confirm(true);
    expect(await both).toEqual([{ a: 1 }, { b: 2 }]);
    expect(asked).toBe(1);
    expect(sent).toEqual(['POST /api/v1/roles', 'POST /api/v1/accounts', 'POST /api/v1/roles', 'POST /api/v1/accounts']);
  });

  it('cancelled, the page gets the original refusal and nothing is sent again', async () => {
    const sent = server(refused);
    onReauthenticationRequired(async () => false);
    const error = await post('/api/v1/roles', { key: 'a' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'REAUTHENTICATION_REQUIRED' });
    expect(sent).toEqual(['POST /api/v1/roles']);
  });

  it('a password checked in the request itself (confirmation, own password change) is never asked for again', async () => {
    const sent = server(refused, refused);
    let asked = 0;
    onReauthenticationRequired(async () => { asked += 1; return true; });
    for (const path of ['/api/v1/auth/reauthenticate', '/api/v1/auth/password']) {
      await expect(request('POST', path, { body: { password: 'wrong' } })).rejects.toMatchObject({ code: 'REAUTHENTICATION_REQUIRED' });
    }
    expect(asked).toBe(0);
    expect(sent).toHaveLength(2);
  });
});
