import type { LifecycleModelDefinition } from '../model.js';
import { assignee, choice, happenedOn, note, optionalText, requiredText } from '../evidence-fields.js';

/** SaaS subscriptions: trial, active, renewal, cancellation with data export, end. */
export const saasSubscriptionModel: LifecycleModelDefinition = {
  key: 'saas_subscription',
  name: 'SaaS subscription',
  description: 'Subscriptions to online services, from evaluation to termination.',
  initialStages: ['planning', 'trial', 'active'],
  stages: [
    { key: 'planning', name: 'Planning', kind: 'planned' },
    { key: 'trial', name: 'Trial', kind: 'ordered' },
    { key: 'active', name: 'Active', kind: 'in_use' },
    { key: 'suspended', name: 'Suspended', kind: 'available' },
    { key: 'cancelled', name: 'Cancelled', kind: 'retired' },
    { key: 'legal_hold', name: 'Legal hold', kind: 'hold' },
    { key: 'ended', name: 'Ended', kind: 'disposed' },
  ],
  transitions: [
    { key: 'start_trial', name: 'Start trial', from: ['planning'], to: 'trial', guards: [], effects: [], fields: [{ key: 'trial_ends_on', label: 'Trial ends on', type: 'date' }] },
    { key: 'subscribe', name: 'Subscribe', from: ['planning', 'trial', 'suspended'], to: 'active', guards: [], effects: [],
      fields: [happenedOn('subscribed_on', 'Subscription date'), requiredText('contract_reference', 'Contract / order reference')] },
    { key: 'assign_owner', name: 'Assign service owner', from: ['trial', 'active'], to: 'active', guards: [], effects: ['start_assignment'], fields: [assignee, note] },
    { key: 'suspend', name: 'Suspend', from: ['active'], to: 'suspended', guards: [], effects: [], fields: [requiredText('reason', 'Reason')] },
    { key: 'cancel', name: 'Cancel', from: ['trial', 'active', 'suspended'], to: 'cancelled', guards: [], effects: ['end_assignment'],
      fields: [happenedOn('cancelled_on', 'Cancellation date'), choice('data_handling', 'Data handling', ['exported_and_deleted', 'deleted', 'retained_by_provider', 'no_data_held']), note] },
    { key: 'place_on_legal_hold', name: 'Place on legal hold', from: ['cancelled'], to: 'legal_hold', guards: [], effects: [], fields: [requiredText('hold_reference', 'Legal hold reference')] },
    { key: 'release_legal_hold', name: 'Release legal hold', from: ['legal_hold'], to: 'cancelled', guards: [], effects: [], fields: [requiredText('release_authority', 'Released by (authority)')] },
    { key: 'end', name: 'End subscription', from: ['cancelled'], to: 'ended', guards: ['not_assigned'], effects: [],
      fields: [happenedOn('ended_on', 'End date'), optionalText('proof_reference', 'Termination confirmation'), note] },
  ],
};
