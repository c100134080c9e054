import type { FieldDefinition } from '../attributes/field-types.js';
import { addDays } from './dates.js';
import { IN_SERVICE_KINDS } from './key-dates.js';

/**
 * Monitored dates (ITAM practice guide, Table 2.2: the dates to be monitored at each stage — end of leasing, renewal,
 * licence expiration, end of support, agreed upgrade, end of loan…): the date attributes an asset type marks as
 * monitored (`FieldDefinition.monitor`). An asset's monitored date is *coming up* from `leadDays` days before it to the
 * day itself, and *passed* from the day after — like the key dates (`key-dates.ts`), only for assets in service: an
 * asset retired or still planned needs no action on it. The dashboard counts them and the register filters on them
 * (`monitoredDate=<type key>.<field key>.<soon|passed>`) with these definitions; `monitoredDateRange` gives the SQL its
 * bounds.
 */

export const MONITORED_WHEN = ['soon', 'passed'] as const;
export type MonitoredWhen = (typeof MONITORED_WHEN)[number];

/** A monitored date attribute of a type: the field's key and label, and what its monitor says. */
export interface MonitoredField { key: string; fieldLabel: string; label: string; leadDays: number }

/** The date attributes of a schema that are monitored, in the schema's order. */
export function monitoredFields(schema: readonly FieldDefinition[]): MonitoredField[] {
  return schema.filter((f) => f.type === 'date' && f.monitor && !f.sensitive)
    .map((f) => ({ key: f.key, fieldLabel: f.label, label: f.monitor!.label, leadDays: f.monitor!.leadDays }));
}

/** The dates a monitored date must lie in on `today`: `from` (inclusive, or none) up to `until` (exclusive). */
export function monitoredDateRange(when: MonitoredWhen, leadDays: number, today: string): { from: string | null; until: string } {
  return when === 'passed' ? { from: null, until: today } : { from: today, until: addDays(today, leadDays + 1) };
}

/**
 * A stored value the rules read as a date: YYYY-MM-DD text, compared as text (the SQL reads it the same way, so a value
 * left from before the field was a date is never counted).
 */
export const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a value is coming up (`soon`), passed, or neither on `today`, for a monitor of `leadDays`. */
export function monitoredDateWhen(value: unknown, leadDays: number, today: string): MonitoredWhen | null {
  if (typeof value !== 'string' || !DATE_TEXT.test(value)) return null;
  for (const when of MONITORED_WHEN) {
    const { from, until } = monitoredDateRange(when, leadDays, today);
    if ((from === null || value >= from) && value < until) return when;
  }
  return null;
}

export interface MonitoredDateSubject {
  /** The kind of the asset's stage in its own lifecycle model version. */
  stageKind: string;
  attributes: Record<string, unknown>;
}

export interface DueMonitoredDate extends MonitoredField { date: string; when: MonitoredWhen }

/** The monitored dates of an asset (its type's `schema`) that are coming up or passed on `today`. */
export function dueMonitoredDates(schema: readonly FieldDefinition[], asset: MonitoredDateSubject, today: string): DueMonitoredDate[] {
  if (!IN_SERVICE_KINDS.includes(asset.stageKind)) return [];
  return monitoredFields(schema).flatMap((f) => {
    const date = asset.attributes[f.key];
    const when = monitoredDateWhen(date, f.leadDays, today);
    return when ? [{ ...f, date: date as string, when }] : [];
  });
}

/** The register's filter value: `<asset type key>.<field key>.<soon|passed>` (keys are snake_case, so never hold a dot). */
export const MONITORED_DATE_FILTER = /^([a-z][a-z0-9_]{0,62})\.([a-z][a-z0-9_]{0,62})\.(soon|passed)$/;

export interface MonitoredDateFilter { typeKey: string; fieldKey: string; when: MonitoredWhen }

export function parseMonitoredDateFilter(text: string): MonitoredDateFilter | null {
  const m = MONITORED_DATE_FILTER.exec(text);
  return m ? { typeKey: m[1]!, fieldKey: m[2]!, when: m[3] as MonitoredWhen } : null;
}

export const monitoredDateFilter = (f: MonitoredDateFilter): string => `${f.typeKey}.${f.fieldKey}.${f.when}`;
