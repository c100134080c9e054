import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import {
  type AnyResource, catalogueModels, createReference, deleteReference, entityHistory, getReference, listReferences, locationLocalContacts, locations, manufacturers,
  modelAvailability, orgUnits, people, suppliers, updateReference,
} from '@custodia/core';
import { contextOf } from '../http/context.js';
import { requireIfMatch, withEtag } from '../http/etag.js';

interface ReferenceRoute {
  path: string;
  tag: string;
  resource: AnyResource;
  create: z.ZodType;
  update: z.ZodType;
  out: z.ZodType<{ id: string; version: number }>;
  tree?: boolean;
}

/** Reference data shares one shape of API: list, create, read, update, delete, history. */
const RESOURCES: ReferenceRoute[] = [
  { path: 'org-units', tag: 'org units', resource: orgUnits, create: C.OrgUnitCreate, update: C.OrgUnitUpdate, out: C.OrgUnit, tree: true },
  { path: 'locations', tag: 'locations', resource: locations, create: C.LocationCreate, update: C.LocationUpdate, out: C.Location, tree: true },
  { path: 'people', tag: 'people', resource: people, create: C.PersonCreate, update: C.PersonUpdate, out: C.Person },
  { path: 'manufacturers', tag: 'manufacturers', resource: manufacturers, create: C.ManufacturerCreate, update: C.ManufacturerUpdate, out: C.Manufacturer },
  { path: 'suppliers', tag: 'suppliers', resource: suppliers, create: C.SupplierCreate, update: C.SupplierUpdate, out: C.Supplier },
  { path: 'models', tag: 'catalogue models', resource: catalogueModels, create: C.CatalogueModelCreate, update: C.CatalogueModelUpdate, out: C.CatalogueModel },
];

const problems = { 404: C.Problem, 409: C.Problem, 412: C.Problem, 422: C.Problem, 428: C.Problem };

export async function referenceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const def of RESOURCES) {
    const base = `/api/v1/${def.path}`;
    const tags = [def.tag];
    const list = C.ListQuery.extend({ ids: C.IdList.optional() });
    const bool = z.enum(['true', 'false']).optional();
    const query = def.tree
      ? list.extend({
        parentId: C.Id.optional(), root: bool.describe('true: only the top level'),
        namesakesOf: C.IdList.optional().describe('Only those bearing the name of one of these (at most 100 comma-separated ids), themselves included: what tells places of one name apart in text for people'),
      })
      : def.path === 'people' ? list.extend({ orgUnitId: C.Id.optional().describe('In this org unit or a unit under it'), active: bool }) : list;
    r.get(base, { config: { permission: 'register.read' }, schema: { tags, summary: `List ${def.tag}`, querystring: query, response: { 200: C.pageOf(def.out) } } },
      async (req) => listReferences(contextOf(req), def.resource, req.query as C.ListQueryType));
    r.post(base, { config: { permission: 'register.write' }, schema: { tags, summary: `Create a ${def.tag.replace(/s$/, '')}`, body: def.create, response: { 201: def.out, ...problems } } },
      async (req, reply) => {
        const out = await createReference<{ id: string; version: number }>(contextOf(req), def.resource, req.body as Record<string, unknown>);
        reply.code(201).header('Location', `${base}/${out.id}`);
        return withEtag(reply, out);
      });
    r.get(`${base}/:id`, { config: { permission: 'register.read' }, schema: { tags, summary: `Read a ${def.tag.replace(/s$/, '')}`, params: C.IdParams, response: { 200: def.out, 404: C.Problem } } },
      async (req, reply) => withEtag(reply, await getReference<{ id: string; version: number }>(contextOf(req), def.resource, req.params.id)));
    r.patch(`${base}/:id`, { config: { permission: 'register.write' }, schema: { tags, summary: `Change a ${def.tag.replace(/s$/, '')} (If-Match required)`, params: C.IdParams, body: def.update, response: { 200: def.out, ...problems } } },
      async (req, reply) => {
        const version = requireIfMatch(req);
        return withEtag(reply, await updateReference<{ id: string; version: number }>(contextOf(req), def.resource, req.params.id, version, req.body as Record<string, unknown>));
      });
    r.delete(`${base}/:id`, { config: { permission: 'register.write' }, schema: { tags, summary: `Delete a ${def.tag.replace(/s$/, '')} (If-Match required; refused while referenced)`, params: C.IdParams, body: C.DeleteBody, response: { 204: z.null(), ...problems } } },
      async (req, reply) => {
        const version = requireIfMatch(req);
        await deleteReference(contextOf(req), def.resource, req.params.id, version, req.body.reason);
        return reply.code(204).send(null);
      });
    r.get(`${base}/:id/history`, { config: { permission: 'history.read' }, schema: { tags, summary: 'History of the record, newest first', params: C.IdParams, querystring: C.ListQuery.pick({ limit: true, cursor: true }), response: { 200: C.pageOf(C.HistoryEvent) } } },
      async (req) => entityHistory(contextOf(req), def.resource.entity, req.params.id, req.query));
  }

  // Stock is read from the register, so it needs what reading assets needs, and counts only the caller's scope.
  r.get('/api/v1/models/:id/availability', {
    config: { permission: 'assets.read' },
    schema: {
      tags: ['catalogue models'], params: C.IdParams, response: { 200: C.ModelAvailability, 404: C.Problem },
      summary: 'In-stock counts per location of the model and of its substitutes (same substitution group, not past end of life), ranked, in your scope',
    },
  }, async (req) => modelAvailability(contextOf(req), req.params.id));

  r.get('/api/v1/locations/:id/local-contacts', {
    config: { permission: 'register.read' },
    schema: { tags: ['locations'], summary: 'Whom to call at the location: its local contacts, or those of the nearest place above it that has some', params: C.IdParams, response: { 200: C.LocalContactsAnswer, 404: C.Problem } },
  }, async (req) => locationLocalContacts(contextOf(req), req.params.id));
}
