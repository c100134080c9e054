import { Badge, Button, Table, VisuallyHidden } from '@mantine/core';
import { type ApiToken, tokenStatus } from '../access';
import { dateTime, instantDate } from '../dates';
import { ScrollTable } from './ScrollTable';

/** Personal API tokens as a table (never their secrets); a revoke button per live token when `onRevoke` is given. */
export function ApiTokensTable({ tokens, label, onRevoke }: { tokens: ApiToken[]; label: string; onRevoke?: ((t: ApiToken) => void) | undefined }) {
  return (
    <ScrollTable minWidth={640} label={label}>
      <Table striped aria-label={label}>
        <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Prefix</Table.Th><Table.Th>Access</Table.Th><Table.Th>Expires</Table.Th><Table.Th>Last used</Table.Th><Table.Th>Status</Table.Th>{onRevoke && <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>}</Table.Tr></Table.Thead>
        <Table.Tbody>
          {tokens.map((t) => {
            const status = tokenStatus(t);
            return (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td ff="monospace">{t.prefix}…</Table.Td>
                <Table.Td>{t.access === 'write' ? 'Read and write' : 'Read only'}</Table.Td>
                <Table.Td>{instantDate(t.expiresAt)}</Table.Td>
                <Table.Td>{t.lastUsedAt ? dateTime(t.lastUsedAt) : 'Never'}</Table.Td>
                <Table.Td><Badge variant="light" color={status.color}>{status.label}</Badge></Table.Td>
                {onRevoke && <Table.Td>{!t.revokedAt && <Button size="xs" variant="default" onClick={() => onRevoke(t)} aria-label={`Revoke the token ${t.name}`}>Revoke</Button>}</Table.Td>}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
