import { Alert, Anchor, Card, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import type { NotProposedReason, ProposalReason } from '@custodia/domain';
import { type ModelAvailability, get } from '../api';
import { errorText } from '../access';
import { calendarDate } from '../dates';
import { usePlaceNames } from '../places';

type Proposal = ModelAvailability['proposals'][number];

/** Why a model is offered or not, as people read it (codes from `domain/register/substitutes.ts`). */
const OFFERED: Record<ProposalReason, string | null> = {
  requested_in_stock: null,
  requested_end_of_life_soon: 'end of life soon',
  requested_past_end_of_life: 'past its end of life',
  substitute_in_stock: null,
  substitute_end_of_life_soon: 'end of life soon',
};
const NOT_OFFERED: Record<NotProposedReason, string> = {
  requested_out_of_stock: 'none in stock',
  substitute_out_of_stock: 'none in stock',
  substitute_past_end_of_life: 'past its end of life, not offered',
};

/** A model's stock and its substitutes' (GET /models/{id}/availability), counted in the reader's scope. */
export function useModelAvailability(modelId: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: ['model-availability', modelId],
    queryFn: () => get<ModelAvailability>(`/api/v1/models/${modelId}/availability`),
    enabled: enabled && Boolean(modelId),
    staleTime: 30_000,
  });
}

/** The register filtered on a model in its in-stock stage: what the counts counted. */
export const stockLink = (p: Pick<Proposal, 'modelId' | 'stages'>) =>
  `/assets?modelId=${p.modelId}${p.stages.length === 1 ? `&stage=${encodeURIComponent(p.stages[0]!)}` : ''}`;

function usePlaces(data: ModelAvailability | undefined) {
  return usePlaceNames((data?.proposals ?? []).flatMap((p) => p.locations.map((l) => l.locationId)));
}

/** "3 in Stockroom · Berlin, 2 in Paris". */
function whereText(p: Proposal, places: Map<string, string>): string {
  return p.locations.map((l) => `${l.count} in ${l.locationId ? places.get(l.locationId) ?? '…' : 'no location'}`).join(', ');
}

function ProposalLine({ p, places }: { p: Proposal; places: Map<string, string> }) {
  const flag = OFFERED[p.reason];
  return (
    <List.Item>
      <Anchor component={Link} to={stockLink(p)} size="sm">{p.name}</Anchor>
      <Text span size="sm">: {whereText(p, places)}{flag ? ` (${flag}${p.eolDate ? `, ${calendarDate(p.eolDate)}` : ''})` : ''}</Text>
    </List.Item>
  );
}

/**
 * The catalogue model page's "Availability": how many are in stock and where, then the models of its substitution
 * group in stock, ranked as the server ranks them, and those not offered with the reason.
 */
export function AvailabilityPanel({ modelId }: { modelId: string }) {
  const availability = useModelAvailability(modelId);
  const data = availability.data;
  const places = usePlaces(data);
  const titleId = useId();
  if (availability.isLoading) return <Loader size="sm" role="status" aria-label="Loading the availability" />;
  if (availability.error || !data) return <Alert color="red" role="alert">{errorText(availability.error)}</Alert>;
  const own = data.proposals.find((p) => p.modelId === modelId);
  const substitutes = data.proposals.filter((p) => p.modelId !== modelId);
  const others = data.notProposed.filter((n) => n.modelId !== modelId);
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Title order={2} size="h4" mb="xs" id={titleId}>Availability</Title>
      <Stack gap="xs">
        <Text size="sm" fw={500}>In stock here</Text>
        {own ? <List size="sm"><ProposalLine p={own} places={places} /></List> : <Text size="sm" c="dimmed">None in stock.</Text>}
        <Text size="sm" fw={500}>Substitutes in stock</Text>
        {!data.model.substitutionGroup ? <Text size="sm" c="dimmed">No substitution group: give the model one to have substitutes proposed.</Text>
          : substitutes.length ? <List size="sm">{substitutes.map((p) => <ProposalLine key={p.modelId} p={p} places={places} />)}</List>
            : <Text size="sm" c="dimmed">None of group “{data.model.substitutionGroup}” in stock.</Text>}
        {others.length > 0 && (
          <Text size="xs" c="dimmed">Not offered: {others.map((n) => `${n.name} (${NOT_OFFERED[n.reason]})`).join('; ')}.</Text>
        )}
        <Text size="xs" c="dimmed">Counted in the org units your role lets you see.</Text>
      </Stack>
    </Card>
  );
}

/**
 * For an asset that is not in stock, what the stockroom can hand out instead: "None of <model> in stock — <substitute>:
 * 3 in Stockroom · Berlin", or where other ones of its model are. Nothing while loading or when it cannot be read: a
 * hint, not a step of the hand-over.
 */
export function StockHint({ modelId }: { modelId: string }) {
  const availability = useModelAvailability(modelId);
  const data = availability.data;
  const places = usePlaces(data);
  if (!data) return null;
  const own = data.proposals.find((p) => p.modelId === modelId);
  const substitutes = data.proposals.filter((p) => p.modelId !== modelId).slice(0, 3);
  return (
    <Text size="sm" data-testid="stock-hint">
      {own ? <>Other {data.model.name} in stock: <Anchor component={Link} to={stockLink(own)} size="sm">{whereText(own, places)}</Anchor></>
        : <>None of {data.model.name} in stock{substitutes.length ? ' — ' : data.model.substitutionGroup ? ', nor any substitute.' : '.'}</>}
      {!own && substitutes.map((p, i) => (
        <span key={p.modelId}>{i > 0 && '; '}<Anchor component={Link} to={stockLink(p)} size="sm">{p.name}</Anchor>: {whereText(p, places)}</span>
      ))}
    </Text>
  );
}
