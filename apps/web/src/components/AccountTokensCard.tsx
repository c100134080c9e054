import { Alert, Card, Code, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../api';
import { type Account, type ApiToken, errorText, notify, send } from '../access';
import { ApiTokensTable } from './ApiTokensTable';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * Another account's personal API tokens, as an administrator sees them (never their secrets): one can be revoked when
 * a script leaked it or the account may be in other hands.
 */
export function AccountTokensCard({ account, manage }: { account: Account; manage: boolean }) {
  const client = useQueryClient();
  const key = ['account-tokens', account.id];
  const tokens = useQuery({ queryKey: key, queryFn: async () => (await get<{ items: ApiToken[] }>(`/api/v1/accounts/${account.id}/api-tokens`)).items });
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <Card withBorder component="section" aria-labelledby="account-tokens-title">
      <Stack>
        <Title order={2} size="h4" id="account-tokens-title">API tokens</Title>
        <Text size="sm" c="dimmed">Tokens {account.login} made for scripts and integrations; each acts with their roles.</Text>
        {tokens.isLoading && <Loader size="sm" role="status" aria-label="Loading tokens" />}
        {tokens.error && <Alert color="red" role="alert">{errorText(tokens.error)}</Alert>}
        {tokens.data?.length === 0 && <Text size="sm">This account has no API tokens.</Text>}
        {tokens.data && tokens.data.length > 0 && (
          <ApiTokensTable tokens={tokens.data} label={`API tokens of ${account.login}`} onRevoke={manage ? setRevoking : undefined} />
        )}
      </Stack>
      {revoking && (
        <ConfirmDialog title={`Revoke the token “${revoking.name}” of ${account.login}?`} confirmLabel="Revoke" onClose={() => setRevoking(null)}
          onConfirm={async () => { await send('DELETE', `/api/v1/accounts/${account.id}/api-tokens/${revoking.id}`); await client.invalidateQueries({ queryKey: key }); notify(`Token “${revoking.name}” revoked`); }}>
          Scripts using it (prefix <Code>{revoking.prefix}</Code>) will be refused from now on. This cannot be undone.
        </ConfirmDialog>
      )}
    </Card>
  );
}
