import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EVENT_ACTIONS } from '../history/event.js';
import { WEBHOOK_EVENT_KINDS, WEBHOOK_EVENT_TYPES, canonicalWebhookKinds, unknownWebhookKinds, webhookEventKind, webhookWants } from './event-kinds.js';
import { parseSignatureHeader, signatureHeader, verifySignature, webhookRetryDelaySeconds } from './signature.js';
import { classifyAddress, judgeWebhookAddresses, judgeWebhookUrl } from './target.js';

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

describe('webhook event kinds', () => {
  it('are <entity type>.<action> of actions the history records, each once', () => {
    for (const actions of Object.values(WEBHOOK_EVENT_TYPES)) for (const a of actions) expect(EVENT_ACTIONS).toContain(a);
    expect(new Set(WEBHOOK_EVENT_KINDS).size).toBe(WEBHOOK_EVENT_KINDS.length);
    expect(WEBHOOK_EVENT_KINDS).toEqual(expect.arrayContaining(['asset.create', 'asset.transition', 'asset.assign', 'discrepancy.create']));
  });

  it('leave access out: accounts, roles and webhooks are never sent', () => {
    expect(webhookEventKind('account', 'update')).toBeNull();
    expect(webhookEventKind('role', 'create')).toBeNull();
    expect(webhookEventKind('webhook', 'create')).toBeNull();
    expect(webhookEventKind('asset', 'transition')).toBe('asset.transition');
  });

  it('checks and orders what a person gives', () => {
    expect(unknownWebhookKinds(['asset.create', 'asset.fly', 'asset.fly'])).toEqual(['asset.fly']);
    expect(canonicalWebhookKinds(['discrepancy.create', 'asset.create', 'asset.create'])).toEqual(['asset.create', 'discrepancy.create']);
  });

  it('matches by kind, then by the org unit subtree when filtered', () => {
    const all = { kinds: ['asset.create'], orgUnitId: null };
    const fr = { kinds: ['asset.create'], orgUnitId: 'fr' };
    expect(webhookWants(all, 'asset.create', null)).toBe(true);
    expect(webhookWants(all, 'asset.update', '/fr/')).toBe(false);
    expect(webhookWants(fr, 'asset.create', '/eu/fr/paris/')).toBe(true);
    expect(webhookWants(fr, 'asset.create', '/eu/de/')).toBe(false);
    expect(webhookWants(fr, 'asset.create', '/eu/fra/')).toBe(false);
    expect(webhookWants(fr, 'asset.create', null)).toBe(false);
  });
});

describe('webhook signatures', () => {
  const body = '{"id":"d1","event":"asset.create"}';
  it('sign t.body with HMAC-SHA256 and verify within the tolerance', () => {
    const header = signatureHeader(hmac, 's3cret', 1_700_000_000, body);
    expect(header).toBe(`t=1700000000,v1=${hmac('s3cret', `1700000000.${body}`)}`);
    expect(verifySignature(hmac, 's3cret', header, body, 1_700_000_100)).toEqual({ ok: true });
  });

  it('refuse another body, another secret, an old timestamp and malformed headers', () => {
    const header = signatureHeader(hmac, 's3cret', 1_700_000_000, body);
    expect(verifySignature(hmac, 's3cret', header, `${body} `, 1_700_000_000)).toEqual({ ok: false, code: 'SIGNATURE_MISMATCH' });
    expect(verifySignature(hmac, 'other', header, body, 1_700_000_000)).toEqual({ ok: false, code: 'SIGNATURE_MISMATCH' });
    expect(verifySignature(hmac, 's3cret', header, body, 1_700_000_301)).toEqual({ ok: false, code: 'SIGNATURE_TOO_OLD' });
    expect(verifySignature(hmac, 's3cret', 'v1=abc', body, 1_700_000_000)).toEqual({ ok: false, code: 'SIGNATURE_MALFORMED' });
    expect(parseSignatureHeader('t=1,v1=zz')).toBeNull();
  });

  it('retries back off exponentially, capped', () => {
    expect([1, 2, 3, 4].map(webhookRetryDelaySeconds)).toEqual([30, 60, 120, 240]);
    expect(webhookRetryDelaySeconds(30)).toBe(6 * 3600);
  });
});

describe('webhook targets (SSRF)', () => {
  it.each([
    ['8.8.8.8', 'public'], ['127.0.0.1', 'loopback'], ['127.9.9.9', 'loopback'], ['::1', 'loopback'], ['10.1.2.3', 'private'], ['172.16.0.1', 'private'],
    ['172.32.0.1', 'public'], ['192.168.1.1', 'private'], ['100.64.0.1', 'private'], ['169.254.169.254', 'metadata'], ['169.254.1.1', 'link_local'],
    ['100.100.100.200', 'metadata'], ['fd00:ec2::254', 'metadata'], ['fe80::1', 'link_local'], ['fd12::1', 'private'], ['0.0.0.0', 'reserved'], ['::', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:169.254.169.254', 'metadata'], ['64:ff9b::10.0.0.1', 'private'], ['224.0.0.1', 'reserved'],
    ['2606:4700::1111', 'public'], ['2001:db8::1', 'reserved'],
  ])('%s is %s', (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it('wants https without credentials; http and internal addresses only when allowed; metadata never', () => {
    expect(judgeWebhookUrl('https://itsm.example.com/hooks', false).ok).toBe(true);
    for (const url of ['ftp://x.example.com/', 'http://itsm.example.com/', 'https://u:p@itsm.example.com/', 'not a url', 'https://127.0.0.1/', 'https://localhost/', 'https://[::1]/', 'https://169.254.169.254/']) {
      const v = judgeWebhookUrl(url, false);
      expect(v.ok, url).toBe(false);
      if (!v.ok) expect(v.violations[0]!.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    }
    expect(judgeWebhookUrl('http://127.0.0.1:8080/x', true).ok).toBe(true);
    expect(judgeWebhookUrl('http://169.254.169.254/latest', true).ok).toBe(false);
    expect(judgeWebhookAddresses('http:', ['93.184.216.34'], true).ok).toBe(false);
    expect(judgeWebhookAddresses('https:', ['93.184.216.34', '10.0.0.1'], false).ok).toBe(false);
    expect(judgeWebhookAddresses('https:', ['93.184.216.34'], false).ok).toBe(true);
    expect(judgeWebhookAddresses('https:', [], true).ok).toBe(false);
  });
});
