import { describe, expect, it } from 'vitest';
import { EVENT_ACTIONS, EVENT_SOURCES } from '../history/event.js';
import { REGISTER_CORRECTION_ACTIONS, REGISTER_CORRECTION_SOURCES, notCorrectedMessage } from './register-corrections.js';

// Every history action and source, written out with whether it counts: a change to the lists must change this test.
const ACTIONS: Record<(typeof EVENT_ACTIONS)[number], boolean> = {
  create: false, update: true, transition: true, assign: true, unassign: true, imac: true, import: true, delete: false, migrate_model: true,
  grant: false, revoke: false, acknowledge: false, discover: false, link: false, resolve: false, audit: false, attach: false, detach: false, update_attachment: false,
  cover: false, uncover: false,
};
const SOURCES: Record<(typeof EVENT_SOURCES)[number], boolean> = { api: true, cli: true, import: true, job: false, agent: false, web: true, system: false };

describe('what counts as a correction of an asset\'s record by a person', () => {
  it.each(EVENT_ACTIONS.map((a) => [a, ACTIONS[a]] as const))('action %s → %s', (action, counts) => {
    expect((REGISTER_CORRECTION_ACTIONS as readonly string[]).includes(action)).toBe(counts);
  });

  it.each(EVENT_SOURCES.map((s) => [s, SOURCES[s]] as const))('source %s → %s', (source, counts) => {
    expect((REGISTER_CORRECTION_SOURCES as readonly string[]).includes(source)).toBe(counts);
  });

  it('lists each once, in the order of the history\'s own lists', () => {
    expect([...REGISTER_CORRECTION_ACTIONS]).toEqual(EVENT_ACTIONS.filter((a) => ACTIONS[a]));
    expect([...REGISTER_CORRECTION_SOURCES]).toEqual(EVENT_SOURCES.filter((s) => SOURCES[s]));
  });

  it('the refusal names the asset and the way forward', () => {
    expect(notCorrectedMessage('LAP-000123')).toBe('Nothing was changed on LAP-000123 since this was raised: correct the register first, or choose another resolution');
  });
});
