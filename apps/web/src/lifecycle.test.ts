import { describe, expect, it } from 'vitest';
import * as domain from '@custodia/domain';
import { ASSET_CATEGORIES, EFFECTS, FIELD_TYPES, GUARDS, REFERENCE_TYPES, STAGE_KINDS, formatTag } from './lifecycle';

/**
 * The web app keeps its own copies of the domain's vocabularies that carry labels for people (guards and effects it
 * imports from the domain). These checks fail as soon as a copy drifts apart.
 */
describe('the web app vocabularies match the domain', () => {
  const keys = (o: object) => Object.keys(o).sort();
  it('stage kinds, guards, effects, field types and reference types', () => {
    expect(keys(STAGE_KINDS)).toEqual([...domain.STAGE_KINDS].sort());
    expect(keys(GUARDS)).toEqual(keys(domain.GUARDS));
    expect(keys(EFFECTS)).toEqual(keys(domain.EFFECTS));
    expect(keys(FIELD_TYPES)).toEqual([...domain.FIELD_TYPES].sort());
    expect([...REFERENCE_TYPES].sort()).toEqual([...domain.REFERENCE_FIELD_TYPES].sort());
  });
  it('asset categories', () => {
    expect(keys(ASSET_CATEGORIES)).toEqual([...domain.ASSET_CATEGORIES].sort());
  });
  it('tag previews are formatted as the server formats tags', () => {
    for (const [pattern, n] of [['LAP-{seq:6}', 123], ['SAAS-{seq:5}', 7], ['X{seq}', 42]] as const) expect(formatTag(pattern, n)).toBe(domain.formatTag(pattern, n));
  });
});
