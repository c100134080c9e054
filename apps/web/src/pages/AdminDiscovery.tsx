import { ActionIcon, Alert, Anchor, Button, Card, FileInput, Group, Loader, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, post, query, request } from '../api';
import { errorText, fieldError, notify } from '../access';
import { CRITERIA, type DenyRule, type DiscoverySettings, type InventoryUploadResult, ON_MANY, ON_ONE, ON_ZERO, type ReconciliationRule } from '../discovery';
import { stageNames, useAssetTypes, useLifecycleModels } from '../lookups';
import { useSession } from '../session';
import { AssetLink } from '../components/AssetLink';
import { ScrollTable } from '../components/ScrollTable';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const CHASSIS = [['laptop', 'Laptops'], ['desktop', 'Desktops'], ['server', 'Servers'], ['virtual', 'Virtual machines']] as const;

/** Discovery settings (reconciliation rules, field ownership, deny list, retention, agent networks) and inventory file upload. */
export function AdminDiscoveryPage() {
  const { can } = useSession();
  if (!can('discovery.manage') && !can('imports.run')) {
    return <Alert color="red" role="alert" title="Not available">Your roles do not let you configure discovery or upload inventories.</Alert>;
  }
  return (
    <Stack maw={1100}>
      <Title order={1} size="h2">Discovery settings</Title>
      {can('imports.run') && <UploadCard />}
      {can('discovery.manage') && <SettingsForm />}
    </Stack>
  );
}

function SettingsForm() {
  const client = useQueryClient();
  // The settings and their ETag: a save sends it as If-Match, so an edit made meanwhile by someone else is not overwritten.
  const settings = useQuery({ queryKey: ['discovery-settings'], queryFn: async () => { const r = await request<DiscoverySettings>('GET', '/api/v1/discovery/settings'); return { value: r.data, etag: r.etag }; } });
  const current = settings.data?.value;
  const [draft, setDraft] = useState<DiscoverySettings | null>(null);
  // The settings the draft was started from: what this user changed is what differs from them.
  const [base, setBase] = useState<DiscoverySettings | null>(null);
  const [rebased, setRebased] = useState<string | null>(null);
  const [ranges, setRanges] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [detecting, setDetecting] = useState(false);
  const types = useAssetTypes();
  const models = useLifecycleModels();
  useEffect(() => {
    if (current && !draft) { setDraft(structuredClone(current)); setBase(structuredClone(current)); setRanges(current.unauthenticatedRanges.join('\n')); }
  }, [current, draft]);

  const ownedOptions = useMemo(() => {
    // Attributes by the label their types give them (the key too when types label one key differently).
    const labels = new Map<string, Set<string>>([['serial', new Set(['Serial number'])], ['name', new Set(['Name'])]]);
    for (const t of types.data ?? []) for (const f of t.attributeSchema) labels.set(`attributes.${f.key}`, (labels.get(`attributes.${f.key}`) ?? new Set()).add(f.label || f.key));
    for (const f of draft?.ownedFields ?? []) if (!labels.has(f)) labels.set(f, new Set([f.replace(/^attributes\./, '')]));
    return [...labels].map(([k, names]) => ({ value: k, label: names.size === 1 ? [...names][0]! : `${[...names].join(' / ')} (${k.slice(11)})` }));
  }, [types.data, draft?.ownedFields]);
  const stageOptions = useMemo(() => {
    const map = stageNames(models.data);
    if (draft && !map.has(draft.registerStage)) map.set(draft.registerStage, draft.registerStage);
    return [...map].map(([value, label]) => ({ value, label }));
  }, [models.data, draft?.registerStage]);
  const typeOptions = (current: string) => {
    const list = (types.data ?? []).map((t) => ({ value: t.key, label: t.name }));
    return list.some((o) => o.value === current) ? list : [{ value: current, label: current }, ...list];
  };

  if (settings.isLoading || !draft) return settings.error ? <Alert color="red" role="alert">{errorText(settings.error)}</Alert> : <Loader role="status" aria-label="Loading the settings" />;

  const next = { ...draft, unauthenticatedRanges: ranges.split(/[\s,]+/).map((r) => r.trim()).filter(Boolean) };
  const dirty = JSON.stringify(next) !== JSON.stringify(current);
  const set = <K extends keyof DiscoverySettings>(key: K, value: DiscoverySettings[K]) => setDraft({ ...draft, [key]: value });
  const setRule = (i: number, patch: Partial<ReconciliationRule>) => set('rules', draft.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: -1 | 1) => {
    const rules = [...draft.rules];
    const [rule] = rules.splice(i, 1);
    rules.splice(i + by, 0, rule!);
    set('rules', rules);
  };
  const setDeny = (i: number, patch: Partial<DenyRule>) => set('denyList', draft.denyList.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const body: DiscoverySettings = { ...next, denyList: next.denyList.map((r) => ({ name: r.name.trim(), publisher: r.publisher?.trim() ? r.publisher.trim() : null, reason: r.reason.trim() })) };
      const { data, etag } = await request<DiscoverySettings>('PUT', '/api/v1/discovery/settings', { body, ifMatch: settings.data?.etag ?? null });
      client.setQueryData(['discovery-settings'], { value: data, etag });
      setDraft(structuredClone(data));
      setBase(structuredClone(data));
      setRebased(null);
      setRanges(data.unauthenticatedRanges.join('\n'));
      notify('Discovery settings saved');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH') await rebase();
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  /**
   * Someone else saved meanwhile. A save replaces the settings whole, so sending this draft again would undo their
   * changes: their version is read, and only the settings this user changed are applied on top of it, to check and save.
   */
  const rebase = async () => {
    const fresh = await request<DiscoverySettings>('GET', '/api/v1/discovery/settings');
    client.setQueryData(['discovery-settings'], { value: fresh.data, etag: fresh.etag });
    const mine = (Object.keys(next) as (keyof DiscoverySettings)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(base?.[k]));
    const both = mine.filter((k) => JSON.stringify(fresh.data[k]) !== JSON.stringify(base?.[k]));
    const merged = { ...structuredClone(fresh.data), ...Object.fromEntries(mine.map((k) => [k, structuredClone(next[k])])) } as DiscoverySettings;
    setDraft(merged);
    setBase(structuredClone(fresh.data));
    setRanges(merged.unauthenticatedRanges.join('\n'));
    setRebased(`Someone else saved the settings meanwhile. Their version is loaded with your changes on top${both.length ? `; you both changed ${both.join(', ')}, and yours is kept there` : ''}. Nothing is saved yet: check, then save again.`);
  };
  const detectNotSeen = async () => {
    setDetecting(true);
    try {
      const r = await post<{ queued: number }>('/api/v1/discovery/detect-not-seen');
      await client.invalidateQueries({ queryKey: ['discrepancies'] });
      notify(r.queued ? `${r.queued} asset${r.queued === 1 ? '' : 's'} not seen queued for review` : 'Every asset with a device has reported recently');
    } catch (e) {
      setError(e);
    } finally {
      setDetecting(false);
    }
  };

  return (
    <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <Stack>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">Reconciliation rules</Title>
          <Text size="sm" c="dimmed" mb="sm">Tried in this order for a device not yet linked to an asset. A rule applies only when the device reports every identifier it names; then it says what to do when no asset, one asset or several assets match.</Text>
          <ScrollTable minWidth={900} label="Reconciliation rules">
            <Table aria-label="Reconciliation rules" fz="sm">
              <Table.Thead><Table.Tr><Table.Th>Order</Table.Th><Table.Th>Rule</Table.Th><Table.Th>Matches on</Table.Th><Table.Th>No asset matches</Table.Th><Table.Th>One asset matches</Table.Th><Table.Th>Several match</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {draft.rules.map((r, i) => (
                  <Table.Tr key={r.key}>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Text size="sm" w={18}>{i + 1}</Text>
                        <ActionIcon variant="default" size="sm" aria-label={`Move ${r.name} up`} disabled={i === 0} onClick={() => move(i, -1)}>↑</ActionIcon>
                        <ActionIcon variant="default" size="sm" aria-label={`Move ${r.name} down`} disabled={i === draft.rules.length - 1} onClick={() => move(i, 1)}>↓</ActionIcon>
                      </Group>
                    </Table.Td>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>{r.criteria.map((c) => CRITERIA[c] ?? c).join(' + ')}</Table.Td>
                    <Table.Td><Select size="xs" aria-label={`${r.name}: when no asset matches`} allowDeselect={false} data={options(ON_ZERO)} value={r.onZero} onChange={(v) => v && setRule(i, { onZero: v as ReconciliationRule['onZero'] })} /></Table.Td>
                    <Table.Td><Select size="xs" aria-label={`${r.name}: when one asset matches`} allowDeselect={false} data={options(ON_ONE)} value={r.onOne} onChange={(v) => v && setRule(i, { onOne: v as ReconciliationRule['onOne'] })} /></Table.Td>
                    <Table.Td><Select size="xs" aria-label={`${r.name}: when several assets match`} allowDeselect={false} data={options(ON_MANY)} value={r.onMany} onChange={(v) => v && setRule(i, { onMany: v as ReconciliationRule['onMany'] })} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Select mt="sm" maw={520} label="A device no rule matches" allowDeselect={false} value={draft.whenNoMatch}
            data={[{ value: 'create', label: 'Register it as a new asset' }, { value: 'review', label: 'Queue it as “discovered but not registered” for review' }]}
            onChange={(v) => v && set('whenNoMatch', v as DiscoverySettings['whenNoMatch'])} />
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="sm">Registering and updating assets</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Stage of newly registered assets" allowDeselect={false} data={stageOptions} value={draft.registerStage} onChange={(v) => v && set('registerStage', v)} />
            <MultiSelect label="Fields discovery keeps up to date" description="Other fields it only fills when empty; a difference becomes a discrepancy" searchable data={ownedOptions} value={draft.ownedFields} onChange={(v) => set('ownedFields', v)} error={fieldError(error, 'ownedFields')} />
            {CHASSIS.map(([key, label]) => (
              <Select key={key} label={`Asset type for ${label.toLowerCase()}`} allowDeselect={false} data={typeOptions(draft.assetTypeByChassis[key])} value={draft.assetTypeByChassis[key]}
                onChange={(v) => v && set('assetTypeByChassis', { ...draft.assetTypeByChassis, [key]: v })} error={fieldError(error, `assetTypeByChassis.${key}`)} />
            ))}
          </SimpleGrid>
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="sm">Time limits and agent networks</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label="Days before a device counts as not seen" min={1} max={3650} allowDecimal={false} value={draft.notSeenDays} onChange={(v) => set('notSeenDays', Number(v) || 0)} error={fieldError(error, 'notSeenDays')} />
            <NumberInput label="Days raw inventories are kept as evidence" min={1} max={3650} allowDecimal={false} value={draft.retentionDays} onChange={(v) => set('retentionDays', Number(v) || 0)} error={fieldError(error, 'retentionDays')} />
            <Textarea label="Networks whose agents may report without a token" description="One CIDR range per line, such as 10.20.0.0/16. Empty: every agent needs a token." autosize minRows={2} value={ranges} onChange={(e) => setRanges(e.currentTarget.value)}
              error={error instanceof ApiError ? error.errors.filter((f) => f.field?.startsWith('unauthenticatedRanges')).map((f) => f.message).join('; ') || undefined : undefined} />
          </SimpleGrid>
          <Group mt="sm">
            <Button variant="default" size="xs" loading={detecting} onClick={() => void detectNotSeen()}>Look for assets not seen now</Button>
          </Group>
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">Software deny list</Title>
          <Text size="sm" c="dimmed" mb="sm">Software a device must not have: each match becomes an “unauthorised software” discrepancy. Names are case-insensitive; * matches anything.</Text>
          <Stack gap="xs">
            {draft.denyList.length === 0 && <Text size="sm" c="dimmed">No software is denied.</Text>}
            {draft.denyList.map((r, i) => (
              <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
                <TextInput aria-label={`Software name, rule ${i + 1}`} placeholder="Name, e.g. *torrent*" required value={r.name} onChange={(e) => setDeny(i, { name: e.currentTarget.value })} error={fieldError(error, `denyList.${i}.name`)} style={{ flex: 2 }} />
                <TextInput aria-label={`Publisher, rule ${i + 1}`} placeholder="Publisher (any)" value={r.publisher ?? ''} onChange={(e) => setDeny(i, { publisher: e.currentTarget.value })} style={{ flex: 2 }} />
                <TextInput aria-label={`Reason, rule ${i + 1}`} placeholder="Reason" required value={r.reason} onChange={(e) => setDeny(i, { reason: e.currentTarget.value })} error={fieldError(error, `denyList.${i}.reason`)} style={{ flex: 3 }} />
                <Button variant="default" onClick={() => set('denyList', draft.denyList.filter((_, j) => j !== i))} aria-label={`Remove rule ${i + 1}`}>Remove</Button>
              </Group>
            ))}
            <Group><Button variant="default" size="xs" onClick={() => set('denyList', [...draft.denyList, { name: '', publisher: null, reason: '' }])}>Add software to deny</Button></Group>
          </Stack>
        </Card>

        {error !== null && <Alert color="red" role="alert" title="Not saved">{errorText(error)}</Alert>}
        {rebased && <Alert color="orange" role="alert" title="Not saved">{rebased}</Alert>}
        <Group>
          <Button type="submit" loading={busy} disabled={!dirty}>Save the settings</Button>
          <Button variant="default" disabled={!dirty} onClick={() => { setDraft(structuredClone(current!)); setBase(structuredClone(current!)); setRanges(current!.unauthenticatedRanges.join('\n')); setError(null); setRebased(null); }}>Discard changes</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Uploads an agent inventory (XML or JSON), a CSV discovery feed or an SBOM, as the CLI's `custodia inventory` does. */
function UploadCard() {
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<InventoryUploadResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const { data } = await request<InventoryUploadResult>('POST', `/api/v1/inventory/files${query({ fileName: file.name })}`, { raw: file, contentType: file.type || 'application/octet-stream' });
      setResult(data);
      await Promise.all(['devices', 'device', 'discrepancies', 'assets', 'asset-discovery'].map((k) => client.invalidateQueries({ queryKey: [k] })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">Upload an inventory file</Title>
      <Text size="sm" c="dimmed" mb="sm">A FusionInventory, GLPI or OCS agent inventory (XML or JSON, compressed or not), a CSV discovery feed, or a CycloneDX or SPDX SBOM. Each device in it is reconciled with the register as if its agent had reported.</Text>
      <Group align="flex-end">
        <FileInput label="Inventory file" value={file} onChange={(f) => { setFile(f); setResult(null); setError(null); }} clearable clearButtonProps={{ 'aria-label': 'Clear the file' }} style={{ flex: 1, maxWidth: 420 }} />
        <Button disabled={!file} loading={busy} onClick={() => void upload()}>Upload</Button>
      </Group>
      {error !== null && <Alert mt="sm" color="red" role="alert" title="Not imported">{errorText(error)}</Alert>}
      {result && (
        <Stack mt="sm" gap="xs">
          <Text size="sm" role="status">{result.results.length} device{result.results.length === 1 ? '' : 's'} in the {result.kind} file.</Text>
          <ScrollTable minWidth={640} label="Upload results">
            <Table fz="sm" aria-label="Upload results">
              <Table.Thead><Table.Tr><Table.Th>Device</Table.Th><Table.Th>Outcome</Table.Th><Table.Th>Asset</Table.Th><Table.Th>Decision</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {result.results.map((r, i) => (
                  <Table.Tr key={r.deviceId ?? i}>
                    <Table.Td>{r.deviceId ? <Anchor component={Link} to={`/devices/${r.deviceId}`} size="sm">{r.hostname ?? 'device'}</Anchor> : r.hostname ?? '—'}</Table.Td>
                    <Table.Td>{r.outcome}</Table.Td>
                    <Table.Td>{r.assetId ? <AssetLink id={r.assetId} /> : r.outcome === 'queued' ? <Anchor component={Link} to="/discrepancies" size="sm">in the discrepancy queue</Anchor> : '—'}</Table.Td>
                    <Table.Td>{r.decision}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Stack>
      )}
    </Card>
  );
}
