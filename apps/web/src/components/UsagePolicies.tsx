import { Alert, Checkbox, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type AssetPolicy, get } from '../api';
import { errorText, readableTitle } from '../access';
import { useNamesById } from '../lookups';

/** Where a policy is written, as people read it. */
export const POLICY_SOURCES: Record<AssetPolicy['source'], string> = { type: 'Asset type', model: 'Catalogue model' };

/** The usage policies of one asset (its type's and its model's), read when a hand-over is being prepared. */
export function useAssetPolicies(assetId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['asset-policies', assetId],
    queryFn: async () => (await get<{ items: AssetPolicy[] }>(`/api/v1/assets/${assetId}/policies`)).items,
    enabled,
    staleTime: 60_000,
  });
}

/**
 * What a hand-over form asks before an asset goes to someone (ITIL ITAM Table 2.2, "Allocate/assign": model-specific
 * policies): the asset's usage policies, and whether the person receiving it was told. `acknowledged` is what the
 * request sends as `policiesAcknowledged`; `ready` says whether the form may be sent — the policies are read, and
 * ticked when there are some.
 */
export function usePolicyAcknowledgement(assetId: string, handingOver: boolean, acknowledged: boolean) {
  const policies = useAssetPolicies(assetId, handingOver);
  const items = handingOver ? policies.data ?? [] : [];
  return {
    policies,
    items,
    /** The flag to send: only for a hand-over of an asset that has policies. */
    flag: handingOver && items.length > 0 ? { policiesAcknowledged: acknowledged } : {},
    ready: !handingOver || (policies.isSuccess && (items.length === 0 || acknowledged)),
  };
}

/**
 * "Before you hand it over": the policies, each labelled by where it is written, and the box the operator ticks once
 * they told the person. Nothing is shown for an asset without policies.
 */
export function PolicyAcknowledgement({ assetId, personId, policies, acknowledged, onChange, error }: {
  assetId: string; personId: string | null | undefined; policies: ReturnType<typeof useAssetPolicies>; acknowledged: boolean; onChange: (v: boolean) => void; error?: string | null | undefined;
}) {
  const names = useNamesById('people', [personId ?? null]);
  if (policies.isLoading) return <Loader size="sm" role="status" aria-label="Loading the usage policies" />;
  if (policies.error) return <Alert color="red" role="alert" title="The usage policies could not be read" styles={readableTitle}>{errorText(policies.error)} Nothing can be handed over until they are read: close this form and try again.</Alert>;
  const items = policies.data ?? [];
  if (items.length === 0) return null;
  const person = personId ? names.get(personId) ?? 'the person receiving it' : 'the person receiving it';
  return (
    <Alert color="yellow" title="Before you hand it over" styles={readableTitle} data-testid={`usage-policies-${assetId}`}>
      <Stack gap="sm">
        <Text size="sm">Tell {person} about these usage policies:</Text>
        {items.map((p) => (
          <div key={`${p.source}-${p.id}`}>
            <Text size="sm" fw={600}>{POLICY_SOURCES[p.source]} · {p.name}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{p.text}</Text>
          </div>
        ))}
        <Checkbox label={`I have told ${person} about these policies`} checked={acknowledged} error={error ?? undefined} onChange={(e) => onChange(e.currentTarget.checked)} />
      </Stack>
    </Alert>
  );
}
