import { Alert, Anchor, Button, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError, type Asset, type Page, get, query } from '../api';
import { errorText } from '../access';
import { calendarDate, localToday } from '../dates';
import { Detail } from '../components/Detail';
import { useAssetTypes, useNameOf } from '../lookups';
import type { Person } from '../reference';
import { useSession } from '../session';
import { type PlaceToCall, usePrintedPolicies, useWhomToCall } from '../hand-over';
import './print.css';

/** Assets read per request; the form lists every asset the person holds, up to FORM_MAX. */
const PAGE = 500;
/** Beyond this many a form is not the right tool: the note (printed too) points to the register view. */
const FORM_MAX = 2_000;

/** "Whom to call": each place's local contacts once, with the assets they answer for. */
function WhomToCall({ places }: { places: PlaceToCall[] }) {
  return (
    <Stack gap="xs" aria-label="Whom to call" component="section">
      <Title order={2} size="h4">Whom to call</Title>
      {places.map(({ place, contacts, tags }) => (
        <div key={place.id}>
          <Text size="sm" fw={600}>{place.name} <Text span size="xs" c="dimmed">(for {tags.join(', ')})</Text></Text>
          {contacts.map((c) => (
            <Text size="sm" key={`${c.personId}-${c.role}`}>
              {c.name} · {c.role}{c.phone ? ` · ${c.phone}` : ''}{c.email ? ` · ${c.email}` : ''}{c.notes ? ` (${c.notes})` : ''}
            </Text>
          ))}
        </div>
      ))}
    </Stack>
  );
}

/**
 * The hand-over form of the equipment assigned to a person (§2.2.4.3 assignment; Table 2.2 "in use": who holds it),
 * laid out to be printed and signed by both sides. The signed scan is then kept with the person (their attachments).
 */
export function HandOverFormPage() {
  const { id = '' } = useParams();
  const { session, can } = useSession();
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
  // Type names only label the rows: a role without lifecycle.read gets the form without that column.
  const types = useAssetTypes(can('lifecycle.read'));
  const typesById = new Map((types.data ?? []).map((t) => [t.id, t]));
  const showTypes = can('lifecycle.read') && !types.error;
  const printed = usePrintedPolicies(assets.data?.items ?? []);
  const toCall = useWhomToCall(assets.data?.items ?? []);

  if (person.isLoading || assets.isLoading || types.isLoading || printed.loading || toCall.loading) return <Loader role="status" aria-label="Loading the form" />;
  if (person.error || !person.data) {
    return <Alert color="red" role="alert" title="Form not available">{person.error instanceof ApiError && person.error.status === 404 ? 'There is no such person, or they are outside what your role lets you see.' : errorText(person.error)}</Alert>;
  }
  if (assets.error) return <Alert color="red" role="alert">{errorText(assets.error)}</Alert>;
  // A form that leaves out a policy the person should sign for is worse than none.
  if (printed.error) return <Alert color="red" role="alert" title="Form not available">The usage policies of the equipment could not be read, and the form is not printed without them: {errorText(printed.error)}</Alert>;
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
            <Table.Thead><Table.Tr><Table.Th>Tag</Table.Th><Table.Th>Asset</Table.Th>{showTypes && <Table.Th>Type</Table.Th>}<Table.Th>Serial number</Table.Th><Table.Th>Return by</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td ff="monospace">{a.tag}</Table.Td>
                  <Table.Td>{a.name}</Table.Td>
                  {showTypes && <Table.Td>{typesById.get(a.assetTypeId)?.name ?? ''}</Table.Td>}
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
          {toCall.places.length > 0 && <WhomToCall places={toCall.places} />}
          {toCall.error ? <Text size="sm" c="red.9" className="no-print">Whom to call could not be read: {errorText(toCall.error)}</Text> : null}
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
