import { Alert, Button, FileInput, Group, Progress, Radio, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, get, query } from '../api';
import { type CsvHead, csvCell, normalizeHeader, readCsvHead, rewriteCsv } from '../csv';
import { byteSize, uploadWithProgress } from '../upload';
import { readableTitle } from '../access';
import { ScrollTable } from '../components/ScrollTable';
import { RecentImports } from '../components/RecentImports';
import { useSession } from '../session';

interface Problem { line: number; column?: string; code: string; message: string }
interface Report { importId: string | null; applied: boolean; rows: number; created: number; updated: number; skipped: number; problems: Problem[] }
interface ImportColumns { kind: string; columns: { name: string; aliases: string[] }[] }

/** What the file may hold, and the permission an import of it needs besides imports.run (the server's `assertMayImport`). */
const KINDS = [
  { value: 'assets', label: 'Assets', needs: 'assets.write' }, { value: 'people', label: 'People', needs: 'register.write' },
  { value: 'locations', label: 'Locations', needs: 'register.write' }, { value: 'models', label: 'Models', needs: 'register.write' },
];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The select's value for "do not import this column". */
const SKIP = '__skip__';

type Phase = { step: 'preparing' } | { step: 'uploading'; sent: number; total: number } | { step: 'processing'; since: number };

/**
 * Import wizard: choose what the file holds and a CSV or XLSX file; for a CSV, map each of its columns to a field the
 * importer knows (headers it recognises are mapped already; columns left unmapped are dropped before upload); check it
 * (a dry run: every problem with its line and column, nothing written), then import it. Imports are atomic: one bad row
 * and nothing is written. The upload shows its progress, then how long the server has been working.
 */
export function ImportPage() {
  const client = useQueryClient();
  const { can } = useSession();
  const [kind, setKind] = useState('assets');
  const [mode, setMode] = useState('create');
  const [currency, setCurrency] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [head, setHead] = useState<CsvHead | null>(null);
  const [mapping, setMapping] = useState<(string | null)[]>([]);
  const [checked, setChecked] = useState<Report | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase | null>(null);
  const [now, setNow] = useState(Date.now());

  const columns = useQuery({ queryKey: ['import-columns', kind], queryFn: () => get<ImportColumns>(`/api/v1/imports/${kind}/columns`), staleTime: 60_000 });
  const isXlsx = Boolean(file?.name.toLowerCase().endsWith('.xlsx'));

  // Header spelling → field, as the server matches them.
  const aliasIndex = useMemo(() => {
    const index = new Map<string, string>();
    for (const c of columns.data?.columns ?? []) for (const spelling of [c.name, ...c.aliases]) index.set(normalizeHeader(spelling), c.name);
    return index;
  }, [columns.data]);
  const automatic = useMemo(() => (head?.headers ?? []).map((h) => (h === '' ? null : aliasIndex.get(normalizeHeader(h)) ?? null)), [head, aliasIndex]);
  // A new file with the same header row (a corrected version of the same export) keeps the mapping chosen for the last one.
  const mappedFor = useRef('');
  useEffect(() => {
    if (!head) return;
    const key = JSON.stringify([kind, head.headers, Boolean(columns.data)]);
    if (key === mappedFor.current) return;
    mappedFor.current = key;
    setMapping(automatic);
  }, [automatic]);

  useEffect(() => {
    if (phase?.step !== 'processing') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [phase?.step]);

  const clearResults = () => { setChecked(null); setDone(null); setProblems(null); setError(null); };
  const choose = async (f: File | null) => {
    setFile(f);
    setHead(null);
    clearResults();
    if (!f || f.name.toLowerCase().endsWith('.xlsx')) return;
    try {
      setHead(await readCsvHead(f));
    } catch {
      setHead(null);
    }
  };

  // Mapping applies to a CSV whose header row was read, once the importer's fields are known.
  const mappingOn = Boolean(head && head.headers.length && columns.data);
  const mapped = head && mappingOn ? mapping.slice(0, head.headers.length) : [];
  const dropped = head && mappingOn ? head.headers.map((h, i) => ({ h: h || `column ${i + 1}`, i })).filter(({ i }) => mapped[i] === null || mapped[i] === undefined) : [];
  const duplicates = [...new Set(mapped.filter((m, i): m is string => m !== null && mapped.indexOf(m) !== i))];
  const everyColumnDropped = Boolean(mappingOn && dropped.length === head!.headers.length);
  const unchanged = !mappingOn || mapped.every((m, i) => m !== null && m === automatic[i]);
  const busy = phase !== null;

  const send = async (dryRun: boolean) => {
    if (!file) return;
    clearResults();
    setPhase({ step: 'preparing' });
    try {
      // A CSV whose columns were mapped is sent with its header rewritten (and unmapped columns removed), as UTF-8.
      const body: Blob = head && !unchanged ? await rewriteCsv(file, head, mapped.map((m) => m ?? null)) : file;
      const url = `/api/v1/imports/${kind}${query({ dryRun: String(dryRun), mode, fileName: file.name, currency: kind === 'assets' && currency.trim() ? currency.trim().toUpperCase() : undefined })}`;
      setPhase({ step: 'uploading', sent: 0, total: body.size });
      const data = await uploadWithProgress<Report>(url, body, isXlsx ? XLSX_TYPE : 'text/csv', (p) => {
        if (p.uploaded) { setNow(Date.now()); setPhase((cur) => (cur?.step === 'processing' ? cur : { step: 'processing', since: Date.now() })); }
        else setPhase({ step: 'uploading', sent: p.sent, total: p.total });
      });
      if (dryRun) setChecked(data);
      else { setDone(data); setChecked(null); await client.invalidateQueries(); }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_INVALID') setProblems(((e.body['report'] as Report | undefined)?.problems) ?? e.errors.map((p) => ({ line: p.line ?? 0, column: p.column ?? p.field ?? '', code: p.code, message: p.message })));
      else setError(e instanceof ApiError ? e.message : 'The file could not be read or sent.');
    } finally {
      setPhase(null);
    }
  };

  const options = [
    { value: SKIP, label: 'Do not import' },
    ...(columns.data?.columns ?? []).map((c) => {
      // A spelling people know the field by: the first alias, or an attribute's label (listed last).
      const known = c.name.startsWith('attr.') ? c.aliases[c.aliases.length - 1] : c.aliases[0];
      return { value: c.name, label: known && normalizeHeader(known) !== normalizeHeader(c.name) ? `${c.name} (${known})` : c.name };
    }),
  ];
  const canCheck = Boolean(file) && !busy && !duplicates.length && !everyColumnDropped;

  return (
    <Stack maw={900}>
      <Title order={1} size="h2">Import</Title>
      <Text c="dimmed" size="sm">CSV (UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab) or XLSX. Headers are matched by name, with common spellings and Snipe-IT's accepted; for a CSV you can map each column yourself. Nothing is written unless every row is valid.</Text>
      <Radio.Group label="The file holds" value={kind} onChange={(v) => { setKind(v); clearResults(); }}>
        {/* Only what the roles let this person import is offered: the others would be refused once the file is sent. */}
        <Group mt="xs">{KINDS.filter((k) => can(k.needs)).map((k) => <Radio key={k.value} value={k.value} label={k.label} />)}</Group>
      </Radio.Group>
      {columns.data && (
        <Group gap="xs">
          <Text size="sm" c="dimmed">{columns.data.columns.length} columns are read for {KINDS.find((k) => k.value === kind)?.label.toLowerCase()}.</Text>
          <Button variant="subtle" size="compact-sm" onClick={() => saveTemplate(kind, columns.data.columns.map((c) => c.name))}>Download a CSV template</Button>
        </Group>
      )}
      <div>
        <Text size="sm" fw={500} id="mode-label">Existing records</Text>
        <SegmentedControl aria-labelledby="mode-label" value={mode} onChange={(v) => { setMode(v); clearResults(); }} data={[{ value: 'create', label: 'Skip matches (create only)' }, { value: 'upsert', label: 'Update matches' }]} />
      </div>
      {kind === 'assets' && (
        <TextInput label="Currency of purchase costs" description="For a file without a currency column: the ISO 4217 code of its costs, such as EUR" placeholder="EUR" maxLength={3} w={320}
          value={currency} onChange={(e) => { setCurrency(e.currentTarget.value.toUpperCase()); clearResults(); }} />
      )}
      <FileInput label="File" placeholder="Choose a .csv or .xlsx file" accept=".csv,.xlsx,text/csv" value={file} onChange={(f) => void choose(f)} clearable clearButtonProps={{ 'aria-label': 'Clear the file' }} disabled={busy} />

      {file && isXlsx && <Text size="sm" c="dimmed">Column mapping is offered for CSV files only: an XLSX workbook is read on the server, where its headers are matched by name. To map an XLSX file's columns, save it as CSV.</Text>}
      {file && !isXlsx && !head && <Text size="sm" c="dimmed">The header row could not be read here (unusual encoding?): the file is sent as it is and the server says what it finds.</Text>}
      {head && head.headers.length > 0 && columns.error && <Text size="sm" c="dimmed">The fields of this kind could not be loaded, so columns cannot be mapped here: the file is sent as it is.</Text>}
      {head && mappingOn && (
        <Stack gap="xs">
          <Title order={2} size="h4">Columns</Title>
          <Text size="sm" c="dimmed">Each column of the file and the field it is imported as. Columns set to “Do not import” are removed from the file before it is sent.</Text>
          <ScrollTable minWidth={560} label="Column mapping">
            <Table aria-label="Column mapping">
              <Table.Thead><Table.Tr><Table.Th>Column in the file</Table.Th><Table.Th>First value</Table.Th><Table.Th>Import as</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {head.headers.map((h, i) => (
                  <Table.Tr key={i}>
                    <Table.Td><Text size="sm" fw={500}>{h || <Text span c="dimmed" size="sm">(no header, column {i + 1})</Text>}</Text></Table.Td>
                    <Table.Td><Text size="sm" c="dimmed" lineClamp={1} maw={220}>{head.sample[i] ?? ''}</Text></Table.Td>
                    <Table.Td>
                      <Select aria-label={`Import column “${h || `column ${i + 1}`}” as`} data={options} searchable allowDeselect={false} disabled={busy}
                        value={mapped[i] ?? SKIP} onChange={(v) => { const next = [...mapped]; next[i] = v ? v : null; setMapping(next); clearResults(); }}
                        error={mapped[i] && duplicates.includes(mapped[i]) ? 'Another column is imported as this field' : undefined} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {dropped.length > 0 && !everyColumnDropped && (
            <Alert color="yellow" styles={readableTitle} title={`${dropped.length} column${dropped.length === 1 ? '' : 's'} will not be imported`}>
              {dropped.map((d) => `“${d.h}”`).join(', ')} {dropped.length === 1 ? 'is' : 'are'} dropped from the file before it is sent: {dropped.length === 1 ? 'its values are' : 'their values are'} not imported. Choose a field to keep {dropped.length === 1 ? 'it' : 'them'}.
            </Alert>
          )}
          {everyColumnDropped && <Alert color="red" role="alert">Choose a field for at least one column.</Alert>}
          {duplicates.length > 0 && <Alert color="red" role="alert">Two columns are imported as {duplicates.join(', ')}: keep only one of them.</Alert>}
        </Stack>
      )}

      <Group>
        <Button variant="default" disabled={!canCheck} loading={busy && !checked} onClick={() => void send(true)}>Check the file</Button>
        <Button disabled={!checked || !canCheck} loading={busy && Boolean(checked)} onClick={() => void send(false)}>Import {checked ? `${checked.rows} row${checked.rows === 1 ? '' : 's'}` : ''}</Button>
      </Group>
      {phase && <ImportProgress phase={phase} now={now} />}
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {checked && <Alert color="blue" title="The file is valid">{checked.rows} rows: {checked.created} to create, {checked.updated} to update, {checked.skipped} unchanged or skipped. Nothing has been written yet.</Alert>}
      {done && <Alert color="green" title="Imported" role="status">{done.created} created, {done.updated} updated, {done.skipped} skipped.</Alert>}
      {problems && (
        <Stack gap="xs">
          <Alert color="red" role="alert" title={`${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing was written`}>Correct the file and check it again.</Alert>
          <Table striped aria-label="Problems in the file">
            <Table.Thead><Table.Tr><Table.Th>Line</Table.Th><Table.Th>Column</Table.Th><Table.Th>Problem</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {problems.slice(0, 200).map((p, i) => <Table.Tr key={i}><Table.Td>{p.line}</Table.Td><Table.Td>{p.column ?? ''}</Table.Td><Table.Td>{p.message} <Text span size="xs" c="dimmed">({p.code})</Text></Table.Td></Table.Tr>)}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      {can('imports.read') && <RecentImports />}
    </Stack>
  );
}

/** A CSV holding only the header row of every column the importer reads, with a BOM so spreadsheet programs read it as UTF-8. */
function saveTemplate(kind: string, names: string[]) {
  const blob = new Blob([`\uFEFF${names.map((n) => csvCell(n, ',')).join(',')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: `custodia-${kind}-template.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Preparing the file, then the upload's progress, then an indeterminate bar with the time the server has been working. */
function ImportProgress({ phase, now }: { phase: Phase; now: number }) {
  if (phase.step === 'uploading') {
    const percent = phase.total ? Math.min(100, Math.round((phase.sent / phase.total) * 100)) : 0;
    return (
      <Stack gap={4}>
        <Progress value={percent} aria-label="Upload progress" />
        <Text size="sm" role="status">Uploading… {percent}% ({byteSize(phase.sent)} of {byteSize(phase.total)})</Text>
      </Stack>
    );
  }
  const elapsed = phase.step === 'processing' ? Math.max(0, Math.round((now - phase.since) / 1000)) : 0;
  return (
    <Stack gap={4}>
      <Progress value={100} striped animated aria-hidden="true" />
      <Group gap="xs">
        <Text size="sm" role="status">{phase.step === 'preparing' ? 'Preparing the file…' : 'Uploaded. The server is reading every row…'}</Text>
        {phase.step === 'processing' && <Text size="sm" c="dimmed" data-testid="import-elapsed">{elapsed} s</Text>}
      </Group>
    </Stack>
  );
}
