import { isIPv4, isIPv6 } from '../attributes/ip.js';
import { type Verdict, accept, reject } from '../verdict.js';

/**
 * Where a webhook may post (SSRF protection). A URL is https, names a host and carries no credentials; plain http
 * only with the installation's permission for internal targets (CUSTODIA_WEBHOOKS_ALLOW_PRIVATE). Every address the
 * host resolves to is judged, at registration and again before each delivery (a name may be re-pointed):
 * link-local, cloud metadata and reserved addresses are never a target; loopback and private ones only with that
 * permission; public ones always. Redirects are never followed, so the address judged is the address posted to.
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link_local' | 'metadata' | 'reserved';

export const WEBHOOK_URL_MAX_LENGTH = 2000;

export interface WebhookTarget { url: string; protocol: 'http:' | 'https:'; hostname: string }

/** The URL itself: scheme, host, no credentials. Hosts given as IP literals are judged as addresses here too. */
export function judgeWebhookUrl(text: string, allowPrivate: boolean): Verdict<WebhookTarget> {
  const refuse = (message: string) => reject<WebhookTarget>({ code: 'WEBHOOK_URL_NOT_ALLOWED', field: 'url', message });
  if (text.length > WEBHOOK_URL_MAX_LENGTH) return refuse(`must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`);
  let url: URL;
  try { url = new URL(text); } catch { return refuse('is not a URL'); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('must be an https URL');
  if (url.username || url.password) return refuse('must not carry a user name or password (the signature authenticates deliveries)');
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!hostname) return refuse('must name a host');
  if (url.protocol === 'http:' && !allowPrivate) return refuse('must be https (plain http only to internal targets, when CUSTODIA_WEBHOOKS_ALLOW_PRIVATE is set)');
  if (isIPv4(hostname) || isIPv6(hostname)) {
    const verdict = judgeWebhookAddresses(url.protocol, [hostname], allowPrivate);
    if (!verdict.ok) return verdict as Verdict<never>;
  } else if (/^localhost\.?$/i.test(hostname) || /\.localhost\.?$/i.test(hostname)) {
    if (!allowPrivate) return refuse('points to this machine (loopback): only allowed when CUSTODIA_WEBHOOKS_ALLOW_PRIVATE is set');
  }
  return accept({ url: url.toString(), protocol: url.protocol, hostname });
}

/** Every address of the target must be allowed; plain http only to loopback or private ones. */
export function judgeWebhookAddresses(protocol: string, addresses: readonly string[], allowPrivate: boolean): Verdict<null> {
  if (addresses.length === 0) return reject({ code: 'WEBHOOK_URL_NOT_ALLOWED', field: 'url', message: 'the host name does not resolve' });
  for (const address of addresses) {
    const kind = classifyAddress(address);
    const allowed = kind === 'public' ? protocol === 'https:' : (kind === 'loopback' || kind === 'private') && allowPrivate;
    if (!allowed) {
      const why = kind === 'public' ? 'plain http is only allowed to internal targets'
        : kind === 'loopback' || kind === 'private' ? `points to a ${kind} address (${address}): only allowed when CUSTODIA_WEBHOOKS_ALLOW_PRIVATE is set`
          : `points to a ${kind.replace('_', '-')} address (${address}), which is never a webhook target`;
      return reject({ code: 'WEBHOOK_URL_NOT_ALLOWED', field: 'url', message: why });
    }
  }
  return accept(null);
}

/** Addresses of cloud metadata services outside the link-local range. */
const METADATA = new Set(['100.100.100.200', 'fd00:ec2:0:0:0:0:0:254']);

/** The class of an IPv4 or IPv6 address (IPv4-mapped and NAT64 addresses by the IPv4 address they carry). */
export function classifyAddress(address: string): AddressClass {
  const text = address.toLowerCase().split('%')[0]!;
  if (isIPv4(text)) return classifyV4(text.split('.').map(Number));
  if (!isIPv6(text)) return 'reserved';
  const g = ipv6Groups(text);
  if (METADATA.has(g.map((x) => x.toString(16)).join(':'))) return 'metadata';
  const embedded = [(g[6]! >> 8), g[6]! & 0xff, (g[7]! >> 8), g[7]! & 0xff];
  // ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address they carry.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return classifyV4(embedded);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(embedded);
  if (g.every((x) => x === 0)) return 'reserved';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link_local';
  if ((g[0]! & 0xfe00) === 0xfc00 || (g[0]! & 0xffc0) === 0xfec0) return 'private';
  if ((g[0]! & 0xff00) === 0xff00) return 'reserved';
  // Only global unicast (2000::/3) is public; the rest is unassigned, documentation or transition space.
  if ((g[0]! & 0xe000) !== 0x2000 || g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved';
  return 'public';
}

function classifyV4([a, b, c, d]: number[]): AddressClass {
  const text = `${a}.${b}.${c}.${d}`;
  if (METADATA.has(text)) return 'metadata';
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return text === '169.254.169.254' ? 'metadata' : 'link_local';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 100 && b! >= 64 && b! <= 127)) return 'private';
  if (a === 0 || a! >= 224 || (a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 198 && (b === 18 || b === 19)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'reserved';
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part becomes the last two). */
function ipv6Groups(text: string): number[] {
  let head = text;
  const tail: number[] = [];
  if (text.includes('.')) {
    const at = text.lastIndexOf(':');
    const [a, b, c, d] = text.slice(at + 1).split('.').map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    head = text.slice(0, at);
    // '::1.2.3.4' and '64:ff9b::1.2.3.4': the '::' before the IPv4 part is kept whole.
    if (head.endsWith(':')) head += ':';
  }
  const [left, right] = head.split('::') as [string, string | undefined];
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((x) => parseInt(x, 16)));
  const l = parse(left);
  const r = right === undefined ? [] : parse(right);
  const missing = 8 - l.length - r.length - tail.length;
  return [...l, ...new Array(Math.max(0, missing)).fill(0), ...r, ...tail];
}
