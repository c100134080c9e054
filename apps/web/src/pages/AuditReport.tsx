import { Alert, Anchor, Badge, Button, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, type Page, get, query } from '../api';
import { type Attachment, attachmentsPath } from '../attachments';
import { errorText } from '../access';
import { calendarDate, dateTime } from '../dates';
import { type AuditReport, RESULT, RUN_STATUS, personAssignees, runSampleText } from '../audits';
import { Detail } from '../components/Detail';
import { useScopeText } from './Audits';
import { useNamesById } from '../lookups';
import { useDownload } from '../use-download';

import './print.css';

type ReportItem = AuditReport['items'][number];

/**
 * Where the register has an item, as the server names places ("Stockroom · Berlin Mitte"): where the run expected it,
 * or, for an asset it did not expect, where the register places it (an asset outside the reader's scope, or a tag the
 * register does not know, says nothing).
 */
function expectedAt(i: ReportItem): string {
  if (i.expected) return i.expectedLocation ?? 'No location';
  if (!i.assetId) return '—';
  return i.registeredLocation ? `Registered at ${i.registeredLocation}` : 'Registered without a location';
}

/** Items read a page at a time: a run over a large site holds thousands. */
const PAGE_SIZE = 200;

/**
 * The report of an audit run (Table 3.6 "Compose and communicate verification and audit reports"), laid out to be
 * printed: the plan, the counts, and its items with their results, findings first — a page of them at first, more on
 * request, and all of them before printing (the printout is the whole report). The CSV holds the same rows.
 */
export function AuditReportPage() {
  const { id = '' } = useParams();
  const report = useInfiniteQuery({
    queryKey: ['audit-report', id],
    queryFn: ({ pageParam }) => get<AuditReport>(`/api/v1/audit-runs/${id}/report${query({ limit: PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
  const items = useMemo(() => report.data?.pages.flatMap((p) => p.items) ?? [], [report.data]);
  // Print asked for: the remaining pages are read first, then the browser prints once they are on the page. A page
  // that cannot be read stops it: nothing is printed, the failure shows under the items, and Print may be pressed again.
  const [printing, setPrinting] = useState(false);
  const [readyToPrint, setReadyToPrint] = useState(false);
  const { hasNextPage, fetchNextPage } = report;
  const print = async () => {
    setPrinting(true);
    try {
      for (let more = hasNextPage; more;) {
        const read = await fetchNextPage();
        if (read.isError) return;
        more = read.hasNextPage;
      }
      setReadyToPrint(true);
    } finally {
      setPrinting(false);
    }
  };
  useEffect(() => {
    if (!readyToPrint) return;
    setReadyToPrint(false);
    window.print();
  }, [readyToPrint]);
  // The evidence kept with the run (signed count sheets, photos), named in the report so a reader knows it exists.
  const evidence = useQuery({ queryKey: ['attachments', id, false], queryFn: () => get<Page<Attachment>>(`${attachmentsPath({ kind: 'audit_run', id })}?limit=100`), retry: false });
  const scopeText = useScopeText();
  // Assignees are account logins or person ids: a person is named.
  const personNames = useNamesById('people', personAssignees(report.data?.pages[0]?.plan.assignees ?? []));
  const download = useDownload();

  if (report.isLoading) return <Loader role="status" aria-label="Loading the report" />;
  if (report.error && !report.data) {
    const e = report.error;
    return <Alert color="red" role="alert" title="Report not available">{e instanceof ApiError && e.status === 404 ? 'There is no such audit run, or it is outside what your role lets you see.' : errorText(e)}</Alert>;
  }
  if (!report.data?.pages[0]) return null;
  const { plan, run, total } = report.data.pages[0];
  const c = run.counts;
  const figures: [string, number][] = [
    ['Expected', c.expected], ['Found', c.found], ['Found elsewhere', c.wrongLocation], ['Not expected', c.unexpected],
    [run.status === 'closed' ? 'Missing' : 'Not found yet', run.status === 'closed' ? c.missing : c.pending],
  ];

  return (
    <Stack className="printable" maw={1000}>
      <Group justify="space-between" className="no-print">
        <Anchor component={Link} to={`/audit-runs/${run.id}`} size="sm">← Back to the run</Anchor>
        <Group gap="xs">
          <Button variant="default" onClick={() => void download(`/api/v1/audit-runs/${run.id}/report.csv`, `audit-${run.id}.csv`, 'Audit report (CSV)')}>Download CSV</Button>
          <Button loading={printing} onClick={() => void print()}>Print</Button>
        </Group>
      </Group>
      <div>
        <Title order={1} size="h2">Audit report: {plan.name}</Title>
        <Group gap="xs"><Badge variant="light" color={RUN_STATUS[run.status].color}>{RUN_STATUS[run.status].label}</Badge>{run.status === 'in_progress' && <Text size="sm" c="dimmed">Interim report: the run is still open.</Text>}</Group>
      </div>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        <Detail label="Scope">{scopeText(plan) || '—'}</Detail>
        <Detail label="Method">{plan.method === 'scan' ? 'Scanned labels' : 'Checked by hand'}</Detail>
        <Detail label="Due on">{calendarDate(plan.dueOn)}</Detail>
        <Detail label="Started">{dateTime(run.startedAt)} by {run.startedBy}</Detail>
        <Detail label="Closed">{run.closedAt ? `${dateTime(run.closedAt)} by ${run.closedBy}` : 'Not yet'}</Detail>
        <Detail label="Assignees">{plan.assignees.length ? plan.assignees.map((a) => personNames.get(a) ?? a).join(', ') : '—'}</Detail>
      </SimpleGrid>
      {run.sample && <Text size="sm">{runSampleText(run.sample)} The items below are those drawn, and any other asset of the scope recorded anyway ({c.notSampled} left out).</Text>}
      <Table withTableBorder aria-label="Counts" maw={420}>
        <Table.Tbody>
          {figures.map(([label, n]) => <Table.Tr key={label}><Table.Th scope="row">{label}</Table.Th><Table.Td ta="right">{n}</Table.Td></Table.Tr>)}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h3">Items</Title>
      {hasNextPage && <Text size="sm" className="print-only">This printout holds {items.length.toLocaleString()} of the {total.toLocaleString()} items: print with the page's Print button to include them all.</Text>}
      {items.length === 0 ? (
        <Text c="dimmed">The register expected nothing in this scope and nothing was recorded.</Text>
      ) : (
        <Table striped withTableBorder aria-label="Items of the run" fz="sm">
          <Table.Thead>
            <Table.Tr><Table.Th>Tag</Table.Th><Table.Th>Asset</Table.Th><Table.Th>Result</Table.Th><Table.Th>Expected at</Table.Th><Table.Th>Found at</Table.Th><Table.Th>Recorded</Table.Th><Table.Th>Note</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td ff="monospace">{i.tag}</Table.Td>
                <Table.Td>{i.assetName ?? ''}</Table.Td>
                <Table.Td>{RESULT[i.result].label}{!i.sampled ? ' (not in the sample)' : ''}{i.registeredAs ? ` · registered as ${i.registeredAs.stageName}` : ''}</Table.Td>
                <Table.Td>{expectedAt(i)}</Table.Td>
                <Table.Td>{i.foundLocation ?? ''}</Table.Td>
                <Table.Td>{i.recordedAt ? `${dateTime(i.recordedAt)}, ${i.recordedBy}${i.method ? ` (${i.method === 'scan' ? 'scanned' : 'typed'})` : ''}` : ''}</Table.Td>
                <Table.Td>{i.note ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {items.length < total && (
        <Group className="no-print" aria-live="polite">
          <Text size="sm" c="dimmed">{`Showing ${items.length.toLocaleString()} of ${total.toLocaleString()} items.`}</Text>
          {hasNextPage && <Button variant="default" size="xs" loading={report.isFetchingNextPage} onClick={() => void fetchNextPage()}>Show more items</Button>}
        </Group>
      )}
      {report.error && <Alert color="red" role="alert" className="no-print">{errorText(report.error)}</Alert>}
      {(evidence.data?.items.length ?? 0) > 0 && (
        <>
          <Title order={2} size="h3">Documents kept with the run</Title>
          <Table withTableBorder aria-label="Documents kept with the run" fz="sm">
            <Table.Thead><Table.Tr><Table.Th>File</Table.Th><Table.Th>Description</Table.Th><Table.Th>Added</Table.Th><Table.Th>SHA-256</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {evidence.data!.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.contentUrl ? <Anchor href={a.contentUrl} download={a.fileName}>{a.fileName}</Anchor> : a.fileName}</Table.Td>
                  <Table.Td>{a.description ?? ''}</Table.Td>
                  <Table.Td>{dateTime(a.uploadedAt)}, {a.uploadedBy}</Table.Td>
                  <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>{a.sha256.slice(0, 16)}…</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
