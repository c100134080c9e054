import { describe, expect, it } from 'vitest';
import {
  AUTHORITATIVE_SOURCES, FIELD_SOURCES, type FieldDecision, type FieldSource, decideField, effectiveCollectedAt, isEmptyValue,
  parseInstant, sameIdentifier, sameValue,
} from './field-authority.js';

const SET_AT = '2026-05-10T12:00:00.000Z';
const NEWER = '2026-05-20T08:00:00.000Z';
const OLDER = '2026-05-01T08:00:00.000Z';

/** Each situation, and the expected decision for every source of the current value. */
const SITUATIONS: { name: string; current: unknown; discovered: unknown; at: string; owned: boolean; expect: Record<FieldSource, FieldDecision> }[] = [
  { name: 'discovery reports nothing', current: 'a', discovered: null, at: NEWER, owned: true,
    expect: { person: 'unchanged', audit: 'unchanged', discovery: 'unchanged', import: 'unchanged', system: 'unchanged' } },
  { name: 'discovery reports a blank', current: 'a', discovered: '  ', at: NEWER, owned: true,
    expect: { person: 'unchanged', audit: 'unchanged', discovery: 'unchanged', import: 'unchanged', system: 'unchanged' } },
  { name: 'equal values (spaces ignored)', current: 'Latitude 7440', discovered: ' Latitude 7440 ', at: NEWER, owned: false,
    expect: { person: 'unchanged', audit: 'unchanged', discovery: 'unchanged', import: 'unchanged', system: 'unchanged' } },
  { name: 'equal values, older evidence', current: 'x', discovered: 'x', at: OLDER, owned: true,
    expect: { person: 'unchanged', audit: 'unchanged', discovery: 'unchanged', import: 'unchanged', system: 'unchanged' } },
  { name: 'empty field, newer evidence', current: null, discovered: '16', at: NEWER, owned: false,
    expect: { person: 'fill', audit: 'fill', discovery: 'fill', import: 'fill', system: 'fill' } },
  { name: 'blank field, newer evidence', current: '', discovered: '16', at: NEWER, owned: false,
    expect: { person: 'fill', audit: 'fill', discovery: 'fill', import: 'fill', system: 'fill' } },
  { name: 'empty field (cleared after the evidence was collected)', current: undefined, discovered: '16', at: OLDER, owned: true,
    expect: { person: 'stale', audit: 'stale', discovery: 'stale', import: 'stale', system: 'stale' } },
  { name: 'different, newer evidence, owned field', current: 'old', discovered: 'new', at: NEWER, owned: true,
    expect: { person: 'discrepancy', audit: 'discrepancy', discovery: 'update', import: 'discrepancy', system: 'update' } },
  { name: 'different, newer evidence, field not owned', current: 'old', discovered: 'new', at: NEWER, owned: false,
    expect: { person: 'discrepancy', audit: 'discrepancy', discovery: 'discrepancy', import: 'discrepancy', system: 'discrepancy' } },
  { name: 'different, older evidence, owned field', current: 'old', discovered: 'new', at: OLDER, owned: true,
    expect: { person: 'stale', audit: 'stale', discovery: 'stale', import: 'stale', system: 'stale' } },
  { name: 'different, older evidence, field not owned', current: 'old', discovered: 'new', at: OLDER, owned: false,
    expect: { person: 'stale', audit: 'stale', discovery: 'stale', import: 'stale', system: 'stale' } },
  { name: 'different, collected the moment it was set', current: 'old', discovered: 'new', at: SET_AT, owned: true,
    expect: { person: 'discrepancy', audit: 'discrepancy', discovery: 'update', import: 'discrepancy', system: 'update' } },
  { name: 'different, unreadable collection time', current: 'old', discovered: 'new', at: 'yesterday', owned: true,
    expect: { person: 'stale', audit: 'stale', discovery: 'stale', import: 'stale', system: 'stale' } },
];

describe('decideField: every source × situation', () => {
  it('the table covers every source', () => {
    for (const s of SITUATIONS) expect(Object.keys(s.expect).sort()).toEqual([...FIELD_SOURCES].sort());
  });

  const rows = SITUATIONS.flatMap((s) => FIELD_SOURCES.map((source) => [s.name, source, s] as const));
  it.each(rows)('%s, set by %s', (_name, source, s) => {
    expect(decideField({ current: s.current, provenance: { source, at: SET_AT }, discovered: s.discovered, discoveredAt: s.at, owned: s.owned })).toBe(s.expect[source]);
  });

  it('people, audits and imports are the authoritative sources', () => {
    expect([...AUTHORITATIVE_SOURCES].sort()).toEqual(['audit', 'import', 'person']);
  });
});

describe('decideField without provenance: the value counts as set by a person', () => {
  it.each([
    ['empty field', null, 'x', true, 'fill'],
    ['equal', 'x', 'x', true, 'unchanged'],
    ['different, owned', 'x', 'y', true, 'discrepancy'],
    ['different, not owned', 'x', 'y', false, 'discrepancy'],
    ['nothing discovered', 'x', undefined, true, 'unchanged'],
  ] as const)('%s → %s', (_name, current, discovered, owned, expected) => {
    expect(decideField({ current, provenance: null, discovered, discoveredAt: 'not a time', owned })).toBe(expected);
  });
});

describe('decideField equality', () => {
  const base = { provenance: { source: 'discovery' as const, at: SET_AT }, discoveredAt: NEWER, owned: true };
  it('is exact on case by default, and ignores case for identifiers when asked', () => {
    expect(decideField({ ...base, current: 'WEB01', discovered: 'web01' })).toBe('update');
    expect(decideField({ ...base, current: 'WEB01', discovered: 'web01', equals: sameIdentifier })).toBe('unchanged');
  });
  it('compares numbers and structures by value', () => {
    expect(decideField({ ...base, current: 16, discovered: 16 })).toBe('unchanged');
    expect(decideField({ ...base, current: 16, discovered: 32 })).toBe('update');
    expect(decideField({ ...base, current: { a: 1, b: [1, 2] }, discovered: { b: [1, 2], a: 1 } })).toBe('unchanged');
    expect(decideField({ ...base, current: [1, 2], discovered: [2, 1] })).toBe('update');
    expect(decideField({ ...base, current: '16', discovered: 16 })).toBe('update');
  });
  it('sameValue / sameIdentifier / isEmptyValue', () => {
    expect(sameValue('Caf\u00e9', 'Cafe\u0301')).toBe(true);
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
    expect(sameValue({ x: Number.POSITIVE_INFINITY }, { x: Number.POSITIVE_INFINITY })).toBe(false);
    expect(sameIdentifier(' Web01 ', 'WEB01')).toBe(true);
    expect(sameIdentifier('web01', 'web02')).toBe(false);
    expect([null, undefined, '', ' \t'].map(isEmptyValue)).toEqual([true, true, true, true]);
    expect([0, false, 'x', [], {}].map(isEmptyValue)).toEqual([false, false, false, false, false]);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-05-20T10:00:00Z', '2026-05-20T10:00:00.000Z'],
    ['2026-05-20T10:00:00.123456Z', '2026-05-20T10:00:00.123Z'],
    ['2026-05-20T12:00:00+02:00', '2026-05-20T10:00:00.000Z'],
    ['2026-05-20T05:30:00-0430', '2026-05-20T10:00:00.000Z'],
    ['2026-05-20 10:00:00', '2026-05-20T10:00:00.000Z'],
    ['2026-05-20T10:00', '2026-05-20T10:00:00.000Z'],
    ['2026-05-20', '2026-05-20T00:00:00.000Z'],
  ])('%s → %s (no offset means UTC)', (input, expected) => {
    expect(new Date(parseInstant(input)!).toISOString()).toBe(expected);
  });
  it.each(['', 'Tue May 20 00:00:00', '2026/05/20 10:00:00', '2026-02-30T00:00:00Z', '2026-13-01', '2026-05-20T24:00:00Z', '1747735200'])('"%s" is not an ISO instant', (input) => {
    expect(parseInstant(input)).toBeNull();
  });
});

describe('effectiveCollectedAt', () => {
  const received = new Date('2026-05-20T10:00:00.000Z');
  it.each([
    ['no claim', null, '2026-05-20T10:00:00.000Z', null],
    ['a blank claim', ' ', '2026-05-20T10:00:00.000Z', null],
    ['a claim in the past', '2026-05-19T08:00:00Z', '2026-05-19T08:00:00.000Z', null],
    ['a claim with an offset', '2026-05-20T11:00:00+02:00', '2026-05-20T09:00:00.000Z', null],
    ['a claim a little ahead (clamped to receipt)', '2026-05-20T11:00:00Z', '2026-05-20T10:00:00.000Z', null],
    ['a claim exactly the skew ahead', '2026-05-21T10:00:00Z', '2026-05-20T10:00:00.000Z', null],
    ['a claim beyond the skew', '2026-05-21T10:00:01Z', '2026-05-20T10:00:00.000Z', 'clock_ahead'],
    ['a claim years ahead', '2036-01-01T00:00:00Z', '2026-05-20T10:00:00.000Z', 'clock_ahead'],
    ['an unparseable claim', 'Tue May 20 00:00:00', '2026-05-20T10:00:00.000Z', 'unparseable'],
  ] as const)('%s', (_name, claimed, at, anomaly) => {
    expect(effectiveCollectedAt(claimed, received)).toEqual({ at, anomaly });
  });
  it('takes the allowed skew as a parameter', () => {
    expect(effectiveCollectedAt('2026-05-20T10:05:00Z', received, 60_000)).toEqual({ at: '2026-05-20T10:00:00.000Z', anomaly: 'clock_ahead' });
    expect(effectiveCollectedAt('2026-05-20T10:00:30Z', received, 60_000)).toEqual({ at: '2026-05-20T10:00:00.000Z', anomaly: null });
  });
});
