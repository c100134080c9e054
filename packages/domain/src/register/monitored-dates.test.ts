import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../attributes/field-types.js';
import {
  type MonitoredDateSubject, dueMonitoredDates, monitoredDateFilter, monitoredDateRange, monitoredDateWhen, monitoredFields, parseMonitoredDateFilter,
} from './monitored-dates.js';

const today = '2026-11-29';
const schema: FieldDefinition[] = [
  { key: 'product', label: 'Product', type: 'text' },
  { key: 'lease_end', label: 'Lease end', type: 'date', monitor: { label: 'Lease ends', leadDays: 30 } },
  { key: 'bought_on', label: 'Bought on', type: 'date' },
  { key: 'support_end', label: 'End of support', type: 'date', monitor: { label: 'Support ends', leadDays: 1 } },
];
const asset = (attributes: Record<string, unknown>, stageKind = 'in_use'): MonitoredDateSubject => ({ stageKind, attributes });

describe('monitored dates', () => {
  it('are the date fields of the schema with a monitor, in its order', () => {
    expect(monitoredFields(schema)).toEqual([
      { key: 'lease_end', fieldLabel: 'Lease end', label: 'Lease ends', leadDays: 30 },
      { key: 'support_end', fieldLabel: 'End of support', label: 'Support ends', leadDays: 1 },
    ]);
    // A monitor the schema validation would refuse is never applied.
    expect(monitoredFields([{ key: 'seats', label: 'Seats', type: 'integer', monitor: { label: 'Seats', leadDays: 5 } }])).toEqual([]);
    expect(monitoredFields([{ key: 'secret_end', label: 'Secret end', type: 'date', sensitive: true, monitor: { label: 'Secret', leadDays: 5 } }])).toEqual([]);
  });

  it('coming up: from today to leadDays ahead, both days included; passed: from the day after', () => {
    const lead = 30; // 2026-11-29 + 30 = 2026-12-29
    expect(monitoredDateRange('soon', lead, today)).toEqual({ from: today, until: '2026-12-30' });
    expect(monitoredDateRange('passed', lead, today)).toEqual({ from: null, until: today });
    expect(monitoredDateWhen('2026-11-28', lead, today)).toBe('passed');
    expect(monitoredDateWhen('2020-01-01', lead, today)).toBe('passed');
    expect(monitoredDateWhen(today, lead, today)).toBe('soon');
    expect(monitoredDateWhen('2026-11-30', lead, today)).toBe('soon');
    expect(monitoredDateWhen('2026-12-29', lead, today)).toBe('soon');
    expect(monitoredDateWhen('2026-12-30', lead, today)).toBeNull();
    expect(monitoredDateWhen('2030-01-01', lead, today)).toBeNull();
  });

  it('a lead of one day: today and tomorrow', () => {
    expect(monitoredDateWhen(today, 1, today)).toBe('soon');
    expect(monitoredDateWhen('2026-11-30', 1, today)).toBe('soon');
    expect(monitoredDateWhen('2026-12-01', 1, today)).toBeNull();
  });

  it('the longest lead crosses years and a leap day', () => {
    expect(monitoredDateRange('soon', 730, '2027-03-01').until).toBe('2029-03-01');
    expect(monitoredDateWhen('2029-02-28', 730, '2027-03-01')).toBe('soon');
    expect(monitoredDateWhen('2029-03-01', 730, '2027-03-01')).toBeNull();
  });

  it.each([null, undefined, '', 20261201, '29/11/2026', '2026-11-29T00:00:00Z', { date: today }])('a value that is not a date text (%j) is neither', (value) => {
    expect(monitoredDateWhen(value, 30, today)).toBeNull();
  });

  it('of an asset: only in service, each monitored date on its own lead', () => {
    const attributes = { product: 'Office', lease_end: '2026-12-29', bought_on: '2020-01-01', support_end: '2026-11-28' };
    expect(dueMonitoredDates(schema, asset(attributes), today)).toEqual([
      { key: 'lease_end', fieldLabel: 'Lease end', label: 'Lease ends', leadDays: 30, date: '2026-12-29', when: 'soon' },
      { key: 'support_end', fieldLabel: 'End of support', label: 'Support ends', leadDays: 1, date: '2026-11-28', when: 'passed' },
    ]);
    for (const kind of ['in_use', 'available', 'maintenance']) expect(dueMonitoredDates(schema, asset(attributes, kind), today), kind).toHaveLength(2);
    for (const kind of ['planned', 'ordered', 'retired', 'hold', 'missing', 'lost', 'disposed']) expect(dueMonitoredDates(schema, asset(attributes, kind), today), kind).toEqual([]);
    expect(dueMonitoredDates(schema, asset({ lease_end: '2026-12-30' }), today)).toEqual([]);
    expect(dueMonitoredDates(schema, asset({}), today)).toEqual([]);
  });

  it('the register filter names a type, a field and soon or passed', () => {
    expect(parseMonitoredDateFilter('software_licence.expires_on.soon')).toEqual({ typeKey: 'software_licence', fieldKey: 'expires_on', when: 'soon' });
    expect(monitoredDateFilter({ typeKey: 'saas_subscription', fieldKey: 'renewal_date', when: 'passed' })).toBe('saas_subscription.renewal_date.passed');
    for (const bad of ['', 'software_licence.expires_on', 'software_licence.expires_on.later', 'Software.expires_on.soon', 'a.b.c.soon', 'a..soon', '.b.soon', 'a.b.soon ']) {
      expect(parseMonitoredDateFilter(bad), bad).toBeNull();
    }
  });
});
