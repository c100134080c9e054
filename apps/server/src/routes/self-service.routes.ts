import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { acknowledgeReceipt, listMyAssets, reportAssetProblem } from '@custodia/core';
import { MAX_OPEN_HOLDER_REPORTS } from '@custodia/domain';
import { contextOf } from '../http/context.js';

const tags = ['self-service'];

const PROBLEM_DESCRIPTION = 'Tells the IT asset team that the register is wrong about an asset assigned to you: it is not yours, you gave it back, '
  + 'its details are wrong, it was lost or stolen, or something else. The report is queued as a `reported_by_holder` discrepancy; it changes '
  + 'nothing of the asset by itself. Sent again while your report is open, it replaces the reason and message. 404 when the asset is not '
  + `assigned to you; 409 \`PROBLEM_REPORT_SET_ASIDE\` while the team has set your report aside until a date; 409 \`TOO_MANY_PROBLEM_REPORTS\` `
  + `beyond ${MAX_OPEN_HOLDER_REPORTS} open reports.`;

/**
 * "My assets": what is assigned to the signed-in person, acknowledging its receipt and reporting what is wrong with
 * it (§5.2.1 self-help; §2.2.5 verification: the holder as a witness).
 */
export async function selfServiceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/me/assets', { config: { permission: 'self.assets' }, schema: { tags, summary: 'Assets assigned to you, with whether you acknowledged receipt and your latest report of a problem with each', response: { 200: z.object({ items: z.array(C.MyAsset) }) } } },
    async (req) => ({ items: await listMyAssets(contextOf(req)) }));
  r.post('/api/v1/me/assets/:id/acknowledge', { config: { permission: 'self.assets' }, schema: { tags, summary: 'Acknowledge receipt of an asset assigned to you', params: C.IdParams, response: { 200: C.MyAsset, 404: C.Problem, 409: C.Problem } } },
    async (req) => acknowledgeReceipt(contextOf(req), req.params.id));
  r.post('/api/v1/me/assets/:id/problems', { config: { permission: 'self.assets' }, schema: { tags, summary: 'Report that something is wrong with an asset assigned to you', description: PROBLEM_DESCRIPTION, params: C.IdParams, body: C.ProblemReportCreate, response: { 201: C.MyAsset, 404: C.Problem, 409: C.Problem, 422: C.Problem } } },
    async (req, reply) => {
      const mine = await reportAssetProblem(contextOf(req), req.params.id, req.body);
      reply.code(201);
      return mine;
    });
}
