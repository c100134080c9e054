import { Alert, Anchor, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { errorText } from '../access';
import { type StoredModel, useModelVersions, useTypeRecords } from '../lifecycle';
import { useSession } from '../session';
import { ScrollTable } from '../components/ScrollTable';

/** Lifecycle models by key, each with its versions (never edited in place: a change is a new version). */
export function AdminLifecycleModelsPage() {
  const { can } = useSession();
  const models = useModelVersions();
  const types = useTypeRecords();
  if (!can('lifecycle.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you see lifecycle models.</Alert>;

  const byKey = new Map<string, StoredModel[]>();
  for (const m of models.data ?? []) byKey.set(m.key, [...(byKey.get(m.key) ?? []), m]);
  const groups = [...byKey.values()].map((v) => v.sort((a, b) => b.version - a.version));
  const typeOf = (m: StoredModel) => (types.data ?? []).filter((t) => t.lifecycleModelId === m.id);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Lifecycle models</Title>
        {can('lifecycle.manage') && <Button component={Link} to="/admin/lifecycle-models/new">New lifecycle model</Button>}
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        A model lists the stages an asset goes through and the transitions between them, with their guards, effects and required evidence.
        Models are versioned: a change is saved as a new version, assets keep the version they follow until migrated, and each asset type says which version its new assets follow.
      </Text>
      {models.isLoading && <Loader role="status" aria-label="Loading lifecycle models" />}
      {models.error && <Alert color="red" role="alert">{errorText(models.error)}</Alert>}
      {models.data && (
        <ScrollTable minWidth={760} label="Lifecycle models">
          <Table striped aria-label="Lifecycle models">
            <Table.Thead><Table.Tr><Table.Th>Model</Table.Th><Table.Th>Key</Table.Th><Table.Th>Versions</Table.Th><Table.Th>Latest version</Table.Th><Table.Th>Asset types (version followed)</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {groups.map((v) => {
                const latest = v[0]!;
                const following = v.flatMap((m) => typeOf(m).map((t) => ({ t, m })));
                return (
                  <Table.Tr key={latest.key}>
                    <Table.Td><Anchor component={Link} to={`/admin/lifecycle-models/${latest.id}`}>{latest.name}</Anchor></Table.Td>
                    <Table.Td><Code>{latest.key}</Code></Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        {v.map((m) => <Anchor key={m.id} component={Link} to={`/admin/lifecycle-models/${m.id}`} size="sm">version {m.version}</Anchor>)}
                      </Group>
                    </Table.Td>
                    <Table.Td>{latest.definition.stages.length} stages, {latest.definition.transitions.length} transitions</Table.Td>
                    <Table.Td>{following.length ? following.map(({ t, m }) => `${t.name} (v${m.version})`).join(', ') : <Text span size="sm" c="dimmed">None</Text>}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
