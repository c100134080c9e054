import { Alert, Anchor, Button, Card, Code, Group, List, Loader, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { LONG_TEXT_MAX } from '@custodia/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, type LifecycleModel, get, request } from '../api';
import { usePagedHistory } from '../use-paged-history';
import { OlderChanges } from '../components/OlderChanges';
import { DeleteWithReasonDialog } from '../components/DeleteWithReasonDialog';
import { errorText, notify, readableTitle } from '../access';
import {
  ASSET_CATEGORIES, type AssetCategory, type AssetTypeRecord, type FieldRow, KEY, KEY_MESSAGE, type Problems, formatTag, fromRows, isValidTagPattern,
  schemaProblems, serverProblems, toRows, useModelVersions,
} from '../lifecycle';
import { useSession } from '../session';
import { AttributeSchemaEditor, ProblemText } from '../components/AttributeSchemaEditor';
import { HistoryTimeline } from '../components/HistoryTimeline';
import { assetTypeHistoryRows } from '../history-rows';
import { USAGE_POLICY_HELP } from '../reference';

/** `usagePolicy` is '' for none, as the text box holds it; it is sent as null. */
interface Draft { key: string; name: string; category: AssetCategory | null; tagPattern: string; lifecycleModelId: string | null; usagePolicy: string; rows: FieldRow[] }

const draftOf = (t: AssetTypeRecord): Draft => ({
  key: t.key, name: t.name, category: t.category, tagPattern: t.tagPattern, lifecycleModelId: t.lifecycleModelId, usagePolicy: t.usagePolicy ?? '', rows: toRows(t.attributeSchema),
});
const EMPTY: Draft = { key: '', name: '', category: 'hardware', tagPattern: '', lifecycleModelId: null, usagePolicy: '', rows: [] };
const TOP = ['name', 'category', 'tagPattern', 'lifecycleModelId', 'usagePolicy'] as const;
const policyOf = (d: Draft) => d.usagePolicy.trim() || null;
const schemaJson = (rows: FieldRow[]) => JSON.stringify(fromRows(rows));

/** The client's checks, mirroring the contract (AssetTypeCreate) and validateAttributeSchema. */
function problemsOf(d: Draft, creating: boolean): Problems {
  const p: Problems = {};
  if (creating && !KEY.test(d.key)) p['key'] = d.key ? KEY_MESSAGE : 'A key is needed';
  if (!d.name.trim()) p['name'] = 'A name is needed';
  else if (d.name.length > 200) p['name'] = 'At most 200 characters';
  if (!d.category) p['category'] = 'Choose a category';
  if (!isValidTagPattern(d.tagPattern)) p['tagPattern'] = 'Literal text with exactly one {seq:N} counter, at most 40 characters, e.g. LAP-{seq:6}';
  if (!d.lifecycleModelId) p['lifecycleModelId'] = 'Choose the lifecycle model its assets follow';
  if (d.usagePolicy.length > LONG_TEXT_MAX) p['usagePolicy'] = `At most ${LONG_TEXT_MAX.toLocaleString()} characters`;
  if (d.rows.length > 200) p['attributeSchema'] = 'At most 200 attributes';
  return { ...p, ...schemaProblems(d.rows, 'attributeSchema') };
}

/** What this user changed since `start`, as the PATCH body. */
function patchOf(start: Draft, now: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TOP) if (now[k] !== start[k]) out[k] = now[k];
  if ('usagePolicy' in out) out['usagePolicy'] = policyOf(now);
  if (schemaJson(now.rows) !== schemaJson(start.rows)) out['attributeSchema'] = fromRows(now.rows);
  return out;
}

/**
 * Three-way merge after a 412: the other person's version, with this user's own changes re-applied — the fields they
 * changed, the attributes they added, edited, removed or moved (matched by row; untouched rows take the new version).
 */
function reapply(start: Draft, mine: Draft, theirs: Draft): Draft {
  const merged: Draft = { ...theirs };
  for (const k of TOP) if (mine[k] !== start[k]) (merged as unknown as Record<string, unknown>)[k] = mine[k];
  if (schemaJson(mine.rows) === schemaJson(start.rows)) return merged;
  const one = (r: FieldRow) => schemaJson([r]);
  const startById = new Map(start.rows.map((r) => [r.rid, r]));
  const theirsByKey = new Map(theirs.rows.map((r) => [r.key, r]));
  const rows: FieldRow[] = [];
  for (const r of mine.rows) {
    const s = startById.get(r.rid);
    if (s && one(s) === one(r)) { const t = theirsByKey.get(s.key); if (t) rows.push({ ...t, rid: r.rid }); } else rows.push(r);
  }
  const startKeys = new Set(start.rows.map((r) => r.key));
  for (const t of theirs.rows) if (!startKeys.has(t.key) && !rows.some((r) => r.key === t.key)) rows.push(t);
  return { ...merged, rows };
}

/** An asset type: what it is, its tag pattern, the lifecycle model version it follows, and its attribute schema. */
export function AdminAssetTypePage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const type = useQuery({ queryKey: ['asset-type', id], queryFn: () => get<AssetTypeRecord>(`/api/v1/asset-types/${id}`), enabled: id !== 'new' && can('lifecycle.read'), retry: false });
  if (!can('lifecycle.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you see asset types.</Alert>;
  if (id === 'new') {
    if (!can('lifecycle.manage')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you define asset types.</Alert>;
    return <TypeForm key="new" loaded={null} />;
  }
  if (type.isLoading) return <Loader role="status" aria-label="Loading the asset type" />;
  if (!type.data) {
    return <Alert color="red" role="alert" title="Asset type not available">{type.error instanceof ApiError && type.error.status === 404 ? 'There is no such asset type.' : errorText(type.error)}</Alert>;
  }
  return <TypeForm key={type.data.id} loaded={type.data} />;
}

function TypeForm({ loaded }: { loaded: AssetTypeRecord | null }) {
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const creating = loaded === null;
  const manage = can('lifecycle.manage');
  const models = useModelVersions();
  const [base, setBase] = useState(loaded);
  const [start, setStart] = useState<Draft>(() => (loaded ? draftOf(loaded) : EMPTY));
  const [draft, setDraft] = useState<Draft>(start);
  const [error, setError] = useState<unknown>(null);
  const [server, setServer] = useState<Problems>({});
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const history = usePagedHistory(['asset-type-history', base?.id, base?.version], `/api/v1/asset-types/${base?.id}/history`, Boolean(base) && can('history.read'));

  const client_ = useMemo(() => problemsOf(draft, creating), [draft, creating]);
  const problems: Problems = { ...server, ...(attempted ? client_ : {}) };
  const dirty = JSON.stringify({ ...draft, rows: fromRows(draft.rows) }) !== JSON.stringify({ ...start, rows: fromRows(start.rows) });

  const modelOptions = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const m of models.data ?? []) {
      const items = groups.get(m.key) ?? [];
      items.push({ value: m.id, label: `${m.name} · version ${m.version}${items.length === 0 ? ' (latest)' : ''}` });
      groups.set(m.key, items);
    }
    return [...groups].map(([key, items]) => ({ group: models.data?.find((m) => m.key === key)?.name ?? key, items }));
  }, [models.data]);
  const chosenModel = models.data?.find((m) => m.id === draft.lifecycleModelId);
  // The list comes newest version first within each key.
  const newer = chosenModel ? models.data?.find((m) => m.key === chosenModel.key) : undefined;

  /** A change to the top fields: that field's server error no longer applies. */
  const setTop = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft({ ...draft, [k]: v });
    if (server[k]) { const s = { ...server }; delete s[k]; setServer(s); }
  };
  const setRows = (rows: FieldRow[]) => {
    const before = new Map(draft.rows.map((r) => [r.rid, schemaJson([r])]));
    const changed = rows.filter((r) => before.get(r.rid) !== schemaJson([r])).map((r) => `attributeSchema.${r.rid}`);
    setDraft({ ...draft, rows });
    if (changed.length) setServer(Object.fromEntries(Object.entries(server).filter(([k]) => !changed.some((c) => k === c || k.startsWith(`${c}.`)))));
  };

  const save = async (on: AssetTypeRecord | null, from: Draft, now: Draft) => {
    setAttempted(true);
    if (Object.keys(problemsOf(now, creating)).length) { setError(null); return; }
    setBusy(true);
    setError(null);
    setServer({});
    try {
      if (!on) {
        const { data } = await request<AssetTypeRecord>('POST', '/api/v1/asset-types', {
          body: { key: now.key, name: now.name, category: now.category, tagPattern: now.tagPattern, lifecycleModelId: now.lifecycleModelId, usagePolicy: policyOf(now), attributeSchema: fromRows(now.rows) },
        });
        await client.invalidateQueries({ queryKey: ['asset-types'] });
        notify(`Asset type ${data.name} created`);
        navigate(`/admin/asset-types/${data.id}`, { replace: true });
        return;
      }
      const { data } = await request<AssetTypeRecord>('PATCH', `/api/v1/asset-types/${on.id}`, { body: patchOf(from, now), ifMatch: `"${on.version}"` });
      client.setQueryData(['asset-type', data.id], data);
      await client.invalidateQueries({ queryKey: ['asset-types'] });
      const next = draftOf(data);
      setBase(data);
      setStart(next);
      setDraft(next);
      setAttempted(false);
      notify(`${data.name} saved`);
    } catch (e) {
      setError(e);
      setServer(serverProblems(e, { attributeSchema: now.rows.map((r) => r.rid) }));
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    if (!base) return;
    setBusy(true);
    try {
      const latest = await get<AssetTypeRecord>(`/api/v1/asset-types/${base.id}`);
      const theirs = draftOf(latest);
      const merged = reapply(start, draft, theirs);
      setBase(latest);
      setStart(theirs);
      setDraft(merged);
      client.setQueryData(['asset-type', latest.id], latest);
      await save(latest, theirs, merged);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const conflict = error instanceof ApiError && error.code === 'VERSION_MISMATCH';
  const count = Object.keys(problems).length;
  const topError = (k: string) => problems[k];

  return (
    <Stack className="custodia-readable-errors" maw={1100}>
      <div>
        <Anchor component={Link} to="/admin/asset-types" size="sm">← Asset types</Anchor>
        <Title order={1} size="h2">{creating ? 'New asset type' : base!.name}</Title>
        {!creating && <Text size="sm" c="dimmed">Key <Code>{base!.key}</Code> · version {base!.version} of this definition</Text>}
      </div>
      {!manage && <Alert color="gray" title="Read only" styles={readableTitle}>Your roles let you read asset types; changing them needs the lifecycle management permission.</Alert>}

      <form onSubmit={(e) => { e.preventDefault(); void save(base, start, draft); }} noValidate>
        <Stack>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">Type</Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Key" required={creating} disabled={!creating || !manage} value={draft.key} error={topError('key')} styles={{ input: { fontFamily: 'monospace' } }}
                description={creating ? 'snake_case, used by the API and imports; it cannot change later' : 'The key cannot change'} onChange={(e) => setTop('key', e.currentTarget.value)} />
              <TextInput label="Name" required disabled={!manage} value={draft.name} error={topError('name')} onChange={(e) => setTop('name', e.currentTarget.value)} />
              <Select label="Category" required disabled={!manage} allowDeselect={false} data={Object.entries(ASSET_CATEGORIES).map(([value, label]) => ({ value, label }))}
                value={draft.category} error={topError('category')} onChange={(v) => setTop('category', v as AssetCategory | null)} />
              <TextInput label="Tag pattern" required disabled={!manage} value={draft.tagPattern} error={topError('tagPattern')} styles={{ input: { fontFamily: 'monospace' } }}
                description={isValidTagPattern(draft.tagPattern) ? `New tags look like ${formatTag(draft.tagPattern, 1)}, ${formatTag(draft.tagPattern, 2)}…` : 'Literal text and one {seq:N} counter of N digits, e.g. LAP-{seq:6}'}
                onChange={(e) => setTop('tagPattern', e.currentTarget.value)} />
              <Select label="Lifecycle model" required disabled={!manage} allowDeselect={false} data={modelOptions} value={draft.lifecycleModelId} error={topError('lifecycleModelId')}
                description="New assets of this type follow this version; existing assets keep theirs until migrated" onChange={(v) => setTop('lifecycleModelId', v)} />
              {chosenModel && (
                <Text size="sm" mt={{ sm: 28 }}>
                  <Anchor component={Link} to={`/admin/lifecycle-models/${chosenModel.id}`}>See the {chosenModel.name} model, version {chosenModel.version}</Anchor>
                  {' '}({chosenModel.definition.stages.length} stages, {chosenModel.definition.transitions.length} transitions)
                  {newer && newer.id !== chosenModel.id && <><br />Version {newer.version} is newer: choose it for new assets to follow it.</>}
                </Text>
              )}
            </SimpleGrid>
          </Card>

          <Card withBorder>
            <Title order={2} size="h4" mb="sm">Usage policy</Title>
            <Textarea label="Usage policy" description={USAGE_POLICY_HELP} disabled={!manage} autosize minRows={2} maxRows={12} maxLength={LONG_TEXT_MAX}
              value={draft.usagePolicy} error={topError('usagePolicy')} onChange={(e) => setTop('usagePolicy', e.currentTarget.value)} />
          </Card>

          <Card withBorder>
            <Title order={2} size="h4">Attributes</Title>
            <Text size="sm" c="dimmed" mb="sm">
              Fields the assets of this type carry besides the common ones (name, serial, location…). The register’s forms are generated from this list, in this order, and the server validates every value against it.
            </Text>
            <ProblemText>{problems['attributeSchema']}</ProblemText>
            <AttributeSchemaEditor rows={draft.rows} onChange={setRows} problems={problems} base="attributeSchema" mode="attributes" disabled={!manage} noun="Attribute" />
          </Card>

          {conflict ? (
            <Alert color="orange" role="alert" title="Someone else changed this type while you were editing" styles={readableTitle}>
              <Stack gap="xs">
                Your changes are still here. Load their version and apply your changes on top of it?
                <Group><Button size="xs" onClick={() => void reload()} loading={busy}>Reload and re-apply my changes</Button></Group>
              </Stack>
            </Alert>
          ) : error instanceof ApiError && error.status === 422 && Object.keys(server).length ? (
            <Alert color="red" role="alert" title="Not saved">{error.message} — the server’s findings are shown next to the fields.</Alert>
          ) : error !== null ? (
            <Alert color="red" role="alert" title="Not saved">{errorText(error)}</Alert>
          ) : attempted && count > 0 ? (
            <Alert color="red" role="alert" title="Not saved">
              {count === 1 ? 'One field needs' : `${count} fields need`} attention:
              <List size="sm" mt={4}>{Object.values(problems).slice(0, 8).map((m, i) => <List.Item key={i}>{m}</List.Item>)}</List>
            </Alert>
          ) : null}

          {manage && (
            <Group justify="space-between">
              <Group>
                <Button type="submit" loading={busy} disabled={!creating && !dirty}>{creating ? 'Create the asset type' : 'Save the asset type'}</Button>
                {!creating && <Button variant="default" disabled={!dirty} onClick={() => { setDraft(start); setError(null); setServer({}); setAttempted(false); }}>Discard changes</Button>}
              </Group>
              {!creating && <Button variant="default" onClick={() => setDeleting(true)}>Delete this type</Button>}
            </Group>
          )}
        </Stack>
      </form>

      {base && can('history.read') && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">History</Title>
          {history.events ? <HistoryTimeline events={history.events} rowsOf={(e) => assetTypeHistoryRows(e, (models.data ?? []) as LifecycleModel[])} /> : <Loader size="sm" role="status" aria-label="Loading history" />}
          <OlderChanges history={history} />
        </Card>
      )}
      {deleting && base && <DeleteWithReasonDialog title={`Delete ${base.name}?`} path={`/api/v1/asset-types/${base.id}`} version={base.version} onClose={() => setDeleting(false)} onDeleted={async () => {
        client.removeQueries({ queryKey: ['asset-type', base.id] });
        await client.invalidateQueries({ queryKey: ['asset-types'] });
        notify(`Asset type ${base.name} deleted`);
        navigate('/admin/asset-types');
      }}>
        Only a type created in error can be deleted: while assets, catalogue models or audit plans use it, the server refuses.
      </DeleteWithReasonDialog>}
    </Stack>
  );
}
