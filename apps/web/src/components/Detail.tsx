import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A labelled value in a page's details grid. */
export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}
