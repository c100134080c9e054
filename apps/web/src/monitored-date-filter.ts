import { useMemo } from 'react';
import { type MonitoredDateFilter, parseMonitoredDateFilter } from '@custodia/domain';
import type { AssetType, FieldDefinition } from './api';

/**
 * The register's monitored-date filter (`monitoredDate=<type key>.<field key>.<soon|passed>`) as people read it: the
 * date's monitor label, its type and the condition. Until the types are known, or for a filter naming what no type
 * monitors (the server answers 400), the value itself is shown so the filter can still be removed.
 */
export function useMonitoredDateFilter(value: string | undefined, types: AssetType[] | undefined) {
  return useMemo(() => {
    if (!value) return null;
    const filter = parseMonitoredDateFilter(value);
    const type = filter ? types?.find((t) => t.key === filter.typeKey) : undefined;
    const field = filter ? type?.attributeSchema.find((f) => f.key === filter.fieldKey && f.type === 'date' && f.monitor) : undefined;
    return { filter: filter ?? ({ typeKey: '', fieldKey: '', when: 'soon' } as MonitoredDateFilter), field: field ?? null, description: describe(value, filter, type, field) };
  }, [value, types]);
}

function describe(value: string, filter: MonitoredDateFilter | null, type: AssetType | undefined, field: FieldDefinition | undefined): string {
  if (!filter || !type || !field?.monitor) return `Monitored date ${value}`;
  const when = filter.when === 'soon' ? `coming up within ${field.monitor.leadDays} days` : 'passed';
  return `${field.monitor.label} (${type.name}): ${when}`;
}
