import { Alert, Card, Loader, Title } from '@mantine/core';
import { useMemo } from 'react';
import { HistoryTimeline } from './HistoryTimeline';
import { OlderChanges } from './OlderChanges';
import { usePagedHistory } from '../use-paged-history';
import { plainHistoryRows } from '../history-rows';
import { useRecordNames } from '../reference';

/**
 * The history card of a record whose route is `path` (…/history): newest first, older changes a page away. Changes
 * named in `people` hold person ids, shown by the person's name.
 */
export function HistoryCard({ queryKey, path, enabled = true, people = [] }: { queryKey: readonly unknown[]; path: string; enabled?: boolean; people?: readonly string[] }) {
  const history = usePagedHistory(queryKey, path, enabled);
  const ids = useMemo(() => (history.events ?? []).flatMap((e) => people.flatMap((k) => [e.changes[k]?.before, e.changes[k]?.after]))
    .filter((v): v is string => typeof v === 'string'), [history.events, people]);
  const names = useRecordNames('people', ids);
  if (!enabled) return null;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">History</Title>
      {history.error && <Alert color="red" role="alert">The history could not be loaded.</Alert>}
      {history.events ? (
        <HistoryTimeline events={history.events} rowsOf={(e) => plainHistoryRows(e).map((r) => (people.includes(r.key)
          ? { ...r, label: r.label.replace(/ id$/i, ''), before: names.get(r.before) ?? r.before, after: names.get(r.after) ?? r.after }
          : r))} />
      ) : !history.error && <Loader size="sm" role="status" aria-label="Loading history" />}
      <OlderChanges history={history} />
    </Card>
  );
}
