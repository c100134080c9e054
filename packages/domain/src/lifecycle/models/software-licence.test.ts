import { describe, expect, it } from 'vitest';
import { softwareLicenceModel as model } from './software-licence.js';
import { evaluateTransition } from '../evaluate-transition.js';
import type { Verdict } from '../../verdict.js';

// Harvesting a licence (ITAM guide Table 2.2, "Decommission IT asset"): the decision, and where a transferred licence went.

const TODAY = '2025-06-15';
const fieldsOf = (v: Verdict<unknown>) => (v.ok ? [] : v.violations.map((x) => `${x.field}:${x.code}`));
const harvest = (evidence: Record<string, unknown>) =>
  evaluateTransition(model, { stage: 'available', assignedPersonId: null, locationId: null }, 'harvest', evidence, TODAY);

describe('software licence: harvest', () => {
  it.each(['return_to_pool', 'terminate'])('needs no recipient when the decision is %s', (decision) => {
    expect(harvest({ retired_on: '2025-06-01', decommission_decision: decision }).ok).toBe(true);
  });

  it('requires whom the licence goes to when the decision is transfer', () => {
    expect(fieldsOf(harvest({ retired_on: '2025-06-01', decommission_decision: 'transfer' }))).toEqual(['evidence.transfer_to:ATTRIBUTE_REQUIRED']);
    expect(harvest({ retired_on: '2025-06-01', decommission_decision: 'transfer', transfer_to: 'Subsidiary B' }).ok).toBe(true);
  });
});
