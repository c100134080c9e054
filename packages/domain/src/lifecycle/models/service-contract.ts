import type { LifecycleModelDefinition } from '../model.js';
import { assignee, choice, happenedOn, note, optionalText, requiredText } from '../evidence-fields.js';

/** Why a contract stopped: it ran out, was not renewed, was ended before its term, or another replaced it. */
export const CONTRACT_END_REASONS = ['expired', 'not_renewed', 'terminated_early', 'replaced'];

/**
 * Support, maintenance and warranty contracts (ITAM guide Table 2.2, Acquire: "maintenance, warranty and support
 * contracts"): planned, active (it covers assets: `core/coverage`), renewed, expired or terminated, kept under a legal
 * hold when disputed, then closed. A renewal records the agreement; the new term is the contract's `ends_on`, edited
 * on the contract, since a transition's evidence never rewrites attributes.
 */
export const serviceContractModel: LifecycleModelDefinition = {
  key: 'service_contract',
  name: 'Service contract',
  description: 'Support, maintenance and warranty contracts, from negotiation through renewals to expiry or termination.',
  initialStages: ['planning', 'active'],
  stages: [
    { key: 'planning', name: 'Planning', kind: 'planned' },
    { key: 'active', name: 'Active', kind: 'in_use' },
    { key: 'ended', name: 'Expired / terminated', kind: 'retired' },
    { key: 'legal_hold', name: 'Legal hold', kind: 'hold' },
    { key: 'closed', name: 'Closed', kind: 'disposed' },
  ],
  transitions: [
    { key: 'sign', name: 'Sign', from: ['planning'], to: 'active', guards: [], effects: [],
      fields: [happenedOn('signed_on', 'Signature date'), optionalText('order_reference', 'Purchase order reference'), note] },
    { key: 'assign_owner', name: 'Assign contract owner', from: ['active'], to: 'active', guards: [], effects: ['start_assignment'], fields: [assignee, note] },
    { key: 'renew', name: 'Renew', from: ['active', 'ended'], to: 'active', guards: [], effects: [],
      description: 'Record the renewal, then set the contract\'s new end date (ends_on) on the contract.',
      fields: [happenedOn('renewed_on', 'Renewal date'), requiredText('renewal_reference', 'Renewal agreement / order reference'), note] },
    { key: 'end', name: 'End (expired / terminated)', from: ['active'], to: 'ended', guards: [], effects: ['end_assignment'],
      fields: [happenedOn('ended_on', 'End date'), choice('end_reason', 'Reason', CONTRACT_END_REASONS), optionalText('notice_reference', 'Notice of termination / confirmation'), note] },
    { key: 'place_on_legal_hold', name: 'Place on legal hold', from: ['ended'], to: 'legal_hold', guards: ['not_assigned'], effects: [],
      fields: [requiredText('hold_reference', 'Legal hold reference'), note] },
    { key: 'release_legal_hold', name: 'Release legal hold', from: ['legal_hold'], to: 'ended', guards: [], effects: [], fields: [requiredText('release_authority', 'Released by (authority)')] },
    { key: 'close', name: 'Close', from: ['ended'], to: 'closed', guards: ['not_assigned'], effects: [],
      fields: [happenedOn('closed_on', 'Closing date'), note] },
  ],
};
