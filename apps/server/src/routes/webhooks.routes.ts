import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { createWebhook, deleteWebhook, entityHistory, getWebhook, listWebhookDeliveries, listWebhooks, pingWebhook, updateWebhook } from '@custodia/core';
import { WEBHOOK_EVENT_KINDS } from '@custodia/domain';
import { contextOf } from '../http/context.js';
import { requireIfMatch, withEtag } from '../http/etag.js';

const tags = ['webhooks'];
const P = C.Problem;
const writeProblems = { 404: P, 409: P, 412: P, 422: P, 428: P };
const SIGNING = 'Each delivery is a POST of JSON `{id, event, occurredAt, entity: {type, id}, changes, actor, seq}` with `Custodia-Event-Id` (the delivery id, the same on '
  + 'every attempt) and `Custodia-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`. Redirects are not followed.';
const TARGET = 'The URL must be https and resolve to public addresses only; loopback and private addresses (and plain http to them) only when the server runs with '
  + '`CUSTODIA_WEBHOOKS_ALLOW_PRIVATE=true`; link-local and cloud metadata addresses never (422 `WEBHOOK_URL_NOT_ALLOWED`, nothing written).';

/**
 * Outbound webhooks (`integrations.manage`, organisation-wide): other tools (ITSM, CMDB, chat) are told of the
 * register's changes. Matching events get a delivery in the transaction that records them; the server's worker posts it.
 */
export async function webhookRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/webhooks';
  const policy = () => app.webhooks;

  r.get(base, { config: { permission: 'integrations.manage' }, schema: { tags, summary: 'Webhooks, by name', response: { 200: z.object({ items: z.array(C.Webhook) }) } } },
    async (req) => ({ items: await listWebhooks(contextOf(req)) }));

  r.get(`${base}/event-kinds`, { config: { permission: 'integrations.manage' }, schema: { tags, summary: 'The event kinds a webhook may subscribe to', response: { 200: C.WebhookEventKinds } } },
    async () => ({ items: [...WEBHOOK_EVENT_KINDS] }));

  r.post(base, {
    config: { permission: 'integrations.manage', holdsSecret: true, confirmPassword: 'sessions' },
    schema: { tags, summary: 'Register a webhook (its signing secret is shown once, in this answer)', description: `${TARGET} ${SIGNING}`, body: C.WebhookCreate, response: { 201: C.WebhookCreated, 409: P, 422: P } },
  }, async (req, reply) => {
    const webhook = await createWebhook(contextOf(req), policy(), req.body);
    reply.code(201).header('Location', `${base}/${webhook.id}`);
    return withEtag(reply, webhook);
  });

  r.get(`${base}/:id`, { config: { permission: 'integrations.manage' }, schema: { tags, summary: 'One webhook (never its secret)', params: C.IdParams, response: { 200: C.Webhook, 404: P } } },
    async (req, reply) => withEtag(reply, await getWebhook(contextOf(req), req.params.id)));

  r.patch(`${base}/:id`, {
    config: { permission: 'integrations.manage', confirmPassword: 'sessions' },
    schema: { tags, summary: 'Change a webhook: name, URL, events, org-unit filter, or disable it (If-Match required)', description: TARGET, params: C.IdParams, body: C.WebhookUpdate, response: { 200: C.Webhook, ...writeProblems } },
  }, async (req, reply) => withEtag(reply, await updateWebhook(contextOf(req), policy(), req.params.id, requireIfMatch(req), req.body)));

  r.delete(`${base}/:id`, { config: { permission: 'integrations.manage' }, schema: { tags, summary: 'Delete a webhook and its delivery log (If-Match required)', params: C.IdParams, response: { 204: z.null(), ...writeProblems } } },
    async (req, reply) => {
      await deleteWebhook(contextOf(req), req.params.id, requireIfMatch(req));
      return reply.code(204).send(null);
    });

  r.get(`${base}/:id/history`, { config: { permission: 'integrations.manage' }, schema: { tags, summary: 'History of the webhook, newest first', params: C.IdParams, querystring: C.ListQuery.pick({ limit: true, cursor: true }), response: { 200: C.pageOf(C.HistoryEvent) } } },
    async (req) => entityHistory(contextOf(req), 'webhook', req.params.id, req.query));

  r.post(`${base}/:id/test`, {
    config: { permission: 'integrations.manage' },
    schema: { tags, summary: 'Send a ping now (event "ping"), active or not, and answer its delivery', description: SIGNING, params: C.IdParams, response: { 200: C.WebhookDelivery, 404: P } },
  }, async (req) => pingWebhook(contextOf(req), policy(), req.params.id));

  r.get(`${base}/:id/deliveries`, {
    config: { permission: 'integrations.manage' },
    schema: { tags, summary: "A webhook's deliveries, newest first: status, attempts, the last answer or error", params: C.IdParams, querystring: C.WebhookDeliveryQuery, response: { 200: C.WebhookDeliveryPage, 400: P, 404: P } },
  }, async (req) => listWebhookDeliveries(contextOf(req), req.params.id, req.query));
}
