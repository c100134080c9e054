import { ActionIcon, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FieldSpec, LocalContact } from '../reference';
import { RemoteSelect } from './ReferencePickers';

interface Row { key: number; personId: string | null; role: string; phone: string; notes: string }
/** A server error at one field of the body (`contacts.2.personId`). */
export interface AtField { field?: string | undefined; message: string }

let rowKeys = 0;
const rowOf = (c: LocalContact): Row => ({ key: rowKeys++, personId: c.personId, role: c.role, phone: c.phone ?? '', notes: c.notes ?? '' });

/**
 * The local contacts of a location on its form: a person of the register (only active people are offered), their role
 * there, and an optional phone number and notes, at most `field.max`. The list is sent whole; each row's server errors
 * (unknown or inactive person, the same person twice in one role) show on that row.
 */
export function LocalContactsEditor({ field, value, onChange, error, errors = [] }: {
  field: FieldSpec; value: LocalContact[]; onChange: (v: LocalContact[]) => void; error?: string | undefined; errors?: AtField[];
}) {
  const [rows, setRows] = useState<Row[]>(() => (value ?? []).map(rowOf));
  const max = field.max ?? 10;
  const publish = (next: Row[]) => {
    setRows(next);
    // Keys in the order the server answers them (code-point order), so an untouched list compares equal to the stored one.
    onChange(next.map((r) => ({ notes: r.notes.trim() || null, personId: r.personId ?? '', phone: r.phone.trim() || null, role: r.role })));
  };
  const edit = (i: number, patch: Partial<Row>) => publish(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const at = (name: string) => errors.filter((e) => e.field === name).map((e) => e.message).join('; ') || undefined;
  const listError = errors.filter((e) => e.field === field.key).map((e) => e.message).join('; ') || (errors.length ? undefined : error);
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <Text component="legend" size="sm" fw={500}>{field.label}</Text>
      {field.description && <Text size="xs" c="dimmed" mb={4}>{field.description}</Text>}
      <Stack gap="xs">
        {rows.map((r, i) => (
          <Paper key={r.key} withBorder p="xs">
            <Group align="flex-start" wrap="nowrap" gap="xs">
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" style={{ flex: 1 }}>
                <RemoteSelect resource="people" activeOnly label={`Contact ${i + 1}: person`} required value={r.personId} placeholder="Type to search"
                  error={[at(`${field.key}.${i}`), at(`${field.key}.${i}.personId`)].filter(Boolean).join('; ') || undefined}
                  onChange={(v) => edit(i, { personId: v })} />
                <TextInput label={`Contact ${i + 1}: role here`} required maxLength={200} placeholder="e.g. site IT contact" value={r.role} error={at(`${field.key}.${i}.role`)}
                  onChange={(e) => edit(i, { role: e.currentTarget.value })} />
                <TextInput label={`Contact ${i + 1}: phone`} maxLength={200} type="tel" value={r.phone} error={at(`${field.key}.${i}.phone`)}
                  onChange={(e) => edit(i, { phone: e.currentTarget.value })} />
                <TextInput label={`Contact ${i + 1}: notes`} maxLength={1000} placeholder="e.g. mornings only" value={r.notes} error={at(`${field.key}.${i}.notes`)}
                  onChange={(e) => edit(i, { notes: e.currentTarget.value })} />
              </SimpleGrid>
              <ActionIcon variant="subtle" color="gray" size="lg" mt={22} aria-label={`Remove contact ${i + 1}`} onClick={() => publish(rows.filter((_, j) => j !== i))}>×</ActionIcon>
            </Group>
          </Paper>
        ))}
        <Group gap="xs">
          <Button variant="default" size="xs" disabled={rows.length >= max} onClick={() => setRows([...rows, { key: rowKeys++, personId: null, role: '', phone: '', notes: '' }])}>Add a contact</Button>
          {rows.length >= max && <Text size="xs" c="dimmed">At most {max} contacts per location.</Text>}
        </Group>
        {listError && <Text size="xs" c="var(--mantine-color-error)" role="alert">{listError}</Text>}
      </Stack>
    </fieldset>
  );
}
