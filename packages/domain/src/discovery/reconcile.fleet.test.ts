import { describe, expect, it } from 'vitest';
import { buildRegisterIndex, reconcile } from './reconcile.js';
import { DEFAULT_FLEET_FAULTS, FLEET_FAULTS, scoreDecisions, syntheticFleet } from './synthetic-fleet.js';

// The default rules on a 5,000-device fleet carrying every fault kind: automatic decisions must be right (precision),
// and most devices must not need a person (recall). Links on cloned VMs and swapped mainboards are never acceptable.

describe('default rules on a synthetic fleet', () => {
  const fleet = syntheticFleet({ size: 5000, seed: 20260521, faults: DEFAULT_FLEET_FAULTS });
  const index = buildRegisterIndex(fleet.register);
  const decisions = fleet.feed.map((item) => reconcile(item.identity, index));
  const score = scoreDecisions(fleet.feed, decisions);

  it('carries every fault kind', () => {
    for (const fault of FLEET_FAULTS) expect(score.byFault[fault].items, fault).toBeGreaterThan(0);
  });

  it('is precise and needs a person for few devices', () => {
    const rows = Object.entries(score.byFault).map(([fault, t]) => `  ${fault.padEnd(17)} items ${String(t.items).padStart(4)}  links ${String(t.correctLinks).padStart(4)}/${String(t.wrongLinks).padStart(2)} wrong  creates ${String(t.correctCreates).padStart(3)}/${String(t.wrongCreates).padStart(2)} wrong  reviews ${String(t.reviews).padStart(3)}  rejects ${t.rejects}`);
    console.log(`reconciliation on ${score.items} devices: precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}\n${rows.join('\n')}`);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('never links a cloned VM or a device with a swapped mainboard', () => {
    expect(score.byFault.clonedVm.links).toBe(0);
    expect(score.byFault.swappedMainboard.links).toBe(0);
    expect(score.byFault.swappedMainboard.creates).toBe(0);
  });

  it('never links a clean re-inventory wrongly, and creates only for new devices', () => {
    expect(score.byFault.none.wrongLinks).toBe(0);
    expect(score.wrongCreates).toBe(0);
  });
});

describe('register index at scale', () => {
  // The time is printed, not asserted: speed lives in the discovery benchmark (a quadratic index would still run past
  // the test's timeout).
  it('indexes 100,000 assets and decides against them', () => {
    const { register, feed } = syntheticFleet({ size: 100_000, seed: 7 });
    // Strings as a database driver returns them (flat), not as the generator concatenated them.
    const rows = JSON.parse(JSON.stringify(register)) as typeof register;
    const started = performance.now();
    const index = buildRegisterIndex(rows);
    console.log(`register index of ${rows.length} assets: ${(performance.now() - started).toFixed(0)} ms`);
    expect(index.records).toHaveLength(100_000);
    const sample = feed.slice(0, 2000);
    const score = scoreDecisions(sample, sample.map((item) => reconcile(item.identity, index)));
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
  });
});
