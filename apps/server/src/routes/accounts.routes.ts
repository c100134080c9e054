import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { PERMISSIONS } from '@custodia/domain';
import {
  createAccount, createAgentToken, createRole, deleteRole, entityHistory, grantRole, listAccountApiTokens, listAccounts, listAgentTokens, listRoles, listSecurityLog, presentAccount,
  resetAccountTwoFactor, revokeAccountApiToken, revokeAgentToken, revokeGrant, setAccountPassword, updateAccount, updateRole,
} from '@custodia/core';
import { contextOf } from '../http/context.js';
import { requireIfMatch, withEtag } from '../http/etag.js';

const P = C.Problem;
const problems = { 404: P, 409: P, 412: P, 422: P, 428: P };

export async function accountRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/accounts';
  let tags = ['accounts'];

  r.get(base, { config: { permission: 'accounts.read' }, schema: { tags, summary: 'List accounts with their grants', querystring: C.ListQuery.pick({ limit: true, cursor: true, q: true }), response: { 200: C.pageOf(C.Account) } } },
    async (req) => listAccounts(contextOf(req), req.query));
  r.post(base, { config: { permission: 'accounts.manage', holdsSecret: true, confirmPassword: 'sessions' }, schema: { tags, summary: 'Create an account (optionally for a person, optionally with a password)', body: C.AccountCreate, response: { 201: C.Account, ...problems } } },
    async (req, reply) => {
      const account = await createAccount(contextOf(req), req.body);
      reply.code(201).header('Location', `${base}/${account.id}`);
      return withEtag(reply, account);
    });
  r.get(`${base}/:id`, { config: { permission: 'accounts.read' }, schema: { tags, summary: 'Read an account', params: C.IdParams, response: { 200: C.Account, 404: P } } },
    async (req, reply) => withEtag(reply, await presentAccount(req.server.database.db, req.params.id)));
  r.patch(`${base}/:id`, { config: { permission: 'accounts.manage' }, schema: { tags, summary: 'Change or deactivate an account (If-Match required; deactivation ends its sessions)', params: C.IdParams, body: C.AccountUpdate, response: { 200: C.Account, ...problems } } },
    async (req, reply) => withEtag(reply, await updateAccount(contextOf(req), req.params.id, requireIfMatch(req), req.body)));
  r.post(`${base}/:id/password`, { config: { permission: 'accounts.manage', holdsSecret: true, confirmPassword: 'sessions' }, schema: { tags, summary: "Set an account's password (its sessions end, and its API tokens unless revokeApiTokens is false)", params: C.IdParams, body: C.AdminPasswordBody, response: { 204: z.null(), ...problems } } },
    async (req, reply) => {
      await setAccountPassword(contextOf(req), req.params.id, req.body.password, { revokeApiTokens: req.body.revokeApiTokens });
      return reply.code(204).send(null);
    });
  r.delete(`${base}/:id/two-factor`, { config: { permission: 'accounts.manage', confirmPassword: 'sessions' }, schema: { tags, summary: "Turn another account's two-factor authentication off (lost authenticator and recovery codes); its sessions end", params: C.IdParams, response: { 204: z.null(), ...problems } } },
    async (req, reply) => {
      await resetAccountTwoFactor(contextOf(req), req.params.id);
      return reply.code(204).send(null);
    });
  r.get(`${base}/:id/api-tokens`, { config: { permission: 'accounts.read' }, schema: { tags, summary: "The account's personal API tokens (never their secrets), newest first", params: C.IdParams, response: { 200: z.object({ items: z.array(C.ApiToken) }), 404: P } } },
    async (req) => ({ items: await listAccountApiTokens(contextOf(req), req.params.id) }));
  r.delete(`${base}/:id/api-tokens/:tokenId`, { config: { permission: 'accounts.manage' }, schema: { tags, summary: "Revoke one of the account's API tokens", params: z.strictObject({ id: C.Id, tokenId: C.Id }), response: { 204: z.null(), 404: P } } },
    async (req, reply) => {
      await revokeAccountApiToken(contextOf(req), req.params.id, req.params.tokenId);
      return reply.code(204).send(null);
    });
  r.post(`${base}/:id/grants`, { config: { permission: 'accounts.manage', confirmPassword: 'sessions' }, schema: { tags, summary: 'Grant a role on an org-unit subtree or organisation-wide (its sessions end)', params: C.IdParams, body: C.GrantBody, response: { 200: C.Account, ...problems } } },
    async (req) => grantRole(contextOf(req), req.params.id, req.body));
  r.delete(`${base}/:id/grants/:grantId`, { config: { permission: 'accounts.manage' }, schema: { tags, summary: 'Revoke a grant (its sessions end)', params: z.strictObject({ id: C.Id, grantId: C.Id }), response: { 200: C.Account, ...problems } } },
    async (req) => revokeGrant(contextOf(req), req.params.id, req.params.grantId));
  r.get(`${base}/:id/history`, { config: { permission: 'accounts.read' }, schema: { tags, summary: 'History of the account, newest first', params: C.IdParams, querystring: C.ListQuery.pick({ limit: true, cursor: true }), response: { 200: C.pageOf(C.HistoryEvent) } } },
    async (req) => entityHistory(contextOf(req), 'account', req.params.id, req.query));

  tags = ['roles'];
  r.get('/api/v1/permissions', { config: { permission: 'accounts.read' }, schema: { tags, summary: 'Every permission, with what it allows', response: { 200: z.object({ items: z.array(z.object({ key: z.string(), description: z.string() })) }) } } },
    async () => ({ items: Object.entries(PERMISSIONS).map(([key, description]) => ({ key, description })) }));
  r.get('/api/v1/roles', { config: { permission: 'accounts.read' }, schema: { tags, summary: 'Built-in and custom roles', response: { 200: z.object({ items: z.array(C.Role) }) } } },
    async (req) => ({ items: await listRoles(contextOf(req)) }));
  r.post('/api/v1/roles', { config: { permission: 'roles.manage', confirmPassword: 'sessions' }, schema: { tags, summary: 'Compose a custom role from permissions', body: C.RoleCreate, response: { 201: C.Role, ...problems } } },
    async (req, reply) => {
      reply.code(201);
      return withEtag(reply, await createRole(contextOf(req), req.body));
    });
  r.patch('/api/v1/roles/:key', { config: { permission: 'roles.manage', confirmPassword: 'sessions' }, schema: { tags, summary: 'Change a role (built-in roles: only the two-factor policy); If-Match required', params: C.RoleKeyParams, body: C.RoleUpdate, response: { 200: C.Role, ...problems } } },
    async (req, reply) => withEtag(reply, await updateRole(contextOf(req), req.params.key, requireIfMatch(req), req.body)));
  r.delete('/api/v1/roles/:key', { config: { permission: 'roles.manage' }, schema: { tags, summary: 'Delete a custom role that nobody holds', params: C.RoleKeyParams, response: { 204: z.null(), ...problems } } },
    async (req, reply) => {
      await deleteRole(contextOf(req), req.params.key);
      return reply.code(204).send(null);
    });

  tags = ['agent tokens'];
  r.get('/api/v1/agent-tokens', { config: { permission: 'agents.manage' }, schema: { tags, summary: 'Tokens of discovery agents', response: { 200: z.object({ items: z.array(C.AgentToken) }) } } },
    async (req) => ({ items: await listAgentTokens(contextOf(req)) }));
  r.post('/api/v1/agent-tokens', { config: { permission: 'agents.manage', holdsSecret: true }, schema: { tags, summary: 'Issue an agent token (shown once)', body: C.AgentTokenCreate, response: { 201: C.AgentTokenCreated, ...problems } } },
    async (req, reply) => {
      reply.code(201);
      return createAgentToken(contextOf(req), { name: req.body.name, orgUnitId: req.body.orgUnitId ?? null, expiresInDays: req.body.expiresInDays ?? null });
    });
  r.delete('/api/v1/agent-tokens/:id', { config: { permission: 'agents.manage' }, schema: { tags, summary: 'Revoke an agent token', params: C.IdParams, response: { 204: z.null(), 404: P } } },
    async (req, reply) => {
      await revokeAgentToken(contextOf(req), req.params.id);
      return reply.code(204).send(null);
    });

  r.get('/api/v1/security-log', { config: { permission: 'security.read' }, schema: { tags: ['security log'], summary: 'Authentication and authorisation events, newest first', querystring: C.SecurityLogQuery, response: { 200: C.pageOf(C.SecurityLogEntry) } } },
    async (req) => listSecurityLog(contextOf(req), req.query));
}
