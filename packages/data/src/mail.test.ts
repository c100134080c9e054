import { describe, expect, it } from 'vitest';
import { digestSchedule, mailSettings } from './mail.js';

/** CUSTODIA_SMTP_URL, CUSTODIA_MAIL_FROM, CUSTODIA_PUBLIC_URL, CUSTODIA_DIGEST_HOUR: read at start, a mistake stops it with its reason. */
describe('mail settings', () => {
  const ok = { CUSTODIA_SMTP_URL: 'smtp://127.0.0.1:2525', CUSTODIA_MAIL_FROM: 'IT assets <itam@example.org>', CUSTODIA_PUBLIC_URL: 'https://itam.example.org/' };

  it('unset SMTP URL: no mail, whatever else is set', () => {
    expect(mailSettings({})).toBeNull();
    expect(mailSettings({ CUSTODIA_SMTP_URL: '  ', CUSTODIA_MAIL_FROM: 'x' })).toBeNull();
  });

  it('reads a complete configuration; links lose a trailing slash', () => {
    expect(mailSettings(ok)).toEqual({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'IT assets <itam@example.org>', publicUrl: 'https://itam.example.org' });
    expect(mailSettings({ ...ok, CUSTODIA_SMTP_URL: 'smtps://user:secret@mail.example.org:465', CUSTODIA_MAIL_FROM: 'itam@example.org' })?.from).toBe('itam@example.org');
  });

  it.each([
    [{ CUSTODIA_SMTP_URL: 'mail.example.org' }, /CUSTODIA_SMTP_URL must be a URL/],
    [{ CUSTODIA_SMTP_URL: 'http://mail.example.org' }, /smtp:\/\/ or smtps:\/\/ URL with a host \(got a http: URL\)/],
    [{ CUSTODIA_MAIL_FROM: '' }, /CUSTODIA_MAIL_FROM is not/],
    [{ CUSTODIA_MAIL_FROM: 'itam at example' }, /CUSTODIA_MAIL_FROM must be an e-mail address/],
    [{ CUSTODIA_PUBLIC_URL: '' }, /CUSTODIA_PUBLIC_URL is not/],
    [{ CUSTODIA_PUBLIC_URL: 'itam.example.org' }, /CUSTODIA_PUBLIC_URL must be an http/],
    [{ CUSTODIA_PUBLIC_URL: 'ftp://itam.example.org' }, /CUSTODIA_PUBLIC_URL must be an http/],
  ])('refuses %j', (change, message) => {
    expect(() => mailSettings({ ...ok, ...change })).toThrow(message);
    try { mailSettings({ ...ok, ...change }); } catch (e) { expect((e as { code?: string }).code).toBe('INVALID_SETTING'); }
  });

  it('the digest hour: 0 to 23, 7 when unset', () => {
    expect(digestSchedule({})).toEqual({ hour: 7 });
    expect(digestSchedule({ CUSTODIA_DIGEST_HOUR: '0' })).toEqual({ hour: 0 });
    expect(digestSchedule({ CUSTODIA_DIGEST_HOUR: ' 23 ' })).toEqual({ hour: 23 });
    for (const bad of ['24', '-1', '7.5', 'seven', '1e1']) expect(() => digestSchedule({ CUSTODIA_DIGEST_HOUR: bad })).toThrow(/CUSTODIA_DIGEST_HOUR must be a whole hour from 0 to 23/);
  });
});
