import { Alert, Badge, Button, Code, Group, Loader, Modal, MultiSelect, Select, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api';
import { errorText, fieldError, notify, send } from '../access';
import { dateTime } from '../dates';
import { useNamed } from '../lookups';
import { useSession } from '../session';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ScrollTable } from '../components/ScrollTable';
import { IssueSecretDialog } from '../components/ShowOnce';
import { WebhookDeliveriesDialog } from '../components/WebhookDeliveries';
import { type Webhook, type WebhookDelivery, WEBHOOKS_KEY, eventKindOptions, useWebhookEventKinds, useWebhooks } from '../webhooks';

type Unit = { id: string; name: string; code?: string | null };

/**
 * Outbound webhooks: other tools (an ITSM tool, a CMDB, a chat channel) are told of the register's changes. Register
 * one with the events it wants, see its signing secret once, try it with a ping, follow its deliveries.
 */
export function AdminWebhooksPage() {
  const { can } = useSession();
  const client = useQueryClient();
  const hooks = useWebhooks();
  const units = useNamed('org-units', can('register.read'));
  const unitName = new Map(units.data?.map((u) => [u.id, u.name]));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = () => client.invalidateQueries({ queryKey: WEBHOOKS_KEY });
  if (!can('integrations.manage')) {
    return <Alert color="red" role="alert" title="Not available">Your roles do not let you manage webhooks. Ask a system administrator if you need to.</Alert>;
  }
  const act = async (id: string, work: () => Promise<void>) => {
    setBusy(id);
    setProblem(null);
    try { await work(); } catch (e) { setProblem(errorText(e)); } finally { setBusy(null); }
  };
  const ping = (w: Webhook) => act(w.id, async () => {
    const d = await post<WebhookDelivery>(`/api/v1/webhooks/${w.id}/test`);
    if (d.status === 'delivered') notify(`The receiver answered HTTP ${d.lastStatusCode}.`, 'Ping delivered');
    else setProblem(`The ping to “${w.name}” was not delivered: ${d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : d.lastError ?? 'no answer'}.`);
  });
  const toggle = (w: Webhook) => act(w.id, async () => {
    await send('PATCH', `/api/v1/webhooks/${w.id}`, { active: !w.active }, w.version);
    notify(w.active ? `“${w.name}” is disabled: nothing more is queued for it.` : `“${w.name}” is enabled.`);
    await reload();
  });

  return (
    <Stack>
      <Title order={1} size="h2">Webhooks</Title>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={720}>
          Each change to the register that a webhook subscribes to is posted to its URL as JSON, signed with its secret
          (header <Code>Custodia-Signature</Code>), once the change is committed. A receiver that is down gets it later.
        </Text>
        <Button onClick={() => setCreating(true)}>Add a webhook</Button>
      </Group>
      {problem && <Alert color="red" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={() => setProblem(null)}>{problem}</Alert>}
      {hooks.isLoading && <Loader role="status" aria-label="Loading webhooks" />}
      {hooks.error && <Alert color="red" role="alert">{errorText(hooks.error)}</Alert>}
      {hooks.data?.length === 0 && <Text c="dimmed">No webhook has been registered yet.</Text>}
      {hooks.data && hooks.data.length > 0 && (
        <ScrollTable minWidth={900} label="Webhooks">
          <Table striped aria-label="Webhooks">
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>URL</Table.Th><Table.Th>Events</Table.Th><Table.Th>Org unit</Table.Th><Table.Th>Status</Table.Th><Table.Th>Changed</Table.Th><Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {hooks.data.map((w) => (
                <Table.Tr key={w.id}>
                  <Table.Td>{w.name}</Table.Td>
                  <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>{w.url}</Table.Td>
                  <Table.Td>{w.events.length <= 3 ? w.events.join(', ') : `${w.events.slice(0, 3).join(', ')} and ${w.events.length - 3} more`}</Table.Td>
                  <Table.Td>{w.orgUnitId ? unitName.get(w.orgUnitId) ?? '…' : 'Whole organisation'}</Table.Td>
                  <Table.Td><Badge color={w.active ? '#18692c' : '#495057'}>{w.active ? 'Active' : 'Disabled'}</Badge></Table.Td>
                  <Table.Td>{dateTime(w.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setEditing(w)} aria-label={`Edit the webhook ${w.name}`}>Edit</Button>
                      <Button size="xs" variant="default" loading={busy === w.id} onClick={() => void ping(w)} aria-label={`Send a test ping to ${w.name}`}>Test</Button>
                      <Button size="xs" variant="default" onClick={() => setLog(w)} aria-label={`Deliveries of ${w.name}`}>Deliveries</Button>
                      <Button size="xs" variant="default" disabled={busy === w.id} onClick={() => void toggle(w)} aria-label={`${w.active ? 'Disable' : 'Enable'} the webhook ${w.name}`}>{w.active ? 'Disable' : 'Enable'}</Button>
                      <Button size="xs" variant="default" color="red.9" onClick={() => setDeleting(w)} aria-label={`Delete the webhook ${w.name}`}>Delete</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {creating && <CreateWebhookDialog units={units.data ?? []} onClose={() => { setCreating(false); void reload(); }} />}
      {editing && <EditWebhookDialog webhook={editing} units={units.data ?? []} onClose={() => { setEditing(null); void reload(); }} />}
      {log && <WebhookDeliveriesDialog webhook={log} onClose={() => setLog(null)} />}
      {deleting && (
        <ConfirmDialog title={`Delete the webhook “${deleting.name}”?`} confirmLabel="Delete" onClose={() => setDeleting(null)}
          onConfirm={async () => { await send('DELETE', `/api/v1/webhooks/${deleting.id}`, undefined, deleting.version); await reload(); }}>
          Nothing more is sent to <Code>{deleting.url}</Code>; its delivery log and the deliveries still waiting are removed. Disable it instead to pause it.
        </ConfirmDialog>
      )}
    </Stack>
  );
}

/** The fields a webhook is made of, shared by the creation and the edit. */
function WebhookFields({ error, units, events, setEvents, unit, setUnit, initial }: {
  error: unknown; units: Unit[]; events: string[]; setEvents: (v: string[]) => void; unit: string | null; setUnit: (v: string | null) => void; initial?: Webhook;
}) {
  const kinds = useWebhookEventKinds();
  return (
    <>
      <TextInput name="name" label="Name" description="Which tool receives it" required data-autofocus defaultValue={initial?.name} error={fieldError(error, 'name')} />
      <TextInput name="url" label="URL" description="https; the receiver must answer 2xx within 10 seconds. Redirects are not followed." required type="url" defaultValue={initial?.url} error={fieldError(error, 'url')} />
      <MultiSelect label="Events" description="The changes sent to it" required searchable clearButtonProps={{ 'aria-label': 'Clear the events' }} clearable
        data={eventKindOptions(kinds.data ?? [])} value={events} onChange={setEvents} error={fieldError(error, 'events')} />
      <Select label="Org unit (optional)" description="Only assets, people and discrepancies of this unit and below" placeholder="Whole organisation" searchable clearable clearButtonProps={{ 'aria-label': 'Clear' }}
        data={units.map((u) => ({ value: u.id, label: u.code ? `${u.name} (${u.code})` : u.name }))} value={unit} onChange={setUnit} error={fieldError(error, 'orgUnitId')} />
    </>
  );
}

function CreateWebhookDialog({ units, onClose }: { units: Unit[]; onClose: () => void }) {
  const [events, setEvents] = useState<string[]>(['asset.create', 'asset.transition', 'asset.assign', 'asset.unassign']);
  const [unit, setUnit] = useState<string | null>(null);
  const [active, setActive] = useState(true);
  const issue = async (form: FormData) => (await post<Webhook & { secret: string }>('/api/v1/webhooks', {
    name: String(form.get('name') ?? '').trim(), url: String(form.get('url') ?? '').trim(), events, orgUnitId: unit, active,
  })).secret;
  return (
    <IssueSecretDialog title="Add a webhook" issuedTitle="The webhook's signing secret" secretLabel="signing secret" submitLabel="Add" issue={issue} onClose={onClose}
      note="This is the only time the signing secret is shown: give it to the receiver, which checks each delivery's Custodia-Signature with it. To change it, delete the webhook and add it again.">
      {(error) => (
        <>
          <WebhookFields error={error} units={units} events={events} setEvents={setEvents} unit={unit} setUnit={setUnit} />
          <Switch label="Active: send deliveries from now on" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        </>
      )}
    </IssueSecretDialog>
  );
}

function EditWebhookDialog({ webhook, units, onClose }: { webhook: Webhook; units: Unit[]; onClose: () => void }) {
  const [events, setEvents] = useState<string[]>(webhook.events);
  const [unit, setUnit] = useState<string | null>(webhook.orgUnitId);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (form: FormData) => {
    setBusy(true);
    setError(null);
    try {
      await send('PATCH', `/api/v1/webhooks/${webhook.id}`, { name: String(form.get('name') ?? '').trim(), url: String(form.get('url') ?? '').trim(), events, orgUnitId: unit }, webhook.version);
      notify(`“${String(form.get('name'))}” is saved.`);
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Edit “${webhook.name}”`} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void submit(new FormData(e.currentTarget)); }}>
        <Stack>
          {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
          <WebhookFields error={error} units={units} events={events} setEvents={setEvents} unit={unit} setUnit={setUnit} initial={webhook} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
