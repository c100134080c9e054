import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { type Asset, type Coverage, type CoverageList, type CoverageParty, get, post, query, request } from '../api';
import { errorText } from '../access';
import { calendarDate } from '../dates';
import { useAssetTypes } from '../lookups';
import { CursorPager, useCursorPages } from './CursorPager';
import { RecordSelect } from './FieldInput';
import { ConfirmDialog } from './ConfirmDialog';
import { FormError } from './FormError';

/** The coverage of one asset, a page at a time (GET /assets/{id}/coverage): the same read for a contract and for what it covers. */
function useCoverage(assetId: string) {
  const pages = useCursorPages(assetId);
  const list = useQuery({
    queryKey: ['coverage', assetId, pages.cursor],
    queryFn: () => get<CoverageList>(`/api/v1/assets/${assetId}/coverage${query({ limit: 20, cursor: pages.cursor })}`),
  });
  return { pages, list };
}

/** Whether a coverage holds today, as people read it: active, not started yet, expired, or ended with its contract. */
function CoverageBadge({ c, today }: { c: Coverage; today: string }) {
  if (c.active) return <Badge color="teal.9" variant="outline">Active</Badge>;
  const label = c.startsOn && today < c.startsOn ? 'Not started' : c.endsOn && c.endsOn < today ? 'Expired' : 'Contract ended';
  return <Badge color="gray.8" variant="outline">{label}</Badge>;
}

const period = (c: Coverage) => `${c.startsOn ? calendarDate(c.startsOn) : 'open'} – ${c.endsOn ? calendarDate(c.endsOn) : 'no end'}`;
const partyLink = (p: CoverageParty) => <Anchor component={Link} to={`/assets/${p.id}`} size="sm"><span style={{ fontFamily: 'monospace' }}>{p.tag}</span> · {p.name}</Anchor>;

/**
 * "Support and warranty" on any asset that is not a contract: its warranty end, whether a contract covers it today and
 * until when, and each contract with its end date and whether it still holds (ITIL ITAM Table 2.2, Acquire: support
 * contracts). Read apart from the asset itself.
 */
export function SupportPanel({ asset }: { asset: Asset }) {
  const { pages, list } = useCoverage(asset.id);
  const data = list.data;
  const warrantyPassed = asset.warrantyEnd && data && asset.warrantyEnd < data.today;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">Support and warranty</Title>
      <Stack gap="xs">
        <Text size="sm">Warranty end: {asset.warrantyEnd ? `${calendarDate(asset.warrantyEnd)}${warrantyPassed ? ' (passed)' : ''}` : 'not recorded'}</Text>
        {list.isLoading && <Loader size="sm" role="status" aria-label="Loading the support contracts" />}
        {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
        {data?.coveredUntil && (
          <Text size="sm" fw={600} data-testid="covered-until">
            {data.coveredUntil.covered ? `Covered by a support contract ${data.coveredUntil.until ? `until ${calendarDate(data.coveredUntil.until)}` : 'with no end date'}` : 'No support contract covers it today'}
          </Text>
        )}
        {data && data.items.length === 0 && !pages.hasPrevious && <Text size="sm" c="dimmed">No contract covers this asset.</Text>}
        {data?.items.map((c) => (
          <div key={c.id}>
            <Group gap="xs">{partyLink(c.contract)}<CoverageBadge c={c} today={data.today} /></Group>
            <Text size="xs" c="dimmed">{c.endsOn ? `Ends ${calendarDate(c.endsOn)}` : 'No end date'}{c.startsOn ? ` · from ${calendarDate(c.startsOn)}` : ''}</Text>
            {c.note && <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>{c.note}</Text>}
          </div>
        ))}
        <CursorPager pages={pages} nextCursor={data?.nextCursor} size="xs" />
      </Stack>
    </Card>
  );
}

/**
 * "Covers" on a service contract's page: the assets it covers, with their days and whether each holds today; with
 * assets.write, assets are added (found by tag, name or serial) and removed.
 */
export function CoversPanel({ asset, canWrite }: { asset: Asset; canWrite: boolean }) {
  const client = useQueryClient();
  const { pages, list } = useCoverage(asset.id);
  const types = useAssetTypes();
  const contractTypes = new Set((types.data ?? []).filter((t) => t.category === 'service_contract').map((t) => t.id));
  const [picked, setPicked] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Coverage | null>(null);
  const data = list.data;
  const refresh = () => client.invalidateQueries({ queryKey: ['coverage'] });

  const add = async () => {
    if (!picked) return;
    setBusy(true);
    setError(null);
    try {
      // Dates left empty take the contract's own (its starts_on / ends_on), as the server decides.
      await post(`/api/v1/assets/${asset.id}/coverage`, { assetIds: [picked], ...(startsOn ? { startsOn } : {}), ...(endsOn ? { endsOn } : {}), ...(note.trim() ? { note } : {}) });
      notifications.show({ message: `${asset.tag} covers the asset`, color: 'green' });
      setPicked(null);
      setNote('');
      await refresh();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">Covers</Title>
      <Stack gap="sm">
        {list.isLoading && <Loader size="sm" role="status" aria-label="Loading the covered assets" />}
        {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
        {data && data.items.length === 0 && !pages.hasPrevious && <Text size="sm" c="dimmed">This contract covers no asset yet.</Text>}
        {data && data.items.length > 0 && (
          <Table>
            <Table.Thead><Table.Tr><Table.Th>Asset</Table.Th><Table.Th>Covered</Table.Th><Table.Th>Status</Table.Th><Table.Th>Note</Table.Th>{canWrite && <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{partyLink(c.asset)}</Table.Td>
                  <Table.Td>{period(c)}</Table.Td>
                  <Table.Td><CoverageBadge c={c} today={data.today} /></Table.Td>
                  <Table.Td>{c.note ?? ''}</Table.Td>
                  {canWrite && <Table.Td><Button size="compact-sm" variant="default" aria-label={`Remove ${c.asset.tag}`} onClick={() => setRemoving(c)}>Remove</Button></Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <CursorPager pages={pages} nextCursor={data?.nextCursor} size="xs" />
        {canWrite && (
          <Stack gap="xs">
            <Title order={3} size="h5">Add an asset</Title>
            {error && <FormError>{error}</FormError>}
            <RecordSelect resource="assets" label="Asset to cover" description="Search by tag, name or serial number" value={picked} onChange={setPicked}
              keep={(o) => !o.assetTypeId || !contractTypes.has(o.assetTypeId)} />
            <Group grow>
              <TextInput type="date" label="Covered from" description="Empty: the contract's start" value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} />
              <TextInput type="date" label="Covered until" description="Empty: the contract's end" value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} />
            </Group>
            <TextInput label="Note" description="What it includes, how to call for support" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <Group><Button onClick={() => void add()} disabled={!picked} loading={busy}>Add coverage</Button></Group>
          </Stack>
        )}
      </Stack>
      {removing && (
        <ConfirmDialog title={`Remove ${removing.asset.tag} from ${asset.tag}?`} confirmLabel="Remove" onClose={() => setRemoving(null)}
          onConfirm={async () => { await request('DELETE', `/api/v1/assets/${asset.id}/coverage/${removing.asset.id}`); await refresh(); }}>
          The contract will no longer cover this asset. The coverage stays in the history of both.
        </ConfirmDialog>
      )}
    </Card>
  );
}
