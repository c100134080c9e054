import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { createAssetType, createLifecycleModel, deleteAssetType, entityHistory, getLifecycleModel, listAssetTypes, listLifecycleModels, loadAssetType, updateAssetType } from '@custodia/core';
import { contextOf } from '../http/context.js';
import { requireIfMatch, withEtag } from '../http/etag.js';
import type { FieldDefinition } from '@custodia/domain';

const P = C.Problem;

export async function lifecycleRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['lifecycle models'];
  r.get('/api/v1/lifecycle-models', { config: { permission: 'lifecycle.read' }, schema: { tags, summary: 'Every lifecycle model version', querystring: z.strictObject({ key: z.string().max(64).optional() }), response: { 200: z.object({ items: z.array(C.LifecycleModel) }) } } },
    async (req) => ({ items: await listLifecycleModels(contextOf(req), req.query.key) }));
  r.post('/api/v1/lifecycle-models', { config: { permission: 'lifecycle.manage' }, schema: { tags, summary: 'Add a model, or the next version of an existing key', body: C.LifecycleModelDefinition, response: { 201: C.LifecycleModel, 422: P } } },
    async (req, reply) => {
      const model = await createLifecycleModel(contextOf(req), req.body);
      return reply.code(201).header('Location', `/api/v1/lifecycle-models/${model.id}`).send(model);
    });
  r.get('/api/v1/lifecycle-models/:id', { config: { permission: 'lifecycle.read' }, schema: { tags, summary: 'Read one model version', params: C.IdParams, response: { 200: C.LifecycleModel, 404: P } } },
    async (req) => getLifecycleModel(contextOf(req), req.params.id));

  const typeTags = ['asset types'];
  r.get('/api/v1/asset-types', { config: { permission: 'lifecycle.read' }, schema: { tags: typeTags, summary: 'List asset types', querystring: C.ListQuery.pick({ limit: true, cursor: true }), response: { 200: C.pageOf(C.AssetType) } } },
    async (req) => listAssetTypes(contextOf(req), req.query));
  r.post('/api/v1/asset-types', { config: { permission: 'lifecycle.manage' }, schema: { tags: typeTags, summary: 'Define an asset type with its attribute schema and lifecycle model', body: C.AssetTypeCreate, response: { 201: C.AssetType, 409: P, 422: P } } },
    async (req, reply) => {
      const t = await createAssetType(contextOf(req), { ...req.body, attributeSchema: req.body.attributeSchema as FieldDefinition[] });
      reply.code(201).header('Location', `/api/v1/asset-types/${t.id}`);
      return withEtag(reply, t);
    });
  r.get('/api/v1/asset-types/:id', { config: { permission: 'lifecycle.read' }, schema: { tags: typeTags, summary: 'Read an asset type', params: C.IdParams, response: { 200: C.AssetType, 404: P } } },
    async (req, reply) => withEtag(reply, await loadAssetType(req.server.database.db, req.params.id)));
  r.patch('/api/v1/asset-types/:id', { config: { permission: 'lifecycle.manage' }, schema: { tags: typeTags, summary: 'Change an asset type (If-Match required)', params: C.IdParams, body: C.AssetTypeUpdate, response: { 200: C.AssetType, 404: P, 412: P, 422: P, 428: P } } },
    async (req, reply) => {
      const body = req.body;
      const patch = { ...body, ...(body.attributeSchema ? { attributeSchema: body.attributeSchema as FieldDefinition[] } : {}) };
      return withEtag(reply, await updateAssetType(contextOf(req), req.params.id, requireIfMatch(req), patch as never));
    });
  r.delete('/api/v1/asset-types/:id', { config: { permission: 'lifecycle.manage' }, schema: { tags: typeTags, summary: 'Delete an unused asset type (If-Match and a reason required)', params: C.IdParams, body: C.DeleteBody, response: { 204: z.null(), 404: P, 409: P, 412: P, 428: P } } },
    async (req, reply) => {
      await deleteAssetType(contextOf(req), req.params.id, requireIfMatch(req), req.body.reason);
      return reply.code(204).send(null);
    });
  const history = C.ListQuery.pick({ limit: true, cursor: true });
  r.get('/api/v1/asset-types/:id/history', { config: { permission: 'history.read' }, schema: { tags: typeTags, summary: 'History of the asset type, newest first', params: C.IdParams, querystring: history, response: { 200: C.pageOf(C.HistoryEvent) } } },
    async (req) => entityHistory(contextOf(req), 'asset_type', req.params.id, req.query));
  r.get('/api/v1/lifecycle-models/:id/history', { config: { permission: 'history.read' }, schema: { tags, summary: 'History of the model version', params: C.IdParams, querystring: history, response: { 200: C.pageOf(C.HistoryEvent) } } },
    async (req) => entityHistory(contextOf(req), 'lifecycle_model', req.params.id, req.query));
}
