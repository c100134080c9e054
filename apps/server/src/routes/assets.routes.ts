import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import {
  assignAsset, bulkChangeAssets, registerBatch, checkInAsset, createAsset, deleteAsset, entityHistory, getAsset, listAllowedTransitions, listAssetLocalContacts, listAssetPolicies, listAssets, listAssignments, listImac,
  migrateAssetModel, recordImac, transitionAsset, updateAsset,
} from '@custodia/core';
import { contextOf } from '../http/context.js';
import { requireIfMatch, withEtag } from '../http/etag.js';

const tags = ['assets'];
const P = C.Problem;
const writeProblems = { 404: P, 409: P, 412: P, 422: P, 428: P };

export async function assetRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const byId = '/api/v1/assets/:id';

  r.get('/api/v1/assets', { config: { permission: 'assets.read' }, schema: { tags, summary: 'List and filter the register', querystring: C.AssetListQuery, response: { 200: C.pageOf(C.Asset), 400: P } } },
    async (req) => listAssets(contextOf(req), req.query));

  r.post('/api/v1/assets', { config: { permission: 'assets.write' }, schema: { tags, summary: 'Register an asset (tag generated from the type when omitted)', body: C.AssetCreate, response: { 201: C.Asset, ...writeProblems } } },
    async (req, reply) => {
      const asset = await createAsset(contextOf(req), req.body);
      reply.code(201).header('Location', `/api/v1/assets/${asset.id}`);
      return withEtag(reply, asset);
    });

  r.post('/api/v1/assets/bulk', { config: { permission: 'assets.bulk' }, schema: { tags, summary: 'Change many assets atomically: all items apply or none', body: C.BulkBody, response: { 200: C.BulkResult, ...writeProblems } } },
    async (req) => bulkChangeAssets(contextOf(req), req.body.items, { dryRun: req.body.dryRun, reason: req.body.reason }));

  r.post('/api/v1/assets/batch', {
    config: { permission: 'assets.write' },
    schema: { tags, summary: 'Register a delivery: one asset per item (its serial, tag or name) on a shared template, all or none; the report names each failing item', body: C.AssetBatchBody, response: { 200: C.AssetBatchResult, ...writeProblems } },
  }, async (req) => registerBatch(contextOf(req), req.body.template, req.body.items, { dryRun: req.body.dryRun, reason: req.body.reason }));

  r.get(byId, { config: { permission: 'assets.read' }, schema: { tags, summary: 'Read an asset', params: C.IdParams, response: { 200: C.Asset, 404: P } } },
    async (req, reply) => withEtag(reply, await getAsset(contextOf(req), req.params.id)));

  r.patch(byId, { config: { permission: 'assets.write' }, schema: { tags, summary: 'Edit an asset (If-Match required)', params: C.IdParams, body: C.AssetUpdate, response: { 200: C.Asset, ...writeProblems } } },
    async (req, reply) => withEtag(reply, await updateAsset(contextOf(req), req.params.id, requireIfMatch(req), req.body)));

  r.delete(byId, { config: { permission: 'assets.delete' }, schema: { tags, summary: 'Delete a record created in error (If-Match and a reason required)', params: C.IdParams, body: C.DeleteBody, response: { 204: z.null(), ...writeProblems } } },
    async (req, reply) => {
      await deleteAsset(contextOf(req), req.params.id, requireIfMatch(req), req.body.reason);
      return reply.code(204).send(null);
    });

  r.get(`${byId}/transitions`, { config: { permission: 'assets.read' }, schema: { tags, summary: 'Transitions allowed from the current stage, with their fields', params: C.IdParams, response: { 200: z.object({ items: z.array(C.AllowedTransition) }), 404: P } } },
    async (req) => ({ items: await listAllowedTransitions(contextOf(req), req.params.id) }));

  r.post(`${byId}/transitions`, { config: { permission: 'assets.transition' }, schema: { tags, summary: 'Perform a lifecycle transition with its evidence (If-Match required)', params: C.IdParams, body: C.TransitionBody, response: { 200: C.Asset, ...writeProblems } } },
    async (req, reply) => withEtag(reply, await transitionAsset(contextOf(req), req.params.id, requireIfMatch(req), req.body.transition, req.body.evidence, req.body.reason, req.body.policiesAcknowledged)));

  r.post(`${byId}/assign`, { config: { permission: 'assets.assign' }, schema: { tags, summary: 'Assign to a person (If-Match required)', params: C.IdParams, body: C.AssignBody, response: { 200: C.Asset, ...writeProblems } } },
    async (req, reply) => withEtag(reply, await assignAsset(contextOf(req), req.params.id, requireIfMatch(req), req.body, req.body.reason)));

  r.post(`${byId}/check-in`, { config: { permission: 'assets.assign' }, schema: { tags, summary: 'Check in: end the assignment and return to stock (If-Match required)', params: C.IdParams, body: C.CheckInBody, response: { 200: C.Asset, ...writeProblems } } },
    async (req, reply) => withEtag(reply, await checkInAsset(contextOf(req), req.params.id, requireIfMatch(req), req.body, req.body.reason)));

  r.post(`${byId}/imac`, { config: { permission: 'assets.assign' }, schema: { tags, summary: 'Record an install, move, add or change (If-Match required)', params: C.IdParams, body: C.ImacBody, response: { 200: C.Asset, ...writeProblems } } },
    async (req, reply) => withEtag(reply, await recordImac(contextOf(req), req.params.id, requireIfMatch(req), req.body, req.body.reason)));

  r.post(`${byId}/migrate-model`, { config: { permission: 'lifecycle.manage' }, schema: { tags, summary: 'Move the asset to another version of its lifecycle model', params: C.IdParams, body: C.MigrateModelBody, response: { 200: C.Asset, ...writeProblems } } },
    async (req, reply) => withEtag(reply, await migrateAssetModel(contextOf(req), req.params.id, requireIfMatch(req), req.body.lifecycleModelId, req.body.stageMap, req.body.reason)));

  r.get(`${byId}/assignments`, { config: { permission: 'assets.read' }, schema: { tags, summary: 'Assignment periods', params: C.IdParams, response: { 200: z.object({ items: z.array(C.Assignment) }), 404: P } } },
    async (req) => ({ items: await listAssignments(contextOf(req), req.params.id) }));

  r.get(`${byId}/policies`, {
    config: { permission: 'assets.read' },
    schema: { tags, summary: 'Usage policies that apply to the asset: its asset type\'s and its catalogue model\'s, to tell the person it is handed to', params: C.IdParams, response: { 200: z.object({ items: z.array(C.AssetPolicy) }), 404: P } },
  }, async (req) => ({ items: await listAssetPolicies(contextOf(req), req.params.id) }));

  r.get(`${byId}/local-contacts`, {
    config: { permission: 'assets.read' },
    schema: { tags, summary: 'Whom to call where the asset is: its location\'s local contacts, or those of the nearest place above it that has some', params: C.IdParams, response: { 200: C.LocalContactsAnswer, 404: P } },
  }, async (req) => listAssetLocalContacts(contextOf(req), req.params.id));

  r.get(`${byId}/imac`, { config: { permission: 'assets.read' }, schema: { tags, summary: 'IMAC records', params: C.IdParams, response: { 200: z.object({ items: z.array(C.ImacRecord) }), 404: P } } },
    async (req) => ({ items: await listImac(contextOf(req), req.params.id) }));

  r.get(`${byId}/history`, { config: { permission: 'history.read' }, schema: { tags, summary: 'History of the asset, newest first', params: C.IdParams, querystring: C.ListQuery.pick({ limit: true, cursor: true }), response: { 200: C.pageOf(C.HistoryEvent) } } },
    async (req) => entityHistory(contextOf(req), 'asset', req.params.id, req.query));
}
