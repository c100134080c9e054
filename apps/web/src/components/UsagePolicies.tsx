import { Alert, Checkbox, Loader, Stack, Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { type Asset, type AssetPolicy, get } from '../api';
import { errorText, readableTitle } from '../access';
import { useNamesById } from '../lookups';

/** Where a policy is written, as people read it. */
export const POLICY_SOURCES: Record<AssetPolicy['source'], string> = { type: 'Asset type', model: 'Catalogue model' };

/** The read of one asset's usage policies (GET /assets/{id}/policies: permission assets.read), shared by every form that tells them. */
export const policiesQuery = (assetId: string, enabled: boolean) => ({
  queryKey: ['asset-policies', assetId],
  queryFn: async () => (await get<{ items: AssetPolicy[] }>(`/api/v1/assets/${assetId}/policies`)).items,
  enabled,
  staleTime: 60_000,
});

/** The usage policies of one asset (its type's and its model's), read when a hand-over is being prepared. */
export function useAssetPolicies(assetId: string, enabled: boolean) {
  return useQuery(policiesQuery(assetId, enabled));
}

/** Policies being read, as the notice shows them: one asset's query, or the policies of several assets together. */
interface PolicyRead { isLoading: boolean; error: unknown; data?: AssetPolicy[] | undefined }

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
 * The same for one hand-over of several assets (a bulk assignment): policies are written only on asset types and
 * catalogue models, so one asset of each distinct type and model is read, and each distinct policy is shown once.
 * `flagFor` gives the flag each asset's item sends: only the assets that have policies record it, as a single hand-over.
 */
export function useBulkPolicyAcknowledgement(assets: readonly Asset[], handingOver: boolean, acknowledged: boolean) {
  const groupOf = (a: Asset) => `${a.assetTypeId}|${a.modelId ?? ''}`;
  const firsts: Asset[] = [];
  for (const a of assets) if (!firsts.some((f) => groupOf(f) === groupOf(a))) firsts.push(a);
  const reads = useQueries({ queries: firsts.map((a) => policiesQuery(a.id, handingOver)) });
  const withPolicies = new Set(firsts.filter((_, i) => (reads[i]?.data ?? []).length > 0).map(groupOf));
  const items = handingOver ? [...new Map(reads.flatMap((r) => r.data ?? []).map((p) => [`${p.source}-${p.id}`, p] as const)).values()] : [];
  const policies: PolicyRead = { isLoading: reads.some((r) => r.isLoading), error: reads.find((r) => r.error)?.error ?? null, data: items };
  return {
    policies,
    items,
    flagFor: (asset: Asset) => (handingOver && withPolicies.has(groupOf(asset)) ? { policiesAcknowledged: acknowledged } : {}),
    ready: !handingOver || (reads.every((r) => r.isSuccess) && (items.length === 0 || acknowledged)),
  };
}

/**
 * "Before you hand it over": the policies, each labelled by where it is written, and the box the operator ticks once
 * they told the person. Nothing is shown when there are no policies.
 */
export function PolicyAcknowledgement({ personId, policies, acknowledged, onChange, error }: {
  personId: string | null | undefined; policies: PolicyRead; acknowledged: boolean; onChange: (v: boolean) => void; error?: string | null | undefined;
}) {
  const names = useNamesById('people', [personId ?? null]);
  if (policies.isLoading) return <Loader size="sm" role="status" aria-label="Loading the usage policies" />;
  if (policies.error) return <Alert color="red" role="alert" title="The usage policies could not be read" styles={readableTitle}>{errorText(policies.error)} Nothing can be handed over until they are read: close this form and try again.</Alert>;
  const items = policies.data ?? [];
  if (items.length === 0) return null;
  const person = personId ? names.get(personId) ?? 'the person receiving it' : 'the person receiving it';
  return (
    <Alert color="yellow" title="Before you hand it over" styles={readableTitle}>
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
