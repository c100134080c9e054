import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import {
  DIGEST_ITEMS_PER_SECTION, DIGEST_SECTION_RULES, type DigestInput, type DigestRow, type DigestSectionKey, type Grant, type KeyDateRows, KEY_DATE_RULES, PLAN_STATUSES_TO_DO,
  digestDueBefore, digestSectionsFor, keyDateRule, scopeOf, usablePermissions,
} from '@custodia/domain';
import { type Tables, longReads, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { todayOf } from '../shared/today.js';
import { unitInScope } from '../shared/scope-sql.js';
import { equalsFolded, likeEscape, likeEscaped } from '../shared/search-sql.js';
import { inServiceStages, keyDateCondition } from '../shared/stage-kinds-sql.js';
import { type MonitoredDate, monitoredDateCondition, monitoredDatesOf } from '../shared/monitored-dates-sql.js';
import { attributeValue } from '../shared/data-quality-sql.js';
import { discrepancyInScope } from '../discovery/discrepancies.js';
import { assignedRows } from '../assets/my-assets.js';
import { dashboard } from '../reports/dashboard.js';

/** The account a digest is read for: who it is, what it holds, what it chose. */
export interface DigestAccount { id: string; login: string; personId: string | null; grants: readonly Grant[]; chosen: readonly DigestSectionKey[] }

/** The key dates the digest calls "coming up": each rule of the register that looks ahead. */
const COMING_UP = KEY_DATE_RULES.filter((r) => r.when === 'soon');

/**
 * Reads what one account's digest is made of on the organisation's today: each section it chose and holds the
 * permission for, within that permission's scope, by the very conditions of the list the section links to (the
 * discrepancy queue's scope, the audit plans', the register's key-date and monitored-date filters; the counts of the
 * register's lists are the dashboard's, which is kept per scope and day). Only the first rows of each list are read.
 */
export async function readDigestInput(ctx: Context, account: DigestAccount): Promise<{ input: DigestInput; today: string }> {
  const today = todayOf(ctx);
  const allowed = digestSectionsFor(usablePermissions(account.grants));
  const input: DigestInput = { chosen: account.chosen, allowed, login: account.login, personId: account.personId };
  const wanted = (key: DigestSectionKey) => account.chosen.includes(key) && allowed.includes(key);
  const scope = (key: DigestSectionKey) => scopeOf(account.grants, DIGEST_SECTION_RULES[key].permission);
  const db = ctx.database.db;

  if (wanted('discrepancies')) {
    const q = db.selectFrom('discrepancies').leftJoin('assets', 'assets.id', 'discrepancies.asset_id')
      .where(discrepancyInScope(scope('discrepancies'))).where('discrepancies.status', '=', 'open')
      .where((eb) => equalsFolded(eb, ctx.database.engine, 'discrepancies.owner', account.login))
      .where('discrepancies.due_on', 'is not', null).where('discrepancies.due_on', '<', digestDueBefore('discrepancies', today));
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = total === 0 ? [] : await q.select(['discrepancies.id', 'discrepancies.summary', 'discrepancies.due_on', 'assets.tag', 'assets.name'])
      .orderBy('discrepancies.due_on').orderBy('discrepancies.id').limit(DIGEST_ITEMS_PER_SECTION).execute();
    input.discrepancies = { total, rows: rows.map((r) => ({ id: r.id, tag: r.tag, name: r.name ?? r.summary, date: r.due_on! })) };
  }

  if (wanted('auditPlans')) {
    // Candidates: plans in scope still to do and due within the window whose assignees' text names the account (the
    // domain then checks each assignee exactly: a login that is part of another is not a match).
    const names = [account.login, ...(account.personId ? [account.personId] : [])];
    const rows = await db.selectFrom('audit_plans').select(['id', 'name', 'due_on', 'assignees'])
      .where((eb) => unitInScope(eb, 'audit_plans.scope_org_unit_id', scope('auditPlans')))
      .where('status', 'in', [...PLAN_STATUSES_TO_DO]).where('due_on', 'is not', null).where('due_on', '<', digestDueBefore('auditPlans', today))
      .where((eb) => eb.or(names.map((n) => likeEscaped(sql`cast(audit_plans.assignees as text)`, `%${likeEscape(JSON.stringify(n))}%`))))
      .orderBy('due_on').orderBy('id').execute();
    input.auditPlans = rows.map((r) => ({ id: r.id, tag: null, name: r.name, date: r.due_on!, assignees: readJson<string[]>(r.assignees, []) }));
  }

  const registerScope = scope('overdueLoans');
  const needsRegister = wanted('overdueLoans') || wanted('keyDates');
  const board = needsRegister ? await dashboard({ ...ctx, access: { ...ctx.access, scope: registerScope } }) : null;
  const inService = needsRegister ? await inServiceStages(db) : new Map<string, string[]>();
  const assets = longReads(ctx.database);
  /** The first assets of a register list, soonest date first. */
  const firstAssets = (cond: (eb: ExpressionBuilder<Tables, 'assets'>) => Expression<SqlBool>, date: RawBuilder<unknown> | 'assets.expected_return_date' | 'assets.warranty_end' | 'assets.eol_date') =>
    assets.selectFrom('assets').select((eb) => ['assets.id', 'assets.tag', 'assets.name', (typeof date === 'string' ? sql`${eb.ref(date)}` : date).as('date')])
      .where((eb) => unitInScope(eb, 'assets.owner_org_unit_id', registerScope)).where(cond)
      .orderBy(sql.ref('date')).orderBy('assets.tag_key').limit(DIGEST_ITEMS_PER_SECTION).execute()
      .then((rows) => rows.map((r): DigestRow => ({ id: r.id, tag: r.tag, name: r.name, date: String(r.date) })));

  if (wanted('overdueLoans') && board) {
    const rule = keyDateRule('return_overdue');
    const total = board.keyDates.find((k) => k.key === rule.key)?.count ?? 0;
    input.overdueLoans = { total, rows: total ? await firstAssets((eb) => keyDateCondition(eb, rule, today, inService), 'assets.expected_return_date') : [] };
  }

  if (wanted('keyDates') && board) {
    const lists: KeyDateRows[] = [];
    for (const rule of COMING_UP) {
      const total = board.keyDates.find((k) => k.key === rule.key)?.count ?? 0;
      lists.push({ label: rule.label, filter: `keyDate=${rule.key}`, total, rows: total ? await firstAssets((eb) => keyDateCondition(eb, rule, today, inService), `assets.${rule.field}`) : [] });
    }
    const monitored = await monitoredDatesOf(db);
    for (const d of monitored) {
      const total = board.monitoredDates.find((m) => m.assetTypeId === d.typeId && m.fieldKey === d.field.key)?.soon ?? 0;
      lists.push({ label: `${d.field.label} (${d.typeName})`, filter: `monitoredDate=${encodeURIComponent(`${d.typeKey}.${d.field.key}.soon`)}`, total, rows: total ? await firstMonitored(d) : [] });
    }
    input.keyDates = lists;
  }
  async function firstMonitored(d: MonitoredDate): Promise<DigestRow[]> {
    return firstAssets((eb) => monitoredDateCondition(eb, ctx.database.engine, d, 'soon', today, inService), attributeValue(ctx.database.engine, d.field.key));
  }

  if (wanted('myOverdueReturns')) {
    const mine = account.personId ? await assignedRows(db, account.personId) : [];
    input.myAssignments = mine.map((r) => ({ id: r.id, tag: r.tag, name: r.name, date: r.expected_return_date }));
  }
  return { input, today };
}
