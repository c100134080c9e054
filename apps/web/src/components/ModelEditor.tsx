import { Accordion, ActionIcon, Badge, Button, Card, Checkbox, Fieldset, Group, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import {
  type DraftModel, type DraftStage, type DraftTransition, EFFECTS, EFFECT_FIELDS, type EffectKey, GUARDS, type GuardKey, type Problems, STAGE_KINDS, type StageKind,
  keyFromLabel, newId, problemsUnder,
} from '../lifecycle';
import { AttributeSchemaEditor, ProblemText } from './AttributeSchemaEditor';

const KIND_OPTIONS = Object.entries(STAGE_KINDS).map(([value, label]) => ({ value, label }));

/**
 * Edits a lifecycle model that will be stored as a new version: its stages (add, rename, reorder, remove) and its
 * transitions (source stages, target, guards, effects, evidence fields). Every change redraws the diagram above.
 */
export function ModelEditor({ draft, onChange, problems, isNew, openTransition, onOpenTransition }: {
  draft: DraftModel; onChange: (d: DraftModel) => void; problems: Problems; isNew: boolean;
  openTransition: string | null; onOpenTransition: (tid: string | null) => void;
}) {
  const [autoKey, setAutoKey] = useState<Set<string>>(() => new Set());
  const [note, setNote] = useState('');
  const stageOptions = draft.stages.map((s) => ({ value: s.sid, label: s.name || s.key || 'Unnamed stage' }));
  const setStage = (sid: string, patch: Partial<DraftStage>) => onChange({ ...draft, stages: draft.stages.map((s) => (s.sid === sid ? { ...s, ...patch } : s)) });
  const setTransition = (tid: string, patch: Partial<DraftTransition>) => onChange({ ...draft, transitions: draft.transitions.map((t) => (t.tid === tid ? { ...t, ...patch } : t)) });
  const follows = (id: string) => autoKey.has(id);
  const typed = (id: string) => { if (autoKey.has(id)) { const n = new Set(autoKey); n.delete(id); setAutoKey(n); } };

  const moveStage = (i: number, by: -1 | 1) => {
    const stages = [...draft.stages];
    const [s] = stages.splice(i, 1);
    stages.splice(i + by, 0, s!);
    onChange({ ...draft, stages });
  };
  const addStage = () => {
    const sid = newId('s');
    setAutoKey(new Set(autoKey).add(sid));
    onChange({ ...draft, stages: [...draft.stages, { sid, key: '', name: '', kind: 'available' }] });
    setNote('');
  };
  /** Removing a stage takes it out of every transition; a transition left without a source or a target goes with it. */
  const removeStage = (s: DraftStage) => {
    const transitions = draft.transitions.map((t) => ({ ...t, from: t.from.filter((f) => f !== s.sid) }));
    const gone = transitions.filter((t) => t.to === s.sid || t.from.length === 0);
    onChange({ ...draft, stages: draft.stages.filter((x) => x.sid !== s.sid), initialStages: draft.initialStages.filter((x) => x !== s.sid), transitions: transitions.filter((t) => !gone.includes(t)) });
    setNote(`Stage ${s.name || s.key || 'unnamed'} removed${gone.length ? `, with ${gone.length === 1 ? 'the transition' : 'the transitions'} ${gone.map((t) => t.name || t.key).join(', ')}` : ''}.`);
  };
  const addTransition = () => {
    const tid = newId('t');
    setAutoKey(new Set(autoKey).add(tid));
    onChange({ ...draft, transitions: [...draft.transitions, { tid, key: '', name: '', from: [], to: '', fields: [], guards: [], effects: [] }] });
    onOpenTransition(tid);
    setNote('');
  };
  const removeTransition = (t: DraftTransition) => {
    onChange({ ...draft, transitions: draft.transitions.filter((x) => x.tid !== t.tid) });
    setNote(`Transition ${t.name || t.key || 'unnamed'} removed.`);
  };
  /** Ticking an effect that reads an evidence field adds that field when the transition lacks it. */
  const setEffects = (t: DraftTransition, effects: EffectKey[]) => {
    const fields = [...t.fields];
    for (const e of effects) {
      const needed = EFFECT_FIELDS[e];
      if (needed && !t.effects.includes(e) && !fields.some((f) => f.key === needed.key)) fields.push({ ...needed, rid: newId('f') });
    }
    setTransition(t.tid, { effects, fields });
  };

  return (
    <Stack>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">Model</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Key" required disabled={!isNew} value={draft.key} error={problems['key']} styles={{ input: { fontFamily: 'monospace' } }}
            description={isNew ? 'snake_case; later versions keep it' : 'Every version of a model keeps its key'} onChange={(e) => onChange({ ...draft, key: e.currentTarget.value })} />
          <TextInput label="Name" required value={draft.name} error={problems['name']} onChange={(e) => onChange({ ...draft, name: e.currentTarget.value })} />
          <TextInput label="Description" value={draft.description ?? ''} error={problems['description']} onChange={(e) => onChange({ ...draft, description: e.currentTarget.value })} />
          <MultiSelect label="Initial stages" description="Stages a new asset may be registered in" required searchable data={stageOptions} value={draft.initialStages.filter((s) => draft.stages.some((x) => x.sid === s))}
            error={problems['initialStages']} onChange={(v) => onChange({ ...draft, initialStages: v })} clearable clearButtonProps={{ 'aria-label': 'Clear the initial stages' }} />
        </SimpleGrid>
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb={4}>Stages</Title>
        <Text size="sm" c="dimmed" mb="sm">The order here is the order the asset page shows the stages in. The kind tells the rest of the register what a stage means (assignable, retired, lost…).</Text>
        <ProblemText>{problems['stages']}</ProblemText>
        <Stack gap="xs">
          {draft.stages.map((s, i) => {
            const at = `stages.${s.sid}`;
            const label = `stage ${i + 1}`;
            return (
              <Fieldset key={s.sid} legend={`Stage ${i + 1}${s.name.trim() ? `: ${s.name.trim()}` : ''}`} variant="default" p="sm">
                <Group align="flex-start" gap="xs">
                  <TextInput label="Key" size="xs" w={170} required value={s.key} error={problems[`${at}.key`]} styles={{ input: { fontFamily: 'monospace' } }}
                    onChange={(e) => { typed(s.sid); setStage(s.sid, { key: e.currentTarget.value }); }} />
                  <TextInput label="Name" size="xs" required style={{ flex: 1, minWidth: 160 }} value={s.name} error={problems[`${at}.name`]}
                    onChange={(e) => { const name = e.currentTarget.value; setStage(s.sid, follows(s.sid) ? { name, key: keyFromLabel(name) } : { name }); }} />
                  <Select label="Kind" size="xs" w={160} allowDeselect={false} data={KIND_OPTIONS} value={s.kind} error={problems[`${at}.kind`]} onChange={(v) => v && setStage(s.sid, { kind: v as StageKind })} />
                  <TextInput label="Description" size="xs" style={{ flex: 1, minWidth: 160 }} value={s.description ?? ''} onChange={(e) => setStage(s.sid, { description: e.currentTarget.value })} />
                  <Group gap={4} mt={22} wrap="nowrap">
                    <Tooltip label="Move up"><ActionIcon variant="default" aria-label={`Move ${label} up`} disabled={i === 0} onClick={() => moveStage(i, -1)}>↑</ActionIcon></Tooltip>
                    <Tooltip label="Move down"><ActionIcon variant="default" aria-label={`Move ${label} down`} disabled={i === draft.stages.length - 1} onClick={() => moveStage(i, 1)}>↓</ActionIcon></Tooltip>
                    <Button variant="default" size="xs" aria-label={`Remove ${label}`} onClick={() => removeStage(s)}>Remove</Button>
                  </Group>
                </Group>
              </Fieldset>
            );
          })}
          <Group><Button variant="default" size="xs" onClick={addStage}>Add a stage</Button></Group>
        </Stack>
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb={4}>Transitions</Title>
        <Text size="sm" c="dimmed" mb="sm">How an asset moves between stages: from one or more stages to one, under guards, with effects, recording the evidence asked for.</Text>
        <ProblemText>{problems['transitions']}</ProblemText>
        <Accordion variant="separated" value={openTransition} onChange={onOpenTransition} chevronPosition="left">
          {draft.transitions.map((t, i) => {
            const at = `transitions.${t.tid}`;
            const issues = problemsUnder(problems, at).length;
            const from = t.from.map((f) => stageOptions.find((o) => o.value === f)?.label ?? '?').join(', ');
            const to = stageOptions.find((o) => o.value === t.to)?.label ?? '?';
            return (
              <Accordion.Item key={t.tid} value={t.tid}>
                <Accordion.Control>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm" fw={600}>{t.name || t.key || `Transition ${i + 1}`}</Text>
                    <Text size="xs" c="dimmed">{from || '?'} → {to}</Text>
                    {issues > 0 && <Badge color="red.8" size="sm">{issues === 1 ? '1 problem' : `${issues} problems`}</Badge>}
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap="sm">
                    <Group align="flex-start" gap="xs">
                      <TextInput label="Key" size="xs" w={190} required value={t.key} error={problems[`${at}.key`]} styles={{ input: { fontFamily: 'monospace' } }}
                        onChange={(e) => { typed(t.tid); setTransition(t.tid, { key: e.currentTarget.value }); }} />
                      <TextInput label="Name" size="xs" required style={{ flex: 1, minWidth: 180 }} value={t.name} error={problems[`${at}.name`]}
                        onChange={(e) => { const name = e.currentTarget.value; setTransition(t.tid, follows(t.tid) ? { name, key: keyFromLabel(name) } : { name }); }} />
                      <TextInput label="Description" size="xs" style={{ flex: 1, minWidth: 180 }} value={t.description ?? ''} onChange={(e) => setTransition(t.tid, { description: e.currentTarget.value })} />
                    </Group>
                    <Group align="flex-start" gap="xs" grow>
                      <MultiSelect label="From stages" size="xs" required searchable data={stageOptions} value={t.from} error={problems[`${at}.from`]} onChange={(v) => setTransition(t.tid, { from: v })} />
                      <Select label="To stage" size="xs" required allowDeselect={false} data={stageOptions} value={t.to || null} error={problems[`${at}.to`]} onChange={(v) => setTransition(t.tid, { to: v ?? '' })} />
                    </Group>
                    <SimpleGrid cols={{ base: 1, md: 2 }}>
                      <Checkbox.Group label="Guards" description="Checked against the asset before the transition may run" value={t.guards} error={problems[`${at}.guards`]}
                        onChange={(v) => setTransition(t.tid, { guards: v as GuardKey[] })}>
                        <Stack gap={4} mt={4}>{Object.entries(GUARDS).map(([k, d]) => <Checkbox key={k} size="xs" value={k} label={d} />)}</Stack>
                      </Checkbox.Group>
                      <Checkbox.Group label="Effects" description="Changes besides the stage; one that reads a field adds it below" value={t.effects} error={problems[`${at}.effects`]}
                        onChange={(v) => setEffects(t, v as EffectKey[])}>
                        <Stack gap={4} mt={4}>{Object.entries(EFFECTS).map(([k, d]) => <Checkbox key={k} size="xs" value={k} label={d} />)}</Stack>
                      </Checkbox.Group>
                    </SimpleGrid>
                    <div>
                      <Text size="sm" fw={500}>Evidence fields</Text>
                      <Text size="xs" c="dimmed" mb={6}>What the person running the transition records (dates, references, the reason…), typed and validated like attributes.</Text>
                      <ProblemText>{problems[`${at}.fields`]}</ProblemText>
                      <AttributeSchemaEditor rows={t.fields} onChange={(fields) => setTransition(t.tid, { fields })} problems={problems} base={`${at}.fields`} mode="evidence" noun="Evidence field" />
                    </div>
                    <Group justify="flex-end"><Button variant="default" size="xs" onClick={() => removeTransition(t)}>Remove the transition {t.name || t.key}</Button></Group>
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
        <Group mt="sm"><Button variant="default" size="xs" onClick={addTransition}>Add a transition</Button></Group>
      </Card>
      <Text size="sm" role="status">{note}</Text>
    </Stack>
  );
}
