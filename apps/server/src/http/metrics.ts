import type { FastifyInstance } from 'fastify';
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'custodia_' });

const duration = new client.Histogram({
  name: 'custodia_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

const unavailable = new client.Counter({
  name: 'custodia_database_unavailable_total',
  help: 'Requests answered 503 because the database failed (busy, disk full, I/O error, connection lost), by the database\'s error code',
  labelNames: ['code'] as const,
  registers: [registry],
});

/** Set at each scrape: a scrape still answers while the database is down (see `accessEpoch` in auth.ts). */
export const databaseUp = new client.Gauge({
  name: 'custodia_database_up',
  help: 'Whether the database answered a trivial query at this scrape (1) or not (0: down, unreachable or too slow)',
  registers: [registry],
});

/** Counts a database failure answered 503; the label is the driver's code (bounded: SQLite result codes, SQLSTATEs). */
export function countUnavailable(cause: unknown): void {
  const code = (cause as { code?: unknown } | null)?.code;
  unavailable.inc({ code: typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'other' });
}

/** Times every request by its route pattern (never the raw URL, so ids do not explode the label set). */
export function instrument(app: FastifyInstance) {
  app.addHook('onResponse', (request, reply, done) => {
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}
