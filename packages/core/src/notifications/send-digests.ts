import { type Digest, composeDigest, digestHourReached, isDigestSection } from '@custodia/domain';
import { type Mailer, newId, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { todayOf } from '../shared/today.js';
import { asAppError } from '../shared/change.js';
import { grantsOf } from '../access/principal.js';
import { readDigestInput } from './digest-reads.js';
import { renderDigestMail } from './digest-mail.js';

/** A claim older than this whose mail was never marked sent (the process died while sending) may be taken again. */
export const STALE_DIGEST_CLAIM_MS = 15 * 60_000;

export interface DigestSendOptions {
  /** Sends the mail; not needed for a dry run. */
  mailer: Mailer | null;
  /** Absolute base of the links in the mail (CUSTODIA_PUBLIC_URL). */
  publicUrl: string;
  /** Hour of the organisation's day from which digests go out (CUSTODIA_DIGEST_HOUR). */
  hour: number;
  /** Reads and composes each digest, but neither claims nor sends anything. */
  dryRun?: boolean;
}

export interface DigestSendResult {
  day: string;
  /** False before the digest hour: nothing was read or sent. */
  due: boolean;
  sent: { login: string; email: string; count: number }[];
  /** Dry run: what would be sent. */
  wouldSend: { login: string; email: string; count: number; subject: string }[];
  /** Opted-in accounts with nothing due today: no mail. */
  empty: number;
  /** Already sent today, or being sent by another process. */
  alreadyHandled: number;
  /** Mails the SMTP server did not take: recorded as failed, tried again on the next run. */
  failed: { login: string; error: string }[];
}

/**
 * Sends today's digests (the organisation's day), from the digest hour on, to every active account that switched the
 * digest on and has an e-mail address, at most once per account and day. Each send is claimed first by a row of
 * `digest_deliveries` (unique account and day) committed before the mail goes out, so two server processes running
 * the job together never both send; a mail the SMTP server refuses or cannot take marks the row failed, and the next
 * run (the next hour) tries again. A digest with nothing in it is not sent, and nothing is recorded for it, so an item
 * falling due later in the day is still told that day. Deliveries are operational records, like sessions: they are not
 * part of the register's history.
 */
export async function sendDailyDigests(ctx: Context, options: DigestSendOptions): Promise<DigestSendResult> {
  const day = todayOf(ctx);
  const result: DigestSendResult = { day, due: false, sent: [], wouldSend: [], empty: 0, alreadyHandled: 0, failed: [] };
  if (!digestHourReached(ctx.now(), ctx.timeZone, options.hour)) return result;
  result.due = true;
  const db = ctx.database.db;
  const accounts = await db.selectFrom('notification_preferences')
    .innerJoin('accounts', 'accounts.id', 'notification_preferences.account_id')
    .leftJoin('people', 'people.id', 'accounts.person_id')
    .select(['accounts.id', 'accounts.login', 'accounts.display_name', 'accounts.email', 'accounts.person_id', 'notification_preferences.digest_sections'])
    .where('notification_preferences.digest_enabled', '=', 1)
    .where('accounts.active', '=', 1).where((eb) => eb.or([eb('accounts.person_id', 'is', null), eb('people.active', '=', 1)]))
    .where('accounts.email', 'is not', null).where('accounts.email', '<>', '')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('digest_deliveries').select('digest_deliveries.id')
      .whereRef('digest_deliveries.account_id', '=', 'accounts.id').where('digest_deliveries.day', '=', day).where('digest_deliveries.status', '=', 'sent'))))
    .orderBy('accounts.login_key').execute();

  for (const account of accounts) {
    const email = account.email!;
    const grants = await grantsOf(db, account.id);
    const chosen = readJson<string[]>(account.digest_sections, []).filter(isDigestSection);
    const { input, today } = await readDigestInput(ctx, { id: account.id, login: account.login, personId: account.person_id, grants, chosen });
    const digest = composeDigest(input, today);
    if (!digest) { result.empty++; continue; }
    const mail = renderDigestMail(digest, { publicUrl: options.publicUrl, displayName: account.display_name });
    if (options.dryRun || !options.mailer) {
      result.wouldSend.push({ login: account.login, email, count: digest.count, subject: mail.subject });
      continue;
    }
    const claim = await claimDelivery(ctx, account.id, day, digest);
    if (!claim) { result.alreadyHandled++; continue; }
    try {
      await options.mailer.send({ to: email, ...mail });
    } catch (error) {
      const reason = mailError(error);
      await db.updateTable('digest_deliveries').set({ status: 'failed', error: reason }).where('id', '=', claim).where('status', '=', 'sending').execute();
      result.failed.push({ login: account.login, error: reason });
      continue;
    }
    await db.updateTable('digest_deliveries').set({ status: 'sent', sent_at: ctx.now().toISOString(), error: null }).where('id', '=', claim).execute();
    result.sent.push({ login: account.login, email, count: digest.count });
  }
  return result;
}

/**
 * Claims the account's digest of `day` in one transaction: a new row, or a failed (or long-abandoned) one taken again.
 * The unique (account, day) key and the conditional update decide between processes; the id of the claimed row, or
 * null when another process has it or it was sent.
 */
async function claimDelivery(ctx: Context, accountId: string, day: string, digest: Digest): Promise<string | null> {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const staleBefore = new Date(now.getTime() - STALE_DIGEST_CLAIM_MS).toISOString();
  try {
    return await ctx.database.db.transaction().execute(async (tx) => {
      const id = newId();
      const inserted = await tx.insertInto('digest_deliveries')
        .values({ id, account_id: accountId, day, status: 'sending', attempts: 1, item_count: digest.count, claimed_at: nowIso, sent_at: null, error: null })
        .onConflict((oc) => oc.columns(['account_id', 'day']).doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return id;
      const row = await tx.selectFrom('digest_deliveries').select('id').where('account_id', '=', accountId).where('day', '=', day).executeTakeFirst();
      if (!row) return null;
      const retaken = await tx.updateTable('digest_deliveries')
        .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), item_count: digest.count, claimed_at: nowIso, error: null }))
        .where('id', '=', row.id)
        .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', staleBefore)])]))
        .executeTakeFirst();
      return Number(retaken.numUpdatedRows) === 1 ? row.id : null;
    });
  } catch (error) {
    throw asAppError(error);
  }
}

/** What is kept and logged of a failed send: the SMTP server's reason, never the mail. */
function mailError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts = [typeof e.code === 'string' ? e.code : null, typeof e.responseCode === 'number' ? String(e.responseCode) : null, typeof e.message === 'string' ? e.message : String(error)];
  return parts.filter(Boolean).join(' ').replace(/\s+/g, ' ').slice(0, 300);
}
