import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A real OpenID provider for the single sign-on tests, and a browser stand-in to sign in at it. */

export const PUBLIC_URL = 'http://custodia.test';
export const REDIRECT_URI = `${PUBLIC_URL}/api/v1/auth/oidc/callback`;
export const CLIENT_ID = 'custodia';
export const CLIENT_SECRET = 'a-long-enough-client-secret-for-the-test-provider';

/** The provider's users: the claims it vouches for. Tests add and change them. */
export interface IdpUser { email?: string; email_verified?: boolean; name?: string; preferred_username?: string; groups?: string[] }
export const idpUsers = new Map<string, IdpUser>();

/** Starts a real OpenID provider (oidc-provider, development login and consent pages) on 127.0.0.1. */
export async function startTestProvider(): Promise<{ issuer: string; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'offline_access', 'groups'],
    cookies: { keys: ['oidc-test-cookie-key'] },
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, sub: string) {
      const user = idpUsers.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...user }) };
    },
  });
  server.on('request', provider.callback());
  return { issuer, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** Minimal cookie jar for the provider's own cookies (its interaction and session cookies). */
export class Jar {
  private cookies = new Map<string, string>();
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired || !value) this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

/**
 * Plays the browser at the provider: follows its redirects, signs in as `sub` on its login page and accepts its
 * consent page, and returns the URL it finally redirects to (Custodia's callback with code and state).
 */
export async function signInAtProvider(authorizationUrl: string, sub: string): Promise<URL> {
  const jar = new Jar();
  let url = authorizationUrl;
  let form: URLSearchParams | null = null;
  for (let hop = 0; hop < 20; hop++) {
    // Typed here: `form` is set from this answer further down the loop, a cycle TypeScript cannot infer through.
    const res: Response = await fetch(url, {
      method: form ? 'POST' : 'GET', redirect: 'manual',
      headers: { cookie: jar.header(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(form ? { body: form.toString() } : {}),
    });
    jar.store(res);
    form = null;
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.href.startsWith(REDIRECT_URI)) return next;
      url = next.href;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`The provider answered ${res.status}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`Unexpected provider page: ${html.slice(0, 500)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    form = prompt === 'login' ? new URLSearchParams({ prompt, login: sub, password: 'any' }) : new URLSearchParams({ prompt });
  }
  throw new Error('Too many redirects at the provider');
}
