import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type HistoryEvent, type Page, get, query } from './api';

/**
 * A record's history, newest first, fifty events a page: `events` holds the pages read so far, `fetchNextPage` reads
 * older ones while `hasNextPage` (a history is never cut off at its first page).
 */
export function usePagedHistory(queryKey: readonly unknown[], path: string, enabled: boolean) {
  const result = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => get<Page<HistoryEvent>>(`${path}${query({ limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const events = useMemo(() => result.data?.pages.flatMap((p) => p.items), [result.data]);
  return { ...result, events };
}
