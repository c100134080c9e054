import { Alert, Button, Group, List, Modal, Stack } from '@mantine/core';
import { useNavigate } from 'react-router';
import type { ApiError, Asset } from '../api';

/** POST /api/v1/assets/batch (packages/contracts/src/schemas/assets.ts). */
export interface BatchResult { applied: boolean; results: { index: number; ok: boolean; id?: string; tag?: string; errors: { code: string; message: string; field?: string }[] }[] }

/** A refused delivery's failing lines, each with its serial and the reason. */
export function BatchErrors({ error, serials }: { error: ApiError; serials: string[] }) {
  const results = (error.body['results'] ?? []) as BatchResult['results'];
  const failed = results.filter((r) => !r.ok);
  if (!failed.length) return null;
  return (
    <List size="sm" mt="xs" aria-label="Serials refused">
      {failed.map((r) => <List.Item key={r.index}>Line {r.index + 1} ({serials[r.index]}): {r.errors.map((e) => e.message).join('; ')}</List.Item>)}
    </List>
  );
}

/** A registered delivery: its new tags, and the way to their labels. */
export function BatchRegistered({ results, like, onClose }: { results: BatchResult['results']; like: Asset; onClose: () => void }) {
  const navigate = useNavigate();
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`${results.length} assets registered`} size="lg">
      <Stack>
        <Alert color="green" role="status">Registered like {like.tag}: {results.map((r) => r.tag).join(', ')}.</Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Done</Button>
          <Button onClick={() => navigate(`/labels?ids=${results.map((r) => r.id).join(',')}`)}>Print their labels</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
