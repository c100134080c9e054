import { useQuery } from '@tanstack/react-query';
import { get } from './api';

/** What GET /api/v1/webhooks answers (the secret only ever in the answer of the creation). */
export interface Webhook {
  id: string; name: string; url: string; events: string[]; orgUnitId: string | null; active: boolean; version: number; createdBy: string; createdAt: string; updatedAt: string;
}
export interface WebhookDelivery {
  id: string; event: string; eventSeq: number | null; status: 'pending' | 'delivered' | 'failed'; attempts: number; nextAttemptAt: string | null; lastAttemptAt: string | null;
  lastStatusCode: number | null; lastError: string | null; deliveredAt: string | null; createdAt: string;
}

export const WEBHOOKS_KEY = ['webhooks'] as const;
export const useWebhooks = () => useQuery({ queryKey: WEBHOOKS_KEY, queryFn: async () => (await get<{ items: Webhook[] }>('/api/v1/webhooks')).items });
export const useWebhookEventKinds = () => useQuery({ queryKey: ['webhook-event-kinds'], queryFn: async () => (await get<{ items: string[] }>('/api/v1/webhooks/event-kinds')).items, staleTime: Infinity });

/** `asset.transition` → "asset: transition", grouped by record type for the picker. */
export function eventKindOptions(kinds: readonly string[]): { group: string; items: { value: string; label: string }[] }[] {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const kind of kinds) {
    const [type, action] = kind.split('.') as [string, string];
    const group = type.replace(/_/g, ' ');
    groups.set(group, [...(groups.get(group) ?? []), { value: kind, label: `${group}: ${action.replace(/_/g, ' ')}` }]);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

/** Dark enough for white text (WCAG AA), as the audit statuses. */
export const deliveryColor = (status: WebhookDelivery['status']) => (status === 'delivered' ? '#18692c' : status === 'failed' ? '#b02525' : '#a34700');
