import { Alert, Button, Card, Group, Spoiler, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, post } from '../api';
import { errorText } from '../access';
import { calendarDate, instantDate } from '../dates';
import { useSession } from '../session';
import { MY_ASSETS_KEY, type MyAsset, reportStatus, useMyAssets } from '../self-service';
import { ReportProblemDialog } from '../components/ReportProblemDialog';

/** Self-service: what is assigned to me, confirming I received it, and telling the IT asset team what is wrong with it. */
export function MyAssetsPage() {
  const client = useQueryClient();
  const { can, today } = useSession();
  const allowed = can('self.assets');
  const mine = useMyAssets(allowed);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [reporting, setReporting] = useState<MyAsset | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const reported = async (asset: MyAsset) => {
    setReporting(null);
    setSent(`Thank you: your report on ${asset.tag} was sent to the IT asset team.`);
    await client.invalidateQueries({ queryKey: MY_ASSETS_KEY });
  };
  // Refused when the asset went to someone else or was confirmed meanwhile: say so, and show the list as it is now.
  const acknowledge = async (id: string) => {
    setBusy(id);
    setFailure(null);
    try {
      await post(`/api/v1/me/assets/${id}/acknowledge`);
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(null);
      await client.invalidateQueries({ queryKey: MY_ASSETS_KEY });
    }
  };
  // Reached by its address without the role: said in words, not as the server's permission key.
  if (!allowed) {
    return (
      <Stack>
        <Title order={1} size="h2">My assets</Title>
        <Alert color="red" role="alert" title="Not available">Your roles do not include self-service, which lists the assets assigned to you. Ask an administrator if you need it.</Alert>
      </Stack>
    );
  }
  return (
    <Stack>
      <Title order={1} size="h2">My assets</Title>
      {mine.error && <Alert color="red" role="alert">{mine.error instanceof ApiError ? mine.error.message : 'Could not load your assets.'}</Alert>}
      {failure && <Alert color="red" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={() => setFailure(null)}>{failure}</Alert>}
      {sent && <Alert color="green" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setSent(null)}>{sent}</Alert>}
      {mine.data?.length === 0 && <Text c="dimmed">Nothing is assigned to you at the moment.</Text>}
      {mine.data?.map((a) => (
        <Card withBorder key={a.id}>
          <Group justify="space-between">
            <div>
              <Text fw={600}><span style={{ fontFamily: 'monospace' }}>{a.tag}</span> · {a.name}</Text>
              <Text size="sm" c="dimmed">{a.assetTypeName} · assigned since {calendarDate(a.assignedSince)}{a.expectedReturnDate ? ` · return by ${calendarDate(a.expectedReturnDate)}` : ''}</Text>
              {/* Overdue as the organisation counts it (its day), like the register's "Return overdue". */}
              {a.expectedReturnDate && a.expectedReturnDate < today() && <Text size="sm" c="red.9" fw={600}>Return overdue: please bring it back or agree a new date</Text>}
            </div>
            <Group gap="sm">
              <Button variant="default" aria-label={`Something is wrong with ${a.tag}`} onClick={() => { setSent(null); setReporting(a); }}>Something is wrong</Button>
              {a.acknowledgedAt ? <Text size="sm" c="green">Receipt confirmed {instantDate(a.acknowledgedAt)}</Text> : <Button loading={busy === a.id} disabled={busy !== null && busy !== a.id} onClick={() => void acknowledge(a.id)}>I received it</Button>}
            </Group>
          </Group>
          {a.report && <ReportLine report={a.report} />}
          {a.policies.length > 0 && <Policies asset={a} />}
        </Card>
      ))}
      {reporting && <ReportProblemDialog asset={reporting} onClose={() => setReporting(null)} onSent={(mine) => void reported(mine)} />}
    </Stack>
  );
}

/** My report on one card: where it stands, and what I said. */
function ReportLine({ report }: { report: NonNullable<MyAsset['report']> }) {
  const { title, detail } = reportStatus(report);
  return (
    <Alert mt="sm" color={report.status === 'open' ? 'blue' : 'gray'} title={title} styles={{ title: { color: 'var(--mantine-color-text)' } }}>
      <Text size="sm">{detail}</Text>
      {report.status === 'open' && report.message && <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{report.message}</Text>}
    </Alert>
  );
}

/** The usage policies told at hand-over, to read again (long ones folded). */
function Policies({ asset }: { asset: MyAsset }) {
  return (
    <Stack gap={4} mt="sm" aria-label={`Usage policies of ${asset.tag}`} role="group">
      <Text size="sm" fw={600}>How to use it</Text>
      {asset.policies.map((p) => (
        <Spoiler key={`${p.source}:${p.id}`} maxHeight={60} showLabel="Show all" hideLabel="Show less">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}><Text span size="sm" c="dimmed">{p.source === 'type' ? 'Asset type' : 'Catalogue model'} · {p.name}: </Text>{p.text}</Text>
        </Spoiler>
      ))}
    </Stack>
  );
}
