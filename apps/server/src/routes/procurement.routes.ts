import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import {
  actOnPurchaseRequest, createPurchaseRequest, entityHistory, getPurchaseRequest, listPurchaseRequests, orderPurchaseRequest, updatePurchaseRequest,
} from '@custodia/core';
import { contextOf } from '../http/context.js';
import { requireIfMatch, withEtag } from '../http/etag.js';

const tags = ['procurement'];
const P = C.Problem;
const actionProblems = { 403: P, 404: P, 409: P, 412: P, 422: P, 428: P };

/** The status changes other than ordering, each its own route: who may take it, and what it is refused with. */
const ACTIONS = [
  { action: 'submit', permission: 'procurement.request', summary: 'Submit a draft for approval (its requester only; 409 REQUEST_NOT_DRAFT, 403 NOT_REQUESTER)' },
  { action: 'withdraw', permission: 'procurement.request', summary: 'Withdraw a draft or submitted request (its requester only; 409 REQUEST_NOT_PENDING, 403 NOT_REQUESTER)' },
  { action: 'approve', permission: 'procurement.approve', summary: 'Approve a submitted request; the reason is kept as the decision note (403 SELF_APPROVAL_NOT_ALLOWED, 409 REQUEST_NOT_SUBMITTED)' },
  { action: 'reject', permission: 'procurement.approve', summary: 'Reject a submitted request, saying why (422 REJECTION_NEEDS_REASON, 403 SELF_APPROVAL_NOT_ALLOWED, 409 REQUEST_NOT_SUBMITTED)' },
  { action: 'cancel', permission: 'procurement.approve', summary: 'Cancel an approved request that will not be ordered (403 SELF_APPROVAL_NOT_ALLOWED, 409 REQUEST_NOT_APPROVED)' },
] as const;

/**
 * Purchase requests (ITAM practice guide Table 2.2, Acquire: approved requests for procurement): written and submitted
 * by a requester, decided by someone else, ordered (registering the assets on order) or cancelled. Scoped by the org
 * unit that pays: outside the caller's scope a request answers 404. Every change takes If-Match.
 */
export async function procurementRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/purchase-requests';
  const one = `${base}/:id`;

  r.get(base, { config: { permission: 'procurement.read' }, schema: { tags, summary: 'Purchase requests within your scope, newest first', querystring: C.PurchaseRequestListQuery, response: { 200: C.pageOf(C.PurchaseRequest), 400: P } } },
    async (req) => listPurchaseRequests(contextOf(req), req.query));

  r.post(base, { config: { permission: 'procurement.request' }, schema: { tags, summary: 'Write a purchase request (a draft) for an org unit within your scope', body: C.PurchaseRequestCreate, response: { 201: C.PurchaseRequest, 403: P, 422: P } } },
    async (req, reply) => {
      const created = await createPurchaseRequest(contextOf(req), req.body);
      reply.code(201).header('Location', `${base}/${created.id}`);
      return withEtag(reply, created);
    });

  r.get(one, { config: { permission: 'procurement.read' }, schema: { tags, summary: 'A purchase request, with what you may do with it now', params: C.IdParams, response: { 200: C.PurchaseRequest, 404: P } } },
    async (req, reply) => withEtag(reply, await getPurchaseRequest(contextOf(req), req.params.id)));

  r.get(`${one}/history`, { config: { permission: 'procurement.read' }, schema: { tags, summary: 'History of the purchase request, newest first', params: C.IdParams, querystring: C.ListQuery.pick({ limit: true, cursor: true }), response: { 200: C.pageOf(C.HistoryEvent), 404: P } } },
    async (req) => entityHistory(contextOf(req), 'purchase_request', req.params.id, req.query));

  r.patch(one, { config: { permission: 'procurement.request' }, schema: { tags, summary: 'Edit a draft (its requester only; If-Match; 409 REQUEST_NOT_DRAFT)', params: C.IdParams, body: C.PurchaseRequestUpdate, response: { 200: C.PurchaseRequest, ...actionProblems } } },
    async (req, reply) => withEtag(reply, await updatePurchaseRequest(contextOf(req), req.params.id, requireIfMatch(req), req.body)));

  for (const { action, permission, summary } of ACTIONS) {
    const body = action === 'reject' ? C.PurchaseRequestRejectBody : C.PurchaseRequestActionBody;
    r.post(`${one}/${action}`, { config: { permission }, schema: { tags, summary: `${summary}; If-Match`, params: C.IdParams, body: body.nullish(), response: { 200: C.PurchaseRequest, ...actionProblems } } },
      async (req, reply) => withEtag(reply, await actOnPurchaseRequest(contextOf(req), req.params.id, requireIfMatch(req), action, req.body?.reason)));
  }

  r.post(`${one}/order`, {
    config: { permission: 'procurement.approve' },
    schema: {
      tags, params: C.IdParams, body: C.PurchaseRequestOrderBody, response: { 200: C.PurchaseRequest, ...actionProblems },
      summary: 'Order an approved request (If-Match): registers its quantity of assets of its catalogue model in the ordering stage, with the purchase order reference and supplier, linked to the request; all or nothing (422 ORDER_NEEDS_MODEL, NO_ORDERING_STAGE, VALIDATION_FAILED with each refused asset; 409 REQUEST_NOT_APPROVED; 403 SELF_APPROVAL_NOT_ALLOWED)',
    },
  }, async (req, reply) => withEtag(reply, await orderPurchaseRequest(contextOf(req), req.params.id, requireIfMatch(req), req.body)));
}
