import { Badge, Group, Text } from '@mantine/core';
import type { Stage } from '../api';

/** The model's stages in order, the current one marked, so people see where the asset is in its life. */
export function LifecycleTrack({ stages, current }: { stages: Stage[]; current: string }) {
  return (
    <Group gap={6} aria-label="Lifecycle stages" role="list">
      {stages.map((s, i) => (
        <Group key={s.key} gap={6} role="listitem" wrap="nowrap">
          {i > 0 && <Text c="dimmed" aria-hidden>›</Text>}
          <Badge variant={s.key === current ? 'filled' : 'outline'} color={s.key === current ? 'indigo' : 'gray'} aria-current={s.key === current ? 'step' : undefined}>{s.name}</Badge>
        </Group>
      ))}
    </Group>
  );
}
