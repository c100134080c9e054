import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as oidc from 'openid-client';
import * as C from '@custodia/contracts';
import { AppError, type ErrorCode } from '@custodia/contracts';
import { type SsoRoleMap, parseSsoRoleMap } from '@custodia/domain';
import { OIDC_STATE_TTL_SECONDS, consumeOidcState, logSecurityEvent, oidcSignIn, saveOidcState } from '@custodia/core';
import { contextOf } from '../http/context.js';
import { setSessionCookie } from '../http/session-cookie.js';

/** OpenID Connect single sign-on, as configured by the CUSTODIA_OIDC_* variables (README, "Configuration"). */
export interface OidcOptions {
  /** Issuer identifier (its discovery document is at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  /** Null for a public client (PKCE only); otherwise sent with HTTP Basic authentication (client_secret_basic). */
  clientSecret: string | null;
  /** Space-separated scopes requested (default `openid email profile`). */
  scopes?: string;
  /** Claim holding the groups (default `groups`; a dotted path reaches nested claims). */
  groupsClaim?: string;
  /** Group → grants (role key and org-unit code or id, or null for organisation-wide). */
  roleMap?: SsoRoleMap;
  /** Create an account at the first sign-in of someone unknown (default true). */
  createAccounts?: boolean;
}

const tags = ['authentication'];
const P = C.Problem;
const BASE = '/api/v1/auth/oidc';
/** Binds a pending sign-in to the browser that started it (login CSRF): the callback must carry the same state. */
const STATE_COOKIE = 'custodia_oidc';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const client = (req: FastifyRequest) => ({ ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null });

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function oidcRoutes(app: FastifyInstance, options: OidcOptions) {
  const publicUrl = app.publicUrl;
  if (!publicUrl) throw new Error('OpenID Connect needs CUSTODIA_PUBLIC_URL (the redirect URI is built from it)');
  const redirectUri = `${publicUrl.replace(/\/$/, '')}${BASE}/callback`;
  const issuerUrl = new URL(options.issuer);
  // Plain http is accepted only for a provider on this machine (development and tests).
  const insecure = issuerUrl.protocol === 'http:';
  if (insecure && !LOOPBACK.has(issuerUrl.hostname)) throw new Error(`The OpenID Connect issuer must use https (${options.issuer})`);
  const scopes = options.scopes?.trim() || 'openid email profile';
  if (!scopes.split(/\s+/).includes('openid')) throw new Error('CUSTODIA_OIDC_SCOPES must include "openid"');
  const roleMap = parseSsoRoleMap(options.roleMap ?? {});
  if (!roleMap.ok) throw new Error(`The OpenID Connect role map is not valid: ${roleMap.violations.map((v) => `${v.field ?? ''} ${v.message}`.trim()).join('; ')}`);
  const settings = { roleMap: roleMap.value, groupsClaim: options.groupsClaim?.trim() || 'groups', createAccounts: options.createAccounts ?? true };
  const secureCookie = publicUrl.startsWith('https:');

  // Discovered on first use (the server starts even while the provider is down) and kept; a failure is retried next time.
  let configuration: Promise<oidc.Configuration> | null = null;
  const configured = (): Promise<oidc.Configuration> => {
    configuration ??= oidc.discovery(issuerUrl, options.clientId, options.clientSecret ?? undefined, options.clientSecret ? oidc.ClientSecretBasic(options.clientSecret) : oidc.None(), {
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}), timeout: 10,
    }).catch((e: unknown) => { configuration = null; throw e; });
    return configuration;
  };

  async function refuse(req: FastifyRequest, reply: FastifyReply, reason: string, code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): Promise<never> {
    await logSecurityEvent(req.server.database.db, req.server.clock(), {
      kind: 'login.oidc', outcome: 'failure', ip: req.ip, requestId: req.id, method: req.method, route: req.url.split('?')[0] ?? null, detail: { reason, ...extra },
    });
    clearStateCookie(reply);
    throw new AppError(code, detail);
  }

  const clearStateCookie = (reply: FastifyReply) => reply.clearCookie(STATE_COOKIE, { path: BASE, httpOnly: true, sameSite: 'lax', secure: secureCookie });

  async function provider(req: FastifyRequest, reply: FastifyReply): Promise<oidc.Configuration> {
    try {
      return await configured();
    } catch (e) {
      req.log.error({ err: e }, 'OpenID Connect discovery failed');
      return refuse(req, reply, 'discovery_failed', 'UNAVAILABLE', 'The identity provider cannot be reached; try again later');
    }
  }

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(`${BASE}/login`, {
    config: { permission: 'public' },
    schema: { tags, summary: 'Sign in with the identity provider (OpenID Connect): redirects there', response: { 302: z.null().describe('Redirect to the identity provider'), 503: P } },
  }, async (req, reply) => {
    const config = await provider(req, reply);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: scopes, state, nonce, code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
    });
    await saveOidcState(req.server.database.db, req.server.clock(), state, { nonce, codeVerifier });
    reply.setCookie(STATE_COOKIE, state, { path: BASE, httpOnly: true, sameSite: 'lax', secure: secureCookie, maxAge: OIDC_STATE_TTL_SECONDS });
    reply.header('Cache-Control', 'no-store');
    return reply.redirect(url.href, 302);
  });

  r.get(`${BASE}/callback`, {
    config: { permission: 'public' },
    schema: {
      tags, summary: 'Where the identity provider sends the browser back: signs in and redirects to /', querystring: C.OidcCallbackQuery,
      response: { 302: z.null().describe('Signed in: session cookie set, redirect to /'), 400: P, 401: P, 403: P, 503: P },
    },
  }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    const state = req.query.state;
    if (!state) return refuse(req, reply, 'missing_state', 'UNAUTHENTICATED', 'The sign-in response carries no state: start again');
    // Spent before anything else, so the same response can be used once only, however many times it is sent.
    const pending = await consumeOidcState(req.server.database.db, req.server.clock(), state);
    if (!pending) return refuse(req, reply, 'unknown_state', 'UNAUTHENTICATED', 'This sign-in link is not valid, has expired or was already used: start again');
    const bound = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[STATE_COOKIE];
    if (!bound || !sameText(bound, state)) return refuse(req, reply, 'state_not_from_this_browser', 'UNAUTHENTICATED', 'This sign-in was not started in this browser: start again');
    const config = await provider(req, reply);

    const currentUrl = new URL(redirectUri);
    currentUrl.search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      claims = { ...idClaims };
      // Providers often put e-mail and groups only in userinfo; its subject must be the ID token's.
      if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...idClaims, ...info, sub: idClaims.sub };
      }
    } catch (e) {
      if (e instanceof oidc.AuthorizationResponseError) {
        return refuse(req, reply, 'provider_error', 'UNAUTHENTICATED', `The identity provider did not sign you in (${e.error})`, { error: e.error.slice(0, 100), description: e.error_description?.slice(0, 300) ?? null });
      }
      req.log.warn({ err: e }, 'OpenID Connect code exchange failed');
      return refuse(req, reply, 'response_invalid', 'UNAUTHENTICATED', 'The identity provider\'s answer could not be verified: start again', { error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
    }

    clearStateCookie(reply);
    const result = await oidcSignIn(contextOf(req), { issuer: config.serverMetadata().issuer, claims }, settings, client(req));
    // Two-factor on: the sign-in page asks for the code. The pending token travels in the fragment, which the browser
    // sends to no server (no access log, no Referer); the page reads it and removes it from the address bar.
    if (result.pendingToken !== undefined) return reply.redirect(`/sign-in#two-factor=${encodeURIComponent(result.pendingToken)}`, 302);
    setSessionCookie(req, reply, result.session.secret);
    return reply.redirect('/', 302);
  });
}
