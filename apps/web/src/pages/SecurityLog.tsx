import { Alert, Anchor, Badge, Button, Code, Drawer, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Page, get, query } from '../api';
import { errorText } from '../access';
import { dateTime } from '../dates';
import { useSession } from '../session';
import { SECURITY_EVENT_KINDS } from '@custodia/domain';
import { Detail } from '../components/Detail';
import { ScrollTable } from '../components/ScrollTable';
import { CursorPager, useCursorPages } from '../components/CursorPager';

export interface SecurityLogEntry {
  id: string; occurredAt: string; kind: string; outcome: 'success' | 'failure' | 'denied'; accountId: string | null; login: string | null; ip: string | null;
  method: string | null; route: string | null; status: number | null; requestId: string | null; detail: Record<string, unknown> | null;
}

/** What the server writes to the security log, in words (defined once, in the domain). */
export const SECURITY_KINDS: Record<string, string> = SECURITY_EVENT_KINDS;
const OUTCOMES = [{ value: 'success', label: 'Success' }, { value: 'failure', label: 'Failure' }, { value: 'denied', label: 'Denied' }];
const FILTERS = ['kind', 'outcome', 'login', 'accountId', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

const kindLabel = (kind: string) => SECURITY_KINDS[kind] ?? kind;
/** Local midnight of a YYYY-MM-DD day, as an instant; `to` days end at the next midnight. */
const dayStart = (day: string | undefined, next = false) => {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
};

function OutcomeBadge({ outcome }: { outcome: string }) {
  const color = outcome === 'success' ? 'gray' : outcome === 'failure' ? 'orange' : 'red';
  return <Badge variant="light" color={color} styles={{ label: { color: 'var(--mantine-color-text)' } }}>{outcome}</Badge>;
}

/**
 * The security log (ASVS 16.3): sign-ins, sign-outs, credential changes and every refused request, newest first.
 * Filters live in the URL (kind, outcome, account login, a range of days); an entry opens in a drawer with everything
 * recorded about it.
 */
export function SecurityLogPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const [open, setOpen] = useState<SecurityLogEntry | null>(null);
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined])) as Record<Filter, string | undefined>;
  const pages = useCursorPages(JSON.stringify(f));
  const { cursor } = pages;
  const apiQuery = { kind: f.kind, outcome: f.outcome, login: f.login, accountId: f.accountId, from: dayStart(f.from), to: dayStart(f.to, true) };
  const list = useQuery({
    queryKey: ['security-log', apiQuery, cursor],
    queryFn: () => get<Page<SecurityLogEntry>>(`/api/v1/security-log${query({ ...apiQuery, cursor, limit: 50 })}`),
    placeholderData: (prev) => prev,
    enabled: can('security.read'),
  });
  if (!can('security.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you read the security log.</Alert>;

  const setFilter = (key: Filter, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    setParams(next);
    pages.first();
  };
  const filtered = FILTERS.some((k) => f[k]);
  const kindOptions = [...Object.entries(SECURITY_KINDS).map(([value, label]) => ({ value, label })), ...(f.kind && !SECURITY_KINDS[f.kind] ? [{ value: f.kind, label: f.kind }] : [])];
  const rangeError = f.from && f.to && f.from > f.to ? 'The range ends before it starts' : undefined;

  return (
    <Stack>
      <Title order={1} size="h2">Security log</Title>
      <Text c="dimmed" size="sm">Sign-ins and sign-outs, changes of passwords, two-factor and tokens, and every request refused for want of credentials or permission. Entries cannot be changed or deleted.</Text>
      <Group align="flex-end" gap="sm">
        <Select label="Event" placeholder="Any event" clearable searchable clearButtonProps={{ 'aria-label': 'Clear the event filter' }} data={kindOptions} value={f.kind ?? null} onChange={(v) => setFilter('kind', v)} />
        <Select label="Outcome" placeholder="Any outcome" clearable clearButtonProps={{ 'aria-label': 'Clear the outcome filter' }} data={OUTCOMES} value={f.outcome ?? null} onChange={(v) => setFilter('outcome', v)} w={150} />
        <TextInput label="Account (login)" placeholder="Login" defaultValue={f.login ?? ''} key={`login-${f.login ?? ''}`}
          onKeyDown={(e) => { if (e.key === 'Enter') setFilter('login', e.currentTarget.value.trim() || null); }}
          onBlur={(e) => { if ((e.currentTarget.value.trim() || undefined) !== f.login) setFilter('login', e.currentTarget.value.trim() || null); }} />
        <TextInput type="date" label="From" value={f.from ?? ''} onChange={(e) => setFilter('from', e.currentTarget.value || null)} />
        <TextInput type="date" label="To (inclusive)" value={f.to ?? ''} onChange={(e) => setFilter('to', e.currentTarget.value || null)} error={rangeError} />
        {filtered && <Button variant="default" onClick={() => { setParams(new URLSearchParams()); pages.first(); }}>Clear filters</Button>}
      </Group>
      {f.accountId && (
        <Group gap="xs">
          <Text size="sm">Only the entries of one account</Text>
          <Button size="compact-xs" variant="default" onClick={() => setFilter('accountId', null)}>Show every account</Button>
        </Group>
      )}
      {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
      {list.isLoading && <Loader role="status" aria-label="Loading the security log" />}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{filtered ? 'No entry matches these filters.' : 'The security log is empty.'}</Text>}
      {list.data && list.data.items.length > 0 && (
        <ScrollTable minWidth={820} label="Security log">
          <Table striped highlightOnHover aria-label="Security log entries">
            <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Event</Table.Th><Table.Th>Outcome</Table.Th><Table.Th>Account</Table.Th><Table.Th>Address</Table.Th><Table.Th>Request</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor component="button" type="button" size="sm" onClick={() => setOpen(e)}>{dateTime(e.occurredAt)}</Anchor>
                  </Table.Td>
                  <Table.Td><Text span size="sm">{kindLabel(e.kind)}</Text></Table.Td>
                  <Table.Td><OutcomeBadge outcome={e.outcome} /></Table.Td>
                  <Table.Td><Text span size="sm">{e.login ?? (e.accountId ? <Text span size="sm" c="dimmed">{e.accountId.slice(0, 8)}</Text> : '—')}</Text></Table.Td>
                  <Table.Td><Text span size="sm" ff="monospace">{e.ip ?? ''}</Text></Table.Td>
                  <Table.Td><Text span size="sm">{e.route ? `${e.method ?? ''} ${e.route}${e.status ? ` → ${e.status}` : ''}` : ''}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} firstLabel="Newest" />
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size="lg" title="Security log entry" closeButtonProps={{ 'aria-label': 'Close' }}>
        {open && (
          <Stack>
            <SimpleGrid cols={2}>
              <Detail label="When">{dateTime(open.occurredAt)}</Detail>
              <Detail label="Event">{kindLabel(open.kind)} <Text span size="xs" c="dimmed">({open.kind})</Text></Detail>
              <Detail label="Outcome"><OutcomeBadge outcome={open.outcome} /></Detail>
              <Detail label="Login given">{open.login ?? '—'}</Detail>
              <Detail label="Account">{open.accountId ? (can('accounts.read') ? <Anchor component={Link} to={`/admin/accounts/${open.accountId}`} size="sm">Open the account</Anchor> : open.accountId) : 'none (no account matched)'}</Detail>
              <Detail label="Address">{open.ip ?? '—'}</Detail>
              <Detail label="Request">{open.route ? `${open.method ?? ''} ${open.route}` : '—'}</Detail>
              <Detail label="Answer">{open.status ?? '—'}</Detail>
            </SimpleGrid>
            <Detail label="Request id"><Text span size="sm" ff="monospace">{open.requestId ?? '—'}</Text></Detail>
            <div>
              <Text size="xs" c="dimmed">Details recorded</Text>
              {open.detail ? <Code block>{JSON.stringify(open.detail, null, 2)}</Code> : <Text size="sm">—</Text>}
            </div>
            {open.accountId && open.accountId !== f.accountId && (
              <Group><Button variant="default" onClick={() => { setFilter('accountId', open.accountId); setOpen(null); }}>Only this account's entries</Button></Group>
            )}
          </Stack>
        )}
      </Drawer>
    </Stack>
  );
}
