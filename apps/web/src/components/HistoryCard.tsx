import { Alert, Card, Loader, Title } from '@mantine/core';
import { useMemo } from 'react';
import { HistoryTimeline } from './HistoryTimeline';
import { OlderChanges } from './OlderChanges';
import { usePagedHistory } from '../use-paged-history';
import { grantText, plainHistoryRows } from '../history-rows';
import { useRecordNames } from '../reference';

/**
 * The history card of a record whose route is `path` (…/history): newest first, older changes a page away. Changes
 * named in `people` hold person ids, shown by the person's name; given `roles` (names by key), an account's grants
 * read as the role on its org unit.
 */
export function HistoryCard({ queryKey, path, enabled = true, people = [], roles }: { queryKey: readonly unknown[]; path: string; enabled?: boolean; people?: readonly string[]; roles?: Map<string, string> | undefined }) {
  const history = usePagedHistory(queryKey, path, enabled);
  const ids = useMemo(() => (history.events ?? []).flatMap((e) => people.flatMap((k) => [e.changes[k]?.before, e.changes[k]?.after]))
    .filter((v): v is string => typeof v === 'string'), [history.events, people]);
  const names = useRecordNames('people', ids);
  const unitIds = useMemo(() => (roles ? (history.events ?? []).flatMap((e) => [e.changes['grant']?.before, e.changes['grant']?.after])
    .map((g) => (g && typeof g === 'object' ? (g as { orgUnitId?: unknown }).orgUnitId : null)).filter((v): v is string => typeof v === 'string') : []), [history.events, roles]);
  const units = useRecordNames('org-units', unitIds);
  if (!enabled) return null;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">History</Title>
      {history.error && <Alert color="red" role="alert">The history could not be loaded.</Alert>}
      {history.events ? (
        <HistoryTimeline events={history.events} rowsOf={(e) => plainHistoryRows(e).map((r) => (people.includes(r.key)
          ? { ...r, label: r.label.replace(/ id$/i, ''), before: names.get(r.before) ?? r.before, after: names.get(r.after) ?? r.after }
          : roles && r.key === 'grant'
            ? { ...r, label: 'Role', before: e.changes['grant']?.before ? grantText(e.changes['grant'].before, roles, units) : '—', after: e.changes['grant']?.after ? grantText(e.changes['grant'].after, roles, units) : '—' }
            : r))} />
      ) : !history.error && <Loader size="sm" role="status" aria-label="Loading history" />}
      <OlderChanges history={history} />
    </Card>
  );
}
