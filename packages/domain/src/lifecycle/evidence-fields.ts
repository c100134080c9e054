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

/** Decommission: the decision on the asset's future and confirmation that its data was handled per policy. */
export const decommissionEvidence: FieldDefinition[] = [
  happenedOn('decommissioned_on', 'Decommission date'),
  choice('decommission_decision', 'Decision', DECOMMISSION_DECISIONS),
  choice('data_handling', 'Data handling (per information security policy)', DATA_HANDLING),
  optionalText('transfer_to', 'Transferred to (when the decision is transfer)'),
  note,
];
decommissionEvidence[3] = { ...decommissionEvidence[3]!, requiredWhen: { field: 'decommission_decision', oneOf: ['transfer'] } };
