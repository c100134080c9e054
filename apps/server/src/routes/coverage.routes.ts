import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { addCoverage, listCoverage, removeCoverage } from '@custodia/core';
import { contextOf } from '../http/context.js';

const tags = ['assets'];
const P = C.Problem;

/**
 * Coverage of assets by support, maintenance and warranty contracts (assets of category service_contract). Read as
 * the asset is read, written as an asset is edited; both assets must lie in the caller's scope (404 otherwise).
 */
export async function coverageRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/assets/:id/coverage';

  r.get(base, {
    config: { permission: 'assets.read' },
    schema: {
      tags, summary: "A contract's covered assets, or the contracts covering an asset and until when it is covered (a page at a time, by tag)",
      params: C.IdParams, querystring: C.CoverageListQuery, response: { 200: C.CoverageList, 400: P, 404: P },
    },
  }, async (req) => listCoverage(contextOf(req), req.params.id, req.query));

  r.post(base, {
    config: { permission: 'assets.write' },
    schema: {
      tags, summary: 'The contract covers these assets from now on: all are added or none, each refused one named (422 NOT_A_CONTRACT, CONTRACT_CANNOT_BE_COVERED, COVERAGE_ENDS_BEFORE_START; 409 ALREADY_COVERED)',
      params: C.IdParams, body: C.CoverageAddBody, response: { 201: C.CoverageAddResult, 404: P, 409: P, 422: P },
    },
  }, async (req, reply) => reply.code(201).send(await addCoverage(contextOf(req), req.params.id, req.body)));

  r.delete(`${base}/:assetId`, {
    config: { permission: 'assets.write' },
    schema: { tags, summary: 'The contract no longer covers the asset (kept in the history of both)', params: C.CoverageParams, response: { 204: z.null(), 404: P } },
  }, async (req, reply) => {
    await removeCoverage(contextOf(req), req.params.id, req.params.assetId);
    return reply.code(204).send(null);
  });
}
