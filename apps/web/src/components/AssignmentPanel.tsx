import { Alert, Button, Card, Group, Modal, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, type Asset, get, request } from '../api';
import { calendarDate, localToday } from '../dates';
import { useNamesById } from '../lookups';
import { useSession } from '../session';
import { usePlaceNames } from '../places';
import { FieldInput } from './FieldInput';
import { PolicyAcknowledgement, usePolicyAcknowledgement } from './UsagePolicies';

interface Assignment { id: string; personId: string; startedOn: string; expectedReturnDate: string | null; endedOn: string | null; operator: string }
interface Imac { id: string; action: string; performedOn: string; operator: string; personId: string | null; fromLocationId: string | null; toLocationId: string | null; details: string | null }

/**
 * Who had the asset and when, and its install / move / add / change records (§2.2.4.3), with a form for a new one. A
 * record that hands the asset to a new person first shows its usage policies and asks the operator to confirm they
 * told that person.
 */
export function AssignmentPanel({ asset, onChanged }: { asset: Asset; onChanged: (a: Asset) => void }) {
  const { can } = useSession();
  const assignments = useQuery({ queryKey: ['assignments', asset.id, asset.version], queryFn: async () => (await get<{ items: Assignment[] }>(`/api/v1/assets/${asset.id}/assignments`)).items });
  const imac = useQuery({ queryKey: ['imac', asset.id, asset.version], queryFn: async () => (await get<{ items: Imac[] }>(`/api/v1/assets/${asset.id}/imac`)).items });
  const people = useNamesById('people', [...(assignments.data ?? []).map((a) => a.personId), ...(imac.data ?? []).map((i) => i.personId)]);
  const places = usePlaceNames((imac.data ?? []).flatMap((i) => [i.fromLocationId, i.toLocationId]));
  const [open, setOpen] = useState(false);
  // Each record starts blank (what the last one sent is not sent again by mistake).
  const blank = () => ({ action: 'move', performedOn: localToday(), personId: null as string | null, expectedReturnDate: '', locationId: null as string | null, details: '', reason: '', told: false });
  const [form, setForm] = useState(blank);
  const [error, setError] = useState<ApiError | null>(null);
  const [toldError, setToldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const handingOver = open && Boolean(form.personId) && form.personId !== asset.assignedPersonId;
  const policies = usePolicyAcknowledgement(asset.id, handingOver, form.told);

  const submit = async () => {
    if (!policies.ready) {
      if (policies.items.length) setToldError('Tell them about these policies first, then tick this box');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = { action: form.action, performedOn: form.performedOn, ...(form.personId ? { personId: form.personId } : {}), ...(form.personId && form.expectedReturnDate ? { expectedReturnDate: form.expectedReturnDate } : {}), ...(form.locationId ? { locationId: form.locationId } : {}), ...(form.details.trim() ? { details: form.details.trim() } : {}), ...policies.flag, ...(form.reason.trim() ? { reason: form.reason.trim() } : {}) };
      const { data } = await request<Asset>('POST', `/api/v1/assets/${asset.id}/imac`, { body, ifMatch: `"${asset.version}"` });
      setOpen(false);
      onChanged(data);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', 'The server could not be reached'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">Assignment and IMAC</Title>
        {can('assets.assign') && <Button variant="default" size="xs" onClick={() => { setForm(blank()); setError(null); setToldError(null); setOpen(true); }}>Record install, move, add or change</Button>}
      </Group>
      <Text size="sm" fw={500}>Assignment periods</Text>
      {assignments.data?.length ? (
        <Table fz="sm" aria-label="Assignment periods">
          <Table.Thead><Table.Tr><Table.Th>Person</Table.Th><Table.Th>From</Table.Th><Table.Th>Until</Table.Th><Table.Th>By</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{assignments.data.map((a) => <Table.Tr key={a.id}><Table.Td>{people.get(a.personId) ?? '…'}</Table.Td><Table.Td>{calendarDate(a.startedOn)}</Table.Td><Table.Td>{a.endedOn ? calendarDate(a.endedOn) : a.expectedReturnDate ? `(due ${calendarDate(a.expectedReturnDate)})` : 'now'}</Table.Td><Table.Td>{a.operator}</Table.Td></Table.Tr>)}</Table.Tbody>
        </Table>
      ) : <Text size="sm" c="dimmed">Never assigned.</Text>}
      <Text size="sm" fw={500} mt="sm">IMAC records</Text>
      {imac.data?.length ? (
        <Table fz="sm" aria-label="IMAC records">
          <Table.Thead><Table.Tr><Table.Th>Action</Table.Th><Table.Th>On</Table.Th><Table.Th>Person</Table.Th><Table.Th>Location</Table.Th><Table.Th>Details</Table.Th><Table.Th>By</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{imac.data.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{i.action}</Table.Td><Table.Td>{calendarDate(i.performedOn)}</Table.Td><Table.Td>{i.personId ? people.get(i.personId) ?? '…' : ''}</Table.Td>
              <Table.Td>{[i.fromLocationId, i.toLocationId].map((l) => (l ? places.get(l) ?? '…' : '—')).join(' → ')}</Table.Td><Table.Td>{i.details ?? ''}</Table.Td><Table.Td>{i.operator}</Table.Td>
            </Table.Tr>
          ))}</Table.Tbody>
        </Table>
      ) : <Text size="sm" c="dimmed">No IMAC record yet.</Text>}
      {open && (
        <Modal opened onClose={() => setOpen(false)} closeButtonProps={{ 'aria-label': 'Close' }} title={`IMAC for ${asset.tag}`}>
          <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            <Stack>
              {handingOver && (
                <PolicyAcknowledgement personId={form.personId} policies={policies.policies} acknowledged={form.told} error={toldError}
                  onChange={(told) => { setForm({ ...form, told }); setToldError(null); }} />
              )}
              {error && <Alert color="red" role="alert">{error.code === 'VERSION_MISMATCH' ? 'Someone else changed this asset: close this form and reload the page.' : error.message}</Alert>}
              <Select label="Action" allowDeselect={false} data={[{ value: 'install', label: 'Install (hand over and set up)' }, { value: 'move', label: 'Move' }, { value: 'add', label: 'Add (component, software)' }, { value: 'change', label: 'Change (configuration, user)' }]} value={form.action} onChange={(v) => setForm({ ...form, action: v ?? 'move' })} />
              <TextInput type="date" label="Performed on" required value={form.performedOn} onChange={(e) => setForm({ ...form, performedOn: e.currentTarget.value })} />
              <FieldInput field={{ key: 'person', label: 'Person (install: receives it; change: new user)', type: 'person_ref' }} value={form.personId} onChange={(v) => setForm({ ...form, personId: (v as string | null) ?? null, told: false })} />
              {form.personId && form.personId !== asset.assignedPersonId && (
                <TextInput type="date" label="Expected return (a loan)" description="Leave empty for an assignment without end" min={form.performedOn} value={form.expectedReturnDate} onChange={(e) => setForm({ ...form, expectedReturnDate: e.currentTarget.value })} />
              )}
              <FieldInput field={{ key: 'location', label: 'New location (install, move)', type: 'location_ref' }} value={form.locationId} onChange={(v) => setForm({ ...form, locationId: (v as string | null) ?? null })} />
              <Textarea label="Details (add, change)" value={form.details} onChange={(e) => setForm({ ...form, details: e.currentTarget.value })} />
              <TextInput label="Reason (kept in the history)" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })} />
              <Group justify="flex-end"><Button variant="default" onClick={() => setOpen(false)}>Cancel</Button><Button type="submit" loading={busy || policies.policies.isLoading}>Record</Button></Group>
            </Stack>
          </form>
        </Modal>
      )}
    </Card>
  );
}
