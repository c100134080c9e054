import { Alert, Anchor, Badge, Button, Card, Code, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type AllowedTransition, ApiError, request, get } from '../api';
import { errorText, fieldError, notify } from '../access';
import { calendarDate, dateTime, isCalendarDate, isInstant, localToday } from '../dates';
import { addDays, holderReportReason, isHolderReportReason } from '@custodia/domain';
import {
  DISCREPANCY_STATUSES, type DeviceDetail, type Discrepancy, NOTE_REQUIRED, RESOLUTIONS, type Resolution, fieldLabel, showValue,
} from '../discovery';
import { RESULT, type AuditResult } from '../audits';
import { useAssetTypes } from '../lookups';
import { usePlaceNames } from '../places';
import { useSession } from '../session';
import { AssetInRegister } from './AssetInRegister';
import { AssetLink } from './AssetLink';
import { Detail } from './Detail';
import { FieldInput } from './FieldInput';
import { KindBadge } from './KindBadge';

/** The fields a resolution form has an input for (their errors are shown there). */
const FORM_FIELDS = ['assetId', 'assetTypeId', 'transition', 'ignoreUntil', 'note'];

const MISSING_TRANSITIONS = [
  { key: 'report_missing', name: 'Report missing' },
  { key: 'declare_lost', name: 'Declare lost' },
  { key: 'report_stolen', name: 'Report stolen' },
];

const EVIDENCE_LABELS: Record<string, string> = {
  reason: 'Why', rule: 'Rule', candidates: 'Matching assets', identity: 'Identity reported', source: 'Source', agent: 'Agent', collectedAt: 'Collected',
  setBy: 'Register value set by', lastSeenAt: 'Last seen', days: 'Days allowed', serial: 'Serial number', uuid: 'UUID', macs: 'MAC addresses', hostname: 'Host name',
  ipAddresses: 'IP addresses', lastUser: 'Last user', auditRunId: 'Audit run', auditPlan: 'Audit', expectedLocationId: 'Expected at', foundLocationId: 'Found at',
  closedOn: 'Run closed on', range: 'Network range', address: 'Address in it', method: 'How it was recorded', recordedBy: 'Auditor', recordedAt: 'Recorded',
};
/** Evidence kept for machines: the audit plan's id (its name links to it). */
const HIDDEN_EVIDENCE = new Set(['identity', 'auditPlanId']);
const METHODS: Record<string, string> = { scan: 'Scanning the label', typed: 'Typing the tag' };
// "lastSeenAt" → "Last seen at": words after the first in lower case.
const label = (key: string) => EVIDENCE_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`).replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const LOCATION_KEYS = ['expectedLocationId', 'foundLocationId'];

/**
 * A value of the evidence for reading: asset ids as links, instants and days as dates, locations by name, an audit's
 * run and plan as links, small objects as their fields.
 */
function Value({ name, value, evidence = {}, places }: { name: string; value: unknown; evidence?: Record<string, unknown>; places?: Map<string, string> }) {
  if (typeof value === 'string' && LOCATION_KEYS.includes(name)) return <Text size="sm">{places?.get(value) ?? '…'}</Text>;
  if (name === 'auditRunId' && typeof value === 'string') return <Anchor component={Link} to={`/audit-runs/${value}`} size="sm">Open the run</Anchor>;
  if (name === 'auditPlan' && typeof evidence['auditPlanId'] === 'string') return <Anchor component={Link} to={`/audits/${String(evidence['auditPlanId'])}`} size="sm">{showValue(value)}</Anchor>;
  if (name === 'result' && typeof value === 'string' && value in RESULT) return <Text size="sm">{RESULT[value as AuditResult].label}</Text>;
  if (name === 'method' && typeof value === 'string') return <Text size="sm">{METHODS[value] ?? value}</Text>;
  if (isCalendarDate(value)) return <Text size="sm">{calendarDate(value)}</Text>;
  if (name === 'candidates' && Array.isArray(value)) {
    return value.length ? <Group gap="xs">{value.map((id) => <AssetLink key={String(id)} id={String(id)} />)}</Group> : <Text size="sm">none</Text>;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return (
      <Stack gap={2}>
        {entries.map(([k, v]) => (
          <Text key={k} size="sm"><Text span size="sm" c="dimmed">{label(k)}: </Text><span style={{ overflowWrap: 'anywhere' }}>{isInstant(v) ? dateTime(v) : showValue(v)}</span></Text>
        ))}
      </Stack>
    );
  }
  return <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{isInstant(value) ? dateTime(value) : showValue(value)}</Text>;
}

/**
 * A holder's report (`reported_by_holder`): the assignment the register records beside what its holder says — the
 * reason in the team's words, their message as written, who sent it and when.
 */
function HolderReportEvidence({ d }: { d: Discrepancy }) {
  const e = d.evidence;
  const text = (key: string) => (typeof e[key] === 'string' ? e[key] as string : null);
  const reason = text('reason');
  const line = (label: string, value: string) => <Text size="sm"><Text span size="sm" c="dimmed">{label}: </Text>{value}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} role="group" aria-label="Evidence">
      <Card withBorder>
        <Text size="sm" fw={600} mb={4}>In the register</Text>
        <Stack gap={2}>
          {line('Assigned to', `${text('personName') ?? '—'}${text('assignedSince') ? ` since ${calendarDate(text('assignedSince'))}` : ''}`)}
          {d.assetId && <AssetInRegister id={d.assetId} />}
        </Stack>
      </Card>
      <Card withBorder>
        <Text size="sm" fw={600} mb={4}>Reported by the holder</Text>
        <Stack gap={2}>
          {line('Why', reason && isHolderReportReason(reason) ? holderReportReason(reason).title : reason ?? '—')}
          {text('message') && <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>“{text('message')}”</Text>}
          {line('Reported by', `${text('personName') ?? '—'}${text('reporterLogin') ? ` (account ${text('reporterLogin')})` : ''}`)}
          {text('reportedAt') && line('Reported', dateTime(text('reportedAt')!))}
        </Stack>
      </Card>
    </SimpleGrid>
  );
}

/** One discrepancy: what the register says beside what was found, the rest of the evidence, and how to resolve it. */
export function DiscrepancyDetail({ id }: { id: string }) {
  const { can, today } = useSession();
  const detail = useQuery({ queryKey: ['discrepancy', id], queryFn: async () => (await request<Discrepancy>('GET', `/api/v1/discrepancies/${id}`)).data, retry: false });
  const d = detail.data;
  const device = useQuery({ queryKey: ['device', d?.deviceId], queryFn: () => get<DeviceDetail>(`/api/v1/devices/${d!.deviceId}`), enabled: Boolean(d?.deviceId), retry: false, staleTime: 60_000 });
  const [choice, setChoice] = useState<Resolution | null>(null);
  // Audit findings name locations by id: in the evidence, and as the values of a location field; each is named with
  // its site ("Stockroom · Berlin Mitte"), as the summary written by the server names it.
  const locationField = d?.field === 'locationId';
  const places = usePlaceNames(d ? [
    ...LOCATION_KEYS.map((k) => (typeof d.evidence[k] === 'string' ? d.evidence[k] as string : null)),
    ...(locationField ? [d.registerValue, d.discoveredValue].map((v) => (typeof v === 'string' ? v : null)) : []),
  ] : []);

  if (detail.isLoading) return <Loader role="status" aria-label="Loading the discrepancy" />;
  if (detail.error || !d) return <Alert color="red" role="alert" title="Not available">{detail.error instanceof ApiError && detail.error.status === 404 ? 'There is no such discrepancy, or it is outside what your role lets you see.' : errorText(detail.error)}</Alert>;

  const identity = (d.evidence['identity'] ?? null) as Record<string, unknown> | null;
  // A holder's report is read whole from its two sides below: nothing of it is left for the table.
  const holderReport = d.kind === 'reported_by_holder';
  const otherEvidence = holderReport ? [] : Object.entries(d.evidence).filter(([k, v]) => !HIDDEN_EVIDENCE.has(k) && v !== null && v !== undefined && v !== '');
  // An audit's finding: its own kinds, and an asset held as missing that an audit found (reported again by a run).
  const audit = d.kind.startsWith('audit_') || d.auditRunId !== null;
  const place = (v: unknown) => (typeof v === 'string' ? places.get(v) ?? '…' : v);
  const registerSide = locationField ? place(d.registerValue) ?? null : d.registerValue ?? null;
  // An unknown tag found by an audit: the tag, and where it was found.
  const foundTag = audit && d.discoveredValue == null && typeof d.evidence['tag'] === 'string'
    ? `${String(d.evidence['tag'])}${typeof d.evidence['foundLocationId'] === 'string' ? ` at ${String(place(d.evidence['foundLocationId']))}` : ''}`
    : null;
  const discoveredSide = (locationField ? place(d.discoveredValue) : d.discoveredValue) ?? foundTag ?? identity;
  // What the two sides hold when the discrepancy is about no one field.
  const sideLabels = d.kind === 'reported_again' ? [' (stage)', audit ? '' : ' (host name)'] : d.field ? [` (${fieldLabel(d.field)})`, d.field !== 'software' ? ` (${fieldLabel(d.field)})` : ''] : ['', ''];
  const deviceName = device.data?.hostname ?? (identity?.['hostname'] as string | undefined) ?? 'the discovered device';
  // Overdue as the findings report counts it: due before the organisation's today.
  const overdue = d.status === 'open' && d.dueOn !== null && d.dueOn < today();

  return (
    <Stack>
      <Group gap="xs">
        <KindBadge kind={d.kind} />
        <Badge variant="light" color={d.status === 'open' ? 'blue' : 'gray'}>{DISCREPANCY_STATUSES[d.status]}</Badge>
      </Group>
      <Title order={2} size="h4">{d.summary}</Title>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Detail label="Detected">{dateTime(d.detectedAt)}{d.createdAt !== d.detectedAt ? <Text span size="xs" c="dimmed"> (first raised {dateTime(d.createdAt)})</Text> : null}</Detail>
        <Detail label="Asset">{d.assetId ? <AssetLink id={d.assetId} /> : 'not registered'}</Detail>
        <Detail label="Device">{d.deviceId ? <Anchor component={Link} to={`/devices/${d.deviceId}`} size="sm">{deviceName}</Anchor> : '—'}</Detail>
        {(d.owner || d.dueOn) && <Detail label="Owner">{d.owner ?? '—'}</Detail>}
        {(d.owner || d.dueOn) && <Detail label="Due">{d.dueOn ? <Text span size="sm" c={overdue ? 'red.9' : undefined} fw={overdue ? 600 : undefined}>{calendarDate(d.dueOn)}{overdue ? ' (overdue)' : ''}</Text> : '—'}</Detail>}
      </SimpleGrid>

      {holderReport ? <HolderReportEvidence d={d} /> : (
      <SimpleGrid cols={{ base: 1, sm: 2 }} role="group" aria-label="Evidence">
        <Card withBorder>
          <Text size="sm" fw={600} mb={4}>In the register{sideLabels[0]}</Text>
          {registerSide !== null ? <Value name="register" value={registerSide} />
            : d.assetId && !d.field ? <AssetInRegister id={d.assetId} />
            : <Text size="sm" c="dimmed">{d.assetId ? 'Nothing recorded' : audit ? 'No asset has this tag' : 'No asset matches this device'}</Text>}
        </Card>
        <Card withBorder>
          <Text size="sm" fw={600} mb={4}>{audit ? 'Found by the audit' : 'Discovered'}{sideLabels[1]}</Text>
          {discoveredSide !== null ? <Value name="discovered" value={discoveredSide} /> : <Text size="sm" c="dimmed">Nothing reported</Text>}
        </Card>
      </SimpleGrid>
      )}

      {otherEvidence.length > 0 && (
        <Table fz="sm" aria-label="Other evidence" withRowBorders={false}>
          <Table.Tbody>
            {otherEvidence.map(([k, v]) => (
              <Table.Tr key={k}><Table.Th scope="row" w={180} fw={500}>{label(k)}</Table.Th><Table.Td><Value name={k} value={v} evidence={d.evidence} places={places} /></Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {d.status !== 'open' && (
        <Alert color="gray" title={d.status === 'ignored' ? `Ignored until ${calendarDate(d.ignoreUntil)}` : 'Resolved'} styles={{ title: { color: 'var(--mantine-color-text)' } }}>
          {d.resolution ? RESOLUTIONS[d.resolution] : ''}{d.resolvedBy ? ` by ${d.resolvedBy}` : ''}{d.resolvedAt ? `, ${dateTime(d.resolvedAt)}` : ''}.
          {d.resolutionNote && <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>“{d.resolutionNote}”</Text>}
        </Alert>
      )}

      {d.status === 'open' && can('discovery.resolve') && (
        <Stack gap="xs">
          <Text size="sm" fw={600} id="resolve-label">Resolve</Text>
          <Group gap="xs" role="group" aria-labelledby="resolve-label">
            {d.allowedResolutions.map((r) => (
              <Button key={r} size="xs" variant={choice === r ? 'filled' : 'light'} aria-pressed={choice === r} onClick={() => setChoice(choice === r ? null : r)}>{RESOLUTIONS[r]}</Button>
            ))}
          </Group>
          {choice && <ResolveForm key={choice} discrepancy={d} places={places} resolution={choice} onCancel={() => setChoice(null)} onReload={() => void detail.refetch()} onDone={() => setChoice(null)} />}
        </Stack>
      )}
      {d.status === 'open' && !can('discovery.resolve') && <Text size="sm" c="dimmed">Your roles let you see this item, not resolve it.</Text>}
    </Stack>
  );
}

/** The small form of one resolution, sent with the discrepancy's version; a concurrent change offers a reload. */
function ResolveForm({ discrepancy: d, places, resolution, onCancel, onReload, onDone }: { discrepancy: Discrepancy; places: Map<string, string>; resolution: Resolution; onCancel: () => void; onReload: () => void; onDone: () => void }) {
  const client = useQueryClient();
  const { can } = useSession();
  const [assetId, setAssetId] = useState<string | null>(null);
  const [assetTypeId, setAssetTypeId] = useState<string | null>(null);
  const [transition, setTransition] = useState('report_missing');
  const [evidence, setEvidence] = useState<Record<string, unknown>>({});
  const [ignoreUntil, setIgnoreUntil] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const types = useAssetTypes();
  const transitions = useQuery({
    queryKey: ['transitions', d.assetId, 'missing'],
    queryFn: async () => (await get<{ items: AllowedTransition[] }>(`/api/v1/assets/${d.assetId}/transitions`)).items,
    enabled: resolution === 'mark_missing' && Boolean(d.assetId) && can('assets.read'),
    retry: false,
  });
  const missingOptions = transitions.data
    ? transitions.data.filter((t) => MISSING_TRANSITIONS.some((m) => m.key === t.key))
    : null;
  const chosen = missingOptions?.find((t) => t.key === transition);
  const noteRequired = NOTE_REQUIRED.includes(resolution);
  const conflict = error instanceof ApiError && (error.code === 'VERSION_MISMATCH' || error.status === 412);
  const notOpen = error instanceof ApiError && error.code === 'DISCREPANCY_NOT_OPEN';
  // Errors of the fields this form shows are said beside them; the alert then only says what went wrong.
  const onFields = error instanceof ApiError && error.errors.length > 0 && error.errors.every((f) => f.field && FORM_FIELDS.includes(f.field.replace(/^evidence\./, '')));
  const shown = (v: unknown) => (d.field === 'locationId' && typeof v === 'string' ? places.get(v) ?? '…' : showValue(v));

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const clean = Object.fromEntries(Object.entries(evidence).filter(([, v]) => v !== null && v !== undefined && v !== ''));
      const body = {
        resolution,
        ...(resolution === 'link_asset' && assetId ? { assetId } : {}),
        ...(resolution === 'register_asset' && assetTypeId ? { assetTypeId } : {}),
        ...(resolution === 'mark_missing' ? { transition, ...(chosen ? { evidence: clean } : {}) } : {}),
        ...(resolution === 'ignore_until' && ignoreUntil ? { ignoreUntil } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      const { data } = await request<Discrepancy>('POST', `/api/v1/discrepancies/${d.id}/resolve`, { body, ifMatch: `"${d.version}"` });
      client.setQueryData(['discrepancy', d.id], data);
      await Promise.all([
        client.invalidateQueries({ queryKey: ['discrepancies'] }),
        client.invalidateQueries({ queryKey: ['findings-report'] }),
        client.invalidateQueries({ queryKey: ['findings-trend'] }),
        client.invalidateQueries({ queryKey: ['asset-discovery'] }),
        client.invalidateQueries({ queryKey: ['devices'] }),
        client.invalidateQueries({ queryKey: ['device'] }),
        ...(data.assetId ? [client.invalidateQueries({ queryKey: ['asset', data.assetId] })] : []),
        client.invalidateQueries({ queryKey: ['assets'] }),
      ]);
      notify(`${RESOLUTIONS[resolution]}: done`, 'Discrepancy resolved');
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const pickTransition = (key: string) => {
    setTransition(key);
    const t = missingOptions?.find((o) => o.key === key);
    // Dates of the evidence start at today; the person changes them when it happened earlier.
    setEvidence(Object.fromEntries((t?.fields ?? []).filter((f) => f.type === 'date' && f.required).map((f) => [f.key, localToday()])));
  };
  // Once the asset's transitions are known: start from the first one allowed now, with today's dates.
  useEffect(() => {
    const usable = missingOptions?.filter((t) => t.blockedBy.length === 0) ?? [];
    if (usable.length) pickTransition(usable.some((t) => t.key === transition) ? transition : usable[0]!.key);
  }, [transitions.data]);

  return (
    <Card withBorder>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label={RESOLUTIONS[resolution]}>
        <Stack gap="sm">
          <Text size="sm" fw={600}>{RESOLUTIONS[resolution]}</Text>
          {conflict || notOpen ? (
            <Alert color="orange" role="alert" title={notOpen ? 'Someone else has already settled this item' : 'Someone else changed this item while you were looking at it'} styles={{ title: { color: 'var(--mantine-color-text)' } }}>
              <Stack gap="xs">
                {notOpen ? 'Reload it to see how it was resolved.' : 'Your choice and note are still here. Reload it to see what changed, then confirm again.'}
                <Group><Button size="xs" onClick={() => { setError(null); onReload(); }}>Reload the discrepancy</Button></Group>
              </Stack>
            </Alert>
          ) : error !== null ? <Alert color="red" role="alert">{onFields ? (error as ApiError).message : errorText(error)}</Alert> : null}

          {resolution === 'link_asset' && (
            <FieldInput field={{ key: 'assetId', label: 'The asset this device is', type: 'asset_ref', required: true, help: 'Search by tag, serial number or name' }} value={assetId} error={fieldError(error, 'assetId')} onChange={(v) => setAssetId((v as string | null) ?? null)} />
          )}
          {resolution === 'register_asset' && (
            // An audit's unknown tag says nothing of what the thing is: the type must be chosen.
            <Select label="Asset type" required={d.deviceId === null} placeholder={d.deviceId === null ? 'Choose the type of what was found' : 'As the discovery settings say for its chassis'} clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={types.data?.map((t) => ({ value: t.id, label: t.name })) ?? []} value={assetTypeId} onChange={setAssetTypeId} error={fieldError(error, 'assetTypeId')} />
          )}
          {resolution === 'accept_discovered' && (
            <Text size="sm">The register's {fieldLabel(d.field) || 'value'} becomes <Code>{shown(d.discoveredValue)}</Code>{d.auditRunId ? ', as the audit found it.' : ', and discovery keeps it up to date from now on.'}</Text>
          )}
          {resolution === 'corrected' && (
            // Nothing is changed from here: the correction is made on the asset, with its own history, and checked.
            <Text size="sm">Correct the register first on the asset{d.assetId ? <> (<AssetLink id={d.assetId} />)</> : null}: check it in, reassign it, edit a detail or move it. This closes the item and changes nothing by itself; it is refused while no one has changed the asset since the item was raised.</Text>
          )}
          {d.kind === 'reported_by_holder' && (
            // What the holder reads of the outcome is the resolution's short status, never this note.
            <Text size="sm">{resolution === 'keep_register' ? 'The register stays as it is. ' : resolution === 'dismiss' ? 'Corrected the register by hand? Choose “Corrected in the register” instead. ' : ''}The holder sees that {resolution === 'corrected' ? 'the register was corrected' : `their report was ${resolution === 'ignore_until' ? 'set aside' : 'settled'}`}; your note is for the team and is not shown to them.</Text>
          )}
          {resolution === 'keep_register' && d.kind !== 'reported_by_holder' && (d.kind === 'reported_again' && !d.auditRunId
            // No field to hold: the asset stays in its stage, and is queued again only when it reports under another name.
            ? <Text size="sm">The asset stays <Code>{showValue(d.registerValue)}</Code>. Reports as <Code>{showValue(d.discoveredValue)}</Code> are not queued again; a report under another host name is.</Text>
            : <Text size="sm">The register keeps <Code>{shown(d.registerValue)}</Code>; {d.auditRunId ? 'the audit\'s value is not applied.' : 'discovery will not change this field again.'}</Text>)}
          {resolution === 'mark_missing' && (
            <>
              <Select label="Transition" allowDeselect={false}
                data={(missingOptions ?? MISSING_TRANSITIONS).map((t) => ({ value: t.key, label: t.name, disabled: 'blockedBy' in t && (t as AllowedTransition).blockedBy.length > 0 }))}
                value={transition} onChange={(v) => v && pickTransition(v)} error={fieldError(error, 'transition')}
                description={missingOptions && missingOptions.length === 0 ? 'None of these transitions leads out of the asset\'s current stage.' : undefined} />
              {chosen?.fields.map((f) => (
                <FieldInput key={f.key} field={f} value={evidence[f.key]} error={fieldError(error, `evidence.${f.key}`) ?? fieldError(error, f.key)} onChange={(v) => setEvidence({ ...evidence, [f.key]: v })} />
              ))}
            </>
          )}
          {resolution === 'ignore_until' && (
            <TextInput type="date" label="Ignore until" required min={addDays(localToday(), 1)} value={ignoreUntil} onChange={(e) => setIgnoreUntil(e.currentTarget.value)} error={fieldError(error, 'ignoreUntil')} />
          )}
          <Textarea label={resolution === 'corrected' ? 'What was changed (kept with the item and in the history)' : noteRequired ? 'Why (kept with the item and in the history)' : 'Note (optional)'} required={noteRequired} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldError(error, 'note')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>Cancel</Button>
            <Button type="submit" loading={busy}>Confirm: {RESOLUTIONS[resolution].replace('…', '')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
