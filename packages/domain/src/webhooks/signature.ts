/**
 * Webhook signatures, as the receiver checks them: header `Custodia-Signature: t=<unix seconds>,v1=<hex>`, where the
 * hex is the HMAC-SHA256, under the webhook's secret, of `<t>.<body>` (the exact bytes sent). The timestamp is signed
 * so a captured delivery cannot be replayed later: a receiver refuses one older than its tolerance (5 minutes is
 * usual). The HMAC function is given by the caller (node:crypto on the server), so this stays pure.
 */
export type HmacHex = (secret: string, text: string) => string;

export const SIGNATURE_HEADER = 'Custodia-Signature';
export const EVENT_ID_HEADER = 'Custodia-Event-Id';
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The text that is signed. */
export const signedText = (timestamp: number, body: string): string => `${timestamp}.${body}`;

export function signatureHeader(hmac: HmacHex, secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmac(secret, signedText(timestamp, body))}`;
}

/** The header's parts; a header may carry several v1 values (while a secret is being replaced). */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) return null;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return null;
      signatures.push(value);
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

export type SignatureVerdict = { ok: true } | { ok: false; code: 'SIGNATURE_MALFORMED' | 'SIGNATURE_MISMATCH' | 'SIGNATURE_TOO_OLD' };

/** A receiver's check: a well-formed header, a v1 matching the body under the secret, signed within the tolerance. */
export function verifySignature(
  hmac: HmacHex, secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
): SignatureVerdict {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, code: 'SIGNATURE_MALFORMED' };
  const expected = hmac(secret, signedText(parsed.timestamp, body));
  if (!parsed.signatures.some((s) => constantTimeEqual(s, expected))) return { ok: false, code: 'SIGNATURE_MISMATCH' };
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return { ok: false, code: 'SIGNATURE_TOO_OLD' };
  return { ok: true };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Attempts before a delivery is given up as failed, and the wait before each retry: 30 s doubling, at most 6 hours. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
export function webhookRetryDelaySeconds(attemptsMade: number): number {
  return Math.min(30 * 2 ** Math.max(0, attemptsMade - 1), 6 * 3600);
}
