import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, post, query, request } from '../api';
import { errorText, fieldError, notify } from '../access';
import { dateTime, localToday } from '../dates';
import { type AuditCloseResult, type AuditItem, type AuditRecordResult, type AuditResult, type AuditRunDetail, RESULT, RUN_STATUS, resultSentence, runSampleText } from '../audits';
import { DEFAULT_FINDINGS_DUE_DAYS, addDays } from '@custodia/domain';
import { usePlaceLabel } from '../places';
import { useSession } from '../session';
import { useDownload } from '../use-download';
import { type BarcodeDetectorClass, barcodeDetectorClass } from '../scanning/barcode-detector';
import { AttachmentsPanel } from '../components/AttachmentsPanel';
import { TreeSelect } from '../components/ReferencePickers';

const SHOW = [
  { value: 'recent', label: 'Latest recorded' },
  { value: 'pending', label: 'Not found yet' },
  { value: 'found', label: 'Found' },
  { value: 'wrong_location', label: 'Found elsewhere' },
  { value: 'unexpected', label: 'Not expected' },
  { value: 'missing', label: 'Missing' },
];

/** Keys typed faster than this on average (ms) came from a barcode scanner acting as a keyboard. */
const SCANNER_KEY_INTERVAL = 35;

/**
 * An audit run, made for a phone: a big tag input that takes typing or a barcode scanner's keystrokes (Enter records),
 * a camera scanner where the browser can read barcodes, live counts, the latest results, and closing the run.
 */
export function AuditRunPage() {
  const { id = '' } = useParams();
  const { can, session } = useSession();
  const client = useQueryClient();
  const [show, setShow] = useState('recent');
  const run = useQuery({
    queryKey: ['audit-run', id, show],
    queryFn: () => get(id, show),
    retry: false,
    placeholderData: (prev) => prev,
    // Others may be scanning the same run: keep the counts current while it is open.
    refetchInterval: (q) => (q.state.data?.status === 'in_progress' ? 5000 : false),
  });
  const placeOf = usePlaceLabel();
  const download = useDownload();
  const place = (lid: string | null) => (lid ? (placeOf(lid) ?? 'another location') : 'no location');
  const [closing, setClosing] = useState(false);
  const [camera, setCamera] = useState(false);
  // Where the items being recorded were found: typed tags and camera reads alike (none: where the register expects them).
  const [foundAt, setFoundAt] = useState<string | null>(null);
  const [last, setLast] = useState<{ text: string; result: AuditResult; already: boolean } | null>(null);

  if (run.isLoading) return <Loader role="status" aria-label="Loading the audit run" />;
  if (run.error || !run.data) {
    const e = run.error;
    return <Alert color="red" role="alert" title="Audit run not available">{e instanceof ApiError && e.status === 404 ? 'There is no such audit run, or it is outside what your role lets you see.' : errorText(e)}</Alert>;
  }
  const r = run.data;
  const isOpen = r.status === 'in_progress';
  const recorded = (res: AuditRecordResult) => {
    setLast({ text: resultSentence(res, place), result: res.item.result, already: res.alreadyRecorded });
    void client.invalidateQueries({ queryKey: ['audit-run', id] });
    if (!res.alreadyRecorded && res.item.result !== 'found' && 'vibrate' in navigator) navigator.vibrate?.(200);
  };

  return (
    <Stack gap="md" maw={720}>
      <div>
        <Anchor component={Link} to={`/audits/${r.planId}`} size="sm">← {r.planName}</Anchor>
        <Group gap="sm" align="center">
          <Title order={1} size="h2">Audit run</Title>
          <Badge variant="light" size="lg" color={RUN_STATUS[r.status].color}>{RUN_STATUS[r.status].label}</Badge>
        </Group>
        <Text size="sm" c="dimmed">Started {dateTime(r.startedAt)} by {r.startedBy}{r.closedAt ? ` · closed ${dateTime(r.closedAt)} by ${r.closedBy}` : ''}</Text>
      </div>

      {r.sample && <Text size="sm">{runSampleText(r.sample)} Only the drawn assets are looked for; {r.counts.notSampled} other{r.counts.notSampled === 1 ? '' : 's'} of the scope {r.counts.notSampled === 1 ? 'is' : 'are'} left out, and count if recorded anyway.</Text>}
      <Counts run={r} />
      {!isOpen && (
        <Text size="sm">
          This run is closed: what was not found is recorded as missing, and every finding went to the discrepancy queue{can('discovery.read') ? <> (<Anchor component={Link} to="/discrepancies">see the discrepancies</Anchor>)</> : ''}.
        </Text>
      )}

      {isOpen && can('audits.record') && (
        <RecordForm runId={r.id} locationId={foundAt} onLocation={setFoundAt} onRecorded={recorded} onCamera={() => setCamera(true)} />
      )}
      {isOpen && !can('audits.record') && <Text size="sm" c="dimmed">Your roles let you follow this run, not record in it.</Text>}
      <Paper role="status" aria-live="polite" withBorder={Boolean(last)} p={last ? 'sm' : 0} style={last ? { borderLeft: `4px solid ${RESULT[last.result].color}` } : undefined}>
        {last && (
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Badge color={RESULT[last.result].color} variant="filled" style={{ flexShrink: 0 }}>{last.already ? 'Already recorded' : RESULT[last.result].label}</Badge>
            <Text size="sm">{last.text}</Text>
          </Group>
        )}
      </Paper>

      <Group justify="space-between" align="flex-end">
        <Select label="Show" data={SHOW} value={show} onChange={(v) => setShow(v ?? 'recent')} allowDeselect={false} w={220} />
        <Group gap="xs">
          <Button component={Link} to={`/audit-runs/${r.id}/report`} variant="default">Report</Button>
          <Button variant="default" onClick={() => void download(`/api/v1/audit-runs/${r.id}/report.csv`, `audit-${r.id}.csv`, 'Audit report (CSV)')}>Download CSV</Button>
        </Group>
      </Group>
      <ItemList items={r.items} show={show} place={place} more={Boolean(r.nextCursor)} />
      <AttachmentsPanel owner={{ kind: 'audit_run', id: r.id }} canWrite={can('audits.record')} />

      {isOpen && can('audits.plan') && (
        <Group justify="flex-end"><Button color="red.9" variant="outline" onClick={() => setClosing(true)}>Close run</Button></Group>
      )}
      {closing && <CloseRunDialog run={r} owner={session?.account.login ?? ''} onClose={() => setClosing(false)} onClosed={() => { setClosing(false); setLast(null); void client.invalidateQueries({ queryKey: ['audit-run', id] }); void client.invalidateQueries({ queryKey: ['audit-plan', r.planId] }); }} />}
      {camera && <CameraScanner runId={r.id} locationId={foundAt} placeName={foundAt ? place(foundAt) : null} onRecorded={recorded} last={last} onClose={() => setCamera(false)} />}
    </Stack>
  );
}

function get(id: string, show: string) {
  const q = show === 'recent' ? { sort: '-recordedAt', limit: 20 } : { result: show, limit: 100 };
  return request<AuditRunDetail>('GET', `/api/v1/audit-runs/${id}${query(q)}`).then((r) => r.data);
}

function Counts({ run }: { run: AuditRunDetail }) {
  const c = run.counts;
  const tiles: { label: string; value: number; color: string }[] = [
    { label: 'Expected', value: c.expected, color: '#212529' },
    { label: 'Found', value: c.found, color: RESULT.found.color },
    { label: 'Found elsewhere', value: c.wrongLocation, color: RESULT.wrong_location.color },
    { label: 'Not expected', value: c.unexpected, color: RESULT.unexpected.color },
    run.status === 'closed' ? { label: 'Missing', value: c.missing, color: RESULT.missing.color } : { label: 'Not found yet', value: c.pending, color: RESULT.pending.color },
  ];
  return (
    <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="xs" role="list" aria-label="Counts">
      {tiles.map((t) => (
        <Paper key={t.label} withBorder p="xs" role="listitem" aria-label={`${t.label}: ${t.value}`}>
          <Text fz={28} fw={700} lh={1.1} c={t.color} aria-hidden>{t.value}</Text>
          <Text size="xs" aria-hidden>{t.label}</Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** The tag input: type and press Enter, or let a barcode scanner type it (its fast keystrokes are told apart). */
function RecordForm({ runId, locationId, onLocation, onRecorded, onCamera }: {
  runId: string; locationId: string | null; onLocation: (id: string | null) => void; onRecorded: (r: AuditRecordResult) => void; onCamera: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const keys = useRef<number[]>([]);
  const [tag, setTag] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const value = tag.trim();
    const times = keys.current;
    keys.current = [];
    if (!value) { input.current?.focus(); return; }
    const fast = times.length >= 4 && (times[times.length - 1]! - times[0]!) / (times.length - 1) < SCANNER_KEY_INTERVAL;
    setBusy(true);
    setError(null);
    try {
      onRecorded(await post<AuditRecordResult>(`/api/v1/audit-runs/${runId}/items`, { tag: value, method: fast ? 'scan' : 'typed', ...(locationId ? { locationId } : {}) }));
      setTag('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <form onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label="Record a tag">
      <Stack gap="sm">
        {error !== null && !fieldError(error, 'tag') && <Alert color="red" role="alert">{errorText(error)}</Alert>}
        <TextInput
          ref={input} label="Asset tag" description="Type it and press Enter, or scan the label" size="xl" value={tag}
          onChange={(e) => setTag(e.currentTarget.value)} onKeyDown={(e) => { if (e.key.length === 1) keys.current.push(performance.now()); }}
          onPaste={() => { keys.current = []; }} autoFocus autoComplete="off" autoCorrect="off" autoCapitalize="characters" spellCheck={false} enterKeyHint="send"
          error={fieldError(error, 'tag')}
          styles={{ label: { fontSize: 'var(--mantine-font-size-lg)' }, description: { fontSize: 'var(--mantine-font-size-sm)' }, input: { fontFamily: 'monospace', letterSpacing: '0.05em' } }}
        />
        {/* Two equal columns: the labels are short enough for a phone held upright. */}
        <SimpleGrid cols={2} spacing="xs">
          <Button type="submit" size="lg" loading={busy}>Record</Button>
          <Button variant="light" size="lg" onClick={onCamera} aria-label="Scan with camera">Scan</Button>
        </SimpleGrid>
        <TreeSelect resource="locations" label="Found at (optional)" description="Leave empty when items are where the register expects them" value={locationId} onChange={onLocation} error={fieldError(error, 'locationId')} />
      </Stack>
    </form>
  );
}

function ItemList({ items, show, place, more }: { items: AuditItem[]; show: string; place: (id: string | null) => string; more: boolean }) {
  if (!items.length) {
    const empty: Record<string, string> = {
      recent: 'Nothing recorded yet. Type or scan the first tag above.',
      pending: 'Nothing left to find: every expected asset has been recorded.',
      found: 'No asset has been found where expected yet.',
      wrong_location: 'No asset has been found at another location.',
      unexpected: 'Nothing unexpected has turned up.',
      missing: 'Nothing is missing.',
    };
    return <Text c="dimmed" size="sm">{empty[show] ?? 'Nothing to show.'}</Text>;
  }
  return (
    <Stack gap={6} component="ul" aria-label={SHOW.find((s) => s.value === show)?.label ?? 'Items'} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((i) => (
        <Paper key={i.id} component="li" withBorder p="xs">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <div style={{ minWidth: 0 }}>
              <Text fw={600} ff="monospace" size="sm">{i.assetId ? <Anchor component={Link} to={`/assets/${i.assetId}`} inherit>{i.tag}</Anchor> : i.tag}</Text>
              <Text size="sm" truncate>{i.assetName ?? (i.assetId === null && !i.expected ? 'Not in the register, or outside your scope' : '')}</Text>
              <Text size="xs" c="dimmed">
                {[
                  i.result === 'wrong_location' ? `At ${place(i.foundLocationId)}; expected at ${place(i.expectedLocationId)}`
                    : i.expected ? `Expected at ${place(i.expectedLocationId)}` : i.foundLocationId ? `At ${place(i.foundLocationId)}` : null,
                  i.recordedAt ? `${i.method === 'scan' ? 'Scanned' : 'Typed'} ${dateTime(i.recordedAt)} by ${i.recordedBy}` : null,
                ].filter(Boolean).join(' · ')}
              </Text>
            </div>
            <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
              <Badge variant="light" color={RESULT[i.result].color}>{RESULT[i.result].label}</Badge>
              {!i.sampled && <Badge variant="outline" color="#495057">Not in the sample</Badge>}
              {i.registeredAs && <Badge variant="light" color="#b02525" title="The register holds it as gone: closing the run queues it as reported again">Registered as {i.registeredAs.stageName}</Badge>}
            </Stack>
          </Group>
        </Paper>
      ))}
      {more && <Text component="li" size="xs" c="dimmed">Only the first {items.length} are shown: the report lists them all.</Text>}
    </Stack>
  );
}

/** Closing asks first: what is not found becomes missing, and the findings go to the queue with an owner and a due date. */
function CloseRunDialog({ run, owner, onClose, onClosed }: { run: AuditRunDetail; owner: string; onClose: () => void; onClosed: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const c = run.counts;
  const findings = c.pending + c.wrongLocation + c.unexpected;
  const submit = async (form: HTMLFormElement) => {
    const d = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      const closed = (await request<AuditCloseResult>('POST', `/api/v1/audit-runs/${run.id}/close`, {
        body: { ownerOfFindings: String(d.get('owner') ?? '').trim() || null, findingsDueOn: String(d.get('dueOn') ?? '') || null }, ifMatch: `"${run.version}"`,
      })).data;
      notify(`Run closed: ${closed.counts.missing} missing, ${closed.discrepanciesRaised} new discrepanc${closed.discrepanciesRaised === 1 ? 'y' : 'ies'}, ${closed.verified} asset${closed.verified === 1 ? '' : 's'} verified today.`);
      onClosed();
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'VERSION_MISMATCH' ? new ApiError(412, e.code, 'Something was recorded in this run meanwhile. Check the counts, then close it again.') : e);
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title="Close this run?">
      <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
        <Stack>
          <Text size="sm">
            {c.pending ? `${c.pending} expected asset${c.pending === 1 ? ' has' : 's have'} not been found: ${c.pending === 1 ? 'it' : 'they'} will be recorded as missing. ` : 'Every expected asset has been recorded. '}
            {findings ? `${findings} finding${findings === 1 ? '' : 's'} will go to the discrepancy queue. ` : 'There is nothing to follow up. '}
            The {c.found} asset{c.found === 1 ? '' : 's'} found where expected, and any seen that the register holds as missing, lost or stolen, will be marked as verified today. Nothing more can be recorded afterwards.
          </Text>
          {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
          <TextInput name="owner" label="Owner of the findings" description="Who follows up the discrepancies" defaultValue={owner} error={fieldError(error, 'ownerOfFindings')} autoComplete="off" />
          <TextInput name="dueOn" type="date" label="Findings due on" defaultValue={addDays(localToday(), DEFAULT_FINDINGS_DUE_DAYS)} min={localToday()} error={fieldError(error, 'findingsDueOn')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" color="red.9" loading={busy}>Close the run</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Reads QR codes and Code 128 labels with the camera (the browser's BarcodeDetector, or ZXing in WebAssembly where it
 * has none) and records each new one. Without a camera, it says so and points to typing or a scanner.
 */
function CameraScanner({ runId, locationId, placeName, onRecorded, last, onClose }: {
  runId: string; locationId: string | null; placeName: string | null; onRecorded: (r: AuditRecordResult) => void; last: { text: string; result: AuditResult } | null; onClose: () => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // A recording the server refused (an unreadable label, a run closed meanwhile): said, while the camera goes on reading.
  const [refused, setRefused] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const seen = useRef<{ value: string; at: number } | null>(null);
  const onRecordedRef = useRef(onRecorded);
  onRecordedRef.current = onRecorded;

  useEffect(() => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem('The camera is not available here (it needs a secure https connection and a device with a camera). Type the tag instead.');
      return;
    }
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const start = async () => {
      let Detector: BarcodeDetectorClass;
      try {
        Detector = await barcodeDetectorClass();
      } catch {
        setProblem('This browser cannot read barcodes with the camera. Type the tag instead, or use a barcode scanner: it types the tag and presses Enter for you.');
        return;
      }
      if (stopped) return;
      const supported = (await Detector.getSupportedFormats?.()) ?? ['qr_code', 'code_128'];
      const formats = ['qr_code', 'code_128'].filter((f) => supported.includes(f));
      if (!formats.length) { setProblem('This browser cannot read QR codes or Code 128 labels. Type the tag instead.'); return; }
      const detector = new Detector({ formats });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      if (stopped || !video.current) return;
      video.current.srcObject = stream;
      await video.current.play();
      setReady(true);
      const tick = async () => {
        if (stopped || !video.current) return;
        try {
          const codes = await detector.detect(video.current);
          const value = codes[0]?.rawValue.trim();
          const now = Date.now();
          // The same label stays in view for a while: record it once, then look for the next one.
          if (value && !(seen.current && seen.current.value === value && now - seen.current.at < 3000)) {
            seen.current = { value, at: now };
            setRefused(null);
            onRecordedRef.current(await post<AuditRecordResult>(`/api/v1/audit-runs/${runId}/items`, { tag: value.slice(0, 64), method: 'scan', ...(locationId ? { locationId } : {}) }));
          } else if (value) seen.current = { value, at: now };
        } catch (e) {
          if (e instanceof ApiError && e.code === 'AUDIT_RUN_CLOSED') { setProblem(errorText(e)); return; }
          if (e instanceof ApiError) setRefused(errorText(e));
        }
        timer = window.setTimeout(() => void tick(), 250);
      };
      void tick();
    };
    start().catch((e: unknown) => {
      const name = e instanceof DOMException ? e.name : '';
      setProblem(name === 'NotAllowedError' ? 'Camera access was refused. Allow it in the browser settings, or type the tag instead.'
        : name === 'NotFoundError' ? 'No camera was found on this device. Type the tag instead.' : 'The camera could not be started. Type the tag instead.');
    });
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [runId, locationId]);

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close the camera' }} title="Scan with camera" fullScreen={typeof window !== 'undefined' && window.innerWidth < 576}>
      <Stack>
        {problem && <Alert color="yellow" role="alert" styles={{ title: { color: 'var(--mantine-color-text)' } }} title="Camera scanning unavailable">{problem}</Alert>}
        {!problem && (
          <>
            <video ref={video} muted playsInline aria-label="Camera preview: point it at a label" style={{ width: '100%', borderRadius: 4, background: '#000', minHeight: 200 }} />
            {!ready && <Loader role="status" aria-label="Starting the camera" />}
            <Text size="sm" c="dimmed">Point the camera at a QR code or barcode label. Each new label is recorded as soon as it is read{placeName ? `, as found at ${placeName}` : ', as found where the register expects it'}.</Text>
            {refused && <Alert color="red" role="alert">{refused}</Alert>}
          </>
        )}
        {last && !problem && <Text size="sm" role="status">{last.text}</Text>}
        <Button onClick={onClose} variant="default">Done</Button>
      </Stack>
    </Modal>
  );
}
