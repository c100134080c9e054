import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { acknowledgeReceipt, listMyAssets } from '@custodia/core';
import { contextOf } from '../http/context.js';

const tags = ['self-service'];

/** "My assets": what is assigned to the signed-in person, and acknowledging its receipt (§5.2.1 self-help). */
export async function selfServiceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/me/assets', { config: { permission: 'self.assets' }, schema: { tags, summary: 'Assets assigned to you, with whether you acknowledged receipt', response: { 200: z.object({ items: z.array(C.MyAsset) }) } } },
    async (req) => ({ items: await listMyAssets(contextOf(req)) }));
  r.post('/api/v1/me/assets/:id/acknowledge', { config: { permission: 'self.assets' }, schema: { tags, summary: 'Acknowledge receipt of an asset assigned to you', params: C.IdParams, response: { 200: C.MyAsset, 404: C.Problem, 409: C.Problem } } },
    async (req) => acknowledgeReceipt(contextOf(req), req.params.id));
}
