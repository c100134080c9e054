import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { beforeAll } from 'vitest';
import type { TestEngine } from '../../../../test/support/databases.js';
import type { TestApi } from '../../../../test/support/api.js';
import { serverForBlock } from './server.js';

export const AGENT = '/api/v1/inventory/agent';
export const GLPI_AGENT = 'GLPI-Agent_v1.11';

/** An answer of the in-process server (Fastify's inject). */
export type Injected = Awaited<ReturnType<TestApi['app']['inject']>>;

/**
 * A server for the describe block (see serverForBlock) whose clock is `clock`, and the organisation-wide agent token
 * "fleet" its agents report with. `token` is read inside tests and hooks only.
 */
export function discoveryServer(engine: TestEngine, clock: () => Date): { api: TestApi; types: Record<string, any>; readonly token: string } {
  const { api, types } = serverForBlock(engine, { clock });
  let token: string | undefined;
  beforeAll(async () => {
    const created = await api.call('POST', '/api/v1/agent-tokens', { name: 'fleet' });
    if (created.status !== 201) throw new Error(`agent token: ${JSON.stringify(created.body)}`);
    token = created.body.token;
  });
  return {
    api, types,
    get token() {
      if (!token) throw new Error('the agent token is created in beforeAll: read it inside tests and hooks');
      return token;
    },
  };
}

/**
 * Sends `body` to the agent endpoint as the agents do, zlib-compressed with the agent token `token` (Bearer) and the
 * GLPI agent's User-Agent unless `headers` say otherwise: a JSON message or XML text is compressed here; a Buffer is
 * sent as it is (already compressed, or broken on purpose).
 */
export function sendToAgentEndpoint(api: TestApi, token: string, body: unknown, headers: Record<string, string> = {}): Promise<Injected> {
  const payload = Buffer.isBuffer(body) ? body : deflateSync(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));
  return api.app.inject({
    method: 'POST', url: AGENT,
    headers: { 'content-type': 'application/x-compress-zlib', authorization: `Bearer ${token}`, 'user-agent': GLPI_AGENT, ...headers },
    payload,
  });
}

/** The real FusionInventory agent's inventory (FI_XML) with another host name, device id and collection time. */
export const FI_XML = readFileSync(new URL('../../../../packages/data/test-fixtures/inventories/fi-inventory.xml', import.meta.url), 'utf8');
export function fiInventory(opts: { host?: string; deviceId?: string; logDate?: string } = {}): string {
  let s = FI_XML;
  if (opts.host) s = s.replace(/(<HARDWARE>[\s\S]*?<NAME>)[^<]*(<\/NAME>)/, `$1${opts.host}$2`);
  if (opts.deviceId) s = s.replace(/<DEVICEID>[^<]*<\/DEVICEID>/, `<DEVICEID>${opts.deviceId}</DEVICEID>`);
  if (opts.logDate) s = s.replace(/<LOGDATE>[^<]*<\/LOGDATE>/, `<LOGDATE>${opts.logDate}</LOGDATE>`);
  return s;
}

/** Row counts of what discovery writes: "nothing written" means these are unchanged. */
export async function discoveryCounts(api: TestApi): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['discovered_devices', 'inventory_snapshots', 'device_software', 'discrepancies', 'assets', 'events'] as const) {
    out[t] = Number((await api.db.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }
  return out;
}

/** Replaces the discovery settings over their current version (GET's ETag as If-Match). */
export async function putSettings(api: TestApi, body: unknown) {
  const current = await api.call('GET', '/api/v1/discovery/settings');
  return api.call('PUT', '/api/v1/discovery/settings', body, { 'if-match': String(current.headers['etag']) });
}
