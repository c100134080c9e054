import { Alert, Anchor, Badge, Button, Card, Grid, Group, Image, Loader, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { Detail } from '../components/Detail';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { type AllowedTransition, ApiError, type Asset, type LifecycleModel, get } from '../api';
import { useAssetTypes, useLifecycleModels, useNameOf, useNamesById } from '../lookups';
import { useSession } from '../session';
import { usePlaceNames } from '../places';
import { calendarDate } from '../dates';
import { displayMinorAmount } from '../money';
import { ValueText, formatValue } from '../components/FieldInput';
import { AssetHistory } from '../components/AssetHistory';
import { humanise } from '../history-rows';
import { LifecycleTrack } from '../components/LifecycleTrack';
import { TransitionDialog } from '../components/TransitionDialog';
import { EditAssetDialog } from '../components/EditAssetDialog';
import { NewAssetDialog } from '../components/NewAssetDialog';
import { DeleteWithReasonDialog } from '../components/DeleteWithReasonDialog';
import { MigrateModelDialog } from '../components/MigrateModelDialog';
import { AssignmentPanel } from '../components/AssignmentPanel';
import { DiscoveryPanel } from '../components/DiscoveryPanel';
import { AttachmentsPanel } from '../components/AttachmentsPanel';
import { StockHint } from '../components/ModelAvailability';
import { CoversPanel, SupportPanel } from '../components/CoveragePanel';
import { LocalContactsList, useLocalContacts } from '../components/LocalContacts';
import { type FieldDefinition as DomainField, IN_STOCK_KINDS, KEY_DATE_RULES, type StageKind, dueMonitoredDates, matchesKeyDate, monitoredDateFilter } from '@custodia/domain';

/**
 * One asset: its typed attributes, lifecycle stage and the transitions allowed now, assignment, support contracts (or,
 * for a contract, what it covers), history, QR code.
 */
export function AssetPage() {
  const { id = '' } = useParams();
  const { can, today } = useSession();
  const client = useQueryClient();
  const asset = useQuery({ queryKey: ['asset', id], queryFn: () => get<Asset>(`/api/v1/assets/${id}`), retry: false });
  const a = asset.data;
  const types = useAssetTypes();
  const type = types.data?.find((t) => t.id === a?.assetTypeId);
  const model = useQuery({ queryKey: ['lifecycle-model', a?.lifecycleModelId], queryFn: () => get<LifecycleModel>(`/api/v1/lifecycle-models/${a!.lifecycleModelId}`), enabled: Boolean(a), staleTime: 300_000 });
  const transitions = useQuery({ queryKey: ['transitions', id, a?.version], queryFn: async () => (await get<{ items: AllowedTransition[] }>(`/api/v1/assets/${id}/transitions`)).items, enabled: Boolean(a) });
  const people = useNamesById('people', [a?.assignedPersonId ?? null, a?.custodianId ?? null]);
  const places = usePlaceNames([a?.locationId ?? null]);
  // Whom to call where the asset is: read apart, the asset read stays one row.
  const contacts = useLocalContacts('assets', id, Boolean(a?.locationId));
  const unitName = useNameOf('org-units', a?.ownerOrgUnitId);
  const modelName = useNameOf('models', a?.modelId);
  const manufacturerName = useNameOf('manufacturers', a?.manufacturerId);
  const supplierName = useNameOf('suppliers', a?.supplierId);
  const [qr, setQr] = useState<string | null>(null);
  const [running, setRunning] = useState<AllowedTransition | null>(null);
  const [editing, setEditing] = useState(false);
  const [duplicating, setDuplicating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [migrating, setMigrating] = useState(false);
  const allModels = useLifecycleModels(can('lifecycle.manage'));
  const navigate = useNavigate();
  useEffect(() => { if (a) void QRCode.toDataURL(a.tag, { margin: 1, width: 160 }).then(setQr); }, [a?.tag]);

  if (asset.isLoading) return <Loader role="status" aria-label="Loading" />;
  if (asset.error || !a) {
    const e = asset.error;
    return <Alert color="red" role="alert" title="Asset not available">{e instanceof ApiError && e.status === 404 ? 'There is no such asset, or it is outside what your role lets you see.' : 'The asset could not be loaded.'}</Alert>;
  }
  const stages = model.data?.definition.stages ?? [];
  const stageName = stages.find((s) => s.key === a.stage)?.name ?? a.stage;
  // The key dates due on this asset today, by the rules the dashboard counts, on the organisation's today as there.
  const stageKind = stages.find((s) => s.key === a.stage)?.kind ?? '';
  const due = model.data ? KEY_DATE_RULES.filter((r) => matchesKeyDate(r, { ...a, stageKind }, today())) : [];
  const dueDates = model.data && type ? dueMonitoredDates(type.attributeSchema as DomainField[], { stageKind, attributes: a.attributes }, today()) : [];
  const changed = (next: Asset) => {
    client.setQueryData(['asset', id], next);
    void client.invalidateQueries({ queryKey: ['assets'] });
    // A transition can make a file evidence, or put the asset on legal hold: its files' retention changes.
    void client.invalidateQueries({ queryKey: ['attachments', id] });
    // A move changes whom to call.
    if (next.locationId !== a.locationId) void client.invalidateQueries({ queryKey: ['local-contacts', 'assets', id] });
    setRunning(null);
    setEditing(false);
    notifications.show({ message: `${next.tag} saved`, color: 'green' });
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to="/assets" size="sm">← Register</Anchor>
          <Title order={1} size="h2"><span style={{ fontFamily: 'monospace' }}>{a.tag}</span> · {a.name}</Title>
          <Group gap="xs">
            <Badge size="lg">{stageName}</Badge><Text c="dimmed" size="sm">{type?.name}</Text>
            {due.map((r) => <Badge key={r.key} color="red.9" variant="outline" component={Link} to={`/assets?keyDate=${r.key}`} style={{ cursor: 'pointer' }}>{r.label}</Badge>)}
            {type && dueDates.map((d) => (
              <Badge key={d.key} color="red.9" variant="outline" component={Link} to={`/assets?monitoredDate=${monitoredDateFilter({ typeKey: type.key, fieldKey: d.key, when: d.when })}`} style={{ cursor: 'pointer' }}>
                {d.label} {calendarDate(d.date)}{d.when === 'passed' ? ' (passed)' : ''}
              </Badge>
            ))}
          </Group>
        </div>
        {(can('assets.write') || can('assets.delete')) && (
          <Group gap="xs">
            {can('assets.write') && <Button variant="default" onClick={() => setEditing(true)}>Edit</Button>}
            {can('assets.write') && types.data && <Button variant="default" onClick={() => setDuplicating(true)}>Register another like this</Button>}
            {can('assets.delete') && <Button variant="default" color="red.9" onClick={() => setDeleting(true)}>Delete</Button>}
          </Group>
        )}
      </Group>

      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4">Lifecycle</Title>
            {model.data && (() => {
              const latest = Math.max(...(allModels.data ?? []).filter((m) => m.key === model.data.key).map((m) => m.version), model.data.version);
              return (
                <Group gap="xs">
                  <Text size="sm" c="dimmed">{model.data.name}, version {model.data.version}{latest > model.data.version ? ` (version ${latest} exists)` : ''}</Text>
                  {can('lifecycle.manage') && latest > model.data.version && <Button size="compact-sm" variant="default" onClick={() => setMigrating(true)}>Change version</Button>}
                </Group>
              );
            })()}
          </Group>
          <LifecycleTrack stages={stages} current={a.stage} />
          {can('assets.transition') && (
            <Group gap="xs">
              {(transitions.data ?? []).map((t) => t.blockedBy.length ? (
                <Tooltip key={t.key} label={t.blockedBy.map((b) => b.message).join('; ')}>
                  <Button variant="light" color="gray" data-disabled aria-disabled onClick={(e) => e.preventDefault()}>{t.name}</Button>
                </Tooltip>
              ) : (
                <Button key={t.key} variant="light" onClick={() => setRunning(t)}>{t.name}</Button>
              ))}
              {transitions.data?.length === 0 && <Text size="sm" c="dimmed">No transition leads out of this stage.</Text>}
            </Group>
          )}
          {/* Someone needing this model while this one is not in stock: what the stockroom can hand out instead. */}
          {can('assets.assign') && a.modelId && stageKind && !IN_STOCK_KINDS.includes(stageKind as StageKind) && <StockHint modelId={a.modelId} />}
        </Stack>
      </Card>

      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">Details</Title>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
              <Detail label="Serial number">{a.serial ?? '—'}</Detail>
              <Detail label="Assigned to">{a.assignedPersonId ? people.get(a.assignedPersonId) ?? '…' : '—'}</Detail>
              <Detail label="Expected return">{calendarDate(a.expectedReturnDate)}</Detail>
              <Detail label="Location">{a.locationId ? places.get(a.locationId) ?? '…' : '—'}</Detail>
              {a.locationId && <LocalContactsList contacts={contacts} none="None for this location or the places it is in" />}
              <Detail label="Owner org unit">{a.ownerOrgUnitId ? unitName ?? '…' : '—'}</Detail>
              <Detail label="Custodian">{a.custodianId ? people.get(a.custodianId) ?? '…' : '—'}</Detail>
              <Detail label="Model">{a.modelId ? modelName ?? '…' : '—'}</Detail>
              <Detail label="Manufacturer">{a.manufacturerId ? manufacturerName ?? '…' : '—'}</Detail>
              <Detail label="Supplier">{a.supplierId ? supplierName ?? '…' : '—'}</Detail>
              <Detail label="Purchased">{calendarDate(a.purchaseDate)}</Detail>
              <Detail label="Cost">{a.purchaseCostMinor !== null ? displayMinorAmount(a.purchaseCostMinor, a.purchaseCurrency) : '—'}</Detail>
              <Detail label="Order / invoice">{[a.orderReference, a.invoiceReference].filter(Boolean).join(' · ') || '—'}</Detail>
              <Detail label="Warranty end">{calendarDate(a.warrantyEnd)}</Detail>
              <Detail label="End of life">{calendarDate(a.eolDate)}</Detail>
              <Detail label="Last verified">{a.lastVerifiedOn ? calendarDate(a.lastVerifiedOn) : 'Never'}</Detail>
              {a.services.length > 0 && <Detail label="Services supported">{a.services.join(', ')}</Detail>}
              {type?.attributeSchema.map((f) => <Detail key={f.key} label={f.label}><ValueText field={f} value={a.attributes[f.key]} /></Detail>)}
              {/* Values of attributes the type no longer defines are kept: shown, so nobody thinks them lost. */}
              {type && Object.keys(a.attributes).filter((k) => !type.attributeSchema.some((f) => f.key === k)).map((k) => (
                <Detail key={k} label={`${humanise(k)} (no longer in the type)`}>{formatValue(undefined, a.attributes[k])}</Detail>
              ))}
            </SimpleGrid>
            {a.notes && <Text mt="sm" size="sm" style={{ whiteSpace: 'pre-wrap' }}>{a.notes}</Text>}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">Label</Title>
            {qr && <Image src={qr} alt={`QR code of asset tag ${a.tag}`} w={160} h={160} />}
            <Text ff="monospace" mt="xs">{a.tag}</Text>
            <Button component={Link} to={`/labels?ids=${a.id}`} variant="default" size="xs" mt="xs">Print label</Button>
          </Card>
          {/* Beside the details' warranty end: which support contracts cover the asset, and until when. */}
          {type && type.category !== 'service_contract' && <Stack mt="md"><SupportPanel asset={a} /></Stack>}
        </Grid.Col>
      </Grid>

      <AssignmentPanel asset={a} onChanged={changed} />

      {type?.category === 'service_contract' && <CoversPanel asset={a} canWrite={can('assets.write')} />}

      <AttachmentsPanel owner={{ kind: 'asset', id: a.id }} canWrite={can('assets.write')} />

      {can('discovery.read') && <DiscoveryPanel assetId={a.id} />}

      {can('history.read') && <AssetHistory asset={a} />}
      {running && <TransitionDialog asset={a} transition={running} onClose={() => setRunning(null)} onDone={changed} />}
      {editing && <EditAssetDialog asset={a} type={type} onClose={() => setEditing(false)} onDone={changed} />}
      {migrating && model.data && allModels.data && (
        <MigrateModelDialog asset={a} current={model.data} versions={allModels.data} onClose={() => setMigrating(false)} onDone={(next) => { setMigrating(false); changed(next); }} />
      )}
      {deleting && (
        <DeleteWithReasonDialog title={`Delete ${a.tag}?`} path={`/api/v1/assets/${a.id}`} version={a.version} onClose={() => setDeleting(false)} onDeleted={() => {
          client.removeQueries({ queryKey: ['asset', id] });
          void client.invalidateQueries({ queryKey: ['assets'] });
          notifications.show({ message: `${a.tag} deleted`, color: 'green' });
          void navigate('/assets');
        }}>
          Delete this asset only if it was registered by mistake; its history is kept. An asset that left the organisation is decommissioned and disposed of instead, with its evidence.
        </DeleteWithReasonDialog>
      )}
      {duplicating && types.data && (
        <NewAssetDialog types={types.data} like={a} onClose={() => setDuplicating(false)}
          onCreated={(created) => { setDuplicating(false); void client.invalidateQueries({ queryKey: ['assets'] }); notifications.show({ message: `${created.tag} registered like ${a.tag}`, color: 'green' }); navigate(`/assets/${created.id}`); }} />
      )}
    </Stack>
  );
}
