import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { AppError } from '@custodia/contracts';
import { usablePermissions } from '@custodia/domain';
import {
  beginTotpEnrolment, changeOwnPassword, completeSetup, completeTwoFactorSignIn, confirmTotpEnrolment, createApiToken, disableTotp, endSession, listApiTokens,
  checkOwnPassword, loadPrincipal, logSecurityEvent, markReauthenticated, needsSetup, passwordSignIn, presentAccount, revokeApiToken, startSession, updateAccount,
} from '@custodia/core';
import { assertRecentlyAuthenticated } from '../http/auth.js';
import { accountOf, contextOf } from '../http/context.js';
import { clearSessionCookie, deviceCookie, setDeviceCookie, setSessionCookie } from '../http/session-cookie.js';

const tags = ['authentication'];
const P = C.Problem;

const client = (req: FastifyRequest) => ({ ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null });

/**
 * What the web app needs after sign-in: the account, what it may do, the CSRF token to send with writes, and the
 * organisation's time zone, in which it judges key dates as the server does.
 */
async function sessionInfo(req: FastifyRequest, accountId: string, csrfToken: string | null) {
  const principal = await loadPrincipal(req.server.database.db, accountId);
  if (!principal) throw new AppError('UNAUTHENTICATED');
  return {
    account: await presentAccount(req.server.database.db, accountId),
    permissions: [...usablePermissions(principal.grants)].sort(),
    csrfToken,
    twoFactorSetupRequired: principal.twoFactorRequired && !principal.twoFactorEnabled,
    timeZone: req.server.timeZone,
  };
}


export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/auth';

  r.get(`${base}/methods`, { config: { permission: 'public' }, schema: { tags, summary: 'How one can sign in here (the sign-in page shows the single sign-on button only when configured)', response: { 200: z.object({ password: z.boolean(), oidc: z.boolean() }) } } },
    async () => ({ password: true, oidc: app.oidcEnabled }));

  r.get(`${base}/setup`, { config: { permission: 'public' }, schema: { tags, summary: 'Whether the first administrator still has to be created', response: { 200: C.SetupStatus } } },
    async (req) => ({ setupNeeded: await needsSetup(contextOf(req)) }));

  r.post(`${base}/setup`, { config: { permission: 'public' }, schema: { tags, summary: 'Create the first administrator with the one-time set-up token printed at start', body: C.SetupBody, response: { 201: C.SessionInfo, 403: P, 409: P, 422: P } } },
    async (req, reply) => {
      const ctx = { ...contextOf(req), actor: 'setup' };
      const account = await completeSetup(ctx, req.body.token, req.body);
      await logSecurityEvent(req.server.database.db, ctx.now(), { kind: 'setup', outcome: 'success', accountId: account.id, ip: req.ip, requestId: req.id });
      const session = await startSession(req.server.database.db, account.id, 'password', ctx.now(), client(req));
      setSessionCookie(req, reply, session.secret);
      reply.code(201);
      return sessionInfo(req, account.id, session.csrfToken);
    });

  r.post(`${base}/login`, { config: { permission: 'public' }, schema: { tags, summary: 'Sign in with login and password', body: C.LoginBody, response: { 200: C.LoginResult, 401: P, 429: P } } },
    async (req, reply) => {
      try {
        const result = await passwordSignIn(contextOf(req), req.body, { ...client(req), deviceToken: deviceCookie(req) });
        if (result.kind === 'two_factor') return { status: 'two_factor_required' as const, pendingToken: result.pendingToken };
        setSessionCookie(req, reply, result.session.secret);
        setDeviceCookie(req, reply, result.deviceToken);
        return { status: 'signed_in' as const, session: await sessionInfo(req, result.accountId, result.session.csrfToken) };
      } catch (e) {
        if (e instanceof AppError && e.code === 'RATE_LIMITED') reply.header('Retry-After', String(e.extra['retryAfter'] ?? 60));
        throw e;
      }
    });

  r.post(`${base}/login/two-factor`, { config: { permission: 'public' }, schema: { tags, summary: 'Complete a sign-in with a TOTP or recovery code (wrong codes are throttled per account: 429 with Retry-After)', body: C.TwoFactorBody, response: { 200: C.LoginResult, 401: P, 429: P } } },
    async (req, reply) => {
      try {
        const { accountId, session, deviceToken } = await completeTwoFactorSignIn(contextOf(req), req.body.pendingToken, req.body.code, client(req));
        setSessionCookie(req, reply, session.secret);
        if (deviceToken) setDeviceCookie(req, reply, deviceToken);
        return { status: 'signed_in' as const, session: await sessionInfo(req, accountId, session.csrfToken) };
      } catch (e) {
        if (e instanceof AppError && e.code === 'RATE_LIMITED') reply.header('Retry-After', String(e.extra['retryAfter'] ?? 60));
        throw e;
      }
    });

  r.get(`${base}/session`, { config: { permission: 'self' }, schema: { tags, summary: 'The signed-in account, its permissions and CSRF token', response: { 200: C.SessionInfo, 401: P } } },
    async (req) => sessionInfo(req, accountOf(req), req.auth?.csrfToken ?? null));

  r.post(`${base}/logout`, { config: { permission: 'self' }, schema: { tags, summary: 'Sign out (ends this session)', response: { 204: z.null() } } },
    async (req, reply) => {
      if (req.auth?.sessionId) await endSession(req.server.database.db, req.auth.sessionId);
      await logSecurityEvent(req.server.database.db, req.server.clock(), { kind: 'logout', outcome: 'success', accountId: accountOf(req), ip: req.ip, requestId: req.id });
      clearSessionCookie(req, reply);
      return reply.code(204).send(null);
    });

  r.post(`${base}/reauthenticate`, { config: { permission: 'self', holdsSecret: true }, schema: { tags, summary: 'Confirm your password before a sensitive change (wrong passwords are throttled as sign-ins are)', body: C.PasswordBody, response: { 204: z.null(), 401: P, 429: P } } },
    async (req, reply) => {
      const accountId = accountOf(req);
      try {
        if (!req.auth?.sessionId || !(await checkOwnPassword(contextOf(req), accountId, req.body.password, req.ip))) {
          await logSecurityEvent(req.server.database.db, req.server.clock(), { kind: 'reauthenticate', outcome: 'failure', accountId, ip: req.ip, requestId: req.id });
          throw new AppError('REAUTHENTICATION_REQUIRED', 'The password is not correct');
        }
      } catch (e) {
        if (e instanceof AppError && e.code === 'RATE_LIMITED') reply.header('Retry-After', String(e.extra['retryAfter'] ?? 60));
        throw e;
      }
      await markReauthenticated(req.server.database.db, req.auth.sessionId, req.server.clock());
      return reply.code(204).send(null);
    });

  r.post(`${base}/password`, { config: { permission: 'self', holdsSecret: true }, schema: { tags, summary: 'Change your password (other sessions end; wrong current passwords are throttled as sign-ins are)', body: C.ChangePasswordBody, response: { 204: z.null(), 401: P, 422: P, 429: P } } },
    async (req, reply) => {
      try {
        await changeOwnPassword(contextOf(req), accountOf(req), req.body.currentPassword, req.body.newPassword, req.auth?.sessionId ?? null, req.ip);
      } catch (e) {
        if (e instanceof AppError && e.code === 'RATE_LIMITED') reply.header('Retry-After', String(e.extra['retryAfter'] ?? 60));
        throw e;
      }
      return reply.code(204).send(null);
    });

  r.patch(`${base}/me`, { config: { permission: 'self' }, schema: { tags, summary: 'Change your display name or e-mail (e-mail needs a recent password confirmation)', body: C.AccountUpdate.pick({ displayName: true, email: true }), response: { 200: C.Account, 401: P, 422: P } } },
    async (req) => {
      if (req.body.email !== undefined) assertRecentlyAuthenticated(req.auth?.reauthenticatedAt, req.server.clock());
      const accountId = accountOf(req);
      const current = await presentAccount(req.server.database.db, accountId);
      return updateAccount(contextOf(req), accountId, current.version, req.body, 'holder');
    });

  r.post(`${base}/two-factor/enrol`, { config: { permission: 'self', holdsSecret: true, confirmPassword: 'always' }, schema: { tags, summary: 'Start two-factor enrolment: a TOTP secret for your authenticator app', response: { 200: C.TotpEnrolment, 401: P, 409: P } } },
    async (req) => {
      return beginTotpEnrolment(contextOf(req), accountOf(req));
    });

  r.post(`${base}/two-factor/confirm`, { config: { permission: 'self', holdsSecret: true }, schema: { tags, summary: 'Finish enrolment with a code from the app; returns recovery codes once (your other sessions end)', body: C.CodeBody, response: { 200: C.RecoveryCodes, 401: P, 409: P } } },
    async (req) => confirmTotpEnrolment(contextOf(req), accountOf(req), req.body.code, req.auth?.sessionId ?? null, client(req)));

  r.delete(`${base}/two-factor`, { config: { permission: 'self', confirmPassword: 'always' }, schema: { tags, summary: 'Turn two-factor off (needs a recent password confirmation)', response: { 204: z.null(), 401: P } } },
    async (req, reply) => {
      await disableTotp(contextOf(req), accountOf(req), req.auth?.sessionId ?? null, client(req));
      return reply.code(204).send(null);
    });

  r.get(`${base}/tokens`, { config: { permission: 'self' }, schema: { tags, summary: 'Your personal API tokens', response: { 200: z.object({ items: z.array(C.ApiToken) }) } } },
    async (req) => ({ items: await listApiTokens(contextOf(req), accountOf(req)) }));

  r.post(`${base}/tokens`, { config: { permission: 'self', holdsSecret: true, confirmPassword: 'always' }, schema: { tags, summary: 'Create a personal API token (shown once); needs a recent password confirmation, so a token cannot mint tokens and a stolen session cannot mint one that outlives it', body: C.TokenCreate, response: { 201: C.ApiTokenCreated, 401: P, 422: P } } },
    async (req, reply) => {
      reply.code(201);
      return createApiToken(contextOf(req), accountOf(req), req.body);
    });

  r.delete(`${base}/tokens/:id`, { config: { permission: 'self' }, schema: { tags, summary: 'Revoke one of your API tokens', params: C.IdParams, response: { 204: z.null(), 404: P } } },
    async (req, reply) => {
      await revokeApiToken(contextOf(req), accountOf(req), req.params.id);
      return reply.code(204).send(null);
    });
}
