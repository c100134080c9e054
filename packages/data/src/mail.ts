import { createTransport } from 'nodemailer';

/**
 * Sending e-mail (the daily attention digest) through an SMTP server, configured by the environment:
 * CUSTODIA_SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`; unset: no mail is sent), CUSTODIA_MAIL_FROM (the
 * sender), CUSTODIA_PUBLIC_URL (the base of every link in a mail) and CUSTODIA_DIGEST_HOUR (0–23, default 7: the hour of
 * the organisation's day from which the digest goes out). A mistake stops the start with its reason.
 */
export interface MailSettings {
  /** The SMTP server's URL (may hold credentials: never logged). */
  smtpUrl: string;
  from: string;
  /** Absolute base of links, without a trailing slash. */
  publicUrl: string;
}

export interface DigestSchedule { hour: number }

const invalid = (message: string) => Object.assign(new Error(message), { code: 'INVALID_SETTING' });

/** An address, optionally with a display name: `it@example.org` or `IT assets <it@example.org>`. */
const MAIL_ADDRESS = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

/** The mail settings, or null when CUSTODIA_SMTP_URL is unset (digests are not sent). */
export function mailSettings(env: Record<string, string | undefined> = process.env): MailSettings | null {
  const raw = env['CUSTODIA_SMTP_URL']?.trim();
  if (!raw) return null;
  let url: URL;
  try { url = new URL(raw); } catch { throw invalid('CUSTODIA_SMTP_URL must be a URL such as smtp://mail.example.org:587 or smtps://user:password@mail.example.org:465'); }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    throw invalid(`CUSTODIA_SMTP_URL must be an smtp:// or smtps:// URL with a host (got a ${url.protocol.replace(/:$/, '')}: URL)`);
  }
  const from = env['CUSTODIA_MAIL_FROM']?.trim();
  if (!from) throw invalid('CUSTODIA_SMTP_URL is set but CUSTODIA_MAIL_FROM is not: the sender of the digests, e.g. "IT assets <itam@example.org>"');
  if (!MAIL_ADDRESS.test(from)) throw invalid(`CUSTODIA_MAIL_FROM must be an e-mail address, optionally with a name: "IT assets <itam@example.org>" (got "${from}")`);
  const publicUrl = env['CUSTODIA_PUBLIC_URL']?.trim();
  if (!publicUrl) throw invalid('CUSTODIA_SMTP_URL is set but CUSTODIA_PUBLIC_URL is not: the links in the digest start with it');
  let base: URL;
  try { base = new URL(publicUrl); } catch { throw invalid(`CUSTODIA_PUBLIC_URL must be an http:// or https:// URL (got "${publicUrl}")`); }
  if (!['http:', 'https:'].includes(base.protocol)) throw invalid(`CUSTODIA_PUBLIC_URL must be an http:// or https:// URL (got "${publicUrl}")`);
  return { smtpUrl: raw, from, publicUrl: publicUrl.replace(/\/+$/, '') };
}

/** CUSTODIA_DIGEST_HOUR: a whole hour from 0 to 23, `fallback` when unset. */
export function digestSchedule(env: Record<string, string | undefined> = process.env, fallback = 7): DigestSchedule {
  const raw = env['CUSTODIA_DIGEST_HOUR']?.trim();
  if (!raw) return { hour: fallback };
  const hour = Number(raw);
  if (!/^\d{1,2}$/.test(raw) || hour > 23) throw invalid(`CUSTODIA_DIGEST_HOUR must be a whole hour from 0 to 23 (got "${raw}")`);
  return { hour };
}

export interface MailMessage { to: string; subject: string; text: string; html: string }

/** Sends one message, or throws (refused, unreachable, timed out); `close` lets go of the connections. */
export interface Mailer { send(message: MailMessage): Promise<void>; close(): void }

/**
 * A mailer over SMTP (nodemailer). Time limits keep a silent server from holding the hourly job: 10 s to connect and
 * be greeted, 30 s of silence during a send.
 */
export function smtpMailer(settings: Pick<MailSettings, 'smtpUrl' | 'from'>): Mailer {
  const transport = createTransport({ url: settings.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as Parameters<typeof createTransport>[0]);
  return {
    async send(message) {
      await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    close() { transport.close(); },
  };
}
