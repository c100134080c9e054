import { z } from 'zod';
import { DIGEST_SECTIONS } from '@custodia/domain';
import { CalendarDate, Timestamp } from './common.js';

/**
 * The daily attention digest: each account's own choice (routes /api/v1/me/notifications, permission `self`) and what
 * today's digest would hold (/api/v1/me/notifications/digest).
 */

export const DigestSectionKey = z.enum(DIGEST_SECTIONS).describe('discrepancies: open ones you own, overdue or due within 3 days; auditPlans: audits assigned to you, overdue or due within 7 days; '
  + 'overdueLoans: loans past their expected return; keyDates: warranties, ends of life and monitored dates coming up; myOverdueReturns: your own assets past their return date');

const Sections = z.array(DigestSectionKey).max(DIGEST_SECTIONS.length)
  .refine((s) => new Set(s).size === s.length, 'each section at most once');

export const NotificationSettings = z.object({
  digest: z.boolean().describe('Whether the daily digest is sent to you'),
  sections: Sections.describe('The sections you chose (those you may not see are left out of the digest)'),
  availableSections: z.array(z.object({ key: DigestSectionKey, title: z.string() })).describe('The sections your permissions give you'),
  email: z.string().nullable().describe('Where the digest goes: your account\'s e-mail (change it on your account page)'),
  mailConfigured: z.boolean().describe('Whether this server sends mail at all (CUSTODIA_SMTP_URL)'),
  digestHour: z.number().int().min(0).max(23).describe('Hour of the organisation\'s day from which the digest goes out'),
  timeZone: z.string().describe('The organisation\'s time zone'),
  lastSentOn: CalendarDate.nullable().describe('The last day a digest was sent to you'),
  version: z.number().int().min(0).describe('0 until you first save a choice'),
  updatedAt: Timestamp.nullable(),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/** The whole choice, sent with PUT (it replaces the stored one, so every field is required). */
export const NotificationSettingsReplacement = z.strictObject({
  digest: z.boolean(),
  sections: Sections,
});
export type NotificationSettingsReplacement = z.infer<typeof NotificationSettingsReplacement>;

const DigestItem = z.object({
  id: z.string(), tag: z.string().nullable(), name: z.string(), date: CalendarDate, overdue: z.boolean(),
  path: z.string().describe('Where the web app shows it (relative to the server\'s URL)'),
});
export const DigestPreview = z.object({
  day: CalendarDate.describe('The organisation\'s today'),
  count: z.number().int().min(0),
  sections: z.array(z.object({
    key: DigestSectionKey, title: z.string(), count: z.number().int().min(0), items: z.array(DigestItem).describe('At most 10, soonest date first'),
    lists: z.array(z.object({ label: z.string(), path: z.string(), count: z.number().int().min(0) })).describe('The full lists in the web app'),
  })).describe('Empty: nothing needs you today, and no mail would be sent'),
});
export type DigestPreview = z.infer<typeof DigestPreview>;
