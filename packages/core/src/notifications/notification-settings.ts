import { AppError, type DigestPreview, type NotificationSettings, type NotificationSettingsReplacement } from '@custodia/contracts';
import { DIGEST_SECTION_RULES, type DigestSectionKey, composeDigest, diffRecords, digestSectionsFor, isDigestSection, usablePermissions } from '@custodia/domain';
import { readBool, readJson, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, assertVersion, runChange } from '../shared/change.js';
import { constraintKind } from '../shared/db-errors.js';
import { grantsOf } from '../access/principal.js';
import { readDigestInput } from './digest-reads.js';

/** What the server tells the settings page about its mail: whether it sends any, and from which hour. */
export interface DigestServerInfo { mailConfigured: boolean; digestHour: number }

type Db = Context['database']['db'] | Tx;

/** The account's stored choice, or the default: off, every section its permissions give it. */
export async function digestChoice(db: Db, accountId: string, available: readonly DigestSectionKey[]) {
  const row = await db.selectFrom('notification_preferences').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  return row
    ? { digest: readBool(row.digest_enabled), sections: readJson<string[]>(row.digest_sections, []).filter(isDigestSection), version: Number(row.version), updatedAt: row.updated_at }
    : { digest: false, sections: [...available], version: 0, updatedAt: null };
}

async function accountOf(db: Db, accountId: string) {
  const account = await db.selectFrom('accounts').select(['id', 'login', 'email', 'person_id']).where('id', '=', accountId).executeTakeFirst();
  if (!account) throw new AppError('UNAUTHENTICATED', 'The account no longer exists');
  return account;
}

/** The signed-in account's digest settings, with what the server can do (mail configured, hour, zone). */
export async function getNotificationSettings(ctx: Context, accountId: string, server: DigestServerInfo): Promise<NotificationSettings> {
  const db = ctx.database.db;
  const account = await accountOf(db, accountId);
  const available = digestSectionsFor(usablePermissions(await grantsOf(db, accountId)));
  const choice = await digestChoice(db, accountId, available);
  const last = await db.selectFrom('digest_deliveries').select('day').where('account_id', '=', accountId).where('status', '=', 'sent').orderBy('day', 'desc').limit(1).executeTakeFirst();
  return {
    ...choice, availableSections: available.map((key) => ({ key, title: DIGEST_SECTION_RULES[key].title })),
    email: account.email, mailConfigured: server.mailConfigured, digestHour: server.digestHour, timeZone: ctx.timeZone, lastSentOn: last?.day ?? null,
  };
}

/**
 * Replaces the account's digest choice (If-Match: 0 while none is stored). Refused, with nothing written: switching
 * it on without an e-mail address on the account (422 DIGEST_NEEDS_EMAIL), on with no section, or a section the
 * account's permissions do not give it (422 VALIDATION_FAILED). The change is recorded in the account's history.
 */
export async function updateNotificationSettings(ctx: Context, accountId: string, expectedVersion: number, input: NotificationSettingsReplacement, server: DigestServerInfo): Promise<NotificationSettings> {
  try {
    await runChange(ctx, null, async (tx, nowIso) => {
      const account = await accountOf(tx, accountId);
      const available = digestSectionsFor(usablePermissions(await grantsOf(tx, accountId)));
      const before = await digestChoice(tx, accountId, available);
      assertVersion('notification settings', before.version, expectedVersion);
      const foreign = input.sections.filter((s) => !available.includes(s));
      if (foreign.length) {
        throw new AppError('VALIDATION_FAILED', `Your permissions do not give you the section${foreign.length > 1 ? 's' : ''} ${foreign.join(', ')}`, {
          errors: [{ field: 'sections', code: 'DIGEST_SECTION_NOT_AVAILABLE', message: `Not available to you: ${foreign.join(', ')}` }],
        });
      }
      if (input.digest && !input.sections.length) {
        throw new AppError('VALIDATION_FAILED', 'Choose at least one section of the digest', { errors: [{ field: 'sections', code: 'DIGEST_NO_SECTIONS', message: 'Choose at least one section' }] });
      }
      if (input.digest && !account.email) {
        throw new AppError('DIGEST_NEEDS_EMAIL', 'Add an e-mail address to your account first: the digest is sent there', { errors: [{ field: 'digest', code: 'DIGEST_NEEDS_EMAIL', message: 'Your account has no e-mail address' }] });
      }
      const sections = DIGEST_SECTIONS_IN_ORDER(input.sections);
      const changes = diffRecords({ digestEmail: before.digest, digestSections: before.sections }, { digestEmail: input.digest, digestSections: sections });
      if (!Object.keys(changes).length && before.version > 0) return { result: null, events: [] };
      const row = { digest_enabled: input.digest ? 1 : 0, digest_sections: writeJson(sections), updated_at: nowIso };
      if (before.version === 0) {
        await tx.insertInto('notification_preferences').values({ account_id: accountId, ...row, version: 1, created_at: nowIso }).execute();
      } else {
        const r = await tx.updateTable('notification_preferences').set({ ...row, version: expectedVersion + 1 })
          .where('account_id', '=', accountId).where('version', '=', expectedVersion).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new AppError('VERSION_MISMATCH', 'Your notification settings were changed meanwhile (in another window?)');
      }
      return { result: null, events: Object.keys(changes).length ? [{ entityType: 'account', entityId: accountId, action: 'update' as const, changes }] : [] };
    });
  } catch (error) {
    // Two first saves at once: the second finds the row the first inserted.
    if (constraintKind(error) === 'unique' || (error instanceof AppError && error.code === 'UNIQUE_VIOLATION')) {
      throw new AppError('VERSION_MISMATCH', 'Your notification settings were changed meanwhile (in another window?)');
    }
    throw error;
  }
  return getNotificationSettings(ctx, accountId, server);
}

/** Sections in the digest's own order, whatever order they were sent in. */
const DIGEST_SECTIONS_IN_ORDER = (sections: readonly DigestSectionKey[]): DigestSectionKey[] =>
  (Object.keys(DIGEST_SECTION_RULES) as DigestSectionKey[]).filter((s) => sections.includes(s));

/**
 * What today's digest of the account would hold with its current choice of sections (whether the digest is on or not),
 * read as the daily job reads it: empty sections means no mail would be sent.
 */
export async function previewDigest(ctx: Context, accountId: string): Promise<DigestPreview> {
  const db = ctx.database.db;
  const account = await accountOf(db, accountId);
  const grants = await grantsOf(db, accountId);
  const choice = await digestChoice(db, accountId, digestSectionsFor(usablePermissions(grants)));
  const { input, today } = await readDigestInput(ctx, { id: accountId, login: account.login, personId: account.person_id, grants, chosen: choice.sections });
  const digest = composeDigest(input, today);
  return digest ?? { day: today, count: 0, sections: [] };
}
