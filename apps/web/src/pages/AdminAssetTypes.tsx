import { Alert, Anchor, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { errorText } from '../access';
import { ASSET_CATEGORIES, useModelVersions, useTypeRecords } from '../lifecycle';
import { useSession } from '../session';
import { ScrollTable } from '../components/ScrollTable';

/** Asset types: what each registers, its tag pattern, the lifecycle model version it follows, its attributes. */
export function AdminAssetTypesPage() {
  const { can } = useSession();
  const types = useTypeRecords();
  const models = useModelVersions();
  if (!can('lifecycle.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you see asset types.</Alert>;
  const model = new Map((models.data ?? []).map((m) => [m.id, m]));
  const list = types.data ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Asset types</Title>
        {can('lifecycle.manage') && <Button component={Link} to="/admin/asset-types/new">New asset type</Button>}
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        Each type says what its assets are, how their tags are numbered, which lifecycle model (and version) new assets follow, and the attributes its assets carry besides the common fields.
      </Text>
      {types.isLoading && <Loader role="status" aria-label="Loading asset types" />}
      {types.error && <Alert color="red" role="alert">{errorText(types.error)}</Alert>}
      {types.data && (
        <ScrollTable minWidth={760} label="Asset types">
          <Table striped highlightOnHover aria-label="Asset types">
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Key</Table.Th><Table.Th>Category</Table.Th><Table.Th>Tag pattern</Table.Th><Table.Th>Lifecycle model</Table.Th><Table.Th>Attributes</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.map((t) => {
                const m = model.get(t.lifecycleModelId);
                return (
                  <Table.Tr key={t.id}>
                    <Table.Td><Anchor component={Link} to={`/admin/asset-types/${t.id}`}>{t.name}</Anchor></Table.Td>
                    <Table.Td><Code>{t.key}</Code></Table.Td>
                    <Table.Td>{ASSET_CATEGORIES[t.category] ?? t.category}</Table.Td>
                    <Table.Td><Code>{t.tagPattern}</Code></Table.Td>
                    <Table.Td>{m ? <Anchor component={Link} to={`/admin/lifecycle-models/${m.id}`} size="sm">{m.name} · version {m.version}</Anchor> : '—'}</Table.Td>
                    <Table.Td>{t.attributeSchema.length ? t.attributeSchema.map((f) => f.label).join(', ') : <Text span size="sm" c="dimmed">None</Text>}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {types.data?.length === 0 && <Text c="dimmed">There are no asset types yet.</Text>}
    </Stack>
  );
}
