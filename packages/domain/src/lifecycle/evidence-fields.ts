import type { FieldDefinition } from '../attributes/field-types.js';

/** Evidence fields shared by the default models, so each is worded and validated once. */
export const assignee: FieldDefinition = { key: 'assigned_person_id', label: 'Assigned to (person)', type: 'person_ref', required: true };
export const expectedReturn: FieldDefinition = { key: 'expected_return_date', label: 'Expected return date', type: 'date' };
export const location: FieldDefinition = { key: 'location_id', label: 'Location', type: 'location_ref' };
export const note: FieldDefinition = { key: 'note', label: 'Note', type: 'long_text' };
export const happenedOn = (key: string, label: string): FieldDefinition => ({ key, label, type: 'date', required: true, notInFuture: true });
export const requiredText = (key: string, label: string): FieldDefinition => ({ key, label, type: 'text', required: true });
export const optionalText = (key: string, label: string): FieldDefinition => ({ key, label, type: 'text' });
export const choice = (key: string, label: string, options: string[]): FieldDefinition => ({ key, label, type: 'enum', required: true, options });

export const DISPOSAL_REASONS = ['obsolete', 'out_of_order', 'damaged', 'stolen'];
export const DISPOSAL_METHODS = ['return_to_lessor', 'resale', 'destruction', 'donation'];
export const DECOMMISSION_DECISIONS = ['return_to_stock', 'dispose', 'transfer'];
export const DATA_HANDLING = ['wiped_per_policy', 'storage_destroyed', 'no_data_held'];

/** Disposal of a physical asset: date, reason, decision and a reference to the proof (certificate, receipt, return slip). */
export const disposalEvidence: FieldDefinition[] = [
  happenedOn('disposed_on', 'Disposal date'),
  choice('disposal_reason', 'Reason', DISPOSAL_REASONS),
  choice('disposal_method', 'Decision', DISPOSAL_METHODS),
  requiredText('proof_reference', 'Proof of disposal (certificate of destruction, sale or return receipt)'),
  note,
];

/** Data handling statements that claim data was removed: the guide's "proof of handling according to policies" must back them. */
export const DATA_REMOVED = ['wiped_per_policy', 'storage_destroyed'];

/**
 * Decommission (ITAM guide Table 2.2): date, the decision on the asset's future, how its data was handled per policy
 * and, when data was removed, a reference to the proof (wipe report, certificate of destruction, ticket).
 */
export const decommissionEvidence: FieldDefinition[] = [
  happenedOn('decommissioned_on', 'Decommission date'),
  choice('decommission_decision', 'Decision', DECOMMISSION_DECISIONS),
  choice('data_handling', 'Data handling (per information security policy)', DATA_HANDLING),
  { ...optionalText('handling_proof_reference', 'Proof of data handling (wipe report, destruction certificate, ticket)'), requiredWhen: { field: 'data_handling', oneOf: DATA_REMOVED } },
  { ...optionalText('transfer_to', 'Transferred to (when the decision is transfer)'), requiredWhen: { field: 'decommission_decision', oneOf: ['transfer'] } },
  note,
];
