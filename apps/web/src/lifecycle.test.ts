import { describe, expect, it } from 'vitest';
import * as domain from '@custodia/domain';
import { ApiError } from './api';
import { ASSET_CATEGORIES, EFFECTS, FIELD_TYPES, type FieldRow, GUARDS, REFERENCE_TYPES, STAGE_KINDS, formatTag, modelProblems, schemaProblems, serverProblems, toDraft, withType } from './lifecycle';

/**
 * The web app keeps its own copies of the domain's vocabularies that carry labels for people (guards and effects it
 * imports from the domain). These checks fail as soon as a copy drifts apart.
 */
describe('the web app vocabularies match the domain', () => {
  const keys = (o: object) => Object.keys(o).sort();
  it('stage kinds, guards, effects, field types and reference types', () => {
    expect(keys(STAGE_KINDS)).toEqual([...domain.STAGE_KINDS].sort());
    expect(keys(GUARDS)).toEqual(keys(domain.GUARDS));
    expect(keys(EFFECTS)).toEqual(keys(domain.EFFECTS));
    expect(keys(FIELD_TYPES)).toEqual([...domain.FIELD_TYPES].sort());
    expect([...REFERENCE_TYPES].sort()).toEqual([...domain.REFERENCE_FIELD_TYPES].sort());
  });
  it('asset categories', () => {
    expect(keys(ASSET_CATEGORIES)).toEqual([...domain.ASSET_CATEGORIES].sort());
  });
  it('tag previews are formatted as the server formats tags', () => {
    for (const [pattern, n, tag] of [['LAP-{seq:6}', 123, 'LAP-000123'], ['SAAS-{seq:5}', 7, 'SAAS-00007'], ['X{seq}', 42, 'X42']] as const) expect(formatTag(pattern, n)).toBe(tag);
  });
});

describe('attribute schema checks in the editor', () => {
  const row = (rid: string, f: Partial<FieldRow>): FieldRow => ({ rid, key: 'serial_no', label: 'Serial no.', type: 'text', ...f });

  it('places the domain\'s violations beside the property they concern, on the rows\' ids', () => {
    const p = schemaProblems([
      row('a', { key: 'dock', type: 'ip', default: 'fe80::zz' }),
      row('b', { key: 'dock' }),
      row('c', { key: 'colour', type: 'enum', options: [] }),
      row('d', { key: 'size', type: 'integer', pattern: '^\\d+$' }),
      row('e', { key: 'secret', sensitive: true, unique: true }),
      row('f', { key: 'bad_re', pattern: '(' }),
    ], 'attributeSchema');
    expect(Object.keys(p).sort()).toEqual([
      'attributeSchema.a.default', 'attributeSchema.b.key', 'attributeSchema.c.options', 'attributeSchema.d.pattern', 'attributeSchema.e.sensitive', 'attributeSchema.f.pattern',
    ]);
    // The same words as the server's 422 (the domain's rule, not a copy of it): an IPv6 default is really checked.
    const verdict = domain.validateAttributeSchema([{ key: 'dock', label: 'Serial no.', type: 'ip', default: 'fe80::zz' }]);
    expect(verdict.ok ? null : verdict.violations[0]!.message).toBe(p['attributeSchema.a.default']);
    expect(p['attributeSchema.b.key']).toBe('"dock" is defined twice');
  });

  it('places a monitor\'s problems beside it, and a change of type away from date drops the monitor', () => {
    const p = schemaProblems([
      row('a', { key: 'seats', type: 'integer', monitor: { label: 'Seats', leadDays: 30 } }),
      row('b', { key: 'lease_end', type: 'date', monitor: { label: ' ', leadDays: 30 } }),
      row('c', { key: 'renewal', type: 'date', monitor: { label: 'Renews', leadDays: 0 } }),
      row('d', { key: 'support_end', type: 'date', monitor: { label: 'Support ends', leadDays: 730 } }),
    ], 'attributeSchema');
    expect(p).toEqual({
      'attributeSchema.a.monitor': '"seats": only date fields can be monitored',
      'attributeSchema.b.monitor': 'What the date is must not be empty',
      'attributeSchema.c.monitor': '"renewal": the lead must be a whole number of days from 1 to 730',
    });
    expect(withType(row('e', { type: 'date', monitor: { label: 'Ends', leadDays: 5 } }), 'text')).not.toHaveProperty('monitor');
  });

  it('checks the contract\'s limits first, and accepts a valid schema', () => {
    const p = schemaProblems([row('a', { key: 'Dock Serial', label: '' }), row('b', { key: 'ok', help: 'x'.repeat(201) })], 'attributeSchema');
    expect(p['attributeSchema.a.key']).toMatch(/^Use snake_case/);
    expect(p['attributeSchema.a.label']).toBe('Label must not be empty');
    expect(p['attributeSchema.b.help']).toBe('Help must be at most 200 characters');
    expect(schemaProblems([row('a', { type: 'ip', default: 'fe80::1' }), row('b', { key: 'mac', type: 'mac', default: '00:1A:2B:3C:4D:5E' })], 's')).toEqual({});
  });

  it('maps the server\'s field errors onto the rows they name, in both path styles', () => {
    const error = new ApiError(422, 'VALIDATION_FAILED', 'Invalid', [
      { field: 'attributeSchema[1]', code: 'SCHEMA_DUPLICATE_KEY', message: 'twice' },
      { field: 'attributeSchema.0.label', code: 'TOO_LONG', message: 'long' },
      { field: 'name', code: 'REQUIRED', message: 'needed' },
    ]);
    expect(serverProblems(error, { attributeSchema: ['r1', 'r2'] })).toEqual({ 'attributeSchema.r2': 'twice', 'attributeSchema.r1.label': 'long', name: 'needed' });
    expect(serverProblems(new Error('network'))).toEqual({});
  });
});

describe('lifecycle model checks in the editor', () => {
  const hardware = () => toDraft(structuredClone(domain.DEFAULT_LIFECYCLE_MODELS.find((m) => m.key === 'hardware')!) as never);

  it('accepts the default models as they ship', () => {
    for (const m of domain.DEFAULT_LIFECYCLE_MODELS) expect(modelProblems(toDraft(structuredClone(m) as never))).toEqual({});
  });

  it('places the domain\'s verdicts on the draft\'s rows, in the form\'s words', () => {
    const d = hardware();
    const stage = d.stages[1]!;
    d.stages[2]!.key = stage.key;
    d.stages[3]!.kind = '' as never;
    d.transitions.push({ tid: 'new', key: '', name: '', from: [], to: '', fields: [], guards: [], effects: ['start_assignment'] });
    const p = modelProblems(d);
    expect(p[`stages.${d.stages[2]!.sid}.key`]).toBe(`Stage "${stage.key}" is defined twice`);
    expect(p[`stages.${d.stages[3]!.sid}.kind`]).toBe('Choose a kind');
    expect(p['transitions.new.key']).toBe('A key is needed');
    expect(p['transitions.new.from']).toBe('Choose at least one stage it starts from');
    expect(p['transitions.new.to']).toBe('Choose the stage it leads to');
    expect(p['transitions.new.effects']).toMatch(/assigned_person_id/);
  });

  it('puts an evidence field\'s problem beside that field', () => {
    const d = hardware();
    const t = d.transitions.find((x) => x.fields.length > 0)!;
    t.fields[0]!.type = 'enum';
    t.fields[0]!.options = [];
    const p = modelProblems(d);
    expect(Object.keys(p)).toContain(`transitions.${t.tid}.fields.${t.fields[0]!.rid}.options`);
  });
});
