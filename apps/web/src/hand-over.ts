/**
 * What the printable hand-over form reads besides the assets: the usage policies to sign for and whom to call. Both
 * come from reads of single assets (permission `assets.read`, which the form needs anyway to list them), one asset of
 * each distinct asset type and catalogue model, and one of each distinct location: a person holds a few assets, of a
 * few kinds, in a few places. So the form needs neither `lifecycle.read` nor the catalogue.
 */
import { useQueries } from '@tanstack/react-query';
import type { Asset, AssetPolicy } from './api';
import { POLICY_SOURCES, policiesQuery } from './components/UsagePolicies';
import { type LocalContactsAnswer, localContactsQuery } from './components/LocalContacts';

/** A usage policy as the form prints it: once, with the tags of the listed assets it applies to. */
export interface PrintedPolicy { key: string; heading: string; text: string; tags: string[] }

/** A place whose local contacts answer for some of the listed assets, printed once with the tags of those assets. */
export interface PlaceToCall { place: NonNullable<LocalContactsAnswer['from']>; contacts: LocalContactsAnswer['items']; tags: string[] }

/** The first asset of each group, in the assets' order. */
function firstOfEach(items: readonly Asset[], groupOf: (a: Asset) => string | null): Asset[] {
  const seen = new Set<string>();
  const firsts: Asset[] = [];
  for (const a of items) {
    const g = groupOf(a);
    if (g !== null && !seen.has(g)) seen.add(g), firsts.push(a);
  }
  return firsts;
}

const policyGroup = (a: Asset) => `${a.assetTypeId}|${a.modelId ?? ''}`;

/** The usage policies of the listed assets (their asset types' first, then their catalogue models'), each once. */
export function usePrintedPolicies(items: readonly Asset[]) {
  const firsts = firstOfEach(items, policyGroup);
  const reads = useQueries({ queries: firsts.map((a) => policiesQuery(a.id, true)) });
  const byGroup = new Map(firsts.map((a, i) => [policyGroup(a), reads[i]?.data ?? []] as const));
  const printed = new Map<string, PrintedPolicy>();
  for (const source of ['type', 'model'] as const) {
    for (const a of items) {
      for (const p of (byGroup.get(policyGroup(a)) ?? []).filter((x: AssetPolicy) => x.source === source)) {
        const key = `${p.source}:${p.id}`;
        const entry = printed.get(key) ?? { key, heading: `${POLICY_SOURCES[p.source]} · ${p.name}`, text: p.text, tags: [] };
        entry.tags.push(a.tag);
        printed.set(key, entry);
      }
    }
  }
  return { policies: [...printed.values()], loading: reads.some((r) => r.isLoading), error: reads.find((r) => r.error)?.error ?? null };
}

/**
 * "Whom to call" about the listed assets: the local contacts of their locations (each location's own, or the nearest
 * place's above it), each answering place once, in the order of the first asset it answers for.
 */
export function useWhomToCall(items: readonly Asset[]) {
  const firsts = firstOfEach(items, (a) => a.locationId);
  const reads = useQueries({ queries: firsts.map((a) => localContactsQuery('assets', a.id)) });
  const answerOf = new Map(firsts.map((a, i) => [a.locationId!, reads[i]?.data] as const));
  const places = new Map<string, PlaceToCall>();
  for (const a of items) {
    const answer = a.locationId ? answerOf.get(a.locationId) : undefined;
    if (!answer?.from || answer.items.length === 0) continue;
    const entry = places.get(answer.from.id) ?? { place: answer.from, contacts: answer.items, tags: [] };
    entry.tags.push(a.tag);
    places.set(answer.from.id, entry);
  }
  return { places: [...places.values()], loading: reads.some((r) => r.isLoading), error: reads.find((r) => r.error)?.error ?? null };
}
