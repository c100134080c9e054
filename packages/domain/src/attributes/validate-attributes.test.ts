import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from './field-types.js';
import { validateAttributes } from './validate-attributes.js';
import { validateAttributeSchema } from './validate-schema.js';
import type { Verdict } from '../verdict.js';

const PERSON = '3f2c9a1e-7b4d-4c8e-9f01-23456789abcd';
const ROOM = '0b7e4a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b';

const schema: FieldDefinition[] = [
  { key: 'hostname', label: 'Hostname', type: 'text', required: true },
  { key: 'ram_gb', label: 'RAM (GB)', type: 'integer', default: 16, min: 1 },
  { key: 'mac', label: 'MAC', type: 'mac' },
  { key: 'owner', label: 'Owner', type: 'person_ref' },
  { key: 'room', label: 'Room', type: 'location_ref' },
  { key: 'status', label: 'Status', type: 'enum', options: ['active', 'transferred'] },
  { key: 'transferred_to', label: 'Transferred to', type: 'text', requiredWhen: { field: 'status', oneOf: ['transferred'] } },
];

const problems = (v: Verdict<unknown>) => (v.ok ? [] : v.violations.map((x) => [x.code, x.field]));

describe('validateAttributes', () => {
  it('returns normalised values, applied defaults and the references to check', () => {
    const r = validateAttributes(schema, { hostname: ' web-01 ', mac: '001a2b3c4d5e', owner: PERSON, room: ROOM });
    expect(r).toEqual({
      ok: true,
      value: {
        values: { hostname: 'web-01', ram_gb: 16, mac: '00:1A:2B:3C:4D:5E', owner: PERSON, room: ROOM },
        references: [{ field: 'owner', kind: 'person', id: PERSON }, { field: 'room', kind: 'location', id: ROOM }],
      },
    });
  });

  it('refuses unknown keys (no mass assignment)', () => {
    expect(problems(validateAttributes(schema, { hostname: 'a', is_admin: true }))).toEqual([['ATTRIBUTE_UNKNOWN', 'attributes.is_admin']]);
    expect(problems(validateAttributes(schema, JSON.parse('{"hostname":"a","__proto__":{"x":1}}')))).toEqual([['ATTRIBUTE_UNKNOWN', 'attributes.__proto__']]);
  });

  it.each([
    ['absent', {}],
    ['null', { hostname: null }],
    ['empty', { hostname: '' }],
    ['blank', { hostname: ' \t ' }],
  ])('treats a %s required value as missing', (_case, input) => {
    expect(problems(validateAttributes(schema, input))).toEqual([['ATTRIBUTE_REQUIRED', 'attributes.hostname']]);
  });

  it('uses the default only when no value is given', () => {
    const given = validateAttributes(schema, { hostname: 'a', ram_gb: 32 });
    expect(given.ok && given.value.values['ram_gb']).toBe(32);
    const cleared = validateAttributes(schema, { hostname: 'a', ram_gb: null });
    expect(cleared.ok && cleared.value.values['ram_gb']).toBe(16);
  });

  it('leaves optional fields without a value or default out of the record', () => {
    const r = validateAttributes(schema, { hostname: 'a', mac: '' });
    expect(r.ok && Object.keys(r.value.values).sort()).toEqual(['hostname', 'ram_gb']);
  });

  it('still validates the given value, whatever the default', () => {
    expect(problems(validateAttributes(schema, { hostname: 'a', ram_gb: 0 }))).toEqual([['ATTRIBUTE_OUT_OF_RANGE', 'attributes.ram_gb']]);
  });

  it('requires a field only when requiredWhen matches', () => {
    expect(problems(validateAttributes(schema, { hostname: 'a', status: 'transferred' }))).toEqual([['ATTRIBUTE_REQUIRED', 'attributes.transferred_to']]);
    expect(validateAttributes(schema, { hostname: 'a', status: 'transferred', transferred_to: 'Subsidiary' }).ok).toBe(true);
    expect(validateAttributes(schema, { hostname: 'a', status: 'active' }).ok).toBe(true);
    expect(validateAttributes(schema, { hostname: 'a' }).ok).toBe(true);
  });

  it('reports every problem, in schema order, after unknown keys', () => {
    const r = validateAttributes(schema, { extra: 1, ram_gb: 2.5, mac: 'nope', owner: 'bob' });
    expect(problems(r)).toEqual([
      ['ATTRIBUTE_UNKNOWN', 'attributes.extra'],
      ['ATTRIBUTE_REQUIRED', 'attributes.hostname'],
      ['ATTRIBUTE_TYPE_MISMATCH', 'attributes.ram_gb'],
      ['ATTRIBUTE_INVALID_MAC', 'attributes.mac'],
      ['ATTRIBUTE_INVALID_REFERENCE', 'attributes.owner'],
    ]);
  });

  it('accepts an empty record against an empty schema and refuses anything in it', () => {
    expect(validateAttributes([], {})).toEqual({ ok: true, value: { values: {}, references: [] } });
    expect(problems(validateAttributes([], { a: 1 }))).toEqual([['ATTRIBUTE_UNKNOWN', 'attributes.a']]);
  });
});

describe('validateAttributeSchema', () => {
  const codes = (s: FieldDefinition[]) => {
    const r = validateAttributeSchema(s);
    return r.ok ? [] : r.violations.map((v) => v.code);
  };

  it('accepts a well-formed schema', () => {
    expect(validateAttributeSchema(schema)).toEqual({ ok: true, value: schema });
    expect(codes([{ key: 'notes', label: 'Notes', type: 'long_text', pattern: '^\\S' }])).toEqual([]);
  });

  it('refuses a sensitive field that is unique or a reference (it is stored only encrypted)', () => {
    expect(codes([{ key: 'licence_key', label: 'Key', type: 'text', sensitive: true, unique: true }])).toEqual(['SCHEMA_SENSITIVE_NOT_UNIQUE']);
    expect(codes([{ key: 'holder', label: 'Holder', type: 'person_ref', sensitive: true }])).toEqual(['SCHEMA_SENSITIVE_REFERENCE']);
    expect(codes([{ key: 'licence_key', label: 'Key', type: 'text', sensitive: true }])).toEqual([]);
  });

  it('refuses a key defined twice', () => {
    expect(codes([schema[0]!, { ...schema[0]!, label: 'Host name' }])).toEqual(['SCHEMA_DUPLICATE_KEY']);
  });

  it.each([['none', undefined], ['empty', []]])('refuses an enum with %s options', (_c, options) => {
    expect(codes([{ key: 'size', label: 'Size', type: 'enum', ...(options ? { options } : {}) }])).toEqual(['SCHEMA_ENUM_WITHOUT_OPTIONS']);
  });

  it('accepts labels for some or all of an enum\'s options, and a plain list of options without any', () => {
    const provider = { key: 'provider', label: 'Provider', type: 'enum', options: ['aws', 'gcp', 'other'] } satisfies FieldDefinition;
    expect(codes([{ ...provider, optionLabels: { aws: 'AWS', gcp: 'Google Cloud', other: 'Other' } }])).toEqual([]);
    expect(codes([{ ...provider, optionLabels: { aws: 'AWS' } }])).toEqual([]);
    expect(codes([provider])).toEqual([]);
  });

  it.each<[string, Partial<FieldDefinition>, string[]]>([
    ['a label of an option the field does not have', { optionLabels: { aws: 'AWS', azure: 'Microsoft Azure' } }, ['SCHEMA_UNKNOWN_OPTION_LABEL']],
    ['an empty label', { optionLabels: { aws: '  ' } }, ['SCHEMA_EMPTY_OPTION_LABEL']],
    ['two options labelled alike', { optionLabels: { aws: 'Cloud', gcp: 'Cloud' } }, ['SCHEMA_DUPLICATE_OPTION_LABEL']],
    ['labels on a field that is not an enum', { type: 'text', options: undefined, optionLabels: { aws: 'AWS' } } as Partial<FieldDefinition>, ['SCHEMA_OPTION_LABELS_NOT_ALLOWED']],
  ])('refuses %s', (_c, change, expected) => {
    const f = { key: 'provider', label: 'Provider', type: 'enum', options: ['aws', 'gcp'], ...change } as FieldDefinition;
    if (f.options === undefined) delete f.options;
    expect(codes([f])).toEqual(expected);
  });

  it('accepts a monitored date field, and leaves a schema without monitors as it was', () => {
    const lease: FieldDefinition = { key: 'lease_end', label: 'Lease end', type: 'date', monitor: { label: 'Lease ends', leadDays: 1 } };
    expect(codes([lease, { ...lease, key: 'support_end', monitor: { label: 'Support ends', leadDays: 730 } }])).toEqual([]);
    expect(codes([{ key: 'lease_end', label: 'Lease end', type: 'date' }])).toEqual([]);
  });

  it.each(['text', 'integer', 'money', 'boolean', 'enum', 'person_ref'] as const)('refuses a monitor on a %s field', (type) => {
    const f: FieldDefinition = { key: 'k', label: 'K', type, monitor: { label: 'Watch', leadDays: 30 }, ...(type === 'enum' ? { options: ['a'] } : {}) };
    const r = validateAttributeSchema([{ key: 'other', label: 'Other', type: 'text' }, f]);
    expect(r.ok ? [] : r.violations.map((v) => [v.field, v.code])).toEqual([['attributeSchema[1]', 'SCHEMA_MONITOR_NOT_ALLOWED']]);
  });

  it.each<[string, FieldDefinition['monitor'], string]>([
    ['a lead of 0 days', { label: 'Lease ends', leadDays: 0 }, 'SCHEMA_INVALID_MONITOR'],
    ['a lead of 731 days', { label: 'Lease ends', leadDays: 731 }, 'SCHEMA_INVALID_MONITOR'],
    ['a lead of part of a day', { label: 'Lease ends', leadDays: 1.5 }, 'SCHEMA_INVALID_MONITOR'],
    ['an empty label', { label: '  ', leadDays: 30 }, 'SCHEMA_INVALID_MONITOR'],
    ['a label over 200 characters', { label: 'x'.repeat(201), leadDays: 30 }, 'SCHEMA_INVALID_MONITOR'],
  ])('refuses a monitor with %s', (_c, monitor, code) => {
    expect(codes([{ key: 'lease_end', label: 'Lease end', type: 'date', monitor: monitor! }])).toEqual([code]);
  });

  it('refuses a sensitive monitored date (stored encrypted, it cannot be compared) and two monitors labelled alike', () => {
    expect(codes([{ key: 'lease_end', label: 'Lease end', type: 'date', sensitive: true, monitor: { label: 'Lease ends', leadDays: 30 } }])).toEqual(['SCHEMA_SENSITIVE_NOT_MONITORED']);
    const r = validateAttributeSchema([
      { key: 'lease_end', label: 'Lease end', type: 'date', monitor: { label: 'Ends', leadDays: 30 } },
      { key: 'support_end', label: 'Support end', type: 'date', monitor: { label: ' Ends ', leadDays: 60 } },
    ]);
    expect(r.ok ? [] : r.violations.map((v) => [v.field, v.code])).toEqual([['attributeSchema[1]', 'SCHEMA_DUPLICATE_MONITOR_LABEL']]);
  });

  it.each(['(', '[a-', '\\p{Nope}', '(?<n>a)(?<n>b)'])('refuses the invalid pattern %s', (pattern) => {
    expect(codes([{ key: 'code', label: 'Code', type: 'text', pattern }])).toEqual(['SCHEMA_INVALID_PATTERN']);
  });

  it.each(['integer', 'date', 'email', 'enum'] as const)('refuses a pattern on a %s field', (type) => {
    const f: FieldDefinition = { key: 'k', label: 'K', type, pattern: '^.*$', ...(type === 'enum' ? { options: ['a'] } : {}) };
    expect(codes([f])).toEqual(['SCHEMA_PATTERN_NOT_ALLOWED']);
  });

  it.each<[string, FieldDefinition]>([
    ['integer', { key: 'cores', label: 'Cores', type: 'integer', default: 2.5 }],
    ['out of range', { key: 'cores', label: 'Cores', type: 'integer', min: 1, default: 0 }],
    ['enum', { key: 'size', label: 'Size', type: 'enum', options: ['s', 'm'], default: 'xl' }],
    ['date', { key: 'since', label: 'Since', type: 'date', default: '2025-02-30' }],
    ['pattern', { key: 'code', label: 'Code', type: 'text', pattern: '^[A-Z]+$', default: 'abc' }],
    ['url', { key: 'docs', label: 'Docs', type: 'url', default: 'javascript:alert(1)' }],
  ])('refuses an invalid %s default', (_c, field) => {
    expect(codes([field])).toEqual(['SCHEMA_INVALID_DEFAULT']);
  });

  it.each(['Serial Number', 'serial-number', '9lives', '', '_x'])('refuses the key "%s"', (key) => {
    expect(codes([{ key, label: 'X', type: 'text' }])).toEqual(['SCHEMA_INVALID_KEY']);
  });

  it('refuses an unknown field type', () => {
    expect(codes([{ key: 'k', label: 'K', type: 'colour' as never }])).toEqual(['SCHEMA_INVALID_TYPE']);
  });
});
