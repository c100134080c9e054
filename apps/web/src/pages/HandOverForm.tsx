import { Alert, Anchor, Button, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError, type Asset, type AssetType, type Page, get, query } from '../api';
import { errorText } from '../access';
import { calendarDate, localToday } from '../dates';
import { Detail } from '../components/Detail';
import { useAssetTypes, useNameOf } from '../lookups';
import type { CatalogueModel, Person } from '../reference';
import { useSession } from '../session';
import { POLICY_SOURCES } from '../components/UsagePolicies';
import './print.css';

/** Assets read per request; the form lists every asset the person holds, up to FORM_MAX. */
const PAGE = 500;
/** Beyond this many a form is not the right tool: the note (printed too) points to the register view. */
const FORM_MAX = 2_000;
/** Catalogue models read per request (`ids=`). */
const MODELS_PER_READ = 100;

/** A usage policy as the form prints it: once, with the tags of the listed assets it applies to. */
interface PrintedPolicy { key: string; heading: string; text: string; tags: string[] }

/**
 * The usage policies of the listed assets (their asset types' and catalogue models', as GET /assets/{id}/policies
 * gives them for one asset), each once: read from the types and the few models the assets use, not asset by asset.
 */
function usePrintedPolicies(items: Asset[], typesById: Map<string, AssetType>) {
  const modelIds = [...new Set(items.map((a) => a.modelId).filter((m): m is string => Boolean(m)))].sort();
  const models = useQuery({
    queryKey: ['reference', 'models', 'policies', modelIds.join(',')],
    queryFn: async () => {
      const out: CatalogueModel[] = [];
      for (let i = 0; i < modelIds.length; i += MODELS_PER_READ) {
        const ids = modelIds.slice(i, i + MODELS_PER_READ);
        out.push(...(await get<Page<CatalogueModel>>(`/api/v1/models${query({ ids: ids.join(','), limit: MODELS_PER_READ })}`)).items);
      }
      return out;
    },
    enabled: modelIds.length > 0,
  });
  const modelsById = new Map((models.data ?? []).map((m) => [m.id, m]));
  const printed = new Map<string, PrintedPolicy>();
  const add = (source: 'type' | 'model', id: string, name: string, text: string | null, tag: string) => {
    if (!text) return;
    const key = `${source}:${id}`;
    const p = printed.get(key) ?? { key, heading: `${POLICY_SOURCES[source]} · ${name}`, text, tags: [] };
    p.tags.push(tag);
    printed.set(key, p);
  };
  for (const a of items) {
    const type = typesById.get(a.assetTypeId);
    if (type) add('type', type.id, type.name, type.usagePolicy, a.tag);
  }
  for (const a of items) {
    const model = a.modelId ? modelsById.get(a.modelId) : undefined;
    if (model) add('model', model.id, model.name, model.usagePolicy, a.tag);
  }
  return { policies: [...printed.values()], loading: models.isLoading, error: models.error };
}

/**
 * The hand-over form of the equipment assigned to a person (§2.2.4.3 assignment; Table 2.2 "in use": who holds it),
 * laid out to be printed and signed by both sides. The signed scan is then kept with the person (their attachments).
 */
export function HandOverFormPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const person = useQuery({ queryKey: ['reference', 'people', 'one', id], queryFn: () => get<Person>(`/api/v1/people/${id}`), retry: false });
  const assets = useQuery({
    queryKey: ['assets', { assignedPersonId: id }, 'hand-over'],
    queryFn: async (): Promise<Page<Asset>> => {
      const first = await get<Page<Asset>>(`/api/v1/assets${query({ assignedPersonId: id, limit: PAGE, includeTotal: 'true', sort: 'tag' })}`);
      const items = [...first.items];
      for (let cursor = first.nextCursor; cursor && items.length < FORM_MAX;) {
        const page = await get<Page<Asset>>(`/api/v1/assets${query({ assignedPersonId: id, limit: PAGE, sort: 'tag', cursor })}`);
        items.push(...page.items);
        cursor = page.nextCursor;
      }
      return { ...first, items, nextCursor: null };
    },
  });
  const unitName = useNameOf('org-units', person.data?.orgUnitId);
  const types = useAssetTypes();
  const typesById = new Map((types.data ?? []).map((t) => [t.id, t]));
  const printed = usePrintedPolicies(assets.data?.items ?? [], typesById);

  if (person.isLoading || assets.isLoading || types.isLoading || printed.loading) return <Loader role="status" aria-label="Loading the form" />;
  if (person.error || !person.data) {
    return <Alert color="red" role="alert" title="Form not available">{person.error instanceof ApiError && person.error.status === 404 ? 'There is no such person, or they are outside what your role lets you see.' : errorText(person.error)}</Alert>;
  }
  if (assets.error) return <Alert color="red" role="alert">{errorText(assets.error)}</Alert>;
  // A form that leaves out a policy the person should sign for is worse than none.
  const unread = types.error ?? printed.error;
  if (unread) return <Alert color="red" role="alert" title="Form not available">The usage policies of the equipment could not be read, and the form is not printed without them: {errorText(unread)}</Alert>;
  const p = person.data;
  const items = assets.data?.items ?? [];
  const total = assets.data?.total ?? items.length;
  const today = calendarDate(localToday());

  return (
    <Stack className="printable" maw={900}>
      <Group justify="space-between" className="no-print">
        <Anchor component={Link} to={`/admin/people?person=${p.id}`} size="sm">← Back to {p.name}</Anchor>
        <Button onClick={() => window.print()} disabled={items.length === 0}>Print</Button>
      </Group>
      <Title order={1} size="h2">Hand-over of IT equipment</Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        <Detail label="Received by">{p.name}</Detail>
        <Detail label="Employee number">{p.employeeNumber ?? '—'}</Detail>
        <Detail label="Org unit">{unitName ?? '—'}</Detail>
        <Detail label="E-mail">{p.email ?? '—'}</Detail>
        <Detail label="Date">{today}</Detail>
      </SimpleGrid>
      {items.length === 0 ? (
        <Alert color="gray" role="status">No asset is assigned to {p.name}: there is nothing to hand over.</Alert>
      ) : (
        <>
          <Table withTableBorder aria-label="Equipment handed over" fz="sm">
            <Table.Thead><Table.Tr><Table.Th>Tag</Table.Th><Table.Th>Asset</Table.Th><Table.Th>Type</Table.Th><Table.Th>Serial number</Table.Th><Table.Th>Return by</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td ff="monospace">{a.tag}</Table.Td>
                  <Table.Td>{a.name}</Table.Td>
                  <Table.Td>{typesById.get(a.assetTypeId)?.name ?? ''}</Table.Td>
                  <Table.Td ff="monospace">{a.serial ?? ''}</Table.Td>
                  <Table.Td>{a.expectedReturnDate ? calendarDate(a.expectedReturnDate) : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {total > items.length && <Text size="sm">This form lists the first {items.length} of {total} assets; the register filtered on {p.name} lists the rest.</Text>}
          {printed.policies.length > 0 && (
            <Stack gap="xs" aria-label="Usage policies" component="section">
              <Title order={2} size="h4">Usage policies</Title>
              {printed.policies.map((p) => (
                <div key={p.key}>
                  <Text size="sm" fw={600}>{p.heading} <Text span size="xs" c="dimmed">(applies to {p.tags.join(', ')})</Text></Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{p.text}</Text>
                </div>
              ))}
            </Stack>
          )}
          <Text size="sm">
            I have received the equipment listed above in working order. I will use it for my work and as the acceptable-use
            policy says, keep it safe, report its loss, theft or damage at once, and return it when asked or when I leave.
            {printed.policies.length > 0 && ' I have been told the usage policies above and will follow them.'}
          </Text>
          <SimpleGrid cols={2} spacing="xl" mt="lg">
            {[['Received by', p.name], ['Handed over by', session?.account.displayName ?? '']].map(([role, name]) => (
              <Stack key={role} gap={4}>
                <Text fw={600} size="sm">{role}</Text>
                <Text size="sm">{name}</Text>
                <Text size="sm" mt="xl" style={{ borderTop: '1px solid currentColor' }}>Date and signature</Text>
              </Stack>
            ))}
          </SimpleGrid>
          <Text size="xs" c="dimmed" className="no-print">Once signed, scan the form and attach it on {p.name}'s page, where it is kept with its history.</Text>
        </>
      )}
    </Stack>
  );
}
