import { Alert, Anchor, Button, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { get } from '../api';
import { errorText } from '../access';
import { dateTime } from '../dates';
import { Detail } from '../components/Detail';

export interface HistoryCheckpoint {
  checkpoint: { format: string; seq: number; hash: string; signedAt: string; keyId: string; signature: string };
  publicKey: string;
}

/** A download link for text made here (a blob: URL, released when the page changes it or closes). */
function useDownload(text: string | null, type: string): string | null {
  const url = useMemo(() => (text === null ? null : URL.createObjectURL(new Blob([text], { type }))), [text, type]);
  useEffect(() => () => { if (url) URL.revokeObjectURL(url); }, [url]);
  return url;
}

/**
 * History integrity, for auditors: a signed checkpoint of the history chain to keep outside Custodia, and the public
 * key that verifies it (`custodia history verify --checkpoints`). The server also writes one every hour the history grew.
 */
export function HistoryIntegrityPage() {
  const sign = useMutation({ mutationFn: () => get<HistoryCheckpoint>('/api/v1/history/checkpoint') });
  const signed = sign.data ?? null;
  const checkpointUrl = useDownload(signed ? `${JSON.stringify(signed.checkpoint)}\n` : null, 'application/x-ndjson');
  const keyUrl = useDownload(signed?.publicKey ?? null, 'application/x-pem-file');
  const stamp = signed ? signed.checkpoint.signedAt.replace(/[:.]/g, '-') : '';

  return (
    <Stack>
      <Title order={1} size="h2">History integrity</Title>
      <Text maw={760}>
        Every change is recorded in a hash chain, which shows an event edited behind Custodia&apos;s back. Someone able to
        write to the database could still recompute every hash after an edit. A <strong>signed checkpoint</strong> pins
        the history as it stands: keep it outside Custodia (with the public key), and a history rewritten since fails
        verification.
      </Text>
      <Group>
        <Button onClick={() => sign.mutate()} loading={sign.isPending}>Sign a checkpoint now</Button>
      </Group>
      {sign.error && <Alert color="red" role="alert">{errorText(sign.error)}</Alert>}
      {signed && (
        <Card withBorder>
          <Stack gap="sm">
            <Title order={2} size="h4">Checkpoint of event {signed.checkpoint.seq}</Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Detail label="Last event">{signed.checkpoint.seq}</Detail>
              <Detail label="Signed">{dateTime(signed.checkpoint.signedAt)}</Detail>
              <Detail label="Key id"><Code>{signed.checkpoint.keyId}</Code></Detail>
            </SimpleGrid>
            <Detail label="Hash of the chain at that event"><Code style={{ wordBreak: 'break-all' }}>{signed.checkpoint.hash}</Code></Detail>
            <Group>
              {checkpointUrl && <Anchor href={checkpointUrl} download={`custodia-checkpoint-${stamp}.jsonl`}>Download the checkpoint</Anchor>}
              {keyUrl && <Anchor href={keyUrl} download="custodia-history-public-key.pem">Download the public key</Anchor>}
            </Group>
            <Text size="sm">Public key (compare it with the copy you keep):</Text>
            <Code block aria-label="Public key">{signed.publicKey}</Code>
            <Text size="sm">To verify later, on the server: <Code>custodia history verify --checkpoints custodia-checkpoint-*.jsonl --public-key custodia-history-public-key.pem</Code></Text>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
