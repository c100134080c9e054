import { Alert, Anchor, Badge, Button, Card, Code, Grid, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, get, request } from '../api';
import { usePagedHistory } from '../use-paged-history';
import { OlderChanges } from '../components/OlderChanges';
import { errorText, notify, readableTitle } from '../access';
import { dateTime } from '../dates';
import {
  type DraftModel, KIND_COLORS, type Problems, STAGE_KINDS, type StageKind, type StoredModel, fromDraft, modelProblems, newId, serverProblems, toDraft,
  useModelVersions, useTypeRecords,
} from '../lifecycle';
import { useSession } from '../session';
import { LifecycleDiagram, type Selection } from '../components/LifecycleDiagram';
import { ModelOutline } from '../components/ModelOutline';
import { ModelEditor } from '../components/ModelEditor';
import { HistoryTimeline } from '../components/HistoryTimeline';

const blank = (): DraftModel => {
  const sid = newId('s');
  return { key: '', name: '', initialStages: [sid], stages: [{ sid, key: 'in_stock', name: 'In stock', kind: 'available' }], transitions: [] };
};

/** A lifecycle model version: its diagram and text outline; with lifecycle.manage, an editor that saves the next version. */
export function AdminLifecycleModelPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const model = useQuery({ queryKey: ['lifecycle-model', id], queryFn: () => get<StoredModel>(`/api/v1/lifecycle-models/${id}`), enabled: id !== 'new' && can('lifecycle.read'), retry: false, staleTime: Infinity });
  if (!can('lifecycle.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you see lifecycle models.</Alert>;
  if (id === 'new') {
    if (!can('lifecycle.manage')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you add lifecycle models.</Alert>;
    return <Workspace key="new" model={null} />;
  }
  if (model.isLoading) return <Loader role="status" aria-label="Loading the lifecycle model" />;
  if (!model.data) {
    return <Alert color="red" role="alert" title="Lifecycle model not available">{model.error instanceof ApiError && model.error.status === 404 ? 'There is no such lifecycle model version.' : errorText(model.error)}</Alert>;
  }
  return <Workspace key={model.data.id} model={model.data} />;
}

/** A readable place for each problem path, for the summary beside the save button. */
function describe(path: string, d: DraftModel): string {
  const [list, id] = path.split('.');
  if (list === 'stages' && id) { const i = d.stages.findIndex((s) => s.sid === id); return i < 0 ? 'Stages' : `Stage ${i + 1} (${d.stages[i]!.name || d.stages[i]!.key || 'unnamed'})`; }
  if (list === 'transitions' && id) { const t = d.transitions.find((x) => x.tid === id); return `Transition ${t?.name || t?.key || 'unnamed'}`; }
  return { key: 'Key', name: 'Name', description: 'Description', initialStages: 'Initial stages', stages: 'Stages', transitions: 'Transitions' }[path] ?? path;
}

function Workspace({ model }: { model: StoredModel | null }) {
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const versions = useModelVersions();
  const types = useTypeRecords();
  const stored = useMemo(() => (model ? toDraft(model.definition) : null), [model]);
  const history = usePagedHistory(['lifecycle-model-history', model?.id], `/api/v1/lifecycle-models/${model?.id}/history`, Boolean(model) && can('history.read'));
  const [editing, setEditing] = useState<DraftModel | null>(() => (model ? null : blank()));
  const [selection, setSelection] = useState<Selection>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const current = editing ?? stored!;

  const diagramStages = useMemo(() => current.stages.map((s) => ({ id: s.sid, key: s.key, name: s.name, kind: s.kind as StageKind, initial: current.initialStages.includes(s.sid) })), [current]);
  const diagramTransitions = useMemo(() => current.transitions.map((t) => ({ id: t.tid, key: t.key, name: t.name, from: t.from, to: t.to })), [current]);
  const kinds = [...new Set(current.stages.map((s) => s.kind))];
  const taken = !model && editing ? (versions.data ?? []).some((m) => m.key === editing.key) : false;
  const clientProblems = useMemo(() => {
    if (!editing) return {};
    const p = modelProblems(editing);
    // POST with an existing key would store a new version of that model, not a new model.
    if (taken && !p['key']) p['key'] = 'A model with this key exists: open it and create a new version instead';
    return p;
  }, [editing, taken]);
  const problems: Problems = { ...server, ...(attempted ? clientProblems : {}) };
  const count = Object.keys(problems).length;

  const siblings = (versions.data ?? []).filter((m) => m.key === (model?.key ?? editing?.key)).sort((a, b) => b.version - a.version);
  const latest = siblings[0];
  const followers = (types.data ?? []).filter((t) => t.lifecycleModelId === model?.id);
  const behind = model && latest?.id === model.id ? (types.data ?? []).filter((t) => siblings.some((m) => m.id === t.lifecycleModelId && m.id !== model.id)) : [];

  const select = (s: Selection) => {
    setSelection(s);
    if (editing && s?.kind === 'transition') setOpen(s.id);
  };
  const change = (d: DraftModel) => {
    setEditing(d);
    if (Object.keys(server).length) setServer({});
  };
  const startVersion = () => {
    setEditing(structuredClone(stored!));
    setAttempted(false);
    setServer({});
    setError(null);
  };

  const save = async () => {
    if (!editing) return;
    setAttempted(true);
    if (Object.keys(clientProblems).length) { setError(null); return; }
    setBusy(true);
    setError(null);
    setServer({});
    try {
      const { data } = await request<StoredModel>('POST', '/api/v1/lifecycle-models', { body: fromDraft(editing) });
      client.setQueryData(['lifecycle-model', data.id], data);
      await client.invalidateQueries({ queryKey: ['lifecycle-models'] });
      const expected = model ? (latest?.version ?? model.version) + 1 : 1;
      notify(data.version === expected || !model ? `${data.name}: version ${data.version} saved` : `${data.name}: saved as version ${data.version} (someone added another version meanwhile)`);
      navigate(`/admin/lifecycle-models/${data.id}`);
    } catch (e) {
      setError(e);
      const fields = new Map(editing.transitions.map((t) => [t.tid, t.fields.map((f) => f.rid)]));
      setServer(serverProblems(e, { stages: editing.stages.map((s) => s.sid), transitions: editing.transitions.map((t) => t.tid) }, (parts) => {
        // transitions.<tid>.fields.<index>… → the evidence row that was at that index
        if (parts[0] === 'transitions' && parts[2] === 'fields' && parts[3] !== undefined && /^\d+$/.test(parts[3])) {
          return [...parts.slice(0, 3), fields.get(parts[1]!)?.[Number(parts[3])] ?? parts[3], ...parts.slice(4)];
        }
        return parts;
      }));
    } finally {
      setBusy(false);
    }
  };

  const title = editing ? (model ? `New version of ${model.name}` : 'New lifecycle model') : `${model!.name}`;
  return (
    <Stack className="custodia-readable-errors">
      <div>
        <Anchor component={Link} to="/admin/lifecycle-models" size="sm">← Lifecycle models</Anchor>
        <Group gap="sm" align="center">
          <Title order={1} size="h2">{title}</Title>
          {model && !editing && <Badge size="lg" variant="light">Version {model.version}</Badge>}
          {model && !editing && latest?.id === model.id && <Badge size="lg" variant="outline" color="gray">Latest</Badge>}
        </Group>
        {model && (
          <Text size="sm" c="dimmed">
            Key <Code>{model.key}</Code> · {editing ? `based on version ${model.version}, saved as version ${(latest?.version ?? model.version) + 1}` : `stored ${dateTime(model.createdAt)}`}
            {model.definition.description ? ` · ${model.definition.description}` : ''}
          </Text>
        )}
      </div>

      {model && !editing && (
        <Group gap="lg" align="flex-start">
          <div>
            <Text size="sm" fw={600}>Versions</Text>
            <Group gap="xs" component="nav" aria-label="Versions of this model">
              {siblings.map((m) => m.id === model.id
                ? <Text key={m.id} size="sm" fw={700} aria-current="page">v{m.version}</Text>
                : <Anchor key={m.id} component={Link} to={`/admin/lifecycle-models/${m.id}`} size="sm">v{m.version}</Anchor>)}
            </Group>
          </div>
          <div>
            <Text size="sm" fw={600}>Asset types following this version</Text>
            <Text size="sm">
              {followers.length ? followers.map((t, i) => <span key={t.id}>{i > 0 && ', '}<Anchor component={Link} to={`/admin/asset-types/${t.id}`} size="sm">{t.name}</Anchor></span>) : 'None'}
            </Text>
          </div>
          {can('lifecycle.manage') && <Button ml="auto" onClick={startVersion}>Create a new version</Button>}
        </Group>
      )}
      {behind.length > 0 && !editing && (
        <Alert color="blue" title="Asset types still on an earlier version" styles={readableTitle}>
          {behind.map((t, i) => <span key={t.id}>{i > 0 && ', '}<Anchor component={Link} to={`/admin/asset-types/${t.id}`} size="sm">{t.name}</Anchor></span>)}
          {' '}— new assets of these types follow their earlier version until the type is switched to this one.
        </Alert>
      )}

      <Grid>
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <Card withBorder p="xs">
            <a href="#model-outline" className="custodia-skip">Skip the diagram: go to the list of stages and transitions</a>
            <LifecycleDiagram stages={diagramStages} transitions={diagramTransitions} selection={selection} onSelect={select}
              label={`Diagram of the ${current.name || 'new'} lifecycle model: ${current.stages.length} stages, ${current.transitions.length} transitions`} />
            <Group gap="xs" mt="xs" aria-label="Stage kinds" role="list">
              {kinds.map((k) => (
                <Group key={k} gap={4} role="listitem">
                  <span aria-hidden style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 3, background: `var(--mantine-color-${KIND_COLORS[k]}-1)`, border: `2px solid var(--mantine-color-${KIND_COLORS[k]}-7)` }} />
                  <Text size="xs">{STAGE_KINDS[k] ?? k}</Text>
                </Group>
              ))}
            </Group>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <Card withBorder>
            <ModelOutline model={current} selection={selection} onSelect={select} />
          </Card>
        </Grid.Col>
      </Grid>

      {model && !editing && can('history.read') && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">History of this version</Title>
          {history.events ? <HistoryTimeline events={history.events} /> : <Loader size="sm" role="status" aria-label="Loading history" />}
          <OlderChanges history={history} />
        </Card>
      )}

      {editing && (
        <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
          <Stack>
            <ModelEditor draft={editing} onChange={change} problems={problems} isNew={!model} openTransition={open} onOpenTransition={setOpen} />
            {error instanceof ApiError && error.status === 422 ? (
              <Alert color="red" role="alert" title="Not saved">{error.message} — the server’s findings are shown next to the fields.</Alert>
            ) : error !== null ? (
              <Alert color="red" role="alert" title="Not saved">{errorText(error)}</Alert>
            ) : attempted && count > 0 ? (
              <Alert color="red" role="alert" title="Not saved">
                {count === 1 ? 'One problem needs' : `${count} problems need`} fixing first:
                <List size="sm" mt={4}>{Object.entries(problems).slice(0, 10).map(([k, m]) => <List.Item key={k}>{describe(k, editing)}: {m}</List.Item>)}</List>
              </Alert>
            ) : null}
            <Group>
              <Button type="submit" loading={busy}>{model ? `Save as version ${(latest?.version ?? model.version) + 1}` : 'Create the model'}</Button>
              {model
                ? <Button variant="default" onClick={() => { setEditing(null); setSelection(null); setServer({}); setError(null); }}>Discard this version</Button>
                : <Button variant="default" component={Link} to="/admin/lifecycle-models">Cancel</Button>}
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
