import { describe, expect, it } from 'vitest';
import { FIELD_TYPES, type FieldDefinition, type FieldType } from './field-types.js';
import { validateValue } from './validate-value.js';

const UUID = '3f2c9a1e-7b4d-4c8e-9f01-23456789abcd';
const refCase = {
  accept: [[UUID, UUID]],
  refuse: [['not-an-id', 'ATTRIBUTE_INVALID_REFERENCE'], ['', 'ATTRIBUTE_INVALID_REFERENCE'], [42, 'ATTRIBUTE_INVALID_REFERENCE'],
    [`{${UUID}}`, 'ATTRIBUTE_INVALID_REFERENCE'], [` ${UUID}`, 'ATTRIBUTE_INVALID_REFERENCE'], [`${UUID}\n`, 'ATTRIBUTE_INVALID_REFERENCE'],
    [UUID.slice(0, -1), 'ATTRIBUTE_INVALID_REFERENCE'], ["' OR 1=1 --", 'ATTRIBUTE_INVALID_REFERENCE']],
} satisfies Case;

interface Case {
  field?: Partial<FieldDefinition>;
  /** [input, normalised value] */
  accept: [unknown, unknown][];
  /** [input, violation code] */
  refuse: [unknown, string][];
}

/** One entry per field type; a Record, so adding a type without samples fails to compile (and the test below fails at run time). */
const CASES: Record<FieldType, Case> = {
  text: {
    accept: [['Hello', 'Hello'], ['  padded\t', 'padded'], ['Cafe\u0301', 'Café'], ['😀 emoji pair', '😀 emoji pair'], ['x'.repeat(1000), 'x'.repeat(1000)]],
    refuse: [['a\u0000b', 'TEXT_NUL_BYTE'], ['\ud800', 'TEXT_LONE_SURROGATE'], ['x\udc00', 'TEXT_LONE_SURROGATE'], ['\ude00\ud83d', 'TEXT_LONE_SURROGATE'],
      ['x'.repeat(1001), 'TEXT_TOO_LONG'], [42, 'ATTRIBUTE_TYPE_MISMATCH'], [['a'], 'ATTRIBUTE_TYPE_MISMATCH']],
  },
  long_text: {
    accept: [['line 1\nline 2', 'line 1\nline 2'], ['y'.repeat(20000), 'y'.repeat(20000)]],
    refuse: [['y'.repeat(20001), 'TEXT_TOO_LONG'], ['\u0000', 'TEXT_NUL_BYTE'], ['a\udbffb', 'TEXT_LONE_SURROGATE'], [{}, 'ATTRIBUTE_TYPE_MISMATCH']],
  },
  number: {
    accept: [[1.5, 1.5], [-3, -3], [0, 0], [1e20, 1e20]],
    refuse: [[NaN, 'ATTRIBUTE_TYPE_MISMATCH'], [Infinity, 'ATTRIBUTE_TYPE_MISMATCH'], [-Infinity, 'ATTRIBUTE_TYPE_MISMATCH'],
      ['1', 'ATTRIBUTE_TYPE_MISMATCH'], ['', 'ATTRIBUTE_TYPE_MISMATCH'], [true, 'ATTRIBUTE_TYPE_MISMATCH'], [null, 'ATTRIBUTE_TYPE_MISMATCH']],
  },
  integer: {
    field: { min: 1, max: 10 },
    accept: [[1, 1], [10, 10], [5, 5]],
    refuse: [[2.5, 'ATTRIBUTE_TYPE_MISMATCH'], ['3', 'ATTRIBUTE_TYPE_MISMATCH'], [NaN, 'ATTRIBUTE_TYPE_MISMATCH'],
      [0, 'ATTRIBUTE_OUT_OF_RANGE'], [11, 'ATTRIBUTE_OUT_OF_RANGE'], [-1, 'ATTRIBUTE_OUT_OF_RANGE']],
  },
  money: {
    accept: [[{ amountMinor: 129999, currency: 'EUR' }, { amountMinor: 129999, currency: 'EUR' }], [{ currency: 'JPY', amountMinor: -500 }, { amountMinor: -500, currency: 'JPY' }]],
    refuse: [[{ amountMinor: 19.99, currency: 'EUR' }, 'ATTRIBUTE_TYPE_MISMATCH'], [{ amountMinor: '1999', currency: 'EUR' }, 'ATTRIBUTE_TYPE_MISMATCH'],
      [{ amountMinor: 2 ** 53, currency: 'EUR' }, 'ATTRIBUTE_TYPE_MISMATCH'], [{ amountMinor: 100, currency: 'eur' }, 'ATTRIBUTE_INVALID_CURRENCY'],
      [{ amountMinor: 100, currency: 'EURO' }, 'ATTRIBUTE_INVALID_CURRENCY'], [{ amountMinor: 100 }, 'ATTRIBUTE_INVALID_CURRENCY'],
      [{ amountMinor: 100, currency: 'EUR', vat: 20 }, 'ATTRIBUTE_TYPE_MISMATCH'], [1999, 'ATTRIBUTE_TYPE_MISMATCH'],
      [[100, 'EUR'], 'ATTRIBUTE_TYPE_MISMATCH'], ['19.99 EUR', 'ATTRIBUTE_TYPE_MISMATCH'], [null, 'ATTRIBUTE_TYPE_MISMATCH']],
  },
  date: {
    accept: [['2024-02-29', '2024-02-29'], ['2025-12-31', '2025-12-31']],
    refuse: [['2026-02-30', 'ATTRIBUTE_INVALID_DATE'], ['2023-02-29', 'ATTRIBUTE_INVALID_DATE'], ['2025-13-01', 'ATTRIBUTE_INVALID_DATE'],
      ['2025-6-1', 'ATTRIBUTE_INVALID_DATE'], ['2025-06-15T10:00:00Z', 'ATTRIBUTE_INVALID_DATE'], ['15/06/2025', 'ATTRIBUTE_INVALID_DATE'],
      [20250615, 'ATTRIBUTE_INVALID_DATE'], [new Date('2025-06-15'), 'ATTRIBUTE_INVALID_DATE']],
  },
  boolean: {
    accept: [[true, true], [false, false]],
    refuse: [['true', 'ATTRIBUTE_TYPE_MISMATCH'], ['false', 'ATTRIBUTE_TYPE_MISMATCH'], [1, 'ATTRIBUTE_TYPE_MISMATCH'], [0, 'ATTRIBUTE_TYPE_MISMATCH']],
  },
  enum: {
    field: { options: ['small', 'large'] },
    accept: [['small', 'small'], ['large', 'large']],
    refuse: [['medium', 'ATTRIBUTE_NOT_IN_OPTIONS'], ['Small', 'ATTRIBUTE_NOT_IN_OPTIONS'], [' small', 'ATTRIBUTE_NOT_IN_OPTIONS'], [0, 'ATTRIBUTE_NOT_IN_OPTIONS']],
  },
  url: {
    accept: [['http://example.com', 'http://example.com/'], ['HTTPS://Example.COM/a?b=1#c', 'https://example.com/a?b=1#c'], ['https://intranet:8443/x', 'https://intranet:8443/x']],
    refuse: [['javascript:alert(1)', 'ATTRIBUTE_INVALID_URL'], ['JaVaScRiPt:alert(1)', 'ATTRIBUTE_INVALID_URL'], [' javascript:alert(1)', 'ATTRIBUTE_INVALID_URL'],
      ['\tjavascript:alert(1)', 'ATTRIBUTE_INVALID_URL'], ['data:text/html,<script>alert(1)</script>', 'ATTRIBUTE_INVALID_URL'],
      ['file:///etc/passwd', 'ATTRIBUTE_INVALID_URL'], ['mailto:it@example.com', 'ATTRIBUTE_INVALID_URL'], ['ftp://example.com/', 'ATTRIBUTE_INVALID_URL'],
      ['//example.com', 'ATTRIBUTE_INVALID_URL'], ['http://', 'ATTRIBUTE_INVALID_URL'], ['http://exa mple.com', 'ATTRIBUTE_INVALID_URL'],
      ['https://example.com/\u0000', 'ATTRIBUTE_INVALID_URL'], [`https://example.com/${'a'.repeat(2048)}`, 'ATTRIBUTE_INVALID_URL'], [42, 'ATTRIBUTE_INVALID_URL']],
  },
  email: {
    accept: [['Jane.Doe@Example.COM', 'jane.doe@example.com'], ['  it+assets@corp.example ', 'it+assets@corp.example']],
    refuse: [['jane', 'ATTRIBUTE_INVALID_EMAIL'], ['jane@example', 'ATTRIBUTE_INVALID_EMAIL'], ['jane doe@example.com', 'ATTRIBUTE_INVALID_EMAIL'],
      ['a@@example.com', 'ATTRIBUTE_INVALID_EMAIL'], ['<a@example.com>', 'ATTRIBUTE_INVALID_EMAIL'], ['a@example.com, b@example.com', 'ATTRIBUTE_INVALID_EMAIL'],
      [`${'a'.repeat(250)}@b.co`, 'ATTRIBUTE_INVALID_EMAIL'], [null, 'ATTRIBUTE_INVALID_EMAIL']],
  },
  ip: {
    accept: [['192.168.0.1', '192.168.0.1'], ['0.0.0.0', '0.0.0.0'], ['255.255.255.255', '255.255.255.255'], [' 10.0.0.1 ', '10.0.0.1'],
      ['::1', '::1'], ['::', '::'], ['::ffff:1.2.3.4', '::ffff:1.2.3.4'], ['2001:DB8::1', '2001:db8::1'], ['fe80::1', 'fe80::1'],
      ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'], ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:1.2.3.4'], ['1::', '1::']],
    refuse: [['256.1.1.1', 'ATTRIBUTE_INVALID_IP'], ['1.2.3', 'ATTRIBUTE_INVALID_IP'], ['1.2.3.4.5', 'ATTRIBUTE_INVALID_IP'], ['01.2.3.4', 'ATTRIBUTE_INVALID_IP'],
      ['1.2.3.4/24', 'ATTRIBUTE_INVALID_IP'], ['10.0.0.1:80', 'ATTRIBUTE_INVALID_IP'], ['1:2:3:4:5:6:7:8:9', 'ATTRIBUTE_INVALID_IP'],
      ['1:2:3:4:5:6:7', 'ATTRIBUTE_INVALID_IP'], ['1::2::3', 'ATTRIBUTE_INVALID_IP'], ['12345::', 'ATTRIBUTE_INVALID_IP'], ['::ffff:1.2.3.256', 'ATTRIBUTE_INVALID_IP'],
      ['::1:2:3:4:5:6:7:8', 'ATTRIBUTE_INVALID_IP'], ['1:2:3:4:5:6:7:1.2.3.4', 'ATTRIBUTE_INVALID_IP'], ['[::1]', 'ATTRIBUTE_INVALID_IP'],
      ['fe80::1%eth0', 'ATTRIBUTE_INVALID_IP'], ['gggg::1', 'ATTRIBUTE_INVALID_IP'], ['', 'ATTRIBUTE_INVALID_IP'], [3232235521, 'ATTRIBUTE_INVALID_IP']],
  },
  mac: {
    accept: [['00:1a:2b:3c:4d:5e', '00:1A:2B:3C:4D:5E'], ['00-1A-2B-3C-4D-5E', '00:1A:2B:3C:4D:5E'], ['001a2b3c4d5e', '00:1A:2B:3C:4D:5E'], [' aa:bb:cc:dd:ee:ff ', 'AA:BB:CC:DD:EE:FF']],
    refuse: [['00:1A:2B:3C:4D', 'ATTRIBUTE_INVALID_MAC'], ['00:1A:2B:3C:4D:5E:6F', 'ATTRIBUTE_INVALID_MAC'], ['00:1A-2B:3C:4D:5E', 'ATTRIBUTE_INVALID_MAC'],
      ['GG:1A:2B:3C:4D:5E', 'ATTRIBUTE_INVALID_MAC'], ['001a.2b3c.4d5e', 'ATTRIBUTE_INVALID_MAC'], [0x001a2b3c4d5e, 'ATTRIBUTE_INVALID_MAC']],
  },
  person_ref: refCase,
  location_ref: refCase,
  asset_ref: refCase,
};

const fieldOf = (type: FieldType): FieldDefinition => ({ key: 'f', label: 'F', type, ...CASES[type].field });

describe('validateValue covers every field type', () => {
  it.each([...FIELD_TYPES])('%s has accepted and refused samples', (type) => {
    expect(CASES[type]?.accept.length).toBeGreaterThan(0);
    expect(CASES[type]?.refuse.length).toBeGreaterThan(0);
  });
});

/** A short, printable name for a sample (some are thousands of characters long). */
const label = (raw: unknown) => {
  const text = typeof raw === 'number' && !Number.isFinite(raw) ? String(raw) : (JSON.stringify(raw) ?? String(raw));
  return text.length > 40 ? `${text.slice(0, 30)}…(${text.length} chars)` : text;
};

describe.each([...FIELD_TYPES])('validateValue: %s', (type) => {
  it.each((CASES[type]?.accept ?? []).map(([raw, out]) => [label(raw), raw, out]))('accepts %s', (_l, raw, normalised) => {
    expect(validateValue(fieldOf(type), raw)).toEqual({ ok: true, value: normalised });
  });
  it.each((CASES[type]?.refuse ?? []).map(([raw, code]) => [label(raw), raw, code]))('refuses %s with %s', (_l, raw, code) => {
    expect(validateValue(fieldOf(type), raw)).toMatchObject({ ok: false, code });
  });
});

describe('validateValue: field options', () => {
  it('checks a text pattern against the normalised value', () => {
    const field: FieldDefinition = { key: 'code', label: 'Code', type: 'text', pattern: '^[A-Z]{3}-\\d+$' };
    expect(validateValue(field, ' ABC-12 ')).toEqual({ ok: true, value: 'ABC-12' });
    expect(validateValue(field, 'abc-12')).toMatchObject({ ok: false, code: 'ATTRIBUTE_PATTERN_MISMATCH' });
    expect(validateValue(field, 'ABC-12x')).toMatchObject({ ok: false, code: 'ATTRIBUTE_PATTERN_MISMATCH' });
  });

  it('applies min and max to plain numbers too', () => {
    const field: FieldDefinition = { key: 'ghz', label: 'GHz', type: 'number', min: 0.5, max: 6 };
    expect(validateValue(field, 0.5)).toEqual({ ok: true, value: 0.5 });
    expect(validateValue(field, 0.49)).toMatchObject({ ok: false, code: 'ATTRIBUTE_OUT_OF_RANGE' });
    expect(validateValue(field, 6.01)).toMatchObject({ ok: false, code: 'ATTRIBUTE_OUT_OF_RANGE' });
  });

  it('gives every refusal a message that names the field', () => {
    for (const type of FIELD_TYPES) {
      const [raw] = CASES[type].refuse[0]!;
      const r = validateValue({ ...fieldOf(type), label: 'Serial number' }, raw);
      expect(!r.ok && r.message, type).toContain('Serial number');
    }
  });
});
