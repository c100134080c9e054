import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@custodia/contracts';
import { systemContext } from '@custodia/core';
import { InventoryBatcher } from '../http/inventory-batcher.js';
import { type InventoryLimits, detectCompression, encodeReply } from '@custodia/data';
import { AgentBodyParser } from '../http/agent-body-pool.js';
import { contextOf } from '../http/context.js';
import { ConcurrencyGate } from '../http/concurrency-gate.js';

const PROLOG_FREQ_HOURS = 24;

/**
 * The agents' endpoint: the OCS / FusionInventory XML protocol (PROLOG answered with SEND, then INVENTORY) and the
 * GLPI agent JSON protocol (contact, inventory; partial inventories merge). Compression is read from magic bytes, never
 * from Content-Type (OCS labels zlib `application/x-compress`); replies are zlib at the default level with
 * `application/x-compress-zlib`, the one form all three agents accept. Authentication (agent token as Bearer, or as
 * the password of HTTP Basic) happens before the body is read. At most `maxInFlight` inventories are received or worked on at once:
 * beyond that agents get 429 + Retry-After and come back later, so interactive users keep their response times.
 */
export async function agentRoutes(app: FastifyInstance, options: { limits: InventoryLimits; maxInFlight: number; parsers?: number }) {
  const { limits } = options;
  const gate = new ConcurrencyGate(options.maxInFlight);
  const batcher = new InventoryBatcher(systemContext(app.database, 'agent', 'system', app.clock, app.timeZone));
  const parser = new AgentBodyParser(limits, options.parsers);
  app.addHook('onClose', async () => parser.close());
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxCompressedBytes }, (_req, body, done) => done(null, body));

  // Counted from the moment an authenticated agent is let in until its answer is sent, body upload included.
  const admitted = new WeakMap<FastifyRequest, () => void>();
  app.addHook('onRequest', async (req, reply) => {
    const done = gate.enter();
    if (!done) {
      reply.header('Retry-After', '60');
      throw new AppError('RATE_LIMITED', 'Too many inventories at once; retry later');
    }
    admitted.set(req, done);
  });
  const release = async (req: FastifyRequest) => {
    admitted.get(req)?.();
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);

  const handler = (req: FastifyRequest, reply: FastifyReply) => handle(req, reply);

  const handle = async (req: FastifyRequest, reply: FastifyReply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (raw.length === 0) throw new AppError('INVENTORY_MALFORMED', 'The request has no body');
    const compressed = detectCompression(raw) !== 'none';
    const userAgent = typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null;
    const body = await parser.parse(raw, userAgent);
    const glpiAgentId = req.headers['glpi-agent-id'];
    const requestId = req.headers['glpi-request-id'];
    if (typeof glpiAgentId === 'string') reply.header('GLPI-Agent-ID', glpiAgentId);
    if (typeof requestId === 'string') reply.header('GLPI-Request-ID', requestId);
    const auth = req.auth!;
    const ctx = { ...contextOf(req), source: 'agent' as const, actor: auth.agent ? `agent:${auth.agent.tokenId}` : `agent@${req.ip}` };
    const receipt = { payload: raw, agentTokenId: auth.agent?.tokenId ?? null, orgUnitId: auth.agent?.orgUnitId ?? null, remoteAddress: req.ip };

    if (body.kind === 'json') {
      const { message } = body;
      if (message.action === 'contact') return json(reply, compressed, { status: 'ok', expiration: PROLOG_FREQ_HOURS, tasks: { inventory: { server: 'custodia', version: '1' } } });
      if (message.action === 'inventory' && message.snapshot) {
        const result = await batcher.submit({ ctx, receipt: { ...receipt, snapshot: message.snapshot, format: 'glpi-json', ...(body.software ? { software: body.software } : {}) } });
        req.log.info({ deviceId: result.deviceId, outcome: result.outcome }, 'inventory received');
        return json(reply, compressed, { status: 'ok', expiration: PROLOG_FREQ_HOURS });
      }
      return json(reply, compressed, { status: 'ok', expiration: PROLOG_FREQ_HOURS, message: `Action ${String(message.action)} is not supported by this server` });
    }
    const { request } = body;
    if (request.query === 'PROLOG') {
      // glpi-agent announces itself with GLPI-Agent-ID; a JSON answer switches it to the JSON protocol.
      if (typeof glpiAgentId === 'string') return json(reply, compressed, { status: 'ok', expiration: PROLOG_FREQ_HOURS });
      return xml(reply, `<?xml version="1.0" encoding="UTF-8"?><REPLY><RESPONSE>SEND</RESPONSE><PROLOG_FREQ>${PROLOG_FREQ_HOURS}</PROLOG_FREQ></REPLY>`);
    }
    if (request.query === 'INVENTORY' && request.snapshot) {
      const result = await batcher.submit({ ctx, receipt: { ...receipt, snapshot: request.snapshot, format: 'agent-xml', ...(body.software ? { software: body.software } : {}) } });
      req.log.info({ deviceId: result.deviceId, outcome: result.outcome }, 'inventory received');
      return xml(reply, '<?xml version="1.0" encoding="UTF-8"?><REPLY><RESPONSE>NO_ACCOUNT_UPDATE</RESPONSE></REPLY>');
    }
    return xml(reply, '<?xml version="1.0" encoding="UTF-8"?><REPLY></REPLY>');
  };

  for (const url of ['/api/v1/inventory/agent', '/ocsinventory']) {
    app.post(url, {
      config: { permission: 'inventory.submit' },
      schema: {
        tags: ['discovery'], hide: url !== '/api/v1/inventory/agent',
        summary: 'Agent endpoint: OCS / FusionInventory XML protocol and GLPI agent JSON protocol (body zlib, gzip or plain; reply zlib)',
        description: 'Point agents here: `fusioninventory-agent --server URL`, `ocsinventory-agent --server URL --nolocal`, `glpi-agent --server URL`. '
          + 'Authenticate with an agent token as `Authorization: Bearer csa_…` or as the password of HTTP Basic (`--user agent --password csa_…`).',
      },
    }, handler);
  }
}

function xml(reply: FastifyReply, text: string) {
  return reply.header('Content-Type', 'application/x-compress-zlib').send(encodeReply(text));
}

function json(reply: FastifyReply, compressed: boolean, body: unknown) {
  const text = JSON.stringify(body);
  return compressed ? reply.header('Content-Type', 'application/x-compress-zlib').send(encodeReply(text)) : reply.header('Content-Type', 'application/json').send(text);
}
