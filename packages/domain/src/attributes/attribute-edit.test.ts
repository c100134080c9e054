import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from './field-types.js';
import { mergeAttributes, validateAttributeEdit } from './attribute-edit.js';

describe('mergeAttributes (an edit of attributes is a merge patch)', () => {
  const current = { cpu: 'AMD EPYC', ram_gb: 24, encrypted: true, hostname: 'vm' };

  it('keeps every attribute the edit does not name', () => {
    expect(mergeAttributes(current, { ram_gb: 32 })).toEqual({ cpu: 'AMD EPYC', ram_gb: 32, encrypted: true, hostname: 'vm' });
  });

  it('clears an attribute sent as null, and only that one', () => {
    expect(mergeAttributes(current, { hostname: null })).toEqual({ cpu: 'AMD EPYC', ram_gb: 24, encrypted: true });
  });

  it('adds attributes that had no value, and keeps false and 0 as values', () => {
    expect(mergeAttributes({}, { encrypted: false, rack_units: 0 })).toEqual({ encrypted: false, rack_units: 0 });
  });

  it('an empty edit changes nothing, and the inputs are not modified', () => {
    const patch = { cpu: null };
    expect(mergeAttributes(current, {})).toEqual(current);
    mergeAttributes(current, patch);
    expect(current).toEqual({ cpu: 'AMD EPYC', ram_gb: 24, encrypted: true, hostname: 'vm' });
    expect(patch).toEqual({ cpu: null });
  });

  it('replaces a structured value whole (one level deep)', () => {
    expect(mergeAttributes({ ports: [1, 2] }, { ports: [3] })).toEqual({ ports: [3] });
  });
});

describe('validateAttributeEdit (an edit is checked for what it changes, against the schema as it is now)', () => {
  const schema: FieldDefinition[] = [
    { key: 'panel', label: 'Panel', type: 'enum', options: ['ips', 'va'], required: true },
    { key: 'status', label: 'Status', type: 'enum', options: ['active', 'transferred'] },
    { key: 'transferred_to', label: 'Transferred to', type: 'text', requiredWhen: { field: 'status', oneOf: ['transferred'] } },
    { key: 'size', label: 'Size', type: 'number', min: 5, required: true },
    { key: 'asset_tag_colour', label: 'Label colour', type: 'text', pattern: '^[a-z]+$', default: 'white' },
    { key: 'mac', label: 'MAC', type: 'mac' },
  ];
  const edit = (stored: Record<string, unknown>, patch: Record<string, unknown>) => validateAttributeEdit(schema, stored, patch);
  const problems = (stored: Record<string, unknown>, patch: Record<string, unknown>) => {
    const v = edit(stored, patch);
    return v.ok ? [] : v.violations.map((x) => [x.code, x.field]);
  };
  const values = (stored: Record<string, unknown>, patch: Record<string, unknown>) => {
    const v = edit(stored, patch);
    if (!v.ok) throw new Error(JSON.stringify(v.violations));
    return v.value.values;
  };

  it('lets an asset that predates a required attribute be edited without it', () => {
    expect(problems({ size: 27, asset_tag_colour: 'white' }, {})).toEqual([]);
    expect(values({ size: 27, asset_tag_colour: 'white' }, { status: 'active' })).toEqual({ size: 27, asset_tag_colour: 'white', status: 'active' });
  });

  it('keeps a value of an attribute the type dropped, or one the type now defines differently, and lets the edit clear it', () => {
    const stored = { size: 27, panel: 'ips', asset_tag_colour: 'Sky Blue', support_contract: 'SC-1', asset_tag_colour_old: 1 };
    expect(values(stored, { size: 32 })).toEqual({ ...stored, size: 32 });
    expect(values(stored, { support_contract: null })).toEqual({ size: 27, panel: 'ips', asset_tag_colour: 'Sky Blue', asset_tag_colour_old: 1 });
    // Naming it is checking it.
    expect(problems(stored, { asset_tag_colour: 'Navy Blue' })).toEqual([['ATTRIBUTE_PATTERN_MISMATCH', 'attributes.asset_tag_colour']]);
  });

  it('checks what the edit names as on registration: values, unknown keys, and null for a required attribute', () => {
    expect(problems({ size: 27, panel: 'ips' }, { panel: null })).toEqual([['ATTRIBUTE_REQUIRED', 'attributes.panel']]);
    expect(problems({ panel: 'ips' }, { size: 2 })).toEqual([['ATTRIBUTE_OUT_OF_RANGE', 'attributes.size']]);
    expect(problems({ panel: 'ips' }, { colour: 'red' })).toEqual([['ATTRIBUTE_UNKNOWN', 'attributes.colour']]);
    expect(values({ panel: 'ips' }, { mac: 'aa-bb-cc-dd-ee-ff' })).toMatchObject({ mac: 'AA:BB:CC:DD:EE:FF' });
  });

  it('enforces a condition the edit triggers, reading the whole record, and not one it leaves as it was', () => {
    expect(problems({ size: 27, panel: 'ips' }, { status: 'transferred' })).toEqual([['ATTRIBUTE_REQUIRED', 'attributes.transferred_to']]);
    expect(problems({ size: 27, panel: 'ips', status: 'transferred', transferred_to: 'Acme' }, { transferred_to: null })).toEqual([['ATTRIBUTE_REQUIRED', 'attributes.transferred_to']]);
    expect(problems({ size: 27, panel: 'ips', status: 'transferred' }, { size: 32 })).toEqual([]);
  });

  it('gives a missing attribute its default, as on registration', () => {
    expect(values({ size: 27, panel: 'va' }, {})).toEqual({ size: 27, panel: 'va', asset_tag_colour: 'white' });
  });
});
