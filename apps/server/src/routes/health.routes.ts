import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withinDeadline } from '../http/deadline.js';
import { databaseUp, registry } from '../http/metrics.js';

/** How long a readiness check or a metrics scrape waits for the database's answer before it reports it down. */
const PROBE_MS = 1_500;

export async function healthRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const databaseAnswers = () => withinDeadline(sql`select 1`.execute(app.database.db), PROBE_MS).then(() => true, () => false);
  // The root is the web app when it was built; without it, the interactive API documentation.
  r.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) => (app.webApp
    ? reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html')
    : reply.redirect('/api/v1/docs/', 302)));
  r.get('/healthz', { config: { permission: 'public' }, schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }));
  r.get('/readyz', { config: { permission: 'public' }, schema: { tags: ['operations'], summary: 'Readiness: the database answers', response: { 200: z.object({ status: z.literal('ready'), engine: z.string() }), 503: z.object({ status: z.literal('unavailable') }) } } },
    async (request, reply) => {
      if (await databaseAnswers()) return { status: 'ready' as const, engine: app.database.engine };
      request.log.warn('readiness check: database unavailable');
      return reply.code(503).send({ status: 'unavailable' as const });
    });
  r.get('/metrics', { config: { permission: 'system.metrics' }, schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: true } }, async (_req, reply) => {
    databaseUp.set((await databaseAnswers()) ? 1 : 0);
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
