import { Badge, Code, Group, List, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { type DraftModel, EFFECTS, FIELD_TYPES, GUARDS, KIND_COLORS, STAGE_KINDS } from '../lifecycle';
import type { Selection } from './LifecycleDiagram';
import { enumLabel } from '../history-rows';

const pick = (selected: boolean) => ({
  display: 'block', width: '100%', padding: '4px 8px', borderRadius: 4, fontSize: 'var(--mantine-font-size-sm)',
  background: selected ? 'var(--mantine-color-indigo-0)' : undefined, fontWeight: selected ? 600 : undefined,
  borderLeft: `3px solid ${selected ? 'var(--mantine-color-indigo-8)' : 'transparent'}`,
});

/**
 * The model as text beside its diagram: what is selected (a stage, or a transition with its source stages, guards,
 * effects and evidence fields), then every stage and every transition as buttons that select them. It is the
 * accessible form of the diagram: everything drawn is listed here.
 */
export function ModelOutline({ model, selection, onSelect }: { model: DraftModel; selection: Selection; onSelect: (s: Selection) => void }) {
  const stage = new Map(model.stages.map((s) => [s.sid, s]));
  const stageName = (sid: string) => { const s = stage.get(sid); return s ? s.name || s.key || 'unnamed stage' : 'unknown stage'; };
  const t = selection?.kind === 'transition' ? model.transitions.find((x) => x.tid === selection.id) : undefined;
  const s = selection?.kind === 'stage' ? stage.get(selection.id) : undefined;

  return (
    <Stack gap="md" id="model-outline" tabIndex={-1} style={{ outline: 'none' }}>
      <section aria-labelledby="outline-selected">
        <Title order={2} size="h5" id="outline-selected" mb={4}>Selected</Title>
        <div aria-live="polite">
          {!t && !s && <Text size="sm" c="dimmed">Select a stage or a transition, in the diagram or in the lists below, to see its details.</Text>}
          {s && (
            <Stack gap={4}>
              <Group gap="xs"><Text fw={600}>Stage: {s.name || s.key}</Text><Badge variant="light" color={KIND_COLORS[s.kind]} c="var(--mantine-color-black)">{STAGE_KINDS[s.kind]}</Badge></Group>
              <Text size="sm">Key <Code>{s.key || '—'}</Code>{model.initialStages.includes(s.sid) ? ' · assets can be registered in this stage' : ''}</Text>
              {s.description && <Text size="sm">{s.description}</Text>}
              <Text size="sm">Leads out: {model.transitions.filter((x) => x.from.includes(s.sid)).map((x) => x.name || x.key).join(', ') || 'nothing (a final stage)'}</Text>
              <Text size="sm">Reached by: {model.transitions.filter((x) => x.to === s.sid).map((x) => x.name || x.key).join(', ') || 'no transition'}</Text>
            </Stack>
          )}
          {t && (
            <Stack gap={4}>
              <Text fw={600}>Transition: {t.name || t.key}</Text>
              <Text size="sm">Key <Code>{t.key || '—'}</Code></Text>
              {t.description && <Text size="sm">{t.description}</Text>}
              <Text size="sm">From: {t.from.map(stageName).join(', ') || '—'}</Text>
              <Text size="sm">To: {t.to ? stageName(t.to) : '—'}{t.from.includes(t.to) ? ' (stays in the same stage)' : ''}</Text>
              <Text size="sm" fw={600} mt={4}>Guards</Text>
              {t.guards.length ? <List size="sm">{t.guards.map((g) => <List.Item key={g}>{GUARDS[g] ?? g}</List.Item>)}</List> : <Text size="sm" c="dimmed">None: allowed whatever the asset’s state.</Text>}
              <Text size="sm" fw={600} mt={4}>Effects</Text>
              {t.effects.length ? <List size="sm">{t.effects.map((e) => <List.Item key={e}>{EFFECTS[e] ?? e}</List.Item>)}</List> : <Text size="sm" c="dimmed">None besides the stage.</Text>}
              <Text size="sm" fw={600} mt={4}>Evidence required</Text>
              {t.fields.length ? (
                <Table fz="xs" withRowBorders aria-label={`Evidence fields of ${t.name || t.key}`}>
                  <Table.Thead><Table.Tr><Table.Th>Field</Table.Th><Table.Th>Type</Table.Th><Table.Th>Required</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {t.fields.map((f) => (
                      <Table.Tr key={f.rid}>
                        <Table.Td>{f.label || f.key}<Text span size="xs" c="dimmed"> ({f.key})</Text></Table.Td>
                        <Table.Td>{FIELD_TYPES[f.type] ?? f.type}{f.type === 'enum' && f.options?.length ? `: ${f.options.map((o) => enumLabel(f, o)).join(', ')}` : ''}{f.notInFuture ? ', not in the future' : ''}</Table.Td>
                        <Table.Td>{f.required ? 'Yes' : f.requiredWhen ? `When ${f.requiredWhen.field} is ${f.requiredWhen.oneOf.join(' or ')}` : 'No'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : <Text size="sm" c="dimmed">No evidence is asked for.</Text>}
            </Stack>
          )}
        </div>
      </section>

      <section aria-labelledby="outline-stages">
        <Title order={2} size="h5" id="outline-stages" mb={4}>Stages ({model.stages.length})</Title>
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Stages">
          {model.stages.map((x) => {
            const on = selection?.kind === 'stage' && selection.id === x.sid;
            return (
              <li key={x.sid}>
                <UnstyledButton style={pick(on)} aria-pressed={on} onClick={() => onSelect({ kind: 'stage', id: x.sid })}>
                  {x.name || x.key || 'Unnamed stage'} <Text span size="xs" c="dimmed">— {STAGE_KINDS[x.kind] ?? x.kind}{model.initialStages.includes(x.sid) ? ', initial' : ''}</Text>
                </UnstyledButton>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="outline-transitions">
        <Title order={2} size="h5" id="outline-transitions" mb={4}>Transitions ({model.transitions.length})</Title>
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Transitions">
          {model.transitions.map((x) => {
            const on = selection?.kind === 'transition' && selection.id === x.tid;
            return (
              <li key={x.tid}>
                <UnstyledButton style={pick(on)} aria-pressed={on} onClick={() => onSelect({ kind: 'transition', id: x.tid })}>
                  {x.name || x.key || 'Unnamed transition'} <Text span size="xs" c="dimmed">— {x.from.map(stageName).join(', ') || '?'} → {x.to ? stageName(x.to) : '?'}</Text>
                </UnstyledButton>
              </li>
            );
          })}
          {model.transitions.length === 0 && <li><Text size="sm" c="dimmed">No transitions yet.</Text></li>}
        </ul>
      </section>
    </Stack>
  );
}
