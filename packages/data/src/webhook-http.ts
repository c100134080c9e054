import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { type Verdict, type WebhookTarget, judgeWebhookAddresses, judgeWebhookUrl } from '@custodia/domain';

/** How long a target has to answer a delivery, and how much of its answer is read (the rest is dropped). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
const RESPONSE_READ_BYTES = 4096;
const DNS_TIMEOUT_MS = 5_000;

export interface ResolvedTarget extends WebhookTarget { addresses: string[] }

/**
 * A webhook URL judged with every address its host resolves to (domain `judgeWebhookUrl`, `judgeWebhookAddresses`):
 * the check at registration and before every delivery. A host that does not resolve is refused.
 */
export async function resolveWebhookTarget(url: string, allowPrivate: boolean): Promise<Verdict<ResolvedTarget>> {
  const judged = judgeWebhookUrl(url, allowPrivate);
  if (!judged.ok) return judged;
  const target = judged.value;
  let addresses: string[];
  try {
    const found = await Promise.race([
      lookup(target.hostname, { all: true, verbatim: true }),
      new Promise<never>((_, fail) => setTimeout(() => fail(new Error('DNS lookup timed out')), DNS_TIMEOUT_MS).unref()),
    ]);
    addresses = found.map((a) => a.address);
  } catch {
    addresses = [];
  }
  const verdict = judgeWebhookAddresses(target.protocol, addresses, allowPrivate);
  if (!verdict.ok) return verdict as Verdict<never>;
  return { ok: true, value: { ...target, addresses } };
}

export type WebhookPostResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

/**
 * Posts one delivery: the target is resolved and judged again (a name may have been re-pointed since registration),
 * and the connection goes to the address judged, not to a second look-up. Redirects are not followed (a 3xx is a
 * failure), the answer must come within the timeout, and only its status counts: a 2xx is delivered.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, options: { allowPrivate: boolean; timeoutMs?: number }): Promise<WebhookPostResult> {
  const resolved = await resolveWebhookTarget(url, options.allowPrivate);
  if (!resolved.ok) return { ok: false, statusCode: null, error: `refused: ${resolved.violations[0]!.message}` };
  const address = resolved.value.addresses[0]!;
  const family = address.includes(':') ? 6 : 4;
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const send = resolved.value.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WebhookPostResult>((done) => {
    let settled = false;
    const finish = (result: WebhookPostResult) => { if (!settled) { settled = true; done(result); } };
    const req = send(resolved.value.url, {
      method: 'POST', lookup: pinned, agent: false, signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Custodia-Webhooks/1', ...headers },
    }, (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      res.on('data', (chunk: Buffer) => { read += chunk.length; if (read > RESPONSE_READ_BYTES) res.destroy(); });
      const settle = () => {
        if (status >= 200 && status < 300) finish({ ok: true, statusCode: status });
        else if (status >= 300 && status < 400) finish({ ok: false, statusCode: status, error: 'redirect not followed' });
        else finish({ ok: false, statusCode: status, error: `HTTP ${status}` });
      };
      res.on('end', settle);
      res.on('close', settle);
      res.on('error', settle);
    });
    req.on('error', (error: Error) => finish({ ok: false, statusCode: null, error: error.name === 'TimeoutError' || error.name === 'AbortError' ? 'timed out' : errorText(error) }));
    req.end(body);
  });
}

/** A network error as the delivery log shows it: its code and message, never more than 300 characters. */
const errorText = (error: Error & { code?: string }): string => `${error.code ? `${error.code}: ` : ''}${error.message}`.slice(0, 300);
