import { Text } from '@mantine/core';
import { type ReactNode, useId } from 'react';

/** A labelled value in a page's details grid; a group named by its label, so assistive technology reads them together. */
export function Detail({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    <div role="group" aria-labelledby={id}>
      <Text size="xs" c="dimmed" id={id}>{label}</Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}
