import { Button, Group } from '@mantine/core';

/** "Show older changes" under a history read a page at a time (see usePagedHistory); nothing when it is all shown. */
export function OlderChanges({ history }: { history: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  if (!history.hasNextPage) return null;
  return <Group mt="sm"><Button variant="default" size="xs" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>Show older changes</Button></Group>;
}
