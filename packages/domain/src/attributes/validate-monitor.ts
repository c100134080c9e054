import { type FieldDefinition, MONITOR_LEAD_DAYS_MAX } from './field-types.js';
import type { Violation } from '../verdict.js';

/**
 * The monitors of a schema's fields: only on a date (the rules compare calendar dates), never on a sensitive field
 * (stored only encrypted, the register could not compare it), a label people can read and a lead of 1 to
 * `MONITOR_LEAD_DAYS_MAX` whole days, and no two monitors of one type labelled alike (the dashboard could not tell them
 * apart).
 */
export function monitorViolations(schema: readonly FieldDefinition[]): Violation[] {
  const violations: Violation[] = [];
  const labels = new Map<string, string>();
  schema.forEach((f, i) => {
    if (f.monitor === undefined) return;
    const at = `attributeSchema[${i}]`;
    const { label, leadDays } = f.monitor;
    if (f.type !== 'date') violations.push({ code: 'SCHEMA_MONITOR_NOT_ALLOWED', field: at, message: `"${f.key}": only date fields can be monitored` });
    if (f.sensitive) violations.push({ code: 'SCHEMA_SENSITIVE_NOT_MONITORED', field: at, message: `"${f.key}" cannot be both sensitive and monitored` });
    if (!Number.isInteger(leadDays) || leadDays < 1 || leadDays > MONITOR_LEAD_DAYS_MAX) {
      violations.push({ code: 'SCHEMA_INVALID_MONITOR', field: at, message: `"${f.key}": the lead must be a whole number of days from 1 to ${MONITOR_LEAD_DAYS_MAX}` });
    }
    if (typeof label !== 'string' || label.trim() === '' || label.length > 200) {
      violations.push({ code: 'SCHEMA_INVALID_MONITOR', field: at, message: `"${f.key}": the monitored date needs a label of at most 200 characters` });
      return;
    }
    const other = labels.get(label.trim());
    if (other !== undefined) violations.push({ code: 'SCHEMA_DUPLICATE_MONITOR_LABEL', field: at, message: `"${other}" and "${f.key}" are both monitored as "${label.trim()}"` });
    labels.set(label.trim(), f.key);
  });
  return violations;
}
