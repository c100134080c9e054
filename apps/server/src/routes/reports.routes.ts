import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { dashboard } from '@custodia/core';
import { contextOf } from '../http/context.js';

const tags = ['reports'];

export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/reports/dashboard', {
    config: { permission: 'assets.read' },
    schema: { tags, summary: 'The register at a glance: assets by stage, type and location, data-quality counts, recent changes (within your scope)', response: { 200: C.Dashboard } },
  }, async (req) => dashboard(contextOf(req)));
}
