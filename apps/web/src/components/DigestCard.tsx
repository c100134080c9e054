import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { get, request } from '../api';
import { errorText, fieldError, notify, readableTitle } from '../access';
import { calendarDate } from '../dates';

type SectionKey = 'discrepancies' | 'auditPlans' | 'overdueLoans' | 'keyDates' | 'myOverdueReturns';
interface DigestSettings {
  digest: boolean; sections: SectionKey[]; availableSections: { key: SectionKey; title: string }[]; email: string | null; mailConfigured: boolean;
  digestHour: number; timeZone: string; lastSentOn: string | null; version: number;
}
interface DigestPreview {
  day: string; count: number;
  sections: { key: SectionKey; title: string; count: number; items: { id: string; tag: string | null; name: string; date: string; overdue: boolean; path: string }[]; lists: { label: string; path: string; count: number }[] }[];
}

const SETTINGS = ['my-digest-settings'];
const PREVIEW = ['my-digest-preview'];

/**
 * "E-mail digest" on the account page: the daily mail of what needs the account's attention, switched on or off, its
 * sections chosen, and today's digest as it would be sent. Says so when this server sends no mail, or the account has
 * no e-mail address to send it to.
 */
export function DigestCard() {
  const client = useQueryClient();
  const settings = useQuery({ queryKey: SETTINGS, queryFn: () => get<DigestSettings>('/api/v1/me/notifications') });
  const preview = useQuery({ queryKey: PREVIEW, queryFn: () => get<DigestPreview>('/api/v1/me/notifications/digest') });
  const [on, setOn] = useState(false);
  const [sections, setSections] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const s = settings.data;
  useEffect(() => { if (s) { setOn(s.digest); setSections(s.sections); } }, [s]);

  const save = async () => {
    if (!s) return;
    setBusy(true);
    setError(null);
    try {
      await request('PUT', '/api/v1/me/notifications', { body: { digest: on, sections }, ifMatch: `"${s.version}"` });
      await Promise.all([client.invalidateQueries({ queryKey: SETTINGS }), client.invalidateQueries({ queryKey: PREVIEW })]);
      notify(on ? 'Your daily digest is on' : 'Your daily digest is off');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby="digest-title">
      <Stack>
        <Title order={2} size="h4" id="digest-title">E-mail digest</Title>
        {settings.isLoading && <Loader size="sm" role="status" aria-label="Loading the digest settings" />}
        {settings.error && <Alert color="red" role="alert">{errorText(settings.error)}</Alert>}
        {s && (
          <>
            <Text size="sm" c="dimmed">
              Once a day, from {String(s.digestHour).padStart(2, '0')}:00 ({s.timeZone}), an e-mail to {s.email ? <b>{s.email}</b> : 'your address'} lists
              what needs your attention. Nothing due, no mail.{s.lastSentOn ? ` Last sent: ${calendarDate(s.lastSentOn)}.` : ''}
            </Text>
            {!s.mailConfigured && (
              <Alert color="orange" title="This server sends no e-mail" styles={readableTitle}>
                The administrator has not configured mail (CUSTODIA_SMTP_URL): you can choose your digest, but it is not sent until they do.
              </Alert>
            )}
            {!s.email && <Alert color="orange" title="No e-mail address" styles={readableTitle}>Add your e-mail address above to receive the digest.</Alert>}
            {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
            <Switch label="Send me the daily digest" checked={on} onChange={(e) => setOn(e.currentTarget.checked)} error={fieldError(error, 'digest')} />
            <Checkbox.Group label="Sections" value={sections} onChange={setSections} error={fieldError(error, 'sections')}>
              <Stack gap={6} mt={6}>
                {s.availableSections.map((a) => <Checkbox key={a.key} value={a.key} label={a.title} />)}
              </Stack>
            </Checkbox.Group>
            <Group justify="flex-end"><Button onClick={() => void save()} loading={busy}>Save the digest settings</Button></Group>
          </>
        )}
        <Title order={3} size="h5">Today's digest</Title>
        {preview.isLoading && <Loader size="sm" role="status" aria-label="Loading today's digest" />}
        {preview.error && <Alert color="red" role="alert">{errorText(preview.error)}</Alert>}
        {preview.data && preview.data.sections.length === 0 && <Text size="sm">Nothing needs your attention today: no mail would be sent.</Text>}
        {preview.data?.sections.map((section) => (
          <Stack key={section.key} gap={4}>
            <Text fw={500} size="sm">{section.title}: {section.count}</Text>
            <List size="sm" spacing={2}>
              {section.items.map((i) => (
                <List.Item key={`${section.key}-${i.id}`}>
                  <Anchor component={Link} to={i.path}>{i.tag ?? i.name}</Anchor>{i.tag ? ` ${i.name}` : ''} — {i.overdue ? <Badge color="red" size="xs">overdue</Badge> : 'due'} {calendarDate(i.date)}
                </List.Item>
              ))}
            </List>
            <Group gap="xs">
              {section.lists.map((l) => <Anchor key={l.path} component={Link} to={l.path} size="sm">{l.label} ({l.count})</Anchor>)}
            </Group>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
