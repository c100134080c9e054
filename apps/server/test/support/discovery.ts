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
export function fiInventory(opts: { host?: string; deviceId?: string; logDate?: string; ipv4?: string; moreNetworks?: string } = {}): string {
  let s = FI_XML;
  // eth0's IPv4 address (192.0.2.2 in the fixture), and more <NETWORKS> elements after the fixture's own.
  if (opts.ipv4) s = s.replace('<IPADDRESS>192.0.2.2</IPADDRESS>', `<IPADDRESS>${opts.ipv4}</IPADDRESS>`);
  if (opts.moreNetworks) s = s.replace('<OPERATINGSYSTEM>', `${opts.moreNetworks}<OPERATINGSYSTEM>`);
  if (opts.host) s = s.replace(/(<HARDWARE>[\s\S]*?<NAME>)[^<]*(<\/NAME>)/, `$1${opts.host}$2`);
  if (opts.deviceId) s = s.replace(/<DEVICEID>[^<]*<\/DEVICEID>/, `<DEVICEID>${opts.deviceId}</DEVICEID>`);
  if (opts.logDate) s = s.replace(/<LOGDATE>[^<]*<\/LOGDATE>/, `<LOGDATE>${opts.logDate}</LOGDATE>`);
  return s;
}

/**
 * A FusionInventory agent reporting to `server` with its fleet token. `post` sends zlib-compressed bytes as they are
 * (`headers` may name another token); `inventory` sends an XML inventory and first moves the server's clock (read by
 * `now`, set by `setNow`) to a minute after the agent's collection time, as in real life (never back, never past 2026).
 */
export function fusionInventoryAgent(server: { api: TestApi; readonly token: string }, now: () => Date, setNow: (at: Date) => void) {
  const post = (body: Buffer, headers: Record<string, string> = {}) => sendToAgentEndpoint(server.api, server.token, body, { 'user-agent': 'FusionInventory-Agent_v2.6-3', ...headers });
  const inventory = (xml: string, headers: Record<string, string> = {}) => {
    const logDate = /<LOGDATE>([^<]+)<\/LOGDATE>/.exec(xml)?.[1];
    const at = logDate ? Date.parse(`${logDate.replace(' ', 'T')}Z`) + 60_000 : NaN;
    if (at > now().getTime() && at < Date.parse('2027-01-01')) setNow(new Date(at));
    return post(deflateSync(Buffer.from(xml)), headers);
  };
  return { post, inventory };
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
