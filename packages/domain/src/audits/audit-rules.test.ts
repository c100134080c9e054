import { describe, expect, it } from 'vitest';
import {
  AUDIT_EXCLUDED_STAGE_KINDS, AUDIT_ITEM_RESULTS, AUDIT_PLAN_STATUSES, canChangePlanStatus, canStartRun, classifyFinding, discrepancyKindOf, hasAuditScope, isHeldAsGone,
} from './audit-rules.js';
import { STAGE_KINDS } from '../lifecycle/model.js';
import { addDays } from '../register/dates.js';

describe('classifyFinding', () => {
  it.each([
    [{ expected: true, expectedLocationId: 'L1', foundLocationId: null }, 'found'],
    [{ expected: true, expectedLocationId: 'L1', foundLocationId: 'L1' }, 'found'],
    [{ expected: true, expectedLocationId: null, foundLocationId: null }, 'found'],
    [{ expected: true, expectedLocationId: 'L1', foundLocationId: 'L2' }, 'wrong_location'],
    [{ expected: true, expectedLocationId: null, foundLocationId: 'L2' }, 'wrong_location'],
    [{ expected: false, expectedLocationId: null, foundLocationId: null }, 'unexpected'],
    [{ expected: false, expectedLocationId: 'L1', foundLocationId: 'L1' }, 'unexpected'],
  ] as const)('%o → %s', (input, result) => {
    expect(classifyFinding(input)).toBe(result);
  });
});

describe('discrepancyKindOf', () => {
  it('maps every result; found and pending raise nothing', () => {
    expect(Object.fromEntries(AUDIT_ITEM_RESULTS.map((r) => [r, discrepancyKindOf(r)]))).toEqual({
      pending: null, found: null, wrong_location: 'audit_wrong_location', unexpected: 'audit_unexpected', missing: 'audit_missing',
    });
  });
});

describe('plan status rules', () => {
  it('a run starts on a planned or completed plan only', () => {
    expect(Object.fromEntries(AUDIT_PLAN_STATUSES.map((s) => [s, canStartRun(s).ok]))).toEqual({ planned: true, in_progress: false, completed: true, cancelled: false });
  });
  it('a plan can be cancelled unless a run is open, and only a cancelled plan reopened', () => {
    expect(AUDIT_PLAN_STATUSES.map((s) => canChangePlanStatus(s, 'cancelled').ok)).toEqual([true, false, true, true]);
    expect(AUDIT_PLAN_STATUSES.map((s) => canChangePlanStatus(s, 'planned').ok)).toEqual([true, false, false, true]);
  });
});

describe('scope and dates', () => {
  it('needs at least one scope', () => {
    expect(hasAuditScope({})).toBe(false);
    expect(hasAuditScope({ scopeLocationId: null, scopeOrgUnitId: null, scopeAssetTypeId: null })).toBe(false);
    expect(hasAuditScope({ scopeAssetTypeId: 'T' })).toBe(true);
  });
  it('excluded stage kinds are stage kinds', () => {
    for (const k of AUDIT_EXCLUDED_STAGE_KINDS) expect(STAGE_KINDS).toContain(k);
    expect(AUDIT_EXCLUDED_STAGE_KINDS).toEqual(expect.arrayContaining(['lost', 'disposed']));
    expect(AUDIT_EXCLUDED_STAGE_KINDS).not.toContain('missing');
  });
  it.each([['2026-12-01', 14, '2026-12-15'], ['2026-12-25', 14, '2027-01-08'], ['2028-02-28', 1, '2028-02-29'], ['2026-03-01', -1, '2026-02-28']])('%s + %i → %s', (d, n, r) => {
    expect(addDays(d, n)).toBe(r);
  });
});

describe('isHeldAsGone', () => {
  it.each(STAGE_KINDS.map((k) => [k, k === 'missing' || k === 'lost']))('a stage of kind %s is held as gone: %s', (kind, gone) => {
    expect(isHeldAsGone(kind)).toBe(gone);
  });
  it('an unknown stage is not', () => expect(isHeldAsGone(undefined)).toBe(false));
});
