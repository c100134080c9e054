import type { Permission } from './permissions.js';

export interface RoleDefinition {
  key: string;
  name: string;
  description: string;
  permissions: readonly Permission[];
}

const READ_REGISTER: Permission[] = ['register.read', 'assets.read', 'lifecycle.read', 'history.read'];

/**
 * The ITIL 4 IT asset management roles (practice guide §4.1) plus a system administrator, as data. Custom roles are
 * composed from the same permissions. Every role is granted on an org-unit subtree or on the whole organisation.
 */
export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    key: 'it_asset_manager', name: 'IT asset manager',
    description: 'Owns the practice: every register, lifecycle, import and export action, sensitive fields included, and approves purchase requests.',
    permissions: [...READ_REGISTER, 'register.write', 'assets.write', 'assets.transition', 'assets.assign', 'assets.delete', 'assets.bulk', 'assets.export',
      'sensitive.read', 'lifecycle.manage', 'imports.run', 'imports.read', 'audits.read', 'audits.plan', 'audits.record', 'accounts.read',
      'discovery.read', 'discovery.resolve', 'discovery.manage', 'procurement.read', 'procurement.request', 'procurement.approve'],
  },
  {
    key: 'register_administrator', name: 'Register administrator',
    description: 'Keeps the register accurate: reference data, asset records, imports, asset types and lifecycle models.',
    permissions: [...READ_REGISTER, 'register.write', 'assets.write', 'assets.transition', 'assets.assign', 'assets.delete', 'assets.bulk', 'assets.export',
      'lifecycle.manage', 'imports.run', 'imports.read', 'discovery.read', 'discovery.resolve', 'audits.read', 'procurement.read', 'procurement.request'],
  },
  {
    key: 'it_asset_analyst', name: 'IT asset analyst',
    description: 'Reads and reports: the register, its history and exports; changes nothing.',
    permissions: [...READ_REGISTER, 'assets.export', 'imports.read', 'discovery.read', 'audits.read', 'procurement.read'],
  },
  {
    key: 'licence_manager', name: 'Licence manager',
    description: 'Manages software licences and subscriptions, licence keys included.',
    permissions: [...READ_REGISTER, 'assets.write', 'assets.transition', 'assets.assign', 'assets.export', 'sensitive.read', 'imports.run', 'imports.read', 'discovery.read', 'procurement.read', 'procurement.request'],
  },
  {
    key: 'custodian', name: 'Custodian',
    description: 'Looks after the assets of their scope: receives, assigns, moves, checks in and transitions them, and requests purchases for it.',
    permissions: [...READ_REGISTER, 'assets.write', 'assets.transition', 'assets.assign', 'discovery.read', 'audits.read', 'audits.record', 'procurement.read', 'procurement.request'],
  },
  {
    key: 'asset_owner', name: 'Asset owner',
    description: 'Accountable for the assets of their scope: reads them, their history and exports.',
    permissions: [...READ_REGISTER, 'assets.export', 'audits.read', 'procurement.read'],
  },
  {
    key: 'asset_consumer', name: 'Asset consumer',
    description: 'Self-service: sees their own assets and acknowledges receipt.',
    permissions: ['self.assets'],
  },
  {
    key: 'auditor', name: 'Auditor',
    description: 'Reads everything in scope, including history and the security log, and records audit work; changes nothing in the register.',
    permissions: [...READ_REGISTER, 'assets.export', 'imports.read', 'audits.read', 'audits.plan', 'audits.record', 'accounts.read', 'security.read', 'discovery.read', 'procurement.read'],
  },
  {
    key: 'system_administrator', name: 'System administrator',
    description: 'Runs the system: accounts, roles, grants, agent tokens, webhooks, the security log and metrics. Holds no register rights by itself.',
    permissions: ['accounts.read', 'accounts.manage', 'roles.manage', 'agents.manage', 'integrations.manage', 'security.read', 'system.metrics', 'register.read', 'lifecycle.read', 'discovery.read', 'discovery.manage'],
  },
];

export const builtInRole = (key: string): RoleDefinition | undefined => BUILT_IN_ROLES.find((r) => r.key === key);
