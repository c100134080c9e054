import { readableTitle } from '../access';
import { ActionIcon, Alert, Button, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';

/** A secret (API or agent token) shown this once, with a copy button and a clear warning. */
export function ShowOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" title="Copy it now" role="status" styles={readableTitle}>
        This is the only time the {label} is shown. Custodia keeps only a fingerprint of it: if it is lost, revoke it and create another.
      </Alert>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-label={label} data-testid="secret-value">{value}</Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon variant="default" size="lg" onClick={copy} aria-label={copied ? 'Copied' : `Copy the ${label}`}>
                <span aria-hidden="true">{copied ? '✓' : '⧉'}</span>
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end"><Button onClick={onDone}>I have stored it</Button></Group>
    </Stack>
  );
}
