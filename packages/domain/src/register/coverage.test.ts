import { describe, expect, it } from 'vitest';
import { STAGE_KINDS } from '../lifecycle/model.js';
import { CONTRACT_ENDED_STAGE_KINDS, type CoverageTerm, coverageActiveOn, coverageTermOf, coveredUntil } from './coverage.js';

const term = (startsOn: string | null, endsOn: string | null, contractStageKind: CoverageTerm['contractStageKind'] = 'in_use'): CoverageTerm => ({ startsOn, endsOn, contractStageKind });

describe('whether a coverage holds on a day', () => {
  it('holds from its first day to its last day, both included', () => {
    const t = term('2026-01-01', '2026-12-31');
    expect(coverageActiveOn(t, '2025-12-31')).toBe(false);
    expect(coverageActiveOn(t, '2026-01-01')).toBe(true);
    expect(coverageActiveOn(t, '2026-12-31')).toBe(true);
    expect(coverageActiveOn(t, '2027-01-01')).toBe(false);
  });

  it('an open start or end bounds nothing on that side', () => {
    expect(coverageActiveOn(term(null, '2026-06-30'), '1999-01-01')).toBe(true);
    expect(coverageActiveOn(term('2026-01-01', null), '2099-01-01')).toBe(true);
    expect(coverageActiveOn(term(null, null), '2026-06-01')).toBe(true);
  });

  it('a contract withdrawn, held, lost or ended covers nothing, whatever its dates; any other stage lets the dates decide', () => {
    for (const kind of STAGE_KINDS) {
      expect(coverageActiveOn(term('2026-01-01', '2026-12-31', kind), '2026-06-01'), kind).toBe(!CONTRACT_ENDED_STAGE_KINDS.includes(kind));
    }
    expect(coverageActiveOn(term('2026-01-01', '2026-12-31', 'disposed'), '2026-06-01')).toBe(false);
    // A stage its model no longer names is not taken as an end.
    expect(coverageActiveOn(term('2026-01-01', '2026-12-31', undefined), '2026-06-01')).toBe(true);
  });
});

describe('how long an asset stays covered', () => {
  const on = '2026-06-01';

  it('is not covered without a coverage holding that day (none, expired, not begun, contract ended)', () => {
    expect(coveredUntil([], on)).toEqual({ covered: false });
    expect(coveredUntil([term('2025-01-01', '2026-05-31'), term('2026-06-02', '2027-01-01'), term(null, null, 'disposed')], on)).toEqual({ covered: false });
  });

  it('is covered until the latest end among the coverages that hold; an expired or ended one with a later date does not count', () => {
    expect(coveredUntil([term('2026-01-01', '2026-12-31'), term(null, '2027-03-31'), term('2026-01-01', '2029-01-01', 'retired'), term('2020-01-01', '2026-05-31')], on))
      .toEqual({ covered: true, until: '2027-03-31' });
  });

  it('a coverage that holds without an end makes the asset covered with no end', () => {
    expect(coveredUntil([term('2026-01-01', '2026-12-31'), term('2026-01-01', null)], on)).toEqual({ covered: true, until: null });
  });
});

describe('the term of a coverage being added', () => {
  const fields = ['starts_on', 'ends_on'];
  const own = { starts_on: '2026-01-01', ends_on: '2028-12-31' };

  it('takes the dates given, else the contract\'s own date attributes when its type defines them', () => {
    expect(coverageTermOf({}, own, fields)).toEqual({ ok: true, value: { startsOn: '2026-01-01', endsOn: '2028-12-31' } });
    expect(coverageTermOf({ endsOn: '2027-06-30' }, own, fields)).toEqual({ ok: true, value: { startsOn: '2026-01-01', endsOn: '2027-06-30' } });
    // Given as null: deliberately open, not the contract's.
    expect(coverageTermOf({ startsOn: null }, own, fields)).toEqual({ ok: true, value: { startsOn: null, endsOn: '2028-12-31' } });
    // A value the type does not define as a date (left from an older schema), or not a date, is not taken.
    expect(coverageTermOf({}, own, ['starts_on'])).toEqual({ ok: true, value: { startsOn: '2026-01-01', endsOn: null } });
    expect(coverageTermOf({}, { starts_on: 'soon', ends_on: 5 }, fields)).toEqual({ ok: true, value: { startsOn: null, endsOn: null } });
  });

  it('refuses a term ending before it starts, the contract\'s dates included; one day is a term', () => {
    expect(coverageTermOf({ startsOn: '2026-05-02', endsOn: '2026-05-01' }, {}, fields)).toMatchObject({ ok: false, code: 'COVERAGE_ENDS_BEFORE_START' });
    expect(coverageTermOf({ endsOn: '2025-12-31' }, own, fields)).toMatchObject({ ok: false, code: 'COVERAGE_ENDS_BEFORE_START' });
    expect(coverageTermOf({ startsOn: '2026-05-01', endsOn: '2026-05-01' }, {}, fields)).toMatchObject({ ok: true });
  });
});
