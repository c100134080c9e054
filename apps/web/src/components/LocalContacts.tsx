import { Anchor, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { get } from '../api';
import { errorText } from '../access';
import type { LocalContact } from '../reference';

/** Whom to call at a place: its own local contacts, or the nearest place's above it (`LocalContactsAnswer` of the contracts). */
export interface LocalContactsAnswer {
  from: { id: string; name: string; kind: string } | null;
  inherited: boolean;
  items: (LocalContact & { name: string; email: string | null })[];
}

/** The read of the local contacts that answer for a location or an asset (`/api/v1/{locations|assets}/{id}/local-contacts`). */
export const localContactsQuery = (of: 'locations' | 'assets', id: string, enabled = true) => ({
  queryKey: ['local-contacts', of, id],
  queryFn: () => get<LocalContactsAnswer>(`/api/v1/${of}/${id}/local-contacts`),
  enabled,
  staleTime: 30_000,
});

export function useLocalContacts(of: 'locations' | 'assets', id: string, enabled = true) {
  return useQuery(localContactsQuery(of, id, enabled));
}

/**
 * "Local contacts": each person with their role, e-mail and phone as links, and notes; when they are a place's above,
 * which one. `none` says what an empty answer means where it is shown.
 */
export function LocalContactsList({ contacts, none, label = 'Local contacts' }: { contacts: ReturnType<typeof useLocalContacts>; none: string; label?: string }) {
  const id = useId();
  const answer = contacts.data;
  return (
    <div role="group" aria-labelledby={id}>
      <Text size="xs" c="dimmed" id={id}>{label}</Text>
      {contacts.isLoading ? <Loader size="xs" role="status" aria-label="Loading the local contacts" />
        : contacts.error ? <Text size="sm" c="red.9">{errorText(contacts.error)}</Text>
        : !answer || answer.items.length === 0 ? <Text size="sm">{none}</Text>
        : (
          <Stack gap={6}>
            {answer.inherited && answer.from && <Text size="xs" c="dimmed">From {answer.from.name}</Text>}
            {answer.items.map((c) => (
              <div key={`${c.personId}-${c.role}`}>
                <Text size="sm"><Text span fw={600} size="sm">{c.name}</Text> · {c.role}</Text>
                {(c.phone || c.email) && (
                  <Text size="sm">
                    {c.phone && <Anchor href={`tel:${c.phone.replace(/[^+\d]/g, '')}`} size="sm">{c.phone}</Anchor>}
                    {c.phone && c.email && ' · '}
                    {c.email && <Anchor href={`mailto:${c.email}`} size="sm">{c.email}</Anchor>}
                  </Text>
                )}
                {c.notes && <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</Text>}
              </div>
            ))}
          </Stack>
        )}
    </div>
  );
}
