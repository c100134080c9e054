import { describe, expect, it } from 'vitest';
import {
  DISCREPANCY_KINDS, DISCREPANCY_KIND_KEYS, type DiscrepancyKind, RESOLUTIONS, RESOLUTIONS_BY_KIND, RESOLUTION_KEYS, type Resolution,
  isResolutionAllowed, notSeenSince, resolutionsFor, resolutionsForDiscrepancy,
} from './staleness.js';

describe('notSeenSince', () => {
  const now = new Date('2026-05-31T12:00:00.000Z');
  it.each([
    ['never seen', null, 30, true],
    ['an unreadable time', 'last tuesday', 30, true],
    ['seen today', '2026-05-31T08:00:00Z', 30, false],
    ['seen 29 days 23 hours ago', '2026-05-01T13:00:00Z', 30, false],
    ['seen exactly 30 days ago', '2026-05-01T12:00:00Z', 30, true],
    ['seen 31 days ago', '2026-04-30T12:00:00Z', 30, true],
    ['seen in the future (clock fault)', '2026-06-05T00:00:00Z', 30, false],
    ['seen 1 day ago, period 1', '2026-05-30T12:00:00Z', 1, true],
  ] as const)('%s → %s', (_name, lastSeenAt, days, expected) => {
    expect(notSeenSince(lastSeenAt, now, days)).toBe(expected);
  });
});

// The resolution table, written out in full: a change to the data must change this test.
const EXPECTED: Record<DiscrepancyKind, Resolution[]> = {
  unregistered: ['link_asset', 'register_asset', 'ignore_until', 'dismiss'],
  not_seen: ['mark_missing', 'ignore_until', 'dismiss'],
  attribute_mismatch: ['accept_discovered', 'corrected', 'keep_register', 'ignore_until'],
  unauthorised_software: ['ignore_until', 'dismiss'],
  duplicate_candidate: ['link_asset', 'register_asset', 'ignore_until'],
  audit_missing: ['mark_missing', 'corrected', 'ignore_until', 'dismiss'],
  audit_unexpected: ['register_asset', 'accept_discovered', 'dismiss'],
  audit_wrong_location: ['accept_discovered', 'corrected', 'keep_register', 'ignore_until'],
  reported_again: ['corrected', 'keep_register', 'ignore_until', 'dismiss'],
  reported_by_holder: ['mark_missing', 'corrected', 'keep_register', 'ignore_until', 'dismiss'],
  location_mismatch: ['accept_discovered', 'corrected', 'keep_register', 'ignore_until'],
};

describe('discrepancy kinds and resolutions', () => {
  it('list every kind and resolution once, in the order of the API enums', () => {
    expect(DISCREPANCY_KINDS.map((k) => k.key)).toEqual([...DISCREPANCY_KIND_KEYS]);
    expect(DISCREPANCY_KIND_KEYS).toEqual(['unregistered', 'not_seen', 'attribute_mismatch', 'unauthorised_software', 'duplicate_candidate', 'audit_missing', 'audit_unexpected', 'audit_wrong_location', 'reported_again', 'reported_by_holder', 'location_mismatch']);
    expect(RESOLUTIONS.map((r) => r.key)).toEqual([...RESOLUTION_KEYS]);
    expect(RESOLUTION_KEYS).toEqual(['link_asset', 'register_asset', 'accept_discovered', 'corrected', 'keep_register', 'mark_missing', 'ignore_until', 'dismiss']);
  });

  it.each(DISCREPANCY_KINDS.map((k) => [k.key, k]))('%s has a title and a description for people', (_key, kind) => {
    expect(kind.title.length).toBeGreaterThan(3);
    expect(kind.description).toMatch(/\.$/);
  });

  it.each(RESOLUTIONS.map((r) => [r.key, r]))('%s has a title', (_key, r) => {
    expect(r.title.length).toBeGreaterThan(3);
  });

  const cells = DISCREPANCY_KIND_KEYS.flatMap((kind) => RESOLUTION_KEYS.map((resolution) => [kind, resolution, EXPECTED[kind].includes(resolution)] as const));
  it.each(cells)('%s × %s → allowed %s', (kind, resolution, allowed) => {
    expect(isResolutionAllowed(kind, resolution)).toBe(allowed);
    expect(RESOLUTIONS_BY_KIND[kind].includes(resolution)).toBe(allowed);
  });

  it.each(DISCREPANCY_KIND_KEYS.map((k) => [k]))('%s offers its resolutions in order, each once', (kind) => {
    expect(resolutionsFor(kind)).toEqual(EXPECTED[kind]);
    expect(new Set(resolutionsFor(kind)).size).toBe(resolutionsFor(kind).length);
  });

  it('every resolution is offered by some kind', () => {
    const used = new Set(DISCREPANCY_KINDS.flatMap((k) => k.resolutions));
    expect(RESOLUTION_KEYS.filter((r) => !used.has(r))).toEqual([]);
  });

  it('requirements: linking names an asset, ignoring a date, and choices that change nothing (by themselves) say why', () => {
    const req = Object.fromEntries(RESOLUTIONS.map((r) => [r.key, [...r.requires].sort()]));
    expect(req).toEqual({
      link_asset: ['asset'], register_asset: [], accept_discovered: [], corrected: ['note'], keep_register: ['note'], mark_missing: [],
      ignore_until: ['date', 'note'], dismiss: ['note'],
    });
  });

  it('"corrected in the register" is offered for the kinds a person fixes by hand, never for a duplicate candidate', () => {
    expect(DISCREPANCY_KIND_KEYS.filter((k) => isResolutionAllowed(k, 'corrected')))
      .toEqual(['attribute_mismatch', 'audit_missing', 'audit_wrong_location', 'reported_again', 'reported_by_holder', 'location_mismatch']);
    expect(RESOLUTIONS.find((r) => r.key === 'corrected')?.title).toBe('Corrected in the register');
  });

  it('an unknown kind allows nothing', () => {
    expect(resolutionsFor('nope' as DiscrepancyKind)).toEqual([]);
  });
});

describe('resolutions offered for one discrepancy', () => {
  const d = (kind: DiscrepancyKind, has: { asset?: boolean; device?: boolean; field?: boolean }) =>
    resolutionsForDiscrepancy({ kind, assetId: has.asset ? 'a' : null, deviceId: has.device ? 'd' : null, field: has.field ? 'locationId' : null });

  it('an audit finding about an unknown tag can be registered or dismissed, never linked or accepted', () => {
    expect(d('audit_unexpected', {})).toEqual(['register_asset', 'dismiss']);
  });

  it('an unexpected registered asset found at a location can take that location, not be registered again', () => {
    expect(d('audit_unexpected', { asset: true, field: true })).toEqual(['accept_discovered', 'dismiss']);
    expect(d('audit_unexpected', { asset: true })).toEqual(['dismiss']);
  });

  it('a device discrepancy keeps its full list; without a device, nothing to link or register', () => {
    expect(d('unregistered', { device: true })).toEqual(EXPECTED.unregistered);
    expect(d('duplicate_candidate', { asset: true, device: true })).toEqual(EXPECTED.duplicate_candidate);
    expect(d('unregistered', {})).toEqual(['ignore_until', 'dismiss']);
  });

  it('marking missing, and a correction by hand, need an asset', () => {
    expect(d('not_seen', { asset: true })).toEqual(EXPECTED.not_seen);
    expect(d('audit_missing', { asset: true })).toEqual(EXPECTED.audit_missing);
    expect(d('audit_missing', {})).toEqual(['ignore_until', 'dismiss']);
    expect(d('reported_again', {})).toEqual(['keep_register', 'ignore_until', 'dismiss']);
  });

  it('a holder\'s report is about an asset: every resolution of its kind is offered, the lifecycle transition first', () => {
    expect(d('reported_by_holder', { asset: true })).toEqual(['mark_missing', 'corrected', 'keep_register', 'ignore_until', 'dismiss']);
  });

  it('"corrected in the register" is offered wherever its kind allows it and there is an asset', () => {
    for (const kind of DISCREPANCY_KIND_KEYS.filter((k) => EXPECTED[k].includes('corrected'))) {
      expect(d(kind, { asset: true })).toContain('corrected');
      expect(d(kind, { asset: true, field: true })).toContain('corrected');
    }
  });
});
