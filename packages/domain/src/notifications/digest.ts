import type { Permission } from '../access/permissions.js';
import { addDays, zoneOffsetMs } from '../register/dates.js';

/**
 * The daily attention digest (ITAM practice: monitoring and controls, workflow automation, report distribution): one
 * e-mail a day telling an account what needs it, without opening the app. Its sections are data; each is shown only to
 * an account holding its permission, counted within that permission's scope as the list it links to is. This module
 * composes a digest from what was read for one account on one day; it reads nothing and knows no clock.
 */

export const DIGEST_SECTIONS = ['discrepancies', 'auditPlans', 'overdueLoans', 'keyDates', 'myOverdueReturns'] as const;
export type DigestSectionKey = (typeof DIGEST_SECTIONS)[number];

/** Each section, with the permission it needs and its title in the mail and on the settings page. */
export const DIGEST_SECTION_RULES: Readonly<Record<DigestSectionKey, { permission: Permission; title: string }>> = {
  discrepancies: { permission: 'discovery.read', title: 'Discrepancies you own, overdue or due within 3 days' },
  auditPlans: { permission: 'audits.read', title: 'Audits assigned to you, overdue or due within 7 days' },
  overdueLoans: { permission: 'assets.read', title: 'Loans past their expected return date' },
  keyDates: { permission: 'assets.read', title: 'Warranties, ends of life and monitored dates coming up' },
  myOverdueReturns: { permission: 'self.assets', title: 'Assets you should have given back' },
};

/** How far ahead a discrepancy's due date counts (today and the next 3 days), and an audit plan's. */
export const DISCREPANCY_DUE_WITHIN_DAYS = 3;
export const AUDIT_PLAN_DUE_WITHIN_DAYS = 7;
/** Items listed per section; the count and the link to the full list give the rest. */
export const DIGEST_ITEMS_PER_SECTION = 10;
/** Hour of the organisation's day from which the digest goes out (CUSTODIA_DIGEST_HOUR). */
export const DEFAULT_DIGEST_HOUR = 7;

export const isDigestSection = (value: string): value is DigestSectionKey => (DIGEST_SECTIONS as readonly string[]).includes(value);

/** The sections an account may receive: those whose permission it can use somewhere. */
export const digestSectionsFor = (usable: ReadonlySet<Permission>): DigestSectionKey[] =>
  DIGEST_SECTIONS.filter((s) => usable.has(DIGEST_SECTION_RULES[s].permission));

/** Exclusive upper bound of the due dates a section with a look-ahead lists on `today` (overdue ones included). */
export const digestDueBefore = (section: 'discrepancies' | 'auditPlans', today: string): string =>
  addDays(today, (section === 'discrepancies' ? DISCREPANCY_DUE_WITHIN_DAYS : AUDIT_PLAN_DUE_WITHIN_DAYS) + 1);

/** The hour of the day at `instant` in `timeZone` (0–23). */
export function hourOf(instant: Date, timeZone: string): number {
  return new Date(instant.getTime() + (timeZone === 'UTC' ? 0 : zoneOffsetMs(instant, timeZone))).getUTCHours();
}

/** Whether the digest may go out at `instant`: from `digestHour` of the organisation's day on (once a day is the store's rule). */
export const digestHourReached = (instant: Date, timeZone: string, digestHour: number): boolean => hourOf(instant, timeZone) >= digestHour;

/** An asset, a discrepancy or a plan the digest names, with the date that makes it due. */
export interface DigestRow { id: string; tag: string | null; name: string; date: string }
/** A list the database counted (`total`) of which it read the first rows (`rows`, soonest date first). */
export interface CountedRows { total: number; rows: readonly DigestRow[] }
/** A key-date list: the rule's label and the register's filter that shows all of it. */
export interface KeyDateRows extends CountedRows { label: string; filter: string }

/** What was read for one account, each part only when the account holds its permission (absent otherwise). */
export interface DigestInput {
  /** The sections the account chose. */
  chosen: readonly DigestSectionKey[];
  /** The sections whose permission the account holds (`digestSectionsFor`). */
  allowed: readonly DigestSectionKey[];
  /** Open discrepancies in scope owned by the account, due before `digestDueBefore('discrepancies')`. */
  discrepancies?: CountedRows;
  /** Plans in scope still to do and due before `digestDueBefore('auditPlans')`, with their assignees (logins or person ids). */
  auditPlans?: readonly (DigestRow & { assignees: readonly string[] })[];
  /** The register's `keyDate=return_overdue` in scope. */
  overdueLoans?: CountedRows;
  /** The register's coming-up key dates and monitored dates in scope, one list each. */
  keyDates?: readonly KeyDateRows[];
  /** The account's person's current assignments, with their expected return dates. */
  myAssignments?: readonly (Omit<DigestRow, 'date'> & { date: string | null })[];
  /** Who the account is: a plan names its assignees by login or person id. */
  login: string;
  personId: string | null;
}

export interface DigestItem { id: string; tag: string | null; name: string; date: string; overdue: boolean; path: string }
export interface DigestList { label: string; path: string; count: number }
export interface DigestSection { key: DigestSectionKey; title: string; count: number; items: DigestItem[]; lists: DigestList[] }
export interface Digest { day: string; count: number; sections: DigestSection[] }

const bySoonest = (a: DigestRow, b: DigestRow) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.tag ?? a.name) < (b.tag ?? b.name) ? -1 : (a.tag ?? a.name) > (b.tag ?? b.name) ? 1 : 0);

function itemsOf(rows: readonly DigestRow[], today: string, path: (r: DigestRow) => string): DigestItem[] {
  return [...rows].sort(bySoonest).slice(0, DIGEST_ITEMS_PER_SECTION).map((r) => ({ id: r.id, tag: r.tag, name: r.name, date: r.date, overdue: r.date < today, path: path(r) }));
}

const assetPath = (r: DigestRow) => `/assets/${encodeURIComponent(r.id)}`;

/**
 * The digest of one account on `today` (the organisation's date): the sections it chose and may see, each with its
 * count, its first items (soonest date first, overdue before due) with links into the web app, and the link to the
 * full list; empty sections are left out, and a digest with none is `null`: no mail is sent for nothing.
 */
export function composeDigest(input: DigestInput, today: string): Digest | null {
  const wanted = (key: DigestSectionKey) => input.chosen.includes(key) && input.allowed.includes(key);
  const sections: DigestSection[] = [];
  const add = (key: DigestSectionKey, count: number, items: DigestItem[], lists: DigestList[]) => {
    if (count > 0) sections.push({ key, title: DIGEST_SECTION_RULES[key].title, count, items, lists });
  };
  if (wanted('discrepancies') && input.discrepancies) {
    const rows = input.discrepancies.rows.filter((r) => r.date < digestDueBefore('discrepancies', today));
    add('discrepancies', input.discrepancies.total, itemsOf(rows, today, (r) => `/discrepancies?item=${encodeURIComponent(r.id)}`),
      [{ label: 'The discrepancy queue', path: '/discrepancies?status=open', count: input.discrepancies.total }]);
  }
  if (wanted('auditPlans') && input.auditPlans) {
    const mine = input.auditPlans.filter((p) => p.date < digestDueBefore('auditPlans', today)
      && p.assignees.some((a) => a === input.login || (input.personId !== null && a === input.personId)));
    add('auditPlans', mine.length, itemsOf(mine, today, (r) => `/audits/${encodeURIComponent(r.id)}`),
      [{ label: 'Audit plans, soonest due first', path: '/audits?sort=dueOn', count: mine.length }]);
  }
  if (wanted('overdueLoans') && input.overdueLoans) {
    const rows = input.overdueLoans.rows.filter((r) => r.date < today);
    add('overdueLoans', input.overdueLoans.total, itemsOf(rows, today, assetPath),
      [{ label: 'Overdue returns in the register', path: '/assets?keyDate=return_overdue', count: input.overdueLoans.total }]);
  }
  if (wanted('keyDates') && input.keyDates) {
    const lists = input.keyDates.filter((l) => l.total > 0);
    const rows = lists.flatMap((l) => l.rows.filter((r) => r.date >= today));
    add('keyDates', lists.reduce((n, l) => n + l.total, 0), itemsOf(rows, today, assetPath),
      lists.map((l) => ({ label: l.label, path: `/assets?${l.filter}`, count: l.total })));
  }
  if (wanted('myOverdueReturns') && input.myAssignments) {
    const late = input.myAssignments.filter((a): a is DigestRow => a.date !== null && a.date < today);
    add('myOverdueReturns', late.length, itemsOf(late, today, () => '/me'), [{ label: 'My assets', path: '/me', count: late.length }]);
  }
  if (!sections.length) return null;
  return { day: today, count: sections.reduce((n, s) => n + s.count, 0), sections };
}

/** The mail's subject line. */
export const digestSubject = (digest: Digest): string =>
  `Custodia: ${digest.count} ${digest.count === 1 ? 'item needs' : 'items need'} your attention (${digest.day})`;
