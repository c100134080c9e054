import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { createSavedView, deleteSavedView, getSavedView, listSavedViews, updateSavedView } from '@custodia/core';
import { accountOf, contextOf } from '../http/context.js';
import { requireIfMatch, withEtag } from '../http/etag.js';

const tags = ['saved views'];
const P = C.Problem;
const writeProblems = { 404: P, 409: P, 412: P, 422: P, 428: P };

/**
 * Saved views of list pages (the register): named filters, sort and columns. Every signed-in account keeps its own
 * (`self`); another account's view answers 404 like a missing one.
 */
export async function viewRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/me/views';

  r.get(base, { config: { permission: 'self' }, schema: { tags, summary: 'Your saved views, by name (optionally of one page)', querystring: C.SavedViewListQuery, response: { 200: z.object({ items: z.array(C.SavedView) }), 400: P } } },
    async (req) => ({ items: await listSavedViews(contextOf(req), accountOf(req), req.query.page) }));

  r.post(base, { config: { permission: 'self' }, schema: { tags, summary: "Save a page's filters, sort and columns under a name (optionally as the page's default)", body: C.SavedViewCreate, response: { 201: C.SavedView, 409: P, 422: P } } },
    async (req, reply) => {
      const view = await createSavedView(contextOf(req), accountOf(req), req.body);
      reply.code(201).header('Location', `${base}/${view.id}`);
      return withEtag(reply, view);
    });

  r.get(`${base}/:id`, { config: { permission: 'self' }, schema: { tags, summary: 'One of your saved views', params: C.IdParams, response: { 200: C.SavedView, 404: P } } },
    async (req, reply) => withEtag(reply, await getSavedView(contextOf(req), accountOf(req), req.params.id)));

  r.patch(`${base}/:id`, { config: { permission: 'self' }, schema: { tags, summary: 'Rename a saved view, replace its filters or columns, or make it the default (If-Match required)', params: C.IdParams, body: C.SavedViewUpdate, response: { 200: C.SavedView, ...writeProblems } } },
    async (req, reply) => withEtag(reply, await updateSavedView(contextOf(req), accountOf(req), req.params.id, requireIfMatch(req), req.body)));

  r.delete(`${base}/:id`, { config: { permission: 'self' }, schema: { tags, summary: 'Delete a saved view (If-Match required)', params: C.IdParams, response: { 204: z.null(), ...writeProblems } } },
    async (req, reply) => {
      await deleteSavedView(contextOf(req), accountOf(req), req.params.id, requireIfMatch(req));
      return reply.code(204).send(null);
    });
}
