import { Alert, Button, FileInput, Group, Radio, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, query, request } from '../api';

interface Problem { line: number; column?: string; code: string; message: string }
interface Report { importId: string | null; applied: boolean; rows: number; created: number; updated: number; skipped: number; problems: Problem[] }

const KINDS = [{ value: 'assets', label: 'Assets' }, { value: 'people', label: 'People' }, { value: 'locations', label: 'Locations' }, { value: 'models', label: 'Models' }];

/**
 * Import wizard: choose what the file holds and a CSV or XLSX file, check it (a dry run: every problem with its line
 * and column, nothing written), then import it. Imports are atomic: one bad row and nothing is written.
 */
export function ImportPage() {
  const client = useQueryClient();
  const [kind, setKind] = useState('assets');
  const [mode, setMode] = useState('create');
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<Report | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setProblems(null);
    try {
      const type = file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
      const { data } = await request<Report>('POST', `/api/v1/imports/${kind}${query({ dryRun: String(dryRun), mode, fileName: file.name })}`, { raw: file, contentType: type });
      if (dryRun) setChecked(data);
      else { setDone(data); setChecked(null); await client.invalidateQueries(); }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_INVALID') setProblems(((e.body['report'] as Report | undefined)?.problems) ?? e.errors.map((p) => ({ line: p.line ?? 0, column: p.column ?? p.field ?? '', code: p.code, message: p.message })));
      else setError(e instanceof ApiError ? e.message : 'The server could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  const reset = (f: File | null) => { setFile(f); setChecked(null); setDone(null); setProblems(null); setError(null); };

  return (
    <Stack maw={900}>
      <Title order={1} size="h2">Import</Title>
      <Text c="dimmed" size="sm">CSV (UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab) or XLSX. Headers are matched by name, with common spellings and Snipe-IT's accepted. Nothing is written unless every row is valid.</Text>
      <Radio.Group label="The file holds" value={kind} onChange={(v) => { setKind(v); reset(file); }}>
        <Group mt="xs">{KINDS.map((k) => <Radio key={k.value} value={k.value} label={k.label} />)}</Group>
      </Radio.Group>
      <div>
        <Text size="sm" fw={500} id="mode-label">Existing records</Text>
        <SegmentedControl aria-labelledby="mode-label" value={mode} onChange={(v) => { setMode(v); reset(file); }} data={[{ value: 'create', label: 'Skip matches (create only)' }, { value: 'upsert', label: 'Update matches' }]} />
      </div>
      <FileInput label="File" placeholder="Choose a .csv or .xlsx file" accept=".csv,.xlsx,text/csv" value={file} onChange={reset} clearable clearButtonProps={{ 'aria-label': 'Clear the file' }} />
      <Group>
        <Button variant="default" disabled={!file} loading={busy && !checked} onClick={() => void send(true)}>Check the file</Button>
        <Button disabled={!checked} loading={busy && Boolean(checked)} onClick={() => void send(false)}>Import {checked ? `${checked.rows} row${checked.rows === 1 ? '' : 's'}` : ''}</Button>
      </Group>
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
    </Stack>
  );
}
