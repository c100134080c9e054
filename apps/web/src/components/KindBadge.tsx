import { Badge } from '@mantine/core';
import { DISCREPANCY_KINDS, type DiscrepancyKind, KIND_COLORS } from '../discovery';

/** The kind of a discrepancy as a coloured badge. */
export function KindBadge({ kind }: { kind: DiscrepancyKind }) {
  return <Badge variant="light" color={KIND_COLORS[kind] ?? 'gray'} style={{ whiteSpace: 'nowrap' }}>{DISCREPANCY_KINDS[kind] ?? kind}</Badge>;
}
