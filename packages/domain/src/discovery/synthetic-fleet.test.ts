import { describe, expect, it } from 'vitest';
import type { DeviceIdentity } from './identity.js';
import type { ReconcileDecision } from './reconcile.js';
import { DEFAULT_FLEET_FAULTS, FLEET_FAULTS, type FleetItem, scoreDecisions, seededRandom, syntheticFleet } from './synthetic-fleet.js';

describe('seededRandom', () => {
  it('is deterministic per seed, differs between seeds, and stays in [0, 1)', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const c = seededRandom(2);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('syntheticFleet', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = syntheticFleet({ size: 300, seed: 5 });
    expect(syntheticFleet({ size: 300, seed: 5 })).toEqual(a);
    expect(syntheticFleet({ size: 300, seed: 6 })).not.toEqual(a);
  });

  it('injects each fault in its share, exactly', () => {
    const { register, feed } = syntheticFleet({ size: 1000, seed: 9, faults: DEFAULT_FLEET_FAULTS });
    expect(register).toHaveLength(1000);
    expect(feed).toHaveLength(1000);
    for (const f of FLEET_FAULTS) expect(feed.filter((i) => i.fault === f).length, f).toBe(Math.round(1000 * DEFAULT_FLEET_FAULTS[f]));
    expect(feed.filter((i) => i.fault === null).length).toBe(1000 - FLEET_FAULTS.reduce((s, f) => s + Math.round(1000 * DEFAULT_FLEET_FAULTS[f]), 0));
  });

  it('gives asset ids as truth for registered devices, null for new ones and clones', () => {
    const { register, feed } = syntheticFleet({ size: 500, seed: 3 });
    const ids = new Set(register.map((r) => r.id));
    expect(ids.size).toBe(500);
    for (const item of feed) {
      if (item.fault === 'newDevice' || item.fault === 'clonedVm') expect(item.truth).toBeNull();
      else expect(ids.has(item.truth!)).toBe(true);
    }
  });

  it('builds the faults it names', () => {
    const { register, feed } = syntheticFleet({ size: 2000, seed: 11 });
    const byId = new Map(register.map((r) => [r.id, r]));
    for (const item of feed.filter((i) => i.fault === 'swappedMainboard')) {
      const r = byId.get(item.truth!)!;
      expect(item.identity.serialKey).not.toBe(r.serialKey);
      expect(item.identity.hostnameKey).toBe(r.hostnameKey);
    }
    const clones = feed.filter((i) => i.fault === 'clonedVm');
    expect(clones.length).toBeGreaterThan(0);
    for (const item of clones) expect(register.some((r) => r.uuid === item.identity.uuid)).toBe(true);
    for (const item of feed.filter((i) => i.fault === 'missingSerial')) expect(item.identity.serialKey).toBeNull();
    // Listed placeholders are dropped by identityOf: the feed shows them as ignored serials.
    expect(feed.some((i) => i.fault === 'junkSerial' && i.identity.ignored.some((g) => g.field === 'serial'))).toBe(true);
  });

  it('rejects shares that do not add up', () => {
    expect(() => syntheticFleet({ size: 10, seed: 1, faults: { newDevice: 0.8, clonedVm: 0.3 } })).toThrow(RangeError);
    expect(() => syntheticFleet({ size: 10, seed: 1, faults: { newDevice: -0.1 } })).toThrow(RangeError);
    expect(syntheticFleet({ size: 10, seed: 1, faults: {} }).feed.every((i) => i.fault === null)).toBe(true);
  });
});

describe('scoreDecisions', () => {
  const identity = {} as DeviceIdentity;
  const item = (truth: string | null, fault: FleetItem['fault'] = null): FleetItem => ({ identity, truth, fault });
  const d = (action: ReconcileDecision['action'], assetId: string | null = null): ReconcileDecision => ({ action, assetId, candidates: [], ruleKey: null, reason: '', conflict: null });

  it('counts right and wrong links and creates, and derives precision and recall', () => {
    const feed = [item('a'), item('b'), item(null, 'newDevice'), item('c', 'newDevice'), item('d', 'swappedMainboard'), item(null, 'clonedVm'), item('e')];
    const decisions = [d('link', 'a'), d('link', 'x'), d('create'), d('create'), d('review'), d('link', 'z'), d('reject')];
    const s = scoreDecisions(feed, decisions);
    expect(s).toMatchObject({ items: 7, links: 3, correctLinks: 1, wrongLinks: 2, creates: 2, correctCreates: 1, wrongCreates: 1, reviews: 1, rejects: 1 });
    expect(s.precision).toBeCloseTo(2 / 5);
    expect(s.recall).toBeCloseTo(2 / 7);
    expect(s.byFault.clonedVm).toMatchObject({ items: 1, links: 1, wrongLinks: 1 });
    expect(s.byFault.swappedMainboard).toMatchObject({ items: 1, reviews: 1, links: 0 });
    expect(s.byFault.none).toMatchObject({ items: 3, correctLinks: 1, wrongLinks: 1, rejects: 1 });
  });

  it('is perfect with nothing automatic to judge, and refuses mismatched lists', () => {
    expect(scoreDecisions([], [])).toMatchObject({ precision: 1, recall: 1 });
    expect(() => scoreDecisions([item('a')], [])).toThrow(RangeError);
  });
});
