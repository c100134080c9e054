import type { LifecycleModelDefinition } from '../model.js';
import { assignee, choice, happenedOn, note, optionalText, requiredText } from '../evidence-fields.js';

/** Cloud resources (instances, volumes, databases): provisioned, running or stopped, snapshotted under hold, deleted. */
export const cloudResourceModel: LifecycleModelDefinition = {
  key: 'cloud_resource',
  name: 'Cloud resource',
  description: 'Provider-hosted resources whose cost runs while they exist.',
  initialStages: ['planning', 'provisioning', 'running'],
  stages: [
    { key: 'planning', name: 'Planning', kind: 'planned' },
    { key: 'provisioning', name: 'Provisioning', kind: 'ordered' },
    { key: 'stopped', name: 'Stopped', kind: 'available' },
    { key: 'running', name: 'Running', kind: 'in_use' },
    { key: 'decommissioned', name: 'Decommissioned', kind: 'retired' },
    { key: 'legal_hold', name: 'Legal hold (retained snapshot)', kind: 'hold' },
    { key: 'deleted', name: 'Deleted', kind: 'disposed' },
  ],
  transitions: [
    { key: 'provision', name: 'Provision', from: ['planning'], to: 'provisioning', guards: [], effects: [], fields: [optionalText('change_reference', 'Change reference')] },
    { key: 'start', name: 'Start', from: ['provisioning', 'stopped'], to: 'running', guards: [], effects: [], fields: [note] },
    { key: 'stop', name: 'Stop', from: ['running'], to: 'stopped', guards: [], effects: [], fields: [note] },
    { key: 'assign_owner', name: 'Assign responsible person', from: ['provisioning', 'running', 'stopped'], to: 'running', guards: [], effects: ['start_assignment'], fields: [assignee, note] },
    { key: 'decommission', name: 'Decommission', from: ['running', 'stopped'], to: 'decommissioned', guards: [], effects: ['end_assignment'],
      fields: [happenedOn('decommissioned_on', 'Decommission date'), choice('data_handling', 'Data handling', ['deleted_per_policy', 'snapshot_retained', 'no_data_held']), note] },
    { key: 'place_on_legal_hold', name: 'Place on legal hold', from: ['decommissioned', 'stopped'], to: 'legal_hold', guards: [], effects: [],
      fields: [requiredText('hold_reference', 'Legal hold reference'), note] },
    // Releasing ends any assignment kept from a stopped resource: decommissioned is never assigned, or it could never be deleted.
    { key: 'release_legal_hold', name: 'Release legal hold', from: ['legal_hold'], to: 'decommissioned', guards: [], effects: ['end_assignment'], fields: [requiredText('release_authority', 'Released by (authority)')] },
    { key: 'delete', name: 'Delete', from: ['decommissioned'], to: 'deleted', guards: ['not_assigned'], effects: [],
      fields: [happenedOn('deleted_on', 'Deletion date'), requiredText('proof_reference', 'Deletion confirmation (provider request id)'), note] },
  ],
};
