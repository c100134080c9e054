import type { LifecycleModelDefinition } from '../model.js';
import { assignee, choice, expectedReturn, happenedOn, note, optionalText, requiredText } from '../evidence-fields.js';

/** Software licences and entitlements: proof of purchase on acquisition, harvest on decommission, termination on disposal. */
export const softwareLicenceModel: LifecycleModelDefinition = {
  key: 'software_licence',
  name: 'Software licence',
  description: 'Licence entitlements from planning through allocation, harvest and termination.',
  initialStages: ['planning', 'on_order', 'available'],
  stages: [
    { key: 'planning', name: 'Planning', kind: 'planned' },
    { key: 'on_order', name: 'On order', kind: 'ordered' },
    { key: 'available', name: 'Available', kind: 'available' },
    { key: 'allocated', name: 'Allocated', kind: 'in_use' },
    { key: 'harvested', name: 'Harvested / retired', kind: 'retired' },
    { key: 'legal_hold', name: 'Legal hold', kind: 'hold' },
    { key: 'terminated', name: 'Terminated', kind: 'disposed' },
  ],
  transitions: [
    { key: 'order', name: 'Order', from: ['planning'], to: 'on_order', guards: [], effects: [], fields: [optionalText('order_reference', 'Purchase order reference')] },
    { key: 'receive_entitlement', name: 'Record entitlement', from: ['planning', 'on_order'], to: 'available', guards: [], effects: [],
      fields: [happenedOn('acquired_on', 'Acquisition date'), requiredText('proof_of_purchase', 'Proof of purchase / entitlement reference'), optionalText('sku', 'SKU')] },
    { key: 'allocate', name: 'Allocate', from: ['available'], to: 'allocated', guards: ['not_assigned'], effects: ['start_assignment'], fields: [assignee, expectedReturn, note] },
    { key: 'reallocate', name: 'Reallocate', from: ['allocated'], to: 'allocated', guards: ['is_assigned'], effects: ['start_assignment'], fields: [assignee, expectedReturn, note] },
    { key: 'release', name: 'Release to pool', from: ['allocated'], to: 'available', guards: [], effects: ['end_assignment'], fields: [happenedOn('released_on', 'Release date'), note] },
    { key: 'harvest', name: 'Harvest / retire', from: ['available', 'allocated'], to: 'harvested', guards: [], effects: ['end_assignment'],
      fields: [happenedOn('retired_on', 'Retirement date'), choice('decommission_decision', 'Decision', ['return_to_pool', 'terminate', 'transfer']),
        { ...optionalText('transfer_to', 'Transferred to (when the decision is transfer)'), requiredWhen: { field: 'decommission_decision', oneOf: ['transfer'] } }, note] },
    { key: 'reuse', name: 'Return to pool', from: ['harvested'], to: 'available', guards: [], effects: [], fields: [note] },
    { key: 'place_on_legal_hold', name: 'Place on legal hold', from: ['available', 'harvested'], to: 'legal_hold', guards: ['not_assigned'], effects: [],
      fields: [requiredText('hold_reference', 'Legal hold reference'), note] },
    { key: 'release_legal_hold', name: 'Release legal hold', from: ['legal_hold'], to: 'harvested', guards: [], effects: [], fields: [requiredText('release_authority', 'Released by (authority)')] },
    { key: 'terminate', name: 'Terminate', from: ['harvested'], to: 'terminated', guards: ['not_assigned'], effects: [],
      fields: [happenedOn('terminated_on', 'Termination date'), choice('termination_reason', 'Reason', ['expired', 'not_renewed', 'transferred', 'consolidated']),
        optionalText('proof_reference', 'Termination / transfer confirmation'), note] },
  ],
};
