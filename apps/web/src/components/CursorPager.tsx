import { useState } from 'react';
import { Button, Group } from '@mantine/core';

/**
 * Keyset pages of a list: the cursors of the pages before this one, so Previous goes back without asking the server.
 * `cursor` is the current page's (undefined on the first); a new filter or search starts again with `first()`, and so
 * does any change of `resetKey` (the filters as the URL gives them: Back, or a link to the list, changes them without
 * the page's own controls) — a cursor is only meaningful under the filters it was made with.
 */
export function useCursorPages(resetKey?: string) {
  const [state, setState] = useState<{ key: string | undefined; cursors: string[] }>({ key: resetKey, cursors: [] });
  const cursors = state.key === resetKey ? state.cursors : [];
  const update = (f: (c: string[]) => string[]) => setState((s) => ({ key: resetKey, cursors: f(s.key === resetKey ? s.cursors : []) }));
  return {
    cursor: cursors[cursors.length - 1],
    hasPrevious: cursors.length > 0,
    first: () => update(() => []),
    previous: () => update((c) => c.slice(0, -1)),
    next: (cursor: string) => update((c) => [...c, cursor]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/**
 * Previous / Next (and, with `firstLabel`, back to the first page) for a list paged with `useCursorPages`; nothing when
 * the whole list fits on its first page.
 */
export function CursorPager({ pages, nextCursor, firstLabel, size, mt }: { pages: CursorPages; nextCursor: string | null | undefined; firstLabel?: string; size?: 'xs'; mt?: 'sm' }) {
  if (!pages.hasPrevious && !nextCursor) return null;
  return (
    <Group {...(mt ? { mt } : {})}>
      {firstLabel && <Button variant="default" {...(size ? { size } : {})} disabled={!pages.hasPrevious} onClick={pages.first}>{firstLabel}</Button>}
      <Button variant="default" {...(size ? { size } : {})} disabled={!pages.hasPrevious} onClick={pages.previous}>Previous</Button>
      <Button variant="default" {...(size ? { size } : {})} disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>Next</Button>
    </Group>
  );
}
