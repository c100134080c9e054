import { addDays } from './dates.js';

/**
 * Key dates (ITAM practice: monitoring of key dates across the lifecycle): the dates on an asset that call for action
 * before or when they pass. Each check is data; the dashboard counts them and the register filters on them with the
 * same definitions (`keyDateRange` gives the SQL its bounds, `matchesKeyDate` is the rule itself).
 */

/** How far ahead "ending soon" looks, in days. */
export const KEY_DATE_WINDOW_DAYS = 90;

/** Stage kinds in which an asset is in service: an expired warranty or end of life there still needs a decision. */
export const IN_SERVICE_KINDS: readonly string[] = ['in_use', 'available', 'maintenance'];

export type KeyDateField = 'expected_return_date' | 'warranty_end' | 'eol_date';

export interface KeyDateRule {
  key: string;
  label: string;
  /** The asset's date the rule looks at. */
  field: KeyDateField;
  /** `passed`: the date is before today; `soon`: it is today or within the window. */
  when: 'passed' | 'soon';
  /** Which assets the rule is about: those assigned to someone, or those in service. */
  applies: 'assigned' | 'in_service';
}

export const KEY_DATE_RULES = [
  { key: 'return_overdue', label: 'Return overdue', field: 'expected_return_date', when: 'passed', applies: 'assigned' },
  { key: 'warranty_ending', label: `Warranty ends within ${KEY_DATE_WINDOW_DAYS} days`, field: 'warranty_end', when: 'soon', applies: 'in_service' },
  { key: 'end_of_life_soon', label: `End of life within ${KEY_DATE_WINDOW_DAYS} days`, field: 'eol_date', when: 'soon', applies: 'in_service' },
  { key: 'end_of_life_passed', label: 'Past end of life, still in service', field: 'eol_date', when: 'passed', applies: 'in_service' },
] as const satisfies readonly KeyDateRule[];

export type KeyDateKey = (typeof KEY_DATE_RULES)[number]['key'];
export const KEY_DATE_KEYS = KEY_DATE_RULES.map((r) => r.key) as [KeyDateKey, ...KeyDateKey[]];

export const keyDateRule = (key: KeyDateKey): KeyDateRule => KEY_DATE_RULES.find((r) => r.key === key)!;

/** The dates a rule's date must lie in on `today` (YYYY-MM-DD): `from` (inclusive, or none) up to `until` (exclusive). */
export function keyDateRange(rule: KeyDateRule, today: string): { from: string | null; until: string } {
  return rule.when === 'passed' ? { from: null, until: today } : { from: today, until: addDays(today, KEY_DATE_WINDOW_DAYS + 1) };
}

export interface KeyDateSubject {
  assignedPersonId: string | null;
  /** The kind of the asset's stage in its own lifecycle model version. */
  stageKind: string;
  expectedReturnDate: string | null;
  warrantyEnd: string | null;
  eolDate: string | null;
}

const FIELD_OF: Record<KeyDateField, keyof KeyDateSubject> = { expected_return_date: 'expectedReturnDate', warranty_end: 'warrantyEnd', eol_date: 'eolDate' };

/** Whether the rule holds for the asset on `today`. */
export function matchesKeyDate(rule: KeyDateRule, asset: KeyDateSubject, today: string): boolean {
  if (rule.applies === 'assigned' ? asset.assignedPersonId === null : !IN_SERVICE_KINDS.includes(asset.stageKind)) return false;
  const date = asset[FIELD_OF[rule.field]] as string | null;
  if (!date) return false;
  const { from, until } = keyDateRange(rule, today);
  return (from === null || date >= from) && date < until;
}
