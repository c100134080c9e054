import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from './concurrency-gate.js';

describe('ConcurrencyGate', () => {
  it('admits up to the limit per key, independently for each key', () => {
    const gate = new ConcurrencyGate(2);
    const a1 = gate.enter('a');
    const a2 = gate.enter('a');
    expect(a1 && a2).toBeTruthy();
    expect(gate.enter('a')).toBeNull();
    expect(gate.enter('b')).not.toBeNull();
    expect(gate.count('a')).toBe(2);
  });

  it('frees one slot per admission, however often its release is called', () => {
    const gate = new ConcurrencyGate(2);
    const first = gate.enter()!;
    gate.enter();
    first();
    first();
    first();
    expect(gate.count()).toBe(1);
    expect(gate.enter()).not.toBeNull();
    expect(gate.enter()).toBeNull();
  });

  it('a limit of zero admits nothing', () => {
    expect(new ConcurrencyGate(0).enter('x')).toBeNull();
  });
});
